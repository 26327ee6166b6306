"""The fan-out reads only profiles that share content with the assignment, and finds the same matches.

``candidate_batch`` filters the eligible profiles in SQL with ``facts.shares_content_q`` (an asked
expertise area or core quality, the field of work, or an informative word) before loading and
scoring them. The property: on random small worlds its batches, read to the end with a small
batch size, hold exactly the matches of scoring every eligible profile, with the same scores. On
PostgreSQL the words are lexemes of the stored vector, or of the profile's text while the vector
is empty (both kinds are drawn); on SQLite they are tokens and every eligible profile is scored.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching import candidates
from matching.facts import assignment_facts, profile_facts_for, shares_content_q
from matching.scoring import score
from profiles.models import Profile
from profiles.services import profile_refresh_search
from tests.matching import factories as mf

pytestmark = pytest.mark.django_db

WORDS = ("jeugdzorg", "toezicht", "pleegzorg", "woningbouw", "huisvesting", "riolering", "aanbesteding")
N_TAGS = 3

words = st.sets(st.sampled_from(WORDS), max_size=3)
tags = st.sets(st.integers(0, N_TAGS - 1), max_size=2)
field = st.one_of(st.none(), st.integers(0, 1))
person = st.fixed_dictionaries(
    {"expertise": tags, "qualities": tags, "field": field, "words": words, "stored_vector": st.booleans()}
)
posting = st.fixed_dictionaries({"expertise": tags, "qualities": tags, "field": field, "words": words})
world = st.fixed_dictionaries({"people": st.lists(person, min_size=1, max_size=7), "assignment": posting})


def build(spec: dict):
    expertise = [mf.ExpertiseFactory(name=f"expertise {i}") for i in range(N_TAGS)]
    qualities = [mf.CoreQualityFactory(name=f"kwaliteit {i}") for i in range(N_TAGS)]
    fields = [mf.FieldOfWorkFactory(name=name) for name in ("sociaal domein", "wonen")]

    def pick(indexes, among):
        return [among[i] for i in sorted(indexes)]

    for p in spec["people"]:
        profile = mf.professional(
            headline=" ".join(sorted(p["words"])) or "Beleidsadviseur",
            job_title="",
            bio="",
            hours_per_week=16,
            field_of_work=None if p["field"] is None else fields[p["field"]],
            expertise=pick(p["expertise"], expertise),
            qualities=pick(p["qualities"], qualities),
        )
        if p["stored_vector"]:
            profile_refresh_search(profile=profile)
    a = spec["assignment"]
    return mf.assignment(
        title=" ".join(["Klus", *sorted(a["words"])]),
        summary="",
        hours_per_week=16,
        field_of_work=None if a["field"] is None else fields[a["field"]],
        expertise=pick(a["expertise"], expertise),
        qualities=pick(a["qualities"], qualities),
    )


def every_match_by_scoring_all(assignment) -> dict[int, int]:
    """The reference: every eligible profile loaded and scored (the fan-out before the filter)."""
    facts = assignment_facts(assignment)
    ids = list(candidates.eligible_profiles(assignment).order_by("pk").values_list("pk", flat=True))
    loaded = profile_facts_for(ids, facts)
    results = {pk: score(loaded[pk], facts) for pk in ids}
    return {pk: r.score for pk, r in results.items() if r.is_match}


def batches(assignment) -> dict[int, int]:
    found, after = {}, 0
    while (batch := candidates.candidate_batch(assignment, after=after, batch_size=2)) is not None:
        after, matches = batch
        found.update({c.profile_id: c.result.score for c in matches})
    return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=world)
def test_the_batches_hold_exactly_the_matches_of_scoring_every_eligible_profile(spec):
    with transaction.atomic():
        assignment = build(spec)
        assert batches(assignment) == every_match_by_scoring_all(assignment)
        transaction.set_rollback(True)


def test_profiles_sharing_no_content_are_not_read():
    """Hours, region and form alone: the batch query does not return them, so they are neither loaded nor scored."""
    jeugdzorg = mf.ExpertiseFactory(name="jeugdzorg")
    stranger = mf.professional(headline="Huisvesting en woningbouw", hours_per_week=16)
    profile_refresh_search(profile=stranger)
    reader = mf.professional(headline="Toezichthouder jeugdzorg en pleegzorg", hours_per_week=16)
    profile_refresh_search(profile=reader)
    tagged = mf.professional(headline="Riolering", hours_per_week=16, expertise=[jeugdzorg])
    item = mf.assignment(
        title="Toezichthouder jeugdzorg en pleegzorg", summary="", hours_per_week=16, expertise=[jeugdzorg]
    )
    facts = assignment_facts(item)
    assert set(candidates.eligible_profiles(item).values_list("pk", flat=True)) == {stranger.pk, reader.pk, tagged.pk}
    assert set(batches(item)) == {reader.pk, tagged.pk}
    if connection.vendor == "postgresql":
        read = set(candidates.eligible_profiles(item).filter(shares_content_q(facts)).values_list("pk", flat=True))
        assert read == {reader.pk, tagged.pk}
    else:  # the words are tokens made in Python: every eligible profile is scored
        assert shares_content_q(facts) is None


def test_an_assignment_asking_no_content_reads_no_profile():
    mf.professional(headline="Beleidsadviseur", hours_per_week=16)
    item = mf.assignment(title="Klus", summary="", hours_per_week=16)
    facts = assignment_facts(item)
    assert not facts.terms  # "klus" is a generic word
    assert candidates.eligible_profiles(item).count() == 1
    assert Profile.objects.filter(shares_content_q(facts)).count() == 0
    assert candidates.candidate_batch(item) is None
