"""Fixtures of the placement workflow, on top of the shared cast in tests/conftest.py.

- ``assignment``: an open public assignment posted by ``owner`` (one place).
- ``professional``: a verified employee of ``other_organisation`` with a profile.
- ``outsider`` (shared): a verified civil servant who is not involved.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from assignments.models import Assignment
from placements.models import Interest
from placements.services import interest_create, interest_select
from profiles.models import EngagementForm
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


def agree_everything(placement, owner, professional):
    """Bring a placement from being arranged to running, through the services."""
    from placements import services
    from placements.models import ConsentRequest

    consent = services.placement_request_consent(placement=placement, actor=professional, manager_email="chef@breda.nl")
    services.consent_decide(consent=ConsentRequest.objects.get(pk=consent.pk), consented=True)
    services.placement_record_side_activity(placement=placement, actor=professional, value="reported")
    answer_the_signals(placement, owner, professional)
    secondment = EngagementForm.objects.get(code=EngagementForm.Code.SECONDMENT)
    services.placement_set_terms(
        placement=placement,
        actor=owner,
        engagement_form=secondment,
        hours_per_week=8,
        start_date=timezone.localdate(),
        end_date=None,
        rate=None,
        pro_bono=True,
    )
    services.placement_confirm_terms(placement=placement, actor=owner)
    services.placement_confirm_terms(placement=placement, actor=professional)
    placement.refresh_from_db()
    return placement


def answer_the_signals(placement, owner, professional):
    """The answers behind "weet dat het kan", "past" and "klik", each side its own."""
    from placements import services

    services.placement_read_rules(placement=placement, actor=professional)
    services.placement_judge_fit(placement=placement, actor=owner, fits=True, note="Past bij de wijkaanpak.")
    services.placement_answer_klik(placement=placement, actor=owner, klik=True)
    services.placement_answer_klik(placement=placement, actor=professional, klik=True)


@pytest.fixture
def running(placement, owner, professional):
    return agree_everything(placement, owner, professional)


@pytest.fixture
def completed(running, owner):
    from placements.services import placement_complete

    return placement_complete(placement=running, actor=owner)
