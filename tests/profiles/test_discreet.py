"""Discreet mode (issue 21 item 4): the profile rule, the directory, search, the owner's overview.

The owner (``networked_owner``) works at organisation (Tilburg) and is in ``network``; the
coordinator of ``network`` also works at Tilburg; member, outsider and other_network_member work
at other_organisation (Breda).
"""

from __future__ import annotations

import pytest
from django.test import Client

from networks.selectors import NetworkPrincipal
from profiles.discreet import profile_set_discreet, who_sees
from profiles.models import Expertise, FieldOfWork, Profile, Visibility
from profiles.services import profile_refresh_search
from tests import factories
from tests.profiles.factories import attach_files
from tests.profiles.test_visibility_matrix import LEVELS, PHONE, VIEWERS, may_see, observe

pytestmark = pytest.mark.django_db

EMPLOYER = {
    "anonymous": None,
    "visitor": None,
    "network_member": "breda",
    "other_network_member": "breda",
    "coordinator": "tilburg",
    "civil_servant": "breda",
    "colleague": "tilburg",
    "owner": "tilburg",
}


def may_see_discreet(viewer: str, level: int, hides_from: set[str]) -> bool:
    """DESIGN.md's rule with discreet mode, written out independently of the code under test."""
    if viewer == "owner":
        return True
    if EMPLOYER[viewer] is None or EMPLOYER[viewer] in {"tilburg", *hides_from}:
        return False
    return may_see(viewer, level)


@pytest.fixture
def cast(networked_owner, member, coordinator, outsider, visitor, other_network_member, organisation):
    return {
        "anonymous": None,
        "visitor": visitor,
        "network_member": member,
        "other_network_member": other_network_member,
        "coordinator": coordinator,
        "civil_servant": outsider,
        "colleague": factories.employee(organisation, user__email="collega@tilburg.nl"),
        "owner": networked_owner,
    }


@pytest.mark.parametrize(("level", "contact"), LEVELS)
@pytest.mark.parametrize("also_breda", [False, True])
def test_it_shows_a_discreet_profile_exactly_to_the_right_viewers(cast, level, contact, also_breda, other_organisation):
    field = FieldOfWork.objects.create(name="Sociaal domein", slug="sociaal-domein")
    profile = factories.ProfileFactory(
        user=cast["owner"], visibility=level, contact_visibility=contact, phone=PHONE, field_of_work=field
    )
    attach_files(profile)
    hidden_from = [other_organisation] if also_breda else []
    profile_set_discreet(profile=profile, discreet=True, hidden_from=hidden_from, actor=cast["owner"])
    hides = {"breda"} if also_breda else set()
    wrong = []
    for viewer in [*VIEWERS, "colleague"]:
        client = Client()
        if cast[viewer] is not None:
            client.force_login(cast[viewer])
        sees = may_see_discreet(viewer, level, hides)
        contacts = may_see_discreet(viewer, contact, hides)
        expected = {"list": sees, "count": sees, "detail": sees, "photo": sees, "contact": contacts, "cv": contacts}
        got = observe(client, str(profile.code))
        wrong += [(viewer, surface, got[surface]) for surface in expected if got[surface] != expected[surface]]
    assert wrong == []


def test_search_and_autocomplete_do_not_find_it_for_a_colleague(cast, client):
    profile = factories.ProfileFactory(user=cast["owner"], display_name="Ilse Onzichtbaar", visibility=3)
    profile.expertise.add(Expertise.objects.create(name="warmtenetten", slug="warmtenetten"))
    profile_refresh_search(profile=profile)  # the stored search vector (PostgreSQL)
    profile_set_discreet(profile=profile, discreet=True, hidden_from=[], actor=cast["owner"])
    for viewer, finds in (("colleague", False), ("civil_servant", True)):
        client.force_login(cast[viewer])
        assert ("Ilse Onzichtbaar" in client.get("/professionals/?q=Onzichtbaar").content.decode()) is finds
        assert ("Ilse Onzichtbaar" in client.get("/professionals/?expertise=warmtenetten").content.decode()) is finds
        suggestions = client.get("/professionals/expertise/?expertise_text=warmte").content.decode()
        assert ("warmtenetten" in suggestions) is finds


