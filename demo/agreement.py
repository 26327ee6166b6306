"""Demo data for a network's agreement (issue 21 item 3): ZPP Brabant's public rate, a ZPP
placement at that rate, and a reminder to an organisation that does not provide yet.

Idempotent: rate lines are looked up by network, level and start; the placement's assignment by
organisation and title; a reminder is sent only when the organisation has never had one.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from assignments import services as assignment_services
from assignments.models import Assignment
from demo.networks import ensure_account
from marketplace.models import User
from networks.agreement.ledger import ledger_remind, period_from
from networks.agreement.models import LedgerReminder, PublicRate
from networks.models import Network, Organisation
from placements import services
from placements.models import ConsentRequest
from profiles.models import EngagementForm

NETWORK = "zpp-brabant"
# ZPP Brabant's public rate per salary scale, from 1 January this year until further notice,
# and last year's line for scale 11 (its validity ended).
RATES = [("schaal 10", "85.00"), ("schaal 11", "95.00"), ("schaal 12", "110.00")]
LAST_YEAR = ("schaal 11", "90.00")
ZPP_TITLE = "Projectleider mobiliteitsplan (ZPP)"
ZPP_PROFESSIONAL = "ruud.demo@breda.nl"
BREDA_HR = ("marloes.demo@breda.nl", "Marloes de Wit")


@transaction.atomic
def seed_rates(coordinator: User) -> list[PublicRate]:
    """ZPP Brabant's rate table (before the demo assignments, so its ZPP ones are held to it)."""
    network = Network.objects.get(slug=NETWORK)
    year = timezone.localdate().year
    lines = []
    for level, amount in RATES:
        line, _created = PublicRate.objects.get_or_create(
            network=network,
            level=level,
            valid_from=datetime.date(year, 1, 1),
            defaults={"hourly_rate": Decimal(amount), "created_by": coordinator},
        )
        lines.append(line)
    level, amount = LAST_YEAR
    PublicRate.objects.get_or_create(
        network=network,
        level=level,
        valid_from=datetime.date(year - 1, 1, 1),
        defaults={
            "hourly_rate": Decimal(amount),
            "valid_until": datetime.date(year - 1, 12, 31),
            "created_by": coordinator,
        },
    )
    return lines


def _zpp_assignment(client: User) -> tuple[Assignment, bool]:
    existing = Assignment.objects.filter(organisation=client.employment.organisation, title=ZPP_TITLE).first()
    if existing is not None:
        return existing, False
    today = timezone.localdate()
    # Started three weeks ago, but within this year: this year's rate applies (and the ledger counts it).
    start = max(today - datetime.timedelta(days=21), datetime.date(today.year, 1, 1))
    data = {
        "title": ZPP_TITLE,
        "summary": "Schrijf het mobiliteitsplan voor de binnenstad, als ZPP'er tegen het publieke tarief.",
        "description": "Schrijf het mobiliteitsplan voor de binnenstad. Je werkt als zelfstandige tegen het "
        "publieke tarief van ZPP Brabant (schaal 11).",
        "hours_per_week": 16,
        "start_date": start,
        "end_date": today + datetime.timedelta(days=120),
        "deadline": None,
        "place": "Eindhoven",
        "remote_option": Assignment.RemoteOption.HYBRID,
        "compensation": Assignment.Compensation.PUBLIC_RATE,
        "rate": Decimal("95.00"),
        "places": 1,
        "audience": Assignment.Audience.NETWORKS,
        "networks": [Network.objects.get(slug=NETWORK)],
        "share_with_partners": False,
        "engagement_forms": list(EngagementForm.objects.filter(code=EngagementForm.Code.ZPP)),
        "expertise": ["projectleiding", "mobiliteit"],
        "contact_name": client.get_full_name(),
        "contact_email": client.email,
    }
    return assignment_services.assignment_create(actor=client, data=data), True


@transaction.atomic
def seed_zpp_placement(accounts: dict[str, User], coordinator: User) -> Assignment:
    """A running placement in ZPP Brabant at its public rate: Ruud (Breda) works for Eindhoven as ZPP'er."""
    client = accounts["client"]
    assignment, is_new = _zpp_assignment(client)
    if not is_new:
        return assignment
    assignment_services.assignment_publish(assignment=assignment, actor=client)
    if assignment.status == Assignment.Status.AWAITING_MODERATION:
        assignment_services.assignment_approve(assignment=assignment, actor=coordinator)
    professional = User.objects.get(email=ZPP_PROFESSIONAL)
    interest = services.interest_create(
        assignment=assignment,
        professional=professional,
        motivation="Ik werk als ZPP'er en heb twee mobiliteitsplannen geschreven.",
        availability="Twee dagen per week",
    )
    placement = services.interest_select(interest=interest, actor=client)
    consent = services.placement_request_consent(
        placement=placement, actor=professional, manager_email="teamleider.demo@breda.nl"
    )
    services.consent_decide(
        consent=ConsentRequest.objects.get(pk=consent.pk), consented=True, comment="Goed voor de regio."
    )
    services.placement_record_side_activity(placement=placement, actor=professional, value="reported")
    services.placement_set_terms(
        placement=placement,
        actor=client,
        engagement_form=EngagementForm.objects.get(code=EngagementForm.Code.ZPP),
        hours_per_week=16,
        start_date=assignment.start_date or timezone.localdate(),
        end_date=assignment.end_date,
        rate=Decimal("95.00"),
        pro_bono=False,
    )
    services.placement_confirm_terms(placement=placement, actor=client)
    services.placement_confirm_terms(placement=placement, actor=professional)
    return assignment


@transaction.atomic
def seed_reminder(coordinator: User) -> LedgerReminder | None:
    """Gemeente Breda makes a professional available but posts nothing yet: its HR contact is reminded once."""
    network = Network.objects.get(slug=NETWORK)
    breda = Organisation.objects.get(slug="gemeente-breda")
    email, name = BREDA_HR
    breda.hr_contacts.add(ensure_account(email=email, full_name=name))
    if LedgerReminder.objects.filter(network=network, organisation=breda).exists():
        return None
    return ledger_remind(network=network, organisation=breda, actor=coordinator, period=period_from(None))
