"""The scale data generator: refuses SQLite, refuses to run twice, same seed gives the same data."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from assignments.models import Assignment
from bench import scale
from marketplace.models import User
from networks.models import Employment, Membership
from profiles.models import Profile

postgres_only = pytest.mark.skipif(not settings.IS_POSTGRES, reason="the generator needs PostgreSQL")
ANCHOR = dt.date(2026, 11, 1)


def _digest() -> str:
    rows = [
        *User.objects.filter(email__startswith="gen.").order_by("email").values_list("email", "full_name"),
        *Profile.objects.order_by("code").values_list("code", "headline", "visibility"),
        *Assignment.objects.order_by("code").values_list("code", "title", "status", "audience", "deadline"),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


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
