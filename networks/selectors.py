"""Reads about networks that other apps build on, above all: who is in which network now."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext

from marketplace.models import AuditEntry
from networks import hooks, viewer_query
from networks.models import Employment, Invitation, Membership, Network, Organisation, Participation, Partnership

if TYPE_CHECKING:
    from marketplace.models import User

_VIEWER_ATTR = "_klusmarkt_viewer"


@dataclass(frozen=True)
class Viewer:
    """What the visibility rules need to know about the person looking.

    Built with a fixed number of queries and cached on the user object for the request, so
    every ``visible_to`` on a page costs the same whatever the data size.
    """

    user_id: int | None
    organisation_id: int | None = None
    network_ids: frozenset[int] = field(default_factory=frozenset)
    auto_network_ids: frozenset[int] = field(default_factory=frozenset)
    coordinated_network_ids: frozenset[int] = field(default_factory=frozenset)
    partner_network_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_verified(self) -> bool:
        """A verified government employee: logged in with a verified address of an employer."""
        return self.organisation_id is not None


ANONYMOUS = Viewer(user_id=None)


def _viewer_union(user: User | Any) -> QuerySet:
    """The viewer's (kind, a, b) rows: employer, networks, coordinated networks, partnerships."""
    member_of = Network.objects.of_member(user)

    def rows(qs: QuerySet, kind: str, a: Any, b: Any) -> QuerySet:
        return (
            qs.order_by()
            .annotate(
                viewer_row_kind=Value(kind, output_field=CharField()),
                viewer_row_a=Cast(a, output_field=IntegerField()),
                viewer_row_b=Cast(b, output_field=IntegerField()),
            )
            .values_list("viewer_row_kind", "viewer_row_a", "viewer_row_b")
        )

    parts = [
        rows(Employment.objects.filter(user=user), "employer", F("organisation_id"), Value(0)),
        rows(
            member_of,
            "network",
            F("pk"),
            Case(When(employees_are_members=True, then=Value(1)), default=Value(0)),
        ),
        rows(
            Membership.objects.filter(user=user, role=Membership.Role.COORDINATOR, status=Membership.Status.ACTIVE),
            "coordinated",
            F("network_id"),
            Value(0),
        ),
        rows(
            Partnership.objects.filter(
                Q(proposer_id__in=member_of.values("pk")) | Q(partner_id__in=member_of.values("pk")),
                status=Partnership.Status.ACCEPTED,
            ),
            "partnership",
            F("proposer_id"),
            F("partner_id"),
        ),
    ]
    return parts[0].union(*parts[1:], all=True)


def viewer_for(user: User | Any, *, refresh: bool = False) -> Viewer:
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, _VIEWER_ATTR, None)
    if cached is not None and not refresh:
        return cached
    # One query: a UNION ALL of the employer, the networks (with "employees are members"), the
    # coordinated networks and the accepted partnerships of those networks, as (kind, a, b) rows;
    # compiled once per process (networks.viewer_query), only the user id changes.
    employment: int | None = None
    networks: list[tuple[int, bool]] = []
    coordinated_ids: set[int] = set()
    partners: set[int] = set()
    for kind, a, b in viewer_query.rows(user, _viewer_union):
        if kind == "employer":
            employment = a
        elif kind == "network":
            networks.append((a, bool(b)))
        elif kind == "coordinated":
            coordinated_ids.add(a)
        else:
            partners.update({a, b})
    network_ids = frozenset(pk for pk, _ in networks)
    coordinated = frozenset(coordinated_ids)
    viewer = Viewer(
        user_id=user.pk,
        organisation_id=employment,
        network_ids=network_ids,
        auto_network_ids=frozenset(pk for pk, auto in networks if auto),
        coordinated_network_ids=coordinated & network_ids,
        partner_network_ids=frozenset(partners - network_ids),
    )
    setattr(user, _VIEWER_ATTR, viewer)
    return viewer


# Organisation ids start at 1: a network's client has no employer, so it sees no organisation-only
# assignment, yet counts as verified (it acts for the verified members of its network).
NO_ORGANISATION = 0


def network_viewer(network: Network) -> Viewer:
    """The viewer of a machine client acting for ``network`` (the API): one query.

    It sees what a verified member of ``network`` sees through ``visible_to``: public and
    platform assignments, those of the network and those its accepted partners share with it,
    and nothing organisation-only, nothing in draft or moderation, nobody's own.
    """
    partners: set[int] = set()
    for a, b in Partnership.objects.filter(
        Q(proposer=network) | Q(partner=network), status=Partnership.Status.ACCEPTED
    ).values_list("proposer_id", "partner_id"):
        partners.update({a, b})
    return Viewer(
        user_id=None,
        organisation_id=NO_ORGANISATION,
        network_ids=frozenset({network.pk}),
        partner_network_ids=frozenset(partners - {network.pk}),
    )


