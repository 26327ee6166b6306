from __future__ import annotations

import pytest

from networks.models import Membership, Network
from tests import factories

pytestmark = pytest.mark.django_db


def test_it_lists_networks_for_anonymous_visitors(client, network, member):
    response = client.get("/netwerken/")
    assert response.status_code == 200
    assert b"ZPP Brabant" in response.content
    assert b'href="/netwerken/zpp-brabant/"' in response.content
    assert response.context["networks"][0].member_count == 1


def test_it_shows_a_network_page_to_anonymous_visitors(client, network, organisation, member):
    response = client.get("/netwerken/zpp-brabant/")
    assert response.status_code == 200
    assert b"Gemeente Tilburg" in response.content
    assert response.context["network"].member_count == 1
    assert response.context["can_join"] is True


def test_it_answers_404_for_an_unknown_network(client):
    assert client.get("/netwerken/bestaat-niet/").status_code == 404


def test_it_counts_employees_as_members_where_the_network_says_so(client, organisation, owner):
    network = factories.NetworkFactory(slug="wihw", employees_are_members=True)
    factories.ParticipationFactory(network=network, organisation=organisation)
    factories.employee(organisation)
    left = factories.employee(organisation)
    factories.MembershipFactory(user=left, network=network, status=Membership.Status.LEFT)
    explicit = factories.employee(organisation)
    factories.MembershipFactory(user=explicit, network=network)
    response = client.get("/netwerken/wihw/")
    # owner, the unnamed employee and the explicit member; not the one who left, nobody twice.
    assert response.context["network"].member_count == 3


def test_it_shows_the_english_description_to_english_readers(client, network):
    Network.objects.filter(pk=network.pk).update(description="Nederlandse tekst.", description_en="English text.")
    assert b"English text." in client.get("/netwerken/zpp-brabant/", HTTP_ACCEPT_LANGUAGE="en").content
    assert b"Nederlandse tekst." in client.get("/netwerken/zpp-brabant/", HTTP_ACCEPT_LANGUAGE="nl").content


def test_it_shows_a_suspended_member_the_reason(client, suspended):
    client.force_login(suspended)
    response = client.get("/netwerken/zpp-brabant/")
    assert b"Spam" in response.content
    assert response.context["can_join"] is False


@pytest.mark.parametrize("size", [5, 50])
def test_it_lists_networks_in_a_fixed_number_of_queries(client, django_assert_max_num_queries, organisation, size):
    for i in range(4):
        network = factories.NetworkFactory(slug=f"n{i}", employees_are_members=bool(i % 2))
        factories.ParticipationFactory(network=network, organisation=organisation)
        for _ in range(size // 4 + 1):
            factories.MembershipFactory(network=network)
    with django_assert_max_num_queries(3):
        assert client.get("/netwerken/").status_code == 200


@pytest.mark.parametrize("size", [5, 50])
def test_it_shows_a_network_page_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, network, member, size
):
    for _ in range(size):
        factories.ParticipationFactory(network=network)
        factories.MembershipFactory(network=network)
    client.force_login(member)
    with django_assert_max_num_queries(17):
        assert client.get("/netwerken/zpp-brabant/").status_code == 200
