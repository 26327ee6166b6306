"""The give-and-take ledger: per organisation and period, what it provides to a network and takes.

ZPP Brabant's sixteen governments agreed "minimaal één ondernemende ambtenaar beschikbaar stellen
en één project". The networks app counts the organisation's active members; the apps above it
register the other columns through ``networks.hooks.register_give_and_take`` (professionals made
available, assignments posted, placements lent and hosted). The columns marked ``agreement`` are
what an organisation must provide; one that misses any of them may be reminded, once a month,
through its HR contacts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.lib.emails import absolute_url
from marketplace.models import User
from marketplace.services import audit_log, email_outbox
from networks import hooks
from networks.agreement.models import LedgerReminder
from networks.models import Employment, Network, Organisation
from networks.selectors import in_any_network_q, participating_organisations


@dataclass(frozen=True)
class Period:
    """A quarter or a calendar year, as ``2026-Q4`` or ``2026``."""

    key: str
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        if "-Q" in self.key:
            year, quarter = self.key.split("-Q")
            return _("quarter %(quarter)s of %(year)s") % {"quarter": quarter, "year": year}
        return str(self.key)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        start = datetime.date(year, 3 * quarter - 2, 1)
        end_month = 3 * quarter
        end = (datetime.date(year + 1, 1, 1) if end_month == 12 else datetime.date(year, end_month + 1, 1)) - (
            datetime.timedelta(days=1)
        )
        return cls(f"{year}-Q{quarter}", start, end)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(str(year), datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def periods(today: datetime.date | None = None) -> list[Period]:
    """What the coordinator may choose: this year, the last four quarters, last year."""
    today = today or timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    quarters = []
    year = today.year
    for _i in range(4):
        quarters.append(Period.quarter(year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return [Period.year(today.year), *quarters, Period.year(today.year - 1)]


def period_from(key: str | None, today: datetime.date | None = None) -> Period:
    """The chosen period (this year when ``key`` is missing or not one of ``periods``)."""
    choices = periods(today)
    return next((p for p in choices if p.key == key), choices[0])


@dataclass(frozen=True)
class LedgerRow:
    organisation: Organisation
    members: int
    extra: tuple[int, ...]
    gives: bool
    # what it does not provide yet, as lazy words (rendered in the reader's language)
    missing: tuple[Any, ...]
    reminded_on: datetime.date | None = None


@dataclass(frozen=True)
class Ledger:
    period: Period
    columns: list[str]
    rows: list[LedgerRow]

    @property
    def totals(self) -> tuple[int, ...]:
        return tuple(sum(row.extra[i] for row in self.rows) for i in range(len(self.columns)))

    @property
    def not_giving(self) -> list[LedgerRow]:
        return [row for row in self.rows if not row.gives]


MEMBERS_MISSING = gettext_lazy("a member in the network")


def give_and_take(network: Network, period: Period | None = None) -> Ledger:
    """The ledger of ``network`` for ``period`` (this year by default): one row per participating organisation.

    A fixed number of queries: the organisations, their members, one per registered column, and
    this month's reminders.
    """
    period = period or period_from(None)
    organisations = list(participating_organisations(network))
    ids = [o.pk for o in organisations]
    members = dict(
        Employment.objects.filter(organisation_id__in=ids)
        .filter(in_any_network_q("user", {network.pk}))
        .order_by()
        .values_list("organisation_id")
        .annotate(n=Count("pk"))
    )
    columns = hooks.give_and_take_columns()
    counts = [column.counter(network, ids, period) for column in columns]
    reminded = dict(
        LedgerReminder.objects.filter(network=network, organisation_id__in=ids, month=_this_month()).values_list(
            "organisation_id", "created_at"
        )
    )
    rows = []
    for o in organisations:
        extra = tuple(c.get(o.pk, 0) for c in counts)
        missing = tuple(
            column.missing or column.label
            for column, n in zip(columns, extra, strict=True)
            if column.agreement and n == 0
        )
        if not any(column.agreement for column in columns) and not members.get(o.pk):
            missing = (MEMBERS_MISSING,)
        when = reminded.get(o.pk)
        rows.append(
            LedgerRow(
                organisation=o,
                members=members.get(o.pk, 0),
                extra=extra,
                gives=not missing,
                missing=missing,
                reminded_on=timezone.localtime(when).date() if when else None,
            )
        )
    return Ledger(period=period, columns=[str(column.label) for column in columns], rows=rows)


def _this_month(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()).replace(day=1)


@transaction.atomic
def ledger_remind(*, network: Network, organisation: Organisation, actor: User, period: Period) -> LedgerReminder:
    """Remind ``organisation`` of the agreement: an email to each of its HR contacts, through the outbox.

    The HR contacts (``Organisation.hr_contacts``, named by staff) are the organisation's contact:
    they keep its page of what is possible beside one's job and can make a professional available.
    Refused when the organisation already provides everything in ``period``, has no HR contact, or
    was reminded for this network this calendar month (the database holds one reminder a month).
    """
    row = next((r for r in give_and_take(network, period).rows if r.organisation.pk == organisation.pk), None)
    if row is None:
        raise ValidationError(_("This organisation does not take part in this network."))
    if row.gives:
        raise ValidationError(_("%(organisation)s already provides what was agreed.") % {"organisation": organisation})
    if row.reminded_on is not None:
        raise ValidationError(
            _("%(organisation)s was already reminded this month, on %(date)s.")
            % {"organisation": organisation, "date": row.reminded_on.strftime("%d-%m-%Y")}
        )
    contacts = list(organisation.hr_contacts.filter(is_active=True).order_by("pk"))
    if not contacts:
        raise ValidationError(
            _("%(organisation)s has no HR contact to send a reminder to. Ask the Klusmarkt staff to name one.")
            % {"organisation": organisation}
        )
    try:
        with transaction.atomic():
            reminder = LedgerReminder.objects.create(
                network=network, organisation=organisation, month=_this_month(), recipients=len(contacts), sent_by=actor
            )
    except IntegrityError as exc:  # a second coordinator in the same second
        raise ValidationError(_("This organisation has already been reminded this month.")) from exc
    url = reverse("networks:detail", kwargs={"slug": network.slug})
    context = {
        "network": network,
        "organisation": organisation,
        "period": period,
        "missing": list(row.missing),
        "coordinator": actor,
        "url": absolute_url(url),
    }
    for contact in contacts:
        email_outbox(
            to=contact.email,
            kind="networks.ledger-reminder",
            template="networks-ledger-reminder",
            context={**context, "contact": contact},
            language=contact.language,
            url=url,
        )
    audit_log(
        actor=actor,
        action="networks.ledger.reminded",
        target=network,
        note=organisation.name,
        data={"organisation": organisation.pk, "recipients": len(contacts), "period": period.key},
    )
    return reminder
