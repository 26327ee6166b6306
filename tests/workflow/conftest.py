"""Fixtures of the placement workflow, on top of the shared cast in tests/conftest.py.

- ``assignment``: an open public assignment posted by ``owner`` (one place).
- ``professional``: a verified employee of ``other_organisation`` with a profile.
- ``outsider`` (shared): a verified civil servant who is not involved.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from assignments.models import Assignment, Interest
from assignments.services import interest_create, interest_select
from tests import factories


@pytest.fixture
def assignment(owner, organisation):
    today = timezone.localdate()
    return factories.AssignmentFactory(
        title="Projectleider warmtetransitie",
        organisation=organisation,
        posted_by=owner,
        places=1,
        start_date=today + datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=120),
        rate="95.00",
    )


@pytest.fixture
def professional(other_organisation):
    user = factories.employee(other_organisation, user__email="pro@breda.nl", user__full_name="Sanne de Vries")
    factories.ProfileFactory(user=user, display_name="Sanne de Vries")
    return user


@pytest.fixture
def interest(assignment, professional) -> Interest:
    return interest_create(
        assignment=assignment, professional=professional, motivation="Ik ken de wijken.", availability="Per maart."
    )


@pytest.fixture
def placement(interest, owner):
    return interest_select(interest=interest, actor=owner)


@pytest.fixture
def internal_assignment(owner, organisation):
    return factories.AssignmentFactory(
        title="Interne klus", organisation=organisation, posted_by=owner, audience=Assignment.Audience.ORGANISATION
    )


def login(client, user):
    client.force_login(user)
    return client
