"""The scale data generator: refuses SQLite, refuses to run twice, same seed gives the same data.

Also the reaction steps (interests down the workflow, matches, saved searches), whole and with
``--only`` on data generated without them.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Max, Min

from assignments import facets as assignment_facets
from assignments.models import Assignment
from bench import scale
from marketplace.models import User
from matching.models import Delivery, Match, SavedSearch
from networks import employers
from networks.models import Employment, Membership
from placements.models import ConsentRequest, Interest, Introduction, Placement, Reference
from profiles import audience
from profiles import facets as profile_facets
from profiles.models import Profile

postgres_only = pytest.mark.skipif(not settings.IS_POSTGRES, reason="the generator needs PostgreSQL")
ANCHOR = dt.date(2026, 11, 1)


def _digest() -> str:
    rows = [
        *User.objects.filter(email__startswith="gen.").order_by("email").values_list("email", "full_name"),
        *Profile.objects.order_by("code").values_list("code", "headline", "visibility"),
        *Assignment.objects.order_by("code").values_list("code", "title", "status", "audience", "deadline"),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest() + _reactions_digest()


def _reactions_digest() -> str:
    """The reaction steps' rows by natural keys (ids differ between runs)."""
    rows = [
        *Interest.objects.order_by("code").values_list(
            "code", "assignment__code", "professional__email", "status", "motivation", "created_at"
        ),
        *Introduction.objects.order_by("code").values_list("code", "interest__code", "starts_at"),
        *Placement.objects.order_by("code").values_list("code", "interest__code", "status", "start_date"),
        *ConsentRequest.objects.order_by("nonce").values_list("nonce", "placement__code", "decision"),
        *Reference.objects.order_by("code").values_list("code", "placement__code", "direction", "rating"),
        *Match.objects.order_by("assignment__code", "profile__code").values_list(
            "assignment__code", "profile__code", "score", "reasons", "delivery"
        ),
        *SavedSearch.objects.order_by("code").values_list("code", "user__email", "name", "query"),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _without_reaction_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """Generate like the code before the reaction steps existed."""
    reaction_steps = {step for step, _ in scale.REACTION_STEPS.values()}
    monkeypatch.setattr(scale, "STEPS", [step for step in scale.STEPS if step not in reaction_steps])


@pytest.mark.django_db
@pytest.mark.skipif(settings.IS_POSTGRES, reason="checks the SQLite refusal")
def test_it_refuses_sqlite_with_a_clear_message():
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("generate_scale_data", "--profiles", "10", "--assignments", "1", "--quiet")


@postgres_only
@pytest.mark.django_db
def test_it_generates_every_table_and_refuses_a_second_run():
    call_command(
        "generate_scale_data", "--profiles", "60", "--assignments", "20", "--anchor-date", "2026-11-01", "--quiet"
    )

    assert Profile.objects.count() == 60
    assert Assignment.objects.count() == 20
    assert Employment.objects.count() > 0
    assert Membership.objects.exists()
    assert not Profile.objects.filter(search_vector__isnull=True).exists()
    assert not Assignment.objects.filter(search_vector__isnull=True).exists()
    assert not User.objects.filter(email__startswith="gen.").first().has_usable_password()
    # The maintained audience is built in bulk and equals what the rule derives (issue 17 item 1).
    ids = list(Profile.objects.values_list("pk", flat=True))
    assert audience.stored(ids) == audience.derive(ids) and audience.stored(ids)
    # Each membership carries its member's employer, as networks.employers keeps it.
    assert Membership.objects.filter(employer__isnull=False).exists()
    assert employers.repair(dry_run=True) == 0
    # The filter keys of profiles and assignments are written from the links they copied.
    assert Assignment.objects.exclude(facet_keys="").exists() and Profile.objects.exclude(facet_keys="").exists()
    assert assignment_facets.repair(dry_run=True) == profile_facets.repair(dry_run=True) == 0
    with pytest.raises(CommandError, match="already exists"):
        call_command("generate_scale_data", "--profiles", "60", "--assignments", "20", "--quiet")


@postgres_only
@pytest.mark.django_db
def test_it_gives_the_same_data_for_the_same_seed():
    scale.generate(profiles=40, assignments=10, seed=3, anchor=ANCHOR, progress=scale.Progress(quiet=True))
    first = _digest()
    scale.clear(scale.Progress(quiet=True))
    assert not User.objects.filter(email__startswith="gen.").exists()
    scale.generate(profiles=40, assignments=10, seed=3, anchor=ANCHOR, progress=scale.Progress(quiet=True))

    assert _digest() == first


@postgres_only
@pytest.mark.django_db
def test_it_makes_reactions_in_every_status_matches_and_saved_searches():
    scale.generate(profiles=600, assignments=300, seed=5, anchor=ANCHOR, progress=scale.Progress(quiet=True))

    open_ids = set(Assignment.objects.filter(status=Assignment.Status.OPEN).values_list("pk", flat=True))
    on_open = Interest.objects.filter(assignment__in=open_ids).count()
    assert 3 <= on_open / len(open_ids) <= 7  # ~5 reactions per open assignment
    assert set(Interest.objects.values_list("status", flat=True)) == set(Interest.Status.values)
    assert not Interest.objects.filter(assignment__status=Assignment.Status.DRAFT).exists()
    # Zipf over assignments: the busiest assignment has several times the average.
    counts = sorted(
        Assignment.objects.filter(pk__in=open_ids).annotate(n=Count("interests")).values_list("n", flat=True)
    )
    assert counts[-1] >= 3 * (sum(counts) / len(counts))
    # Down the workflow: an introduction for every reaction at that stage, a placement per selected one.
    staged = Interest.objects.filter(status=Interest.Status.INTRODUCTION)
    assert Introduction.objects.filter(interest__in=staged).values("interest").distinct().count() == staged.count()
    assert Placement.objects.count() == Interest.objects.filter(status=Interest.Status.SELECTED).count()
    assert set(Placement.objects.values_list("status", flat=True)) == set(Placement.Status.values)
    assert ConsentRequest.objects.filter(decision=ConsentRequest.Decision.CONSENTED).exists()
    assert Reference.objects.filter(placement__status=Placement.Status.COMPLETED).count() == Reference.objects.count()
    assert Reference.objects.exists()
    # Matches only on published assignments, for people open to assignments, scored 50 to 100.
    assert Match.objects.count() > 0
    assert not Match.objects.exclude(assignment__status__in=Assignment.PUBLISHED).exists()
    assert not Match.objects.filter(profile__open_to_assignments=False).exists()
    scores = Match.objects.aggregate(low=Min("score"), high=Max("score"))
    assert scores["low"] >= 50 and scores["high"] <= 100
    assert set(Match.objects.values_list("delivery", flat=True)) >= {
        Delivery.NOTIFIED,
        Delivery.DIGEST,
        Delivery.SKIPPED,
    }
    # People only react to and match assignments they may see (organisation audience: employees).
    internal = Interest.objects.filter(assignment__audience=Assignment.Audience.ORGANISATION)
    assert not internal.exclude(professional__employment__organisation=F("assignment__organisation")).exists()
    assert 0.04 <= SavedSearch.objects.values("user").distinct().count() / Profile.objects.count() <= 0.12
    assert not SavedSearch.objects.filter(query="").exists()


@postgres_only
@pytest.mark.django_db
def test_only_extends_older_data_with_the_same_rows_as_a_full_run(monkeypatch):
    scale.generate(profiles=200, assignments=60, seed=9, anchor=ANCHOR, progress=scale.Progress(quiet=True))
    full_run = _reactions_digest()
    scale.clear(scale.Progress(quiet=True))
    with monkeypatch.context() as patched:
        _without_reaction_steps(patched)
        scale.generate(profiles=200, assignments=60, seed=9, anchor=ANCHOR, progress=scale.Progress(quiet=True))
    assert not Interest.objects.exists() and not Match.objects.exists() and not SavedSearch.objects.exists()

    call_command(
        "generate_scale_data", "--only", "reactions,matches,saved_searches", "--seed", "9",
        "--anchor-date", ANCHOR.isoformat(), "--quiet",
    )  # fmt: skip

    assert Interest.objects.exists() and Match.objects.exists() and SavedSearch.objects.exists()
    assert _reactions_digest() == full_run


@postgres_only
@pytest.mark.django_db
def test_only_skips_steps_already_done_and_replaces_them_with_clear(capsys):
    scale.generate(profiles=150, assignments=40, seed=2, anchor=ANCHOR, progress=scale.Progress(quiet=True))
    before = _reactions_digest()
    counts = (Interest.objects.count(), Match.objects.count(), SavedSearch.objects.count())

    call_command("generate_scale_data", "--only", "reactions,matches", "--seed", "2", "--quiet")
    assert "reactions skipped, matches skipped" in capsys.readouterr().out
    assert (Interest.objects.count(), Match.objects.count(), SavedSearch.objects.count()) == counts

    call_command(
        "generate_scale_data", "--only", "matches,reactions", "--clear", "--seed", "2",
        "--anchor-date", ANCHOR.isoformat(), "--quiet",
    )  # fmt: skip
    assert "reactions replaced, matches replaced" in capsys.readouterr().out
    assert _reactions_digest() == before


@postgres_only
@pytest.mark.django_db
def test_only_refuses_without_generated_data_and_unknown_steps():
    with pytest.raises(CommandError, match="without --only first"):
        call_command("generate_scale_data", "--only", "reactions", "--quiet")
    scale.generate(profiles=30, assignments=10, seed=1, anchor=ANCHOR, progress=scale.Progress(quiet=True))
    with pytest.raises(CommandError, match="Unknown step"):
        call_command("generate_scale_data", "--only", "reactions,placements", "--quiet")


@pytest.mark.django_db
@pytest.mark.skipif(not settings.IS_POSTGRES, reason="drops and builds PostgreSQL indexes")
def test_deferred_indexes_drops_the_secondary_indexes_for_the_load_and_builds_them_again():
    """A large generation (``DEFER_INDEXES_FROM`` profiles and more) loads without its secondary indexes."""
    from django.db import connection

    def indexes() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'assignments_assignment'")
            return {name for (name,) in cursor.fetchall()}

    before = indexes()
    assert "assignments_assignment_search_vector_gin" in before
    with scale.deferred_indexes(["assignments_assignment"], scale.Progress(quiet=True)):
        during = indexes()
        assert "assignments_assignment_search_vector_gin" not in during
        assert "assignments_assignment_pkey" in during and "assignments_assignment_code_key" in during
    assert indexes() == before
