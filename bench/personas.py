"""Who the benchmark logs in as, and the ids its URLs need, picked deterministically from the data."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from assignments.models import Assignment
from bench.scale import GENERATED_EMAIL_PREFIX
from marketplace.models import User
from matching.candidates import recommendations_for, suitable_profiles
from networks.models import Membership, Network
from profiles.models import FieldOfWork, Profile, Visibility

# How many professionals (by id) ``cast`` tries for one with recommendations.
CANDIDATES = 200


def sizes() -> dict[str, int]:
    return {
        "profiles": Profile.objects.count(),
        "assignments": Assignment.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
    }


def cast(*, recommendations_at_least: int = 0) -> dict[str, Any]:
    """A professional (verified, open to assignments, active member of the biggest network), that
    network's coordinator, a poster.

    ``recommendations_at_least``: the professional is the first (by id) whose dashboard shows at
    least that many recommendations, so the dashboard runs the same code (pool, scoring, cards)
    at every data size; the first professional by id alone got none at 200,000 profiles and some
    at 20,000.
    """
    active = Q(memberships__status=Membership.Status.ACTIVE)
    network = Network.objects.annotate(n=Count("memberships", filter=active)).order_by("-n", "pk").first()
    generated = User.objects.filter(email__startswith=GENERATED_EMAIL_PREFIX, is_active=True)
    # Open to assignments with hours, so the dashboard computes recommendations (the heavy path).
    professionals = generated.filter(
        employment__isnull=False,
        profile__open_to_assignments=True,
        profile__hours_per_week__isnull=False,
        profile__is_hidden=False,
        memberships__network=network,
        memberships__status=Membership.Status.ACTIVE,
        memberships__role=Membership.Role.MEMBER,
    ).order_by("pk")
    professional = professionals.first()
    if recommendations_at_least:
        for candidate in professionals[:CANDIDATES]:
            if len(recommendations_for(candidate)) >= recommendations_at_least:
                professional = candidate
                break
    coordinator = (
        generated.filter(
            employment__isnull=False,
            memberships__network=network,
            memberships__status=Membership.Status.ACTIVE,
            memberships__role=Membership.Role.COORDINATOR,
        )
        .order_by("pk")
        .first()
    )
    # A poster and the assignment of the matching page: the newest open assignment for one
    # organisation only, so that both sizes time the same walk (the newest of any audience was an
    # organisation's at one size and the platform's at the other). It is also the narrowest pool:
    # only that organisation's employees may see it.
    open_posted = Assignment.objects.filter(status=Assignment.Status.OPEN, posted_by__isnull=False).order_by(
        "-published_at", "pk"
    )
    posted = (
        open_posted.filter(audience=Assignment.Audience.ORGANISATION).select_related("posted_by").first()
        or open_posted.select_related("posted_by").first()
    )
    people = {"professional": professional, "coordinator": coordinator, "poster": posted and posted.posted_by}
    extra = {"_network": network, "_posted": posted}
    return {key: user for key, user in people.items() if user is not None} | extra


def code_paths(people: dict[str, Any]) -> dict[str, int]:
    """What the personas' pages show, counted: equal shapes at both sizes mean equal code paths."""
    paths: dict[str, int] = {}
    professional = people.get("professional")
    if professional is not None:
        paths["dashboard recommendations"] = len(recommendations_for(professional, limit=20))
    network = people.get("_network")
    if network is not None:
        paths["member list members"] = network.memberships.filter(status=Membership.Status.ACTIVE).count()
    posted = people.get("_posted")
    if posted is not None:
        paths["suitable professionals shown"] = len(suitable_profiles(posted, posted.posted_by))
        paths["suitable: organisation-only assignment"] = int(posted.audience == Assignment.Audience.ORGANISATION)
    return paths


def give_coordinator_mfa(people: dict[str, Any]) -> None:
    """The member list demands an active second factor: give the bench coordinator a TOTP row.

    Its secret is not a usable key (nobody can log in with it); the benchmark logs in with
    ``force_login`` and only needs ``is_mfa_enabled`` to be true.
    """
    from allauth.mfa.models import Authenticator

    coordinator = people.get("coordinator")
    if coordinator is not None:
        Authenticator.objects.get_or_create(
            user=coordinator, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "bench-unusable"}}
        )


def placeholders(people: dict[str, Any]) -> dict[str, str]:
    """Values for the ``{name}`` parts of the benchmark URLs (missing keys mean "no data")."""
    values: dict[str, str] = {"region": "noord-holland", "form": "zpp"}
    professional = people.get("professional")
    if people.get("_network") is not None:
        values["network_slug"] = people["_network"].slug
    if professional is not None:
        assignment = Assignment.objects.visible_to(professional).open().order_by("-published_at", "pk").first()
        if assignment:
            values["assignment_code"] = str(assignment.code)
        profile = (
            Profile.objects.visible_to(professional)
            .filter(visibility=Visibility.PLATFORM)
            .exclude(user=professional)
            .order_by("pk")
            .first()
        )
        if profile:
            values["profile_code"] = str(profile.code)
    if people.get("_posted") is not None:
        values["poster_assignment_code"] = str(people["_posted"].code)
    field = (
        FieldOfWork.objects.annotate(n=Count("assignment", filter=Q(assignment__status=Assignment.Status.OPEN)))
        .order_by("-n", "pk")
        .first()
    )
    if field:
        values["field"] = field.slug
    return values
