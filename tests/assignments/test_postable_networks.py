"""The posting form offers only the networks the poster may post into now."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress

from assignments.forms import AssignmentForm
from assignments.selectors import postable_networks
from marketplace.models import User
from networks.models import Membership, Network
from networks.services import employment_sync
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def westen(organisation):
    """An employees-only databank like Werken in het Westen: its organisations' employees are members."""
    network = factories.NetworkFactory(
        name="Werken in het Westen",
        slug="werken-in-het-westen",
        employees_are_members=True,
        posting_policy=Network.PostingPolicy.MANAGERS,
    )
    factories.ParticipationFactory(network=network, organisation=organisation)
    return network


def change_employer(user, new_email):
    EmailAddress.objects.filter(user=user).update(primary=False)
    EmailAddress.objects.create(user=user, email=new_email, verified=True, primary=True)
    EmailAddress.objects.filter(user=user).exclude(email=new_email).delete()
    employment_sync(user=user)


def offered(user) -> set[str]:
    """As on a new request: the person as the database has them now."""
    user = User.objects.get(pk=user.pk)
    return {network.slug for network in AssignmentForm(user=user).fields["networks"].queryset}


def test_it_offers_the_network_of_the_employer(owner, westen):
    assert "werken-in-het-westen" in offered(owner)


def test_it_no_longer_offers_it_after_a_change_of_employer(owner, westen, other_organisation):
    change_employer(owner, "owner@breda.nl")
    assert "werken-in-het-westen" not in offered(owner)


def test_it_no_longer_offers_it_to_a_member_who_changed_employer(owner, westen, other_organisation):
    """A membership held because of the former employer does not outlast the employment."""
    Network.objects.filter(pk=westen.pk).update(posting_policy=Network.PostingPolicy.MEMBERS)
    factories.MembershipFactory(user=owner, network=westen, status=Membership.Status.ACTIVE)
    assert "werken-in-het-westen" in offered(owner)
    change_employer(owner, "owner@breda.nl")
    assert "werken-in-het-westen" not in offered(owner)
    assert not postable_networks(User.objects.get(pk=owner.pk)).filter(pk=westen.pk).exists()
