"""Over-loop's kind of work (issue 21 item 5): short formats in dagdelen, and matching that knows them.

A short-format assignment (speaking, leading a session, coaching, meekijken) asks no hours a week:
it goes to people who said on their profile that they are open to that format, whatever their
hours; a person not open to it is not alerted.
"""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import translation

from matching.candidates import eligible_profiles, recommendations_for
from matching.facts import assignment_facts, profile_facts
from matching.models import Match
from matching.saved_searches import SavedSearchMatcher, saved_search_finds
from matching.scoring import AssignmentFacts, ProfileFacts, reason_text, score
from matching.services.alerts import assignment_fanout
from profiles.formats import WorkFormat
from tests import factories
from tests.matching import factories as mf

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


def _facts(**overrides):
    values = {
        "pk": 1,
        "hours_per_week": None,
        "work_format": "speaking",
        "expertise": {1: "sociaal domein"},
    }
    values.update(overrides)
    return AssignmentFacts(**values)


def test_a_short_format_needs_the_person_open_to_it_not_hours():
    facts = _facts()
    open_to_it = ProfileFacts(pk=5, user_id=50, open_to_assignments=False, work_formats=frozenset({"speaking"}),
                              expertise_ids=frozenset({1}))  # fmt: skip
    result = score(open_to_it, facts, today=TODAY)
    assert result.eligible and result.is_match
    with translation.override("en"):
        assert "open to this short format: Speaking (spreker)" in [reason_text(r) for r in result.reasons]
    not_open = ProfileFacts(pk=6, user_id=60, hours_per_week=40, expertise_ids=frozenset({1}))
    assert score(not_open, facts, today=TODAY).blockers == ["format"]
    other_format = ProfileFacts(pk=7, user_id=70, work_formats=frozenset({"coaching"}), expertise_ids=frozenset({1}))
    assert "format" in score(other_format, facts, today=TODAY).blockers


def test_regular_work_still_asks_hours_and_openness():
    facts = _facts(work_format="regular", hours_per_week=16)
    only_formats = ProfileFacts(pk=5, user_id=50, open_to_assignments=False, work_formats=frozenset({"speaking"}),
                                expertise_ids=frozenset({1}))  # fmt: skip
    assert set(score(only_formats, facts, today=TODAY).blockers) == {"not_open", "hours"}


@pytest.fixture
def speaking(taxonomy):
    return mf.assignment(
        expertise=taxonomy["expertise"][:2],
        field_of_work=taxonomy["field"],
        work_format="speaking",
        hours_per_week=None,
        dagdelen=1,
        engagement=("pro-bono",),
    )


def _open_to(profile, *codes):
    profile.work_formats.set(WorkFormat.objects.filter(code__in=codes))
    return profile


def test_the_fanout_alerts_only_people_open_to_the_format(taxonomy, speaking, django_capture_on_commit_callbacks):
    expertise = taxonomy["expertise"][:2]
    speaker = _open_to(
        mf.professional(expertise=expertise, engagement=("pro-bono",), open_to_assignments=False, hours_per_week=None),
        "speaking",
    )
    mf.professional(expertise=expertise, engagement=("pro-bono",), hours_per_week=40)  # not open to short formats
    _open_to(mf.professional(expertise=expertise, engagement=("pro-bono",)), "coaching")  # another format
    assert list(eligible_profiles(speaking).values_list("pk", flat=True)) == [speaker.pk]
    with django_capture_on_commit_callbacks(execute=True):
        assignment_fanout(assignment_id=speaking.pk)
    assert list(Match.objects.values_list("profile_id", flat=True)) == [speaker.pk]
    assert [m.to for m in mail.outbox] == [[speaker.user.email]]


def test_facts_carry_the_format_and_what_the_person_is_open_to(speaking):
    profile = _open_to(mf.professional(), "speaking", "session")
    assert assignment_facts(speaking).work_format == "speaking"
    assert profile_facts(profile).work_formats == frozenset({"speaking", "session"})


def test_recommendations_offer_a_format_to_someone_open_only_to_formats(taxonomy, speaking):
    profile = _open_to(
        mf.professional(
            expertise=taxonomy["expertise"][:2],
            engagement=("pro-bono",),
            open_to_assignments=False,
            hours_per_week=None,
        ),
        "speaking",
    )
    assert [r.assignment for r in recommendations_for(profile.user)] == [speaking]
    closed = mf.professional(expertise=taxonomy["expertise"][:2], engagement=("pro-bono",), open_to_assignments=False)
    assert recommendations_for(closed.user) == []


def test_the_profile_says_which_formats_one_is_open_to(client, owner):
    factories.ProfileFactory(user=owner)
    client.force_login(owner)
    page = client.get("/professionals/mijn-profiel/").content.decode()
    assert 'name="work_formats"' in page
    assert "meekijken" in page


def test_saved_searches_filter_by_kind_of_work_as_the_list_does(speaking):
    user = factories.UserFactory()
    regular = mf.assignment()
    for query, finds_speaking in (
        ("work_format=speaking", True),
        ("work_format=regular", False),
        ("hours_min=1", False),
    ):
        saved = mf.saved_search(user, query)
        assert saved_search_finds(saved, speaking) is finds_speaking
        assert SavedSearchMatcher(speaking).finds({k: [v] for k, v in [query.split("=")]}) is finds_speaking
        assert saved_search_finds(saved, regular) is (not finds_speaking)
