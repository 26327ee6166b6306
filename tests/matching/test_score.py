from __future__ import annotations

import datetime

from django.utils import translation

from assignments.models import Assignment
from matching.scoring import (
    ALERT_SCORE,
    CONTENT_WEIGHTS,
    MIN_SCORE,
    REFINE_WEIGHTS,
    AssignmentFacts,
    ProfileFacts,
    reason_text,
    score,
    why,
)

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
    terms={"omgevingswet": "omgevingswet", "participatie": "participatie", "woningbouw": "woningbouw"},
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


NOTHING_IN_COMMON = {
    "field_of_work_id": 99,
    "expertise_ids": frozenset(),
    "core_quality_ids": frozenset(),
    "terms": frozenset(),
}


def test_the_weights_live_in_one_place_and_stay_fractions():
    assert all(0 < w < 1 for w in CONTENT_WEIGHTS.values())
    assert sum(REFINE_WEIGHTS.values()) == 1
    assert MIN_SCORE < ALERT_SCORE < 90


def test_it_scores_a_strong_match_with_the_matched_content_first():
    result = score(profile(), ASSIGNMENT, today=TODAY)
    # evidence 1 - (1-0.9)(1-0.2)(1-0.2*1/2) = 0.928; 100 * (0.8 * 0.928 + 0.2 * 1) = 94.2
    assert result.score == 94
    assert result.is_match and result.alerts
    assert result.signals == ("expertise", "field_of_work", "core_qualities")
    assert texts(result) == [
        "3 of 4 expertise areas: beleidsadvies, omgevingswet, projectleiding",
        "same field: ruimtelijke ordening",
        "1 of 2 core qualities: verbinder",
        "works in Noord-Brabant",
        "available 16 of the 16 hours asked",
        "member of ZPP Brabant",
    ]
    with translation.override("en"):
        assert why(result.reasons) == (
            "3 of 4 expertise areas: beleidsadvies, omgevingswet, projectleiding; same field: ruimtelijke ordening"
        )


def test_hours_region_and_networks_alone_never_make_a_match():
    result = score(profile(**NOTHING_IN_COMMON), ASSIGNMENT, today=TODAY)
    assert result.eligible  # every hard condition holds
    assert not result.is_match
    assert result.score == 0
    assert result.reasons == []


def test_an_assignment_that_asks_only_hours_matches_no_one():
    bare = AssignmentFacts(pk=2, hours_per_week=8, region=(20, "Noord-Brabant"))
    result = score(profile(field_of_work_id=None, expertise_ids=frozenset()), bare, today=TODAY)
    assert not result.is_match
    assert result.score == 0


def test_shared_words_alone_make_a_match_that_names_them():
    three = profile(**{**NOTHING_IN_COMMON, "terms": frozenset({"omgevingswet", "participatie", "woningbouw"})})
    result = score(three, ASSIGNMENT, today=TODAY)
    assert result.signals == ("text",)
    # 100 * (0.8 * 0.8 + 0.2) = 84
    assert result.score == 84
    assert result.is_match and result.alerts
    assert texts(result)[0] == "words in common: omgevingswet, participatie, woningbouw"
    one = profile(**{**NOTHING_IN_COMMON, "terms": frozenset({"omgevingswet"})})
    weak = score(one, ASSIGNMENT, today=TODAY)
    assert weak.score == 41  # 100 * (0.8 * 0.8 / 3 + 0.2): a match for the list, too little for an alert
    assert weak.is_match and not weak.alerts


def test_parts_that_are_not_asked_do_not_inflate_the_score():
    only_expertise = AssignmentFacts(pk=5, hours_per_week=8, expertise={1: "beleidsadvies"})
    result = score(profile(), only_expertise, today=TODAY)
    assert result.signals == ("expertise",)
    # a full signal alone: 100 * (0.8 * 0.9 + 0.2 * 0.3 hours) = 78, not 100
    assert result.score == 78


def test_ninety_or_more_needs_two_content_signals():
    everything = profile(
        expertise_ids=frozenset({1, 2, 3, 4}),
        core_quality_ids=frozenset({10, 11}),
        terms=frozenset(ASSIGNMENT.terms),
    )
    assert score(everything, ASSIGNMENT, today=TODAY).score == 99
    singles = [
        {"expertise_ids": frozenset({1, 2, 3, 4})},
        {"terms": frozenset(ASSIGNMENT.terms)},
        {"field_of_work_id": 7},
        {"core_quality_ids": frozenset({10, 11})},
    ]
    for single in singles:
        result = score(profile(**{**NOTHING_IN_COMMON, **single}), ASSIGNMENT, today=TODAY)
        assert len(result.signals) == 1
        assert result.score <= 89  # a full expertise signal with every refinement would be 92


def test_it_gives_half_the_region_for_partly_remote_work():
    result = score(profile(region_ids=frozenset(), remote=True), ASSIGNMENT, today=TODAY)
    assert result.score == 94 - 5  # 0.2 * 0.5 * 0.5 = 5 points less
    assert "partly remote, and you also work remotely" in texts(result)


def test_it_counts_remote_assignments_as_reachable_for_everyone():
    remote = AssignmentFacts(pk=3, hours_per_week=8, expertise={1: "beleidsadvies"}, remote_option="remote")
    result = score(profile(region_ids=frozenset()), remote, today=TODAY)
    assert result.score == 88  # 100 * (0.8 * 0.9 + 0.2 * (0.5 + 0.3))
    assert "can be done remotely" in texts(result)


def test_a_dismissed_assignment_is_no_match_and_similar_ones_score_lower():
    assert score(profile(dismissed_ids=frozenset({1})), ASSIGNMENT, today=TODAY).blockers == ["dismissed"]
    lowered = score(profile(dismissed_ids=frozenset({77})), ASSIGNMENT, today=TODAY)
    assert lowered.score == 94 - 25
    assert texts(lowered)[-1] == "lower: you marked 1 similar assignment as not interesting"


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
