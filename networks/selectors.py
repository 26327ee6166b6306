"""Reads about networks that other apps build on, above all: who is in which network now."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q

from networks.models import Employment, Membership, Network, Participation, Partnership

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


def viewer_for(user: User | Any, *, refresh: bool = False) -> Viewer:
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, _VIEWER_ATTR, None)
    if cached is not None and not refresh:
        return cached
    employment = Employment.objects.filter(user=user).values_list("organisation_id", flat=True).first()
    networks = list(Network.objects.of_member(user).values_list("pk", "employees_are_members"))
    network_ids = frozenset(pk for pk, _ in networks)
    coordinated = frozenset(
        Membership.objects.filter(
            user=user, role=Membership.Role.COORDINATOR, status=Membership.Status.ACTIVE
        ).values_list("network_id", flat=True)
    )
    partners: set[int] = set()
    if network_ids:
        for a, b in Partnership.objects.filter(
            Q(proposer_id__in=network_ids) | Q(partner_id__in=network_ids), status=Partnership.Status.ACCEPTED
        ).values_list("proposer_id", "partner_id"):
            partners.update({a, b})
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
    explicit = Membership.objects.filter(status=Membership.Status.ACTIVE, network_id__in=network_ids).values("user_id")
    blocked = Membership.objects.filter(
        network_id=OuterRef("network_id"),
        user_id=OuterRef(OuterRef("user_id")),
        status__in=[Membership.Status.SUSPENDED, Membership.Status.LEFT],
    )
    counted = Participation.objects.filter(
        organisation_id=OuterRef("organisation_id"), network_id__in=network_ids, network__employees_are_members=True
    ).filter(~Exists(blocked))
    by_employer = Employment.objects.filter(Exists(counted)).values("user_id")
    return Q(**{f"{user_field}__in": explicit}) | Q(**{f"{user_field}__in": by_employer})
