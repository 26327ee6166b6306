"""The directory's filter keys kept in the profile's row (issue 17): engagement forms and regions.

The directory filters on an engagement form and a region (remote, or working in it). Read from
the link tables, each filter is a probe per profile walked -- or, at a million profiles, a hash of
every link row of the region (265,000 rows) built for every page. ``Profile.facet_keys`` holds
the same facts in the row, " e2 e5 r8 " (``marketplace.lib.row_keys``), so a filter is a ``LIKE``
on a column the directory's covering index ``profile_directory_order`` carries: the walk along
the directory's order stays in the index.

The link tables stay the truth: the receivers keep the keys in the same transaction as every
change of the links, ``repair()`` runs nightly with the audience check, ``rebuild()`` after a
bulk load.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from marketplace.lib.row_keys import RowKeys
from profiles.models import Profile

ENGAGEMENT = "e"
REGION = "r"

KEYS = RowKeys(Profile, "facet_keys", ((ENGAGEMENT, "engagement_forms"), (REGION, "regions")))

derive = KEYS.derive
repair = KEYS.repair
rebuild = KEYS.rebuild


def engagement_q(engagement_form_id: int) -> Q:
    """Profiles that accept this engagement form: a test on the row."""
    return KEYS.q(ENGAGEMENT, engagement_form_id)


def region_q(region_id: int) -> Q:
    """Profiles that work in this region (not counting remote work): a test on the row."""
    return KEYS.q(REGION, region_id)


def keys_of(engagement_form_ids: Iterable[int], region_ids: Iterable[int]) -> str:
    return KEYS.keys_of({ENGAGEMENT: engagement_form_ids, REGION: region_ids})


def connect() -> None:
    """Connect the receivers (from ``ProfilesConfig.ready``)."""
    KEYS.connect("profile-facets")
