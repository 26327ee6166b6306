from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection

from assignments.models import Assignment
from assignments.services.posting import assignment_search_refresh
from marketplace.celery import app as celery_app
from marketplace.models import Notification, NotificationPreference
from matching.models import Delivery, Match, SavedSearchHit
from matching.saved_searches import filtered, normalised_query, saved_search_finds, search_params
from matching.services.alerts import assignment_fanout
from matching.services.digests import alerts_send_digests
from tests import factories
from tests.matching import factories as mf
from tests.matching.test_fanout import posted, strong

pytestmark = pytest.mark.django_db


def fan_out(item, capture) -> None:
    with capture(execute=True):
        assignment_fanout(assignment_id=item.pk)


def test_it_collects_each_persons_waiting_matches_into_one_digest(taxonomy, django_capture_on_commit_callbacks):
    daily = strong(taxonomy)
    weekly = strong(taxonomy)
    NotificationPreference.objects.create(user=daily.user, matches="daily")
    NotificationPreference.objects.create(user=weekly.user, matches="weekly")
    first, second = posted(taxonomy, title="Eerste klus"), posted(taxonomy, title="Tweede klus")
    fan_out(first, django_capture_on_commit_callbacks)
    fan_out(second, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts_send_digests(pace="daily") == 1
    assert [m.to for m in mail.outbox] == [[daily.user.email]]
    body = mail.outbox[0].body
    assert "Eerste klus" in body
    assert "Tweede klus" in body
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
    assert set(Match.objects.filter(profile=daily).values_list("delivery", flat=True)) == {Delivery.DIGESTED}
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts_send_digests(pace="daily") == 0
        assert alerts_send_digests(pace="weekly") == 1
    assert [m.to for m in mail.outbox][1:] == [[weekly.user.email]]


def test_it_leaves_closed_or_no_longer_visible_assignments_out_of_a_digest(
    taxonomy, django_capture_on_commit_callbacks
):
    daily = strong(taxonomy)
    NotificationPreference.objects.create(user=daily.user, matches="daily")
    item = posted(taxonomy)
    fan_out(item, django_capture_on_commit_callbacks)
    Assignment.objects.filter(pk=item.pk).update(audience=Assignment.Audience.ORGANISATION)
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts_send_digests(pace="daily") == 0
    assert mail.outbox == []
    assert Match.objects.get().delivery == Delivery.SKIPPED


def test_it_sends_no_digest_to_someone_who_turned_alerts_off(taxonomy, django_capture_on_commit_callbacks):
    person = strong(taxonomy)
    preference = NotificationPreference.objects.create(user=person.user, matches="daily")
    fan_out(posted(taxonomy), django_capture_on_commit_callbacks)
    preference.matches = "off"
    preference.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts_send_digests(pace="daily") == 0
        assert alerts_send_digests(pace="weekly") == 0
    assert mail.outbox == []
    assert Match.objects.get().delivery == Delivery.SKIPPED


def test_it_schedules_digests_at_eight_in_amsterdam():
    schedule = celery_app.conf.beat_schedule
    daily = schedule["matching-daily-digest"]["schedule"]
    weekly = schedule["matching-weekly-digest"]["schedule"]
    assert daily.hour == {8} and daily.minute == {0}
    assert weekly.hour == {8} and weekly.day_of_week == {1}
    assert celery_app.conf.timezone == "Europe/Amsterdam"
    assert "matching-fanout-sweep" in schedule


def test_it_reads_only_known_search_params():
    assert search_params("?q=omgevingswet&page=2&field_of_work=ro&field_of_work=&hours_max=16") == {
        "q": ["omgevingswet"],
        "field_of_work": ["ro"],
        "hours_max": ["16"],
    }


def test_it_finds_assignments_by_saved_search_params(taxonomy):
    item = posted(taxonomy, title="Projectleider omgevingswet", hours_per_week=16, region=mf.region())
    other = posted(taxonomy, title="Jurist sociaal domein", hours_per_week=32, description="Jeugdzorg en Wmo.")
    assignment_search_refresh(assignment_ids=[item.pk, other.pk])  # as publishing does
    qs = Assignment.objects.all()
    assert set(filtered(qs, "hours_max=20")) == {item}
    assert set(filtered(qs, "region=noord-brabant")) == {item}
    assert set(filtered(qs, "expertise=omgevingswet")) == {item, other}
    assert set(filtered(qs, "engagement_form=zpp")) == set()
    assert set(filtered(qs, "field_of_work=ruimtelijke-ordening")) == {item, other}
    saved = mf.saved_search(factories.UserFactory(), "q=omgevingswet")
    assert saved_search_finds(saved, item)
    assert not saved_search_finds(saved, other)


def test_it_alerts_saved_searches_once_and_not_on_top_of_a_match(taxonomy, django_capture_on_commit_callbacks):
    searcher = factories.UserFactory(email="zoeker@example.com")
    mf.saved_search(searcher, "q=omgevingswet", name="Omgevingswet")
    mf.saved_search(searcher, "hours_max=20", name="Klein")
    mf.saved_search(factories.UserFactory(), "q=jeugdzorg")
    matched = strong(taxonomy)
    mf.saved_search(matched.user, "q=omgevingswet")
    item = posted(taxonomy, title="Projectleider omgevingswet")
    fan_out(item, django_capture_on_commit_callbacks)
    assert list(SavedSearchHit.objects.values_list("saved_search__user", flat=True)) == [searcher.pk]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([searcher.email, matched.user.email])
    notice = Notification.objects.get(recipient=searcher)
    assert notice.kind == "alerts.saved_search"
    assert "Omgevingswet" in notice.subject


def test_it_does_not_alert_saved_searches_of_people_who_may_not_see_it(taxonomy, django_capture_on_commit_callbacks):
    mf.saved_search(factories.UserFactory(), "")
    fan_out(posted(taxonomy, audience="platform"), django_capture_on_commit_callbacks)
    assert not SavedSearchHit.objects.exists()
    assert mail.outbox == []


def test_the_batch_matcher_finds_what_the_query_finds(taxonomy, django_assert_max_num_queries):
    """``SavedSearchMatcher`` (Python, for the fan-out) against the /klussen/ FilterSet (SQL), 400 searches."""
    import random
    from urllib.parse import urlencode

    from assignments.services.posting import assignment_search_refresh
    from matching.saved_searches import SavedSearchMatcher

    items = [
        posted(
            taxonomy, title="Projectleider omgevingswet", hours_per_week=16, region=mf.region(), remote_option="remote"
        ),
        posted(
            taxonomy,
            title="Jurist sociaal domein",
            description="Jeugdzorg en Wmo.",
            hours_per_week=32,
            region=mf.region("utrecht"),
            engagement=("zpp", "secondment"),
        ),
        posted(taxonomy, title="Adviseur energietransitie", hours_per_week=8, field_of_work=None, engagement=()),
    ]
    items[2].expertise.set(taxonomy["expertise"][:1])
    assignment_search_refresh(assignment_ids=[item.pk for item in items])
    choices = {
        "q": ["omgevingswet", "jeugdzorg", "energietransitie", "projectleider jurist", "wmo"],
        "field_of_work": ["ruimtelijke-ordening", "sociaal-domein"],
        "expertise": ["omgevingswet", "participatie", "beleidsadvies", "onbekend"],
        "engagement_form": ["zpp", "secondment", "pro-bono"],
        "region": ["noord-brabant", "utrecht", "zeeland"],
        "remote": ["remote", "on-site", "hybrid"],
        "organisation": [*sorted({item.organisation.slug for item in items}), "elders"],
        "hours_max": ["8", "16", "20", "40"],
    }
    rng = random.Random(7)
    searches = []
    for _ in range(400):
        names = rng.sample(sorted(choices), rng.randint(1, 3))
        drawn = {name: rng.sample(choices[name], rng.randint(1, 2)) for name in names}
        searches.append(search_params(normalised_query(urlencode(drawn, doseq=True))))  # as they are saved
    for item in items:
        expected = [
            filtered(Assignment.objects.filter(pk=item.pk), urlencode(params, doseq=True)).exists()
            for params in searches
        ]
        # Two queries for the facts, then on PostgreSQL the vector and one statement for every
        # text, however many searches and texts (SQLite: one query per 100 texts).
        with django_assert_max_num_queries(4 if connection.vendor == "postgresql" else 3):
            matcher = SavedSearchMatcher(item)
            matcher.prepare(searches)
            found = [matcher.finds(params) for params in searches]
        assert found == expected
        # Unprepared, ``finds`` asks for each new text itself, and gives the same answers.
        alone = SavedSearchMatcher(item)
        assert [alone.finds(params) for params in searches] == expected
        assert any(found) and not all(found)