class NetworkPrincipal:
    """Stands in for ``request.user`` when a machine acts for a network: ``visible_to`` accepts it."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    pk = None

    def __init__(self, network: Network, viewer: Viewer | None = None) -> None:
        self.network = network
        setattr(self, _VIEWER_ATTR, viewer or network_viewer(network))

    def __str__(self) -> str:
        return f"client of {self.network}"


def forget_viewer(user: User | Any) -> None:
    """Drop the cached viewer after a change of membership or employer in this request."""
    if user is not None and hasattr(user, _VIEWER_ATTR):
        delattr(user, _VIEWER_ATTR)


def in_any_network_q(user_field: str, network_ids: frozenset[int] | set[int]) -> Q:
    """A condition on rows whose ``user_field`` is a member of any of ``network_ids`` now.

    Mirrors ``Network.objects.of_member`` for a user referenced by the outer query: an active
    membership, or employment at a participating organisation of a network whose employees are
    members, unless suspended from or having left that network.

    Written as two uncorrelated ``IN`` sets so PostgreSQL computes each once per query (a hashed
    subplan) instead of once per outer row: 2.6× faster on 20k profiles (docs/performance.md).
    """
    if not network_ids:
        return Q(pk__in=[])
    ids = sorted(network_ids)
    # Active members of these networks only: an index-only scan of membership_network_status_user.
    explicit = Membership.objects.filter(network_id__in=ids, status=Membership.Status.ACTIVE).values("user_id")
    # The participations that make employees members; a few dozen rows at most.
    counting = Participation.objects.filter(network_id__in=ids, network__employees_are_members=True)
    # ``network_id__in`` repeats what the correlation implies so that the hashed form of this set
    # reads only these networks' suspended and left members (through the same index), not every
    # suspended or left membership of the platform.
    blocked = Membership.objects.filter(
        network_id__in=ids,
        network_id=OuterRef("network_id"),
        user_id=OuterRef(OuterRef("user_id")),
        status__in=[Membership.Status.SUSPENDED, Membership.Status.LEFT],
    )
    counted = counting.filter(organisation_id=OuterRef("organisation_id")).filter(~Exists(blocked))
    # Employees of the counting organisations only (employment_organisation_user), not every employment.
    by_employer = (
        Employment.objects.filter(organisation_id__in=counting.values("organisation_id"))
        .filter(Exists(counted))
        .values("user_id")
    )
    return Q(**{f"{user_field}__in": explicit}) | Q(**{f"{user_field}__in": by_employer})


# --- counts and lists for the network pages --------------------------------------------------

_IN_OR_BLOCKED = [Membership.Status.ACTIVE, Membership.Status.SUSPENDED, Membership.Status.LEFT]


def _count(qs: QuerySet) -> Subquery:
    """A correlated ``COUNT(*)`` as a subquery (no GROUP BY on the outer query)."""
    return Subquery(qs.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"), output_field=IntegerField())


def networks_with_counts() -> QuerySet[Network]:
    """Networks with ``organisation_count`` and ``member_count`` in one query.

    Members are explicit active memberships plus, where employees count automatically, the
    employees of participating organisations who have no membership row that decides otherwise:
    the same rule as ``Network.objects.of_member``, counted without double counting.
    """
    explicit = Membership.objects.filter(network=OuterRef("pk"), status=Membership.Status.ACTIVE)
    decided = Membership.objects.filter(
        network=OuterRef(OuterRef("pk")), user=OuterRef("user"), status__in=_IN_OR_BLOCKED
    )
    by_employer = Employment.objects.filter(organisation__participations__network=OuterRef("pk")).filter(
        ~Exists(decided)
    )
    participations = Participation.objects.filter(network=OuterRef("pk"))
    return Network.objects.annotate(
        organisation_count=Coalesce(_count(participations), 0),
        explicit_count=Coalesce(_count(explicit), 0),
        auto_count=Case(
            When(employees_are_members=True, then=Coalesce(_count(by_employer), 0)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    ).annotate(member_count=F("explicit_count") + F("auto_count"))


def participating_organisations(network: Network) -> QuerySet[Organisation]:
    return Organisation.objects.filter(participations__network=network).order_by("name")


def membership_of(network: Network, user: Any) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(network=network, user=user).first()


def network_memberships(network: Network) -> QuerySet[Membership]:
    """The explicit memberships of a network, ready for a list (user and employer joined)."""
    return network.memberships.select_related("user", "user__employment__organisation").order_by(
        "user__full_name", "user__email"
    )


def network_memberships_by_name(network: Network) -> QuerySet[Membership]:
    """The same memberships, without joins: ordered by the member's name and email read per row.

    For a page of the member list: PostgreSQL sorts this network's memberships on a primary-key
    lookup of each member instead of joining (and hashing) the whole user table first; the
    page's rows are then loaded with ``memberships_in_order``.
    """
    from marketplace.models import User

    member = User.objects.filter(pk=OuterRef("user_id"))
    return network.memberships.order_by(
        Subquery(member.values("full_name")[:1]), Subquery(member.values("email")[:1]), "pk"
    )


def memberships_in_order(network: Network, ids: list[int]) -> list[Membership]:
    """The memberships ``ids`` of ``network`` with user and employer, in the order of ``ids``: one query."""
    found = network_memberships(network).in_bulk(ids) if ids else {}
    return [found[pk] for pk in ids if pk in found]


def network_queue(network: Network) -> QuerySet[Membership]:
    return network_memberships(network).filter(status=Membership.Status.PENDING).order_by("created_at")


def network_invitations(network: Network) -> QuerySet[Invitation]:
    return network.invitations.select_related("invited_by", "used_by").order_by("-created_at")


def network_partnerships(network: Network) -> QuerySet[Partnership]:
    return Partnership.objects.filter(Q(proposer=network) | Q(partner=network)).select_related(
        "proposer", "partner", "proposed_by", "decided_by"
    )


def network_history(network: Network) -> QuerySet[AuditEntry]:
    """Every recorded decision about a network: memberships, invitations, partnerships."""
    membership_ids = Membership.objects.filter(network=network).annotate(sid=Cast("pk", CharField())).values("sid")
    partnership_ids = network_partnerships(network).annotate(sid=Cast("pk", CharField())).values("sid")
    types = ContentType.objects.get_for_models(Membership, Network, Partnership)
    return AuditEntry.objects.filter(
        Q(target_type=types[Membership], target_id__in=membership_ids)
        | Q(target_type=types[Network], target_id=str(network.pk))
        | Q(target_type=types[Partnership], target_id__in=partnership_ids)
    ).select_related("actor")


# --- give and take ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GiveAndTakeRow:
    organisation: Organisation
    members: int
    extra: tuple[int, ...]

    @property
    def gives(self) -> bool:
        return self.members > 0 and all(n > 0 for n in self.extra)


def give_and_take(network: Network) -> tuple[list[str], list[GiveAndTakeRow]]:
    """Per participating organisation: its active members in the network, and whatever later apps count.

    Members are the organisation's employees who are in the network now (explicitly or through
    the employer). Columns for assignments are registered by the assignments app through
    ``networks.hooks.register_give_and_take`` (the networks app may not import it).
    """
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
    extra = [column.counter(network, ids) for column in columns]
    rows = [
        GiveAndTakeRow(organisation=o, members=members.get(o.pk, 0), extra=tuple(c.get(o.pk, 0) for c in extra))
        for o in organisations
    ]
    return [str(column.label) for column in columns], rows


# --- members over time -------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartBar:
    month: date
    value: int
    x: int
    y: int
    height: int


CHART_WIDTH = 480
CHART_HEIGHT = 200
CHART_MONTHS = 12


def _month_starts(today: date, months: int) -> list[date]:
    starts = []
    year, month = today.year, today.month
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(starts))


def _bars(starts: list[date], values: list[int]) -> list[ChartBar]:
    top = max(values, default=0) or 1
    slot = CHART_WIDTH // len(starts)
    bars = []
    for i, (start, value) in enumerate(zip(starts, values, strict=True)):
        height = round(value / top * (CHART_HEIGHT - 20))
        bars.append(ChartBar(month=start, value=value, x=i * slot + 4, y=CHART_HEIGHT - height, height=height))
    return bars


@dataclass(frozen=True)
class Chart:
    key: str
    label: str
    bars: list[ChartBar]


def members_over_time(network: Network, *, months: int = CHART_MONTHS) -> list[ChartBar]:
    """Active explicit members at the end of each of the last ``months`` months, as chart bars.

    A member counts from the moment they were admitted (or joined) onwards; one grouped query.
    """
    starts = _month_starts(timezone.localdate(), months)
    joined = (
        Membership.objects.filter(network=network, status=Membership.Status.ACTIVE)
        .annotate(month=TruncMonth(Coalesce("decided_at", "created_at")))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
    )
    per_month: dict[date, int] = {}
    before = 0
    for row in joined:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        month = month.replace(day=1)
        if month < starts[0]:
            before += row["n"]
        else:
            per_month[month] = per_month.get(month, 0) + row["n"]
    values = []
    running = before
    for start in starts:
        running += per_month.get(start, 0)
        values.append(running)
    return _bars(starts, values)


def network_charts(network: Network, *, months: int = CHART_MONTHS) -> list[Chart]:
    """The coordinator's charts: members over time, then any monthly series later apps register."""
    starts = _month_starts(timezone.localdate(), months)
    charts = [Chart("members", gettext("Active members at the end of each month"), members_over_time(network))]
    for series in hooks.monthly_series():
        charts.append(Chart(series.key, str(series.label), _bars(starts, list(series.counter(network, starts)))))
    return charts
