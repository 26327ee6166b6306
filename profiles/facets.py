"""The directory's filter keys kept in the profile's row (issue 17): engagement forms and regions.

The directory filters on an engagement form and a region (remote, or working in it). Read from
the link tables, each filter is a probe per profile walked -- or, at a million profiles, a hash of
every link row of the region (265,000 rows) built for every page. ``Profile.facet_keys`` holds
the same facts in the row, " e2 e5 r8 " (engagement form ids after ``e``, region ids after ``r``,
sorted, space-delimited with a space at both ends), so a filter is a ``LIKE`` on a column the
directory's covering index ``profile_directory_order`` carries: the walk along the directory's
order stays in the index.

The link tables stay the truth. ``refresh(profile_ids)`` rewrites the keys from them; the
receivers at the end call it in the same transaction as every change of the links (``add``,
``remove``, ``set``, ``clear``, from either side). ``repair()`` (nightly, with the audience check)
compares every profile's keys with the links, reports the drift and repairs it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from marketplace.lib.queries import pk_chunks
from profiles.models import EngagementForm, Profile

logger = logging.getLogger(__name__)

CHUNK = 5_000
ENGAGEMENT = "e"
REGION = "r"


def key(prefix: str, pk: int) -> str:
    """The token of one engagement form (``ENGAGEMENT``) or region (``REGION``), with its delimiters."""
    return f" {prefix}{pk} "


def engagement_q(engagement_form_id: int) -> Q:
    """Profiles that accept this engagement form: a test on the row."""
    return Q(facet_keys__contains=key(ENGAGEMENT, engagement_form_id))


def region_q(region_id: int) -> Q:
    """Profiles that work in this region (not counting remote work): a test on the row."""
    return Q(facet_keys__contains=key(REGION, region_id))


def keys_of(engagement_form_ids: Iterable[int], region_ids: Iterable[int]) -> str:
    tokens = [f"{ENGAGEMENT}{pk}" for pk in sorted(set(engagement_form_ids))]
    tokens += [f"{REGION}{pk}" for pk in sorted(set(region_ids))]
    return f" {' '.join(tokens)} " if tokens else ""


def derive(profile_ids: Iterable[int]) -> dict[int, str]:
    """``profile id -> keys`` from the link tables: two queries."""
    ids = list(profile_ids)
    forms: dict[int, list[int]] = defaultdict(list)
    regions: dict[int, list[int]] = defaultdict(list)
    links = Profile.engagement_forms.through.objects.filter(profile_id__in=ids)
    for profile_id, form_id in links.values_list("profile_id", "engagementform_id"):
        forms[profile_id].append(form_id)
    for profile_id, region_id in Profile.regions.through.objects.filter(profile_id__in=ids).values_list(
        "profile_id", "region_id"
    ):
        regions[profile_id].append(region_id)
    return {pk: keys_of(forms[pk], regions[pk]) for pk in ids}


def _write(expected: dict[int, str], *, dry_run: bool = False) -> int:
    """Store the keys that differ: one read, then one UPDATE per distinct value changed."""
    stored = dict(Profile.objects.filter(pk__in=list(expected)).values_list("pk", "facet_keys"))
    by_value: dict[str, list[int]] = defaultdict(list)
    for pk, keys in expected.items():
        if pk in stored and stored[pk] != keys:
            by_value[keys].append(pk)
    if not dry_run:
        for keys, pks in by_value.items():
            Profile.objects.filter(pk__in=pks).update(facet_keys=keys)
    return sum(len(pks) for pks in by_value.values())


def refresh(profile_ids: Iterable[int]) -> int:
    """Rewrite the keys of these profiles from the links; return how many changed."""
    ids = sorted(set(profile_ids))
    changed = 0
    for start in range(0, len(ids), CHUNK):
        changed += _write(derive(ids[start : start + CHUNK]))
    return changed


def repair(*, dry_run: bool = False) -> int:
    """Compare every profile's keys with its links, chunk by chunk; report the drift and repair it."""
    drift = sum(_write(derive(ids), dry_run=dry_run) for ids in pk_chunks(Profile.objects.all(), CHUNK))
    if drift:
        logger.warning("profile filter keys drift: %d profiles", drift)
    return drift


# ``keys_of`` over every profile at once, for a bulk load (held equal to it by a test).
REBUILD_SQL = """
UPDATE profiles_profile AS p SET facet_keys = COALESCE(k.keys, '')
FROM profiles_profile AS q
LEFT JOIN (
    SELECT profile_id, ' ' || string_agg(token, ' ' ORDER BY kind, n) || ' ' AS keys
    FROM (
        SELECT profile_id, 0 AS kind, engagementform_id AS n, 'e' || engagementform_id AS token
        FROM profiles_profile_engagement_forms
        UNION ALL
        SELECT profile_id, 1, region_id, 'r' || region_id FROM profiles_profile_regions
    ) AS links
    GROUP BY profile_id
) AS k ON k.profile_id = q.id
WHERE q.id = p.id AND p.facet_keys IS DISTINCT FROM COALESCE(k.keys, '')
"""


def rebuild() -> int:
    """Write every profile's keys from the links after a bulk load (rows copied in send no signals)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return refresh(Profile.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(REBUILD_SQL)
        return cursor.rowcount


def on_links_changed(sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any) -> None:
    """``profile.engagement_forms``/``profile.regions`` changed (or the same from the form's or region's side)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        refresh([instance.pk])
    elif pk_set:
        refresh(pk_set)
    elif action == "post_clear":  # region.profile_set.clear(): whom it concerned is gone from the links
        token = key(REGION if sender is Profile.regions.through else ENGAGEMENT, instance.pk)
        refresh(Profile.objects.filter(facet_keys__contains=token).values_list("pk", flat=True))


def on_choice_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A region or engagement form was deleted: its links went with it, without ``m2m_changed``."""
    token = key(ENGAGEMENT if sender is EngagementForm else REGION, instance.pk)
    refresh(Profile.objects.filter(facet_keys__contains=token).values_list("pk", flat=True))


def connect() -> None:
    """Connect the receivers (from ``ProfilesConfig.ready``)."""
    from django.db.models.signals import m2m_changed, post_delete

    from networks.models import Region

    m2m_changed.connect(on_links_changed, sender=Profile.engagement_forms.through, dispatch_uid="facets-forms")
    m2m_changed.connect(on_links_changed, sender=Profile.regions.through, dispatch_uid="facets-regions")
    post_delete.connect(on_choice_deleted, sender=EngagementForm, dispatch_uid="facets-form-deleted")
    post_delete.connect(on_choice_deleted, sender=Region, dispatch_uid="facets-region-deleted")
