"""Every demo assignment can be found by a word of its title (the search vector is kept by every write path)."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from assignments.models import Assignment
from marketplace.lib.search import text_search

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="Dutch full-text search needs PostgreSQL")
def test_it_finds_every_demo_assignment_by_a_word_of_its_title():
    call_command("seed_demo", stdout=io.StringIO())
    assignments = list(Assignment.objects.all())
    assert len(assignments) >= 20
    assert [a.title for a in assignments if a.search_vector is None] == []
    missed = []
    for assignment in assignments:
        word = max(assignment.title.split(), key=len).strip(".,:;()")
        found = text_search(Assignment.objects.filter(pk=assignment.pk), word, ["title"])
        if not found.exists():
            missed.append((assignment.title, word))
    assert missed == []
