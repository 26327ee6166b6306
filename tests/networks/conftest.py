"""Extra personas for the network tests: coordinators with MFA, a suspended member, a second network."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator

from networks.models import Membership
from tests import factories


def with_mfa(user):
    Authenticator.objects.get_or_create(user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}})
    return user


@pytest.fixture
def coordinator(coordinator):
    """The shared coordinator of ``network``, with TOTP active (the workspace requires MFA)."""
    return with_mfa(coordinator)


@pytest.fixture
def coordinator_without_mfa(organisation, network):
    user = factories.employee(organisation, user__email="nomfa@tilburg.nl")
    factories.MembershipFactory(user=user, network=network, role=Membership.Role.COORDINATOR)
    return user


@pytest.fixture
def suspended(other_organisation, network):
    user = factories.employee(other_organisation, user__email="suspended@breda.nl")
    factories.MembershipFactory(user=user, network=network, status=Membership.Status.SUSPENDED, reason="Spam")
    return user


@pytest.fixture
def other_network(other_organisation):
    network = factories.NetworkFactory(name="Over-loop", slug="over-loop", join_policy="invitation")
    factories.ParticipationFactory(network=network, organisation=other_organisation)
    return network


@pytest.fixture
def other_coordinator(other_organisation, other_network):
    user = factories.employee(other_organisation, user__email="coordinator@breda.nl")
    factories.MembershipFactory(user=user, network=other_network, role=Membership.Role.COORDINATOR)
    return with_mfa(user)


@pytest.fixture
def admin():
    user = factories.UserFactory(email="admin@minbzk.nl", is_staff=True, is_superuser=True)
    return with_mfa(user)


@pytest.fixture
def pending(other_organisation, network):
    user = factories.employee(other_organisation, user__email="pending@breda.nl")
    return factories.MembershipFactory(
        user=user, network=network, status=Membership.Status.PENDING, motivation="Ik wil graag meedoen."
    )
