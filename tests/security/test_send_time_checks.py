"""Every outbox kind is re-checked when its email is sent (issue 15, item 5).

An email queued before a change of audience, a cancellation or a removal from a network is
dropped, and recorded, when its recipient may no longer see what it names.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from assignments.models import Assignment
from marketplace import hooks
from marketplace.models import AuditEntry, Notification
from marketplace.services import notification_send_email
from networks.models import Membership
from placements.models import ConsentRequest
from placements.services import placement_cancel, placement_request_consent
from placements.services.consent import consent_request_send
from tests import factories
from tests.workflow.conftest import assignment, interest, placement, professional  # noqa: F401

pytestmark = pytest.mark.django_db

DOMAIN_APPS = ["marketplace", "networks", "profiles", "assignments", "matching", "placements"]


def send_pending(user) -> list[Notification]:
    pending = list(Notification.objects.filter(recipient=user, email_status=Notification.EmailStatus.PENDING))
    for notification in pending:
        notification_send_email(notification_id=notification.pk)
    return pending


def test_it_sends_a_workflow_email_the_recipient_may_still_open(placement, professional):  # noqa: F811
    pending = send_pending(professional)
    assert pending
    assert len(mail.outbox) == len(pending)


def test_it_drops_a_workflow_email_after_the_audience_changed(placement, professional):  # noqa: F811
    Assignment.objects.filter(pk=placement.assignment_id).update(audience=Assignment.Audience.ORGANISATION)

    pending = send_pending(professional)

    assert pending and mail.outbox == []
    assert set(Notification.objects.filter(pk__in=[n.pk for n in pending]).values_list("email_status", flat=True)) == {
        Notification.EmailStatus.NONE
    }
    dropped = AuditEntry.objects.filter(action="marketplace.notification.email_dropped")
    assert sorted(int(e.target_id) for e in dropped) == sorted(n.pk for n in pending)


def test_it_drops_a_reaction_email_after_the_reactor_left_the_network(owner, organisation, network):
    from placements.services import interest_create, interest_shortlist

    member = factories.employee(factories.OrganisationFactory(), user__email="lid@breda.nl")
    membership = factories.MembershipFactory(user=member, network=network)
    shared = factories.AssignmentFactory(
        organisation=organisation, posted_by=owner, audience=Assignment.Audience.NETWORKS, networks=[network]
    )
    reaction = interest_create(assignment=shared, professional=member, motivation="Graag", availability="")
    interest_shortlist(interest=reaction, actor=owner)
    membership.status = Membership.Status.SUSPENDED
    membership.save()

    assert send_pending(member)
    assert mail.outbox == []


def test_it_drops_an_invitation_email_revoked_before_it_went_out(network, coordinator, other_organisation):
    from networks.services import invitation_create

    invited = factories.employee(other_organisation, user__email="uitgenodigd@breda.nl")
    invitation, _token = invitation_create(network=network, email=invited.email, actor=coordinator)
    invitation.revoked_at = invitation.created_at
    invitation.save()

    assert send_pending(invited)
    assert mail.outbox == []


def test_it_asks_no_consent_for_a_placement_cancelled_before_the_email(placement, professional):  # noqa: F811
    consent = placement_request_consent(placement=placement, actor=professional, manager_email="chef@breda.nl")
    placement_cancel(placement=placement, actor=professional, reason="Gaat niet door")

    assert consent_request_send(consent_id=consent.pk) is False
    assert [m.to for m in mail.outbox] == []
    assert ConsentRequest.objects.get(pk=consent.pk).sent_at is None
    assert AuditEntry.objects.filter(action="placements.consent.email_dropped").count() == 1


def test_every_outbox_kind_registers_a_send_time_check():
    """A new ``kind=`` without a registered check fails: the email would go out unchecked."""
    prefixes = [prefix for prefix, _check in hooks.email_checks()]
    kinds = set()
    for app in DOMAIN_APPS:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            kinds |= set(re.findall(r'\bkind=f?"([a-z][\w.\-{}]*)"', path.read_text()))
    kinds = {kind.split("{")[0] for kind in kinds if "." in kind}
    assert len(kinds) > 10
    assert sorted(kind for kind in kinds if not any(kind.startswith(p) or p.startswith(kind) for p in prefixes)) == []


def test_it_drops_a_posters_invitation_after_the_audience_changed(owner, organisation, other_organisation):
    from matching.services.digests import match_invite

    item = factories.AssignmentFactory(organisation=organisation, posted_by=owner, audience="platform")
    invited = factories.employee(other_organisation, user__email="kandidaat@breda.nl")
    match_invite(assignment=item, profile=factories.ProfileFactory(user=invited), actor=owner)
    Assignment.objects.filter(pk=item.pk).update(audience=Assignment.Audience.ORGANISATION)

    assert send_pending(invited)
    assert mail.outbox == []
