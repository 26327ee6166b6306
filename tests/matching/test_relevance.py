"""Relevance comes from content: hours and region alone never make a match; shared words alone do.

Every path that matches is held to it: the stored Match and its alert (the fan-out), the
recommendations, and the poster's suitable professionals. Runs on SQLite (token overlap) and on
PostgreSQL (the Dutch lexemes of the stored, or while empty the computed, search vectors).
"""

from __future__ import annotations

import pytest
from django.core import mail

from marketplace.models import Notification, NotificationPreference
from matching import candidates
from matching.models import Delivery, Match, MatchFeedback
from matching.services import alerts
from matching.services.alerts import MAX_INSTANT_ALERTS_PER_DAY, assignment_fanout
from tests.matching import factories as mf

pytestmark = pytest.mark.django_db

YOUTH_CARE = {
    "title": "Toezichthouder jeugdzorg",
    "summary": "Toezicht op jeugdzorgaanbieders en de kwaliteit van pleegzorg.",
    "description": "Je beoordeelt inspectierapporten.",
}


@pytest.fixture
def places(db):
    return {"field": mf.FieldOfWorkFactory(name="sociaal domein"), "other": mf.FieldOfWorkFactory(name="wonen")}


def youth_care(places, **kwargs):
    """An assignment in Noord-Brabant, hybrid, asking 16 hours; no expertise asked."""
    return mf.assignment(region=mf.region(), field_of_work=places["field"], hours_per_week=16, **kwargs, **YOUTH_CARE)


def only_hours_and_region(places):
    """A beleidsadviseur wonen: same hours, same province, nothing in common in content."""
    return mf.professional(
        headline="Beleidsadviseur wonen en woningbouw",
        job_title="Beleidsadviseur",
        bio="Ik werk aan huisvesting en de woningmarkt.",
        field_of_work=places["other"],
        regions=[mf.region()],
        hours_per_week=16,
    )


def only_words(places):
    """Someone whose profile text shares the assignment's words, and nothing else but the hours."""
    return mf.professional(
        headline="Toezicht en kwaliteit in de jeugdzorg",
        job_title="Inspecteur pleegzorg",
        bio="Ik doe toezicht op jeugdzorgaanbieders.",
        field_of_work=places["other"],
        regions=[],
        hours_per_week=16,
    )


def test_hours_and_region_alone_are_not_matched_alerted_recommended_or_suggested(places):
    stranger = only_hours_and_region(places)
    item = youth_care(places)
    assignment_fanout(assignment_id=item.pk)
    assert not Match.objects.exists()
    assert not Notification.objects.exists()
    assert candidates.recommendations_for(stranger.user) == []
    assert candidates.suitable_profiles(item, item.posted_by) == []


def test_shared_words_alone_are_matched_alerted_recommended_and_suggested(places, django_capture_on_commit_callbacks):
    reader = only_words(places)
    item = youth_care(places)
    with django_capture_on_commit_callbacks(execute=True):
        assignment_fanout(assignment_id=item.pk)
    match = Match.objects.get()
    assert match.profile == reader
    assert match.delivery == Delivery.NOTIFIED
    assert next(r["code"] for r in match.reasons) == "text"
    assert "jeugdzorg" in match.reasons[0]["words"]
    assert [m.to for m in mail.outbox] == [[reader.user.email]]
    body = mail.outbox[0].body
    assert "Waarom: woorden gemeen:" in body
    assert "/niet-interessant/" in body
    assert "/meldingen/afmelden/" in body
    [recommended] = candidates.recommendations_for(reader.user)
    assert recommended.assignment == item
    assert recommended.result.signals == ("text",)
    [suitable] = candidates.suitable_profiles(item, item.posted_by)
    assert suitable.profile == reader


def test_at_most_the_daily_budget_of_instant_alerts_the_rest_waits_for_the_digest(
    places, django_capture_on_commit_callbacks
):
    reader = only_words(places)
    items = [youth_care(places) for _ in range(MAX_INSTANT_ALERTS_PER_DAY + 2)]
    with django_capture_on_commit_callbacks(execute=True):
        for item in items:
            assignment_fanout(assignment_id=item.pk)
    deliveries = list(Match.objects.filter(profile=reader).order_by("pk").values_list("delivery", flat=True))
    assert deliveries == [Delivery.NOTIFIED] * MAX_INSTANT_ALERTS_PER_DAY + [Delivery.DIGEST] * 2
    assert len(mail.outbox) == MAX_INSTANT_ALERTS_PER_DAY


def test_a_saved_search_and_a_match_alert_once_for_one_assignment(places, django_capture_on_commit_callbacks):
    reader = only_words(places)
    mf.saved_search(reader.user, "q=jeugdzorg")
    item = youth_care(places)
    with django_capture_on_commit_callbacks(execute=True):
        assignment_fanout(assignment_id=item.pk)
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(recipient=reader.user).count() == 1


def test_not_interested_is_stored_excludes_the_assignment_and_lowers_similar_ones(client, places):
    reader = only_words(places)
    first, second = youth_care(places), youth_care(places)
    before = {r.assignment.pk: r.result.score for r in candidates.recommendations_for(reader.user)}
    client.force_login(reader.user)
    url = f"/mijn/aanbevolen/{first.code}/niet-interessant/"
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert MatchFeedback.objects.filter(profile=reader, assignment=first).exists()
    after = {r.assignment.pk: r.result.score for r in candidates.recommendations_for(reader.user)}
    assert first.pk not in after
    assert after.get(second.pk, 0) < before[second.pk]
    # the fan-out of a similar assignment scores lower too
    third = youth_care(places)
    batch = candidates.candidate_batch(third)
    assert batch is None or all(c.result.score < before[second.pk] for c in batch[1])


def test_not_interested_answers_404_for_an_assignment_one_may_not_see(client, places, network, outsider):
    hidden = youth_care(places, audience="networks", networks=[network])
    client.force_login(outsider)
    assert client.get(f"/mijn/aanbevolen/{hidden.code}/niet-interessant/").status_code == 404
    assert client.post(f"/mijn/aanbevolen/{hidden.code}/niet-interessant/").status_code == 404


def test_the_digest_pace_is_kept_below_the_alert_threshold(places, django_capture_on_commit_callbacks):
    weak = mf.professional(
        headline="Toezicht", job_title="", bio="", field_of_work=places["field"], regions=[], hours_per_week=16
    )
    NotificationPreference.objects.create(user=weak.user, matches=NotificationPreference.Pace.INSTANT)
    item = youth_care(places)
    with django_capture_on_commit_callbacks(execute=True):
        alerts.assignment_fanout(assignment_id=item.pk)
    match = Match.objects.get(profile=weak)
    assert match.score < alerts.scoring.ALERT_SCORE
    assert match.delivery == Delivery.DIGEST
    assert mail.outbox == []
