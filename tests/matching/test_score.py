from __future__ import annotations

import datetime

from django.utils import translation

from assignments.models import Assignment
from matching.scoring import WEIGHTS, AssignmentFacts, ProfileFacts, reason_text, score

TODAY = datetime.date(2026, 12, 1)
ASSIGNMENT = AssignmentFacts(
    pk=1,
    hours_per_week=16,
    start_date=datetime.date(2027, 1, 1),
    end_date=datetime.date(2027, 6, 30),
    field_of_work=(7, "ruimtelijke ordening"),
    expertise={1: "beleidsadvies", 2: "omgevingswet", 3: "projectleiding", 4: "participatie"},
    core_qualities={10: "verbinder", 11: "doorzetter"},
    region=(20, "Noord-Brabant"),
    remote_option=Assignment.RemoteOption.HYBRID,
    engagement_form_ids=frozenset({100, 101}),
    networks={30: "ZPP Brabant"},
)


def profile(**overrides: object) -> ProfileFacts:
    values = {
        "pk": 5,
        "user_id": 50,
        "hours_per_week": 16,
        "field_of_work_id": 7,
        "expertise_ids": frozenset({1, 2, 3}),
        "core_quality_ids": frozenset({10}),
        "region_ids": frozenset({20}),
        "engagement_form_ids": frozenset({101}),
        "network_ids": frozenset({30}),
    }
    values.update(overrides)
    return ProfileFacts(**values)


def texts(result) -> list[str]:
    with translation.override("en"):
        return result.reason_texts


def test_it_weights_sum_to_100():
    assert sum(WEIGHTS.values()) == 100


def test_it_scores_a_strong_match_with_reasons_in_words():
    result = score(profile(), ASSIGNMENT, today=TODAY)
    # expertise 35*3/4 + field 20 + qualities 15*1/2 + region 15 + networks 10 + hours 5 = 83.75
    assert result.score == 84
    assert result.eligible
    assert texts(result) == [
        "3 of 4 expertise areas: beleidsadvies, omgevingswet, projectleiding",
        "same field: ruimtelijke ordening",
        "1 of 2 core qualities: verbinder",
        "works in Noord-Brabant",
        "member of ZPP Brabant",
        "available 16 of the 16 hours asked",
    ]


def test_it_scores_a_perfect_match_100():
    result = score(
        profile(expertise_ids=frozenset({1, 2, 3, 4}), core_quality_ids=frozenset({10, 11}), hours_per_week=32),
        ASSIGNMENT,
        today=TODAY,
    )
    assert result.score == 100
    assert texts(result)[-1] == "available 16 of the 16 hours asked"


def test_it_gives_half_the_region_weight_for_partly_remote_work():
    result = score(profile(region_ids=frozenset(), remote=True), ASSIGNMENT, today=TODAY)
    assert result.score == 84 - 8  # 15 * 0.5 = 7.5 less: 76.25
    assert "partly remote, and you also work remotely" in texts(result)


def test_it_leaves_out_what_the_assignment_does_not_ask():
    bare = AssignmentFacts(pk=2, hours_per_week=8)
    result = score(profile(field_of_work_id=None, expertise_ids=frozenset()), bare, today=TODAY)
    assert result.score == 100  # only the hours count, and all are available
    assert texts(result) == ["available 8 of the 8 hours asked"]


def test_it_scores_no_overlap_low():
    result = score(
        profile(
            field_of_work_id=99,
            expertise_ids=frozenset(),
            core_quality_ids=frozenset(),
            region_ids=frozenset(),
            network_ids=frozenset(),
        ),
        ASSIGNMENT,
        today=TODAY,
    )
    assert result.score == 5
    assert texts(result) == ["available 16 of the 16 hours asked"]


def test_it_counts_remote_assignments_as_reachable_for_everyone():
    remote = AssignmentFacts(pk=3, hours_per_week=8, region=(20, "Noord-Brabant"), remote_option="remote")
    result = score(profile(region_ids=frozenset()), remote, today=TODAY)
    assert result.score == 100
    assert "can be done remotely" in texts(result)


def test_it_rejects_on_hard_conditions_first():
    cases = {
        "not_open": profile(open_to_assignments=False),
        "engagement_form": profile(engagement_form_ids=frozenset({999})),
        "hours": profile(hours_per_week=12),
        "period": profile(available_until=datetime.date(2027, 3, 1)),
    }
    for blocker, facts in cases.items():
        result = score(facts, ASSIGNMENT, today=TODAY)
        assert result.blockers == [blocker]
        assert result.score == 0
        assert result.reasons == []
    assert score(profile(hours_per_week=None), ASSIGNMENT, today=TODAY).blockers == ["hours"]
    late = profile(available_from=datetime.date(2027, 2, 1))
    assert score(late, ASSIGNMENT, today=TODAY).blockers == ["period"]


def test_it_takes_today_as_the_start_when_the_assignment_has_none():
    undated = AssignmentFacts(pk=4, hours_per_week=8)
    assert score(profile(available_from=TODAY), undated, today=TODAY).eligible
    assert score(profile(available_from=TODAY + datetime.timedelta(days=1)), undated, today=TODAY).blockers == [
        "period"
    ]


def test_it_renders_reasons_in_the_readers_language():
    reason = {"code": "field_of_work", "name": "ruimtelijke ordening"}
    with translation.override("en"):
        assert reason_text(reason) == "same field: ruimtelijke ordening"
    assert reason_text({"code": "unknown"}) == ""
    single = {"code": "expertise", "matched": ["omgevingswet"], "asked": 1}
    with translation.override("en"):
        assert reason_text(single) == "1 of 1 expertise area: omgevingswet"
