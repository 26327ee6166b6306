"""A hand-written Dutch set of profile–assignment pairs, labelled relevant or not (tests/data/).

Every pair shares the hours and the province (the refinements are all there), so only content
can tell them apart. The floor: no instant alert for a pair labelled "not relevant", and most
relevant pairs are matched. The figures are in docs/matching.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matching import candidates
from profiles.services import profile_refresh_search
from tests.matching import factories as mf

pytestmark = pytest.mark.django_db

PAIRS = json.loads((Path(__file__).resolve().parent.parent / "data" / "matching_pairs_nl.json").read_text())
# The least share of relevant pairs that must be matched (stored, recommended); measured 24 / 24.
MATCH_RECALL_FLOOR = 0.9
# The least share of relevant pairs that must get an instant alert; measured in docs/matching.md.
ALERT_RECALL_FLOOR = 0.7


def _taxonomy(item: dict) -> dict:
    return {
        "expertise": [
            mf.ExpertiseFactory(name=name, slug=name.lower().replace(" ", "-")) for name in item["expertise"]
        ],
        "qualities": [mf.CoreQualityFactory(name=name, slug=name.lower()) for name in item["qualities"]],
        "field_of_work": mf.FieldOfWorkFactory(name=item["field"], slug=item["field"].lower().replace(" ", "-"))
        if item["field"]
        else None,
    }


def _score(pair: dict):
    p, a = pair["profile"], pair["assignment"]
    mine, asked = _taxonomy(p), _taxonomy(a)
    profile = mf.professional(
        headline=p["headline"],
        job_title=p["job_title"],
        bio=p["bio"],
        regions=[mf.region()],
        hours_per_week=16,
        **mine,
    )
    profile_refresh_search(profile=profile)
    item = mf.assignment(
        title=a["title"],
        summary=a["summary"],
        description=a["description"],
        region=mf.region(),
        hours_per_week=16,
        **asked,
    )
    return candidates.match_results_for_users(item, [profile.user_id])[profile.user_id]


def test_the_labelled_set_is_big_enough_and_balanced():
    assert len(PAIRS) >= 40
    assert 0.3 < sum(pair["relevant"] for pair in PAIRS) / len(PAIRS) < 0.7


def test_no_alert_for_a_pair_labelled_not_relevant_and_relevant_pairs_are_found():
    results = [(pair, _score(pair)) for pair in PAIRS]
    false_alerts = [(pair["assignment"]["title"], r.score) for pair, r in results if not pair["relevant"] and r.alerts]
    assert false_alerts == []
    relevant = [r for pair, r in results if pair["relevant"]]
    assert all(r.eligible for r in relevant)
    assert sum(r.is_match for r in relevant) / len(relevant) >= MATCH_RECALL_FLOOR
    assert sum(r.alerts for r in relevant) / len(relevant) >= ALERT_RECALL_FLOOR
    for r in relevant:
        if r.is_match:
            assert r.reasons[0]["code"] in {"expertise", "text", "field_of_work", "core_qualities"}
