"""The maintained audience of profiles (issue 17 item 1): derived from the rule, kept current, read by the directory.

``Profile.objects.visible_to`` stays the one definition. The audience of a profile is what that
rule says for one stand-in viewer of each kind, evaluated in SQL for a set of profiles at once:

- ``PUBLIC``: a viewer who is not logged in sees it;
- ``PLATFORM`` (if not public): a verified civil servant of an organisation it does not hide from;
- ``NETWORK n`` (if neither): such a civil servant who is a member of network ``n``;
- ``COORDINATORS n`` (if none of these): such a civil servant who coordinates ``n``;
- ``HIDDEN_FROM o``: discreet mode hides it from organisation ``o`` (``hides_from_q``; key 0:
  from viewers whose organisation is unknown, ``hidden_q``).

The broad grant (``PUBLIC`` or ``PLATFORM``) is also kept in the profile's own row
(``Profile.broad_audience``, written with the rows by ``_write_broad``), so the directory tests it
without a join and reads the table only for a network's grants and the exclusions.

A profile that is not shown (deactivated account, hidden) has no rows. ``visible(qs, user)`` reads
the rows back for a real viewer: a grant of one of the viewer's kinds and no exclusion of their
organisation, or their own profile. ``tests/profiles/test_visibility_property.py`` holds it equal
to ``visible_to`` over random worlds.

``refresh(profile_ids)`` rewrites the rows of some profiles from the rule; the receivers at the end
call it in the same transaction as every write that can change them (profile, discreet mode,
account, employment, membership, participation, a network's "employees are members").
``repair()`` (nightly, ``profiles.tasks.profiles_audience_check_task``) compares every profile's
rows with the rule, reports the drift and repairs it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from marketplace.lib.queries import PerRow, pk_chunks
from networks.models import Employment, Network, Participation
from networks.selectors import ANONYMOUS, NO_ORGANISATION, Viewer, viewer_for
from profiles.audience_models import ProfileAudience
from profiles.models import Profile

logger = logging.getLogger(__name__)

Kind = ProfileAudience.Kind
Row = tuple[int, int, int]  # (profile id, kind, key)
CHUNK = 5_000
# A stand-in organisation no profile hides from (the same idea as ``profiles.discreet.OTHER_ORGANISATION``).
_OTHER = -1


# --- derived from the rule --------------------------------------------------------------------


def _candidate_networks(base: QuerySet[Profile]) -> list[int]:
    """Networks any owner in ``base`` may be in (explicitly or through the employer): one query."""
    owners = base.values("user_id")
    employers = Employment.objects.filter(user_id__in=owners).values("organisation_id")
    return sorted(
        Network.objects.filter(
            Q(memberships__user_id__in=owners)
            | Q(employees_are_members=True, participations__organisation_id__in=employers)
        )
        .values_list("pk", flat=True)
        .distinct()
    )


def _sees(viewer: Viewer) -> Exists:
    return Exists(Profile.objects.visible_to(viewer).filter(pk=OuterRef("pk")))


def _hidden_rows(base: QuerySet[Profile]) -> set[Row]:
    """The exclusions of discreet mode, from the fields ``hides_from_q`` and ``hidden_q`` read: two queries."""
    discreet = base.filter(discreet=True)
    rows: set[Row] = set()
    for pk, employer in discreet.values_list("pk", "user__employment__organisation_id"):
        rows.add((pk, Kind.HIDDEN_FROM, NO_ORGANISATION))
        if employer is not None:
            rows.add((pk, Kind.HIDDEN_FROM, employer))
    named = Profile.hidden_from.through.objects.filter(profile__in=discreet)
    rows.update((pk, Kind.HIDDEN_FROM, org) for pk, org in named.values_list("profile_id", "organisation_id"))
    return rows


def derive(ids: Iterable[int]) -> set[Row]:
    """The audience rows of the profiles ``ids`` by the rule: four queries whatever their number."""
    ids = sorted(set(ids))
    return _derive(Profile.objects.filter(pk__in=ids)) if ids else set()


def _derive(base: QuerySet[Profile]) -> set[Row]:
    networks = _candidate_networks(base)
    checks: dict[str, Exists] = {"pub": _sees(ANONYMOUS), "plat": _sees(Viewer(user_id=0, organisation_id=_OTHER))}
    for n in networks:
        member = Viewer(user_id=0, organisation_id=_OTHER, network_ids=frozenset({n}))
        checks[f"n{n}"] = _sees(member)
        checks[f"c{n}"] = _sees(replace(member, coordinated_network_ids=frozenset({n})))
    rows: set[Row] = set()
    hidden = _hidden_rows(base)
    for values in base.annotate(**checks).values("pk", *checks).iterator(chunk_size=5_000):
        pk = values["pk"]
        if values["pub"]:
            rows.add((pk, Kind.PUBLIC, 0))
        elif values["plat"]:
            rows.add((pk, Kind.PLATFORM, 0))
        else:
            for n in networks:
                if values[f"n{n}"]:
                    rows.add((pk, Kind.NETWORK, n))
                elif values[f"c{n}"]:
                    rows.add((pk, Kind.COORDINATORS, n))
        if any(key for key in values if values[key] and key != "pk"):
            # Exclusions only matter to a profile someone may see; a profile no one sees has no rows.
            rows.update(row for row in hidden if row[0] == pk)
    return rows


def stored(ids: Iterable[int]) -> set[Row]:
    return set(ProfileAudience.objects.filter(profile_id__in=list(ids)).values_list("profile_id", "kind", "key"))


def _stored_range(lo: int, hi: int) -> set[Row]:
    rows = ProfileAudience.objects.filter(profile_id__gte=lo, profile_id__lte=hi)
    return set(rows.values_list("profile_id", "kind", "key").iterator(chunk_size=5_000))


def _write(expected: set[Row], current: set[Row]) -> tuple[int, int]:
    """Make the stored rows ``current`` equal to ``expected``: (removed, added)."""
    gone = current - expected
    new = expected - current
    # A profile that lost a row has all its rows rewritten: one DELETE by profile, no OR of tuples.
    rewritten = {row[0] for row in gone}
    if rewritten:
        ProfileAudience.objects.filter(profile_id__in=sorted(rewritten)).delete()
    insert = new | {row for row in expected if row[0] in rewritten}
    if insert:
        ProfileAudience.objects.bulk_create(
            [ProfileAudience(profile_id=pk, kind=kind, key=key) for pk, kind, key in sorted(insert)], batch_size=2_000
        )
    return len(gone), len(new)


BROAD = (Kind.PUBLIC, Kind.PLATFORM)


def _write_broad(expected: set[Row], profiles: QuerySet[Profile], *, dry_run: bool = False) -> set[int]:
    """Make ``Profile.broad_audience`` of ``profiles`` equal to their broad grant in ``expected``.

    The column is the rows' ``PUBLIC``/``PLATFORM`` grant kept in the profile's own row, so the
    directory tests it without a join (docs/performance.md, "The directory at a million"). Returns
    the profiles whose column differed. ``update()``: no signals, so no second refresh.
    """
    wanted = {pk: kind for pk, kind, _key in expected if kind in BROAD}
    changed: dict[int | None, list[int]] = {}
    for pk, value in profiles.values_list("pk", "broad_audience").iterator(chunk_size=CHUNK):
        if wanted.get(pk) != value:
            changed.setdefault(wanted.get(pk), []).append(pk)
    if not dry_run:
        for value, pks in changed.items():
            Profile.objects.filter(pk__in=pks).update(broad_audience=value)
    return {pk for pks in changed.values() for pk in pks}


def refresh(profile_ids: Iterable[int]) -> None:
    """Rewrite the audience of these profiles from the rule (call inside the write's transaction)."""
    ids = sorted({pk for pk in profile_ids if pk is not None})
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        expected = derive(chunk)
        _write(expected, stored(chunk))
        _write_broad(expected, Profile.objects.filter(pk__in=chunk))


def refresh_users(user_ids: Iterable[int]) -> None:
    refresh(Profile.objects.filter(user_id__in=list(user_ids)).values_list("pk", flat=True))


def _ranges(size: int = CHUNK) -> Iterator[tuple[int, int]]:
    """Consecutive ranges of profile ids, ``size`` profiles each."""
    for ids in pk_chunks(Profile.objects.all(), size):
        yield ids[0], ids[-1]


def _in_range(lo: int, hi: int) -> QuerySet[Profile]:
    return Profile.objects.filter(pk__gte=lo, pk__lte=hi)


@dataclass(frozen=True)
class Drift:
    profiles: int  # profiles whose rows differed
    removed: int
    added: int


def repair(*, dry_run: bool = False, with_broad: bool = True) -> Drift:
    """Compare every profile's audience with the rule, chunk by chunk; report the drift and repair it.

    ``with_broad=False``: the rows only (migration 0015 runs this code before 0016 adds the column).
    """
    profiles = removed = added = 0
    for lo, hi in _ranges():
        expected, current = _derive(_in_range(lo, hi)), _stored_range(lo, hi)
        broad = _write_broad(expected, _in_range(lo, hi), dry_run=dry_run) if with_broad else set()
        if expected == current:
            profiles += len(broad)
            continue
        profiles += len({row[0] for row in expected ^ current} | broad)
        if dry_run:
            removed, added = removed + len(current - expected), added + len(expected - current)
        else:
            gone, new = _write(expected, current)
            removed, added = removed + gone, added + new
    # Rows of profiles that no longer exist cannot remain (the foreign key cascades), so every
    # drift is in a chunk above.
    drift = Drift(profiles=profiles, removed=removed, added=added)
    if profiles:
        logger.warning("profile audience drift: %s", drift)
    return drift


def rebuild(*, size: int = 50_000) -> int:
    """Fill the audience of every profile from scratch (after a bulk load): returns the number of rows."""
    ProfileAudience.objects.all().delete()
    total = 0
    for lo, hi in _ranges(size):
        rows = _derive(_in_range(lo, hi))
        ProfileAudience.objects.bulk_create(
            [ProfileAudience(profile_id=pk, kind=kind, key=key) for pk, kind, key in sorted(rows)], batch_size=5_000
        )
        _write_broad(rows, _in_range(lo, hi))
        total += len(rows)
    return total


# --- read back for a real viewer --------------------------------------------------------------


def audience_q(user: Any) -> Q:
    """Profiles ``user`` may see, read from the maintained audience (equal to ``visible_to``)."""
    viewer = user if isinstance(user, Viewer) else viewer_for(user)
    if viewer.independent_network_ids:
        # An independent admitted to a network (networks.independents) is no stand-in kind of the
        # audience: the few such viewers are answered by the rule itself.
        return Q(pk__in=Profile.objects.visible_to(viewer).values("pk"))
    if not viewer.is_verified:
        condition = Q(broad_audience=Kind.PUBLIC)
    else:
        # The broad grants are in the profile's own row; only network grants need the table.
        condition = Q(broad_audience__isnull=False)
        grants = Q()
        if viewer.network_ids:
            grants |= Q(kind=Kind.NETWORK, key__in=sorted(viewer.network_ids))
        if viewer.coordinated_network_ids:
            grants |= Q(kind=Kind.COORDINATORS, key__in=sorted(viewer.coordinated_network_ids))
        if grants:
            # Probed per profile that has no broad grant (PerRow), not hashed: a hash of every
            # grant of the viewer's networks (21,751 rows at a million) was built for each statement.
            condition |= Q(PerRow(ProfileAudience.objects.filter(grants, profile_id=OuterRef("pk"))))
        hidden = ProfileAudience.objects.filter(
            profile_id=OuterRef("pk"), kind=Kind.HIDDEN_FROM, key=viewer.organisation_id or NO_ORGANISATION
        )
        condition &= ~Q(Exists(hidden))
    if viewer.is_authenticated:
        condition |= Q(user_id=viewer.user_id)
    return condition


def visible(qs: QuerySet[Profile], user: Any) -> QuerySet[Profile]:
    """``qs`` narrowed to what ``user`` may see, by the audience: for the directory and its search."""
    return qs.filter(audience_q(user))


# --- the write paths: kept current in the same transaction --------------------------------------


def _needs_no_refresh(origin: Any) -> bool:
    """Whether a delete cascades from the account or the profile itself (its rows go with it), or
    from a network (``on_network_deleted`` refreshes whom it concerned, once)."""
    from marketplace.models import User

    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return model in (User, Profile, Network)


def on_profile_saved(sender: Any, instance: Profile, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        refresh([instance.pk])


def on_hidden_from_changed(sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        refresh([instance.pk])
    elif pk_set:
        refresh(pk_set)
    else:  # organisation.discreet_profiles.clear(): the organisation's former list is gone
        holders = ProfileAudience.objects.filter(kind=Kind.HIDDEN_FROM, key=instance.pk)
        refresh(holders.values_list("profile_id", flat=True))


def on_user_saved(sender: Any, instance: Any, raw: bool = False, update_fields: Any = None, **kwargs: Any) -> None:
    if not raw and (update_fields is None or "is_active" in update_fields):
        refresh_users([instance.pk])


def on_person_link_changed(sender: Any, instance: Any, raw: bool = False, origin: Any = None, **kwargs: Any) -> None:
    """An employment or a membership was saved or deleted: the person's networks may have changed."""
    if raw or (origin is not None and _needs_no_refresh(origin)):
        return
    refresh_users([instance.user_id])


def _employees_of_participants(network_ids: list[int], organisation_ids: list[int] | None = None) -> list[int]:
    organisations: Any = Participation.objects.filter(network_id__in=network_ids).values("organisation_id")
    if organisation_ids is not None:
        organisations = organisation_ids
    return list(Employment.objects.filter(organisation_id__in=organisations).values_list("user_id", flat=True))


def on_participation_changed(sender: Any, instance: Participation, raw: bool = False, **kwargs: Any) -> None:
    """An organisation joined or left a network: its employees' networks change if they count as members."""
    if raw:
        return
    # Deleted with its network: ``on_network_deleted`` refreshes whom the network counted.
    if Network.objects.filter(pk=instance.network_id, employees_are_members=True).exists():
        refresh_users(_employees_of_participants([instance.network_id], [instance.organisation_id]))


def on_network_saving(sender: Any, instance: Network, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    before = Network.objects.filter(pk=instance.pk).values_list("employees_are_members", flat=True).first()
    instance._audience_employees_changed = before is not None and before != instance.employees_are_members  # type: ignore[attr-defined]


def on_network_saved(sender: Any, instance: Network, raw: bool = False, **kwargs: Any) -> None:
    if not raw and getattr(instance, "_audience_employees_changed", False):
        refresh_users(_employees_of_participants([instance.pk]))


def on_network_deleted(sender: Any, instance: Network, **kwargs: Any) -> None:
    affected = ProfileAudience.objects.filter(kind__in=[Kind.NETWORK, Kind.COORDINATORS], key=instance.pk)
    refresh(list(affected.values_list("profile_id", flat=True)))


def on_organisation_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    affected = ProfileAudience.objects.filter(kind=Kind.HIDDEN_FROM, key=instance.pk)
    refresh(list(affected.values_list("profile_id", flat=True)))


def connect() -> None:
    """Connect the receivers (from ``ProfilesConfig.ready``)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

    from marketplace.models import User
    from networks.models import Membership, Organisation

    post_save.connect(on_profile_saved, sender=Profile, dispatch_uid="audience-profile")
    m2m_changed.connect(on_hidden_from_changed, sender=Profile.hidden_from.through, dispatch_uid="audience-hidden")
    post_save.connect(on_user_saved, sender=User, dispatch_uid="audience-user")
    for model in (Employment, Membership):
        post_save.connect(on_person_link_changed, sender=model, dispatch_uid=f"audience-save-{model.__name__}")
        post_delete.connect(on_person_link_changed, sender=model, dispatch_uid=f"audience-delete-{model.__name__}")
    post_save.connect(on_participation_changed, sender=Participation, dispatch_uid="audience-participation-save")
    post_delete.connect(on_participation_changed, sender=Participation, dispatch_uid="audience-participation-delete")
    pre_save.connect(on_network_saving, sender=Network, dispatch_uid="audience-network-pre")
    post_save.connect(on_network_saved, sender=Network, dispatch_uid="audience-network")
    post_delete.connect(on_network_deleted, sender=Network, dispatch_uid="audience-network-delete")
    post_delete.connect(on_organisation_deleted, sender=Organisation, dispatch_uid="audience-organisation-delete")