def test_a_network_api_client_never_sees_a_discreet_profile(cast, network):
    profile = factories.ProfileFactory(user=cast["owner"], visibility=Visibility.PUBLIC)
    principal = NetworkPrincipal(network)  # the API's stand-in for request.user
    assert Profile.objects.visible_to(principal).filter(pk=profile.pk).exists()
    profile_set_discreet(profile=profile, discreet=True, hidden_from=[], actor=cast["owner"])
    assert not Profile.objects.visible_to(principal).filter(pk=profile.pk).exists()


def test_the_overview_says_who_sees_what_by_the_rule(cast, client, other_organisation, django_assert_max_num_queries):
    owner = cast["owner"]
    profile = factories.ProfileFactory(
        user=owner, visibility=Visibility.PLATFORM, contact_visibility=Visibility.NETWORK
    )
    client.force_login(owner)
    page = client.get("/professionals/mijn-profiel/wie-ziet-wat/")
    assert page.status_code == 200
    before = {g.label: (g.profile, g.contact, g.work) for g in who_sees(profile)}
    assert before["Colleagues at Gemeente Tilburg"] == (True, False, False)
    assert before["Coordinators of ZPP Brabant"] == (True, True, True)

    response = client.post(
        "/professionals/mijn-profiel/wie-ziet-wat/", {"discreet": "on", "hidden_from": [other_organisation.pk]}
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.discreet and list(profile.hidden_from.all()) == [other_organisation]
    after = {g.label: (g.profile, g.contact, g.work) for g in who_sees(profile)}
    assert after["Colleagues at Gemeente Tilburg"] == (False, False, False)
    assert after["Colleagues at Gemeente Tilburg who are members or coordinators of your networks"] == (
        False,
        False,
        False,
    )
    assert after["People of Gemeente Breda, also members or coordinators of your networks"] == (False, False, False)
    assert after["Coordinators of ZPP Brabant"] == (True, True, True)
    assert after["Everyone, without logging in, and accounts without a government address"] == (False, False, False)
    # Each row is what the rule says for a real person of that group.
    third = factories.employee(factories.OrganisationFactory(), user__email="iemand@elders.nl")
    for person, label in (
        (cast["colleague"], "Colleagues at Gemeente Tilburg"),
        (cast["civil_servant"], "People of Gemeente Breda, also members or coordinators of your networks"),
        (third, "Verified civil servants of other organisations"),
    ):
        assert Profile.objects.visible_to(person).filter(pk=profile.pk).exists() is after[label][0], label
    with django_assert_max_num_queries(12):
        page = client.get("/professionals/mijn-profiel/wie-ziet-wat/")
    assert "Discreet mode is on." in page.content.decode()


def test_the_overview_is_the_owners_only(client, visitor):
    client.force_login(visitor)
    assert client.get("/professionals/mijn-profiel/wie-ziet-wat/").status_code == 404


def test_the_overview_names_no_hidden_organisation_while_discreet_mode_is_off(cast, client, other_organisation):
    """Switched off, the named organisations hide nothing: their row said all their people saw the contact details."""
    owner = cast["owner"]
    profile = factories.ProfileFactory(
        user=owner, visibility=Visibility.PLATFORM, contact_visibility=Visibility.NETWORK
    )
    client.force_login(owner)
    client.post("/professionals/mijn-profiel/wie-ziet-wat/", {"discreet": "on", "hidden_from": [other_organisation.pk]})
    client.post("/professionals/mijn-profiel/wie-ziet-wat/", {"hidden_from": [other_organisation.pk]})
    profile.refresh_from_db()
    assert not profile.discreet and list(profile.hidden_from.all()) == [other_organisation]
    labels = [group.label for group in who_sees(profile)]
    assert not [label for label in labels if "Gemeente Breda" in label]
    # A person of that organisation who is not in the owner's networks does not see the contact details.
    rows = {g.label: (g.profile, g.contact) for g in who_sees(profile)}
    assert rows["Verified civil servants of other organisations"] == (True, False)
    assert Profile.objects.visible_to(cast["civil_servant"]).filter(pk=profile.pk).exists()
    assert not Profile.objects.contact_visible_to(cast["civil_servant"]).filter(pk=profile.pk).exists()
    page = client.get("/professionals/mijn-profiel/wie-ziet-wat/").content.decode()
    assert "Mensen van Gemeente Breda" not in page and "People of Gemeente Breda" not in page
