"""Counts and lists for the network pages and the coordinator's workspace."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
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
from django.db.models.functions import Cast, Coalesce

from marketplace.models import AuditEntry
from networks.models import Employment, Invitation, Membership, Network, Organisation, Participation, Partnership

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
    """The same memberships ordered by the member's name and email, for a page of the member list.

    Joined to the user only for the order (the page's rows are then loaded with
    ``memberships_in_order``): for a large network PostgreSQL walks the names along
    ``user_name_order`` and probes each person's membership until the page is full, for a small
    one it sorts the few members -- not a lookup of every member of a 54,000-member network
    to sort them all.
    """
    return network.memberships.order_by("user__full_name", "user__email", "pk")


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
