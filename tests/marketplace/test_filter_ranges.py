"""Filters of the two list pages that take a number or a range: a wrong value is said next to its field.

Before, "at least -5 hours" filtered silently, and a range the wrong way round ("from May until
April") showed an empty list with no reason. A wrong field must not cost the others either: the
search stays ranked and the chosen sort stays.
"""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from profiles.models import FieldOfWork, Profile, Visibility
from profiles.services import profile_refresh_search
from tests import factories
from tests.html_forms import field_error, form_with

pytestmark = pytest.mark.django_db


def _profile(**kwargs):
    return factories.ProfileFactory(user=factories.employee(), visibility=Visibility.PUBLIC, **kwargs)


def _shown(response) -> list[str]:
    return [obj.code for obj in response.context["page"].object_list]


def _typed(response, name: str) -> str:
    return form_with(response.content, name).data()[name]


def test_the_directory_refuses_negative_hours_next_to_the_field_and_keeps_the_other_filters(client):
    field = FieldOfWork.objects.create(slug="water", name="Water")
    wanted = _profile(field_of_work=field, hours_per_week=8)
    _profile(hours_per_week=8)
    response = client.get(f"/professionals/?hours=-5&field_of_work={field.slug}")
    assert response.status_code == 200
    assert "0" in field_error(response.content, "id_hours")
    assert _typed(response, "hours") == "-5"
    assert _shown(response) == [wanted.code]


def test_the_directory_filters_on_hours_within_a_week(client):
    many = _profile(hours_per_week=24)
    _profile(hours_per_week=8)
    response = client.get("/professionals/?hours=20")
    assert field_error(response.content, "id_hours") == ""
    assert _shown(response) == [many.code]
    assert field_error(client.get("/professionals/?hours=169").content, "id_hours")


def _refuses_the_range(client, url: str, low: str, high: str, values: tuple[str, str], label: str) -> None:
    """``high`` below ``low`` is said next to ``high`` (naming ``low``), both kept as typed; equal is a range."""
    response = client.get(f"{url}?{low}={values[0]}&{high}={values[1]}")
    assert label in field_error(response.content, f"id_{high}")
    assert field_error(response.content, f"id_{low}") == ""
    assert (_typed(response, low), _typed(response, high)) == values
    same = client.get(f"{url}?{low}={values[0]}&{high}={values[0]}")
    assert field_error(same.content, f"id_{high}") == ""


def test_the_directory_refuses_a_period_that_ends_before_it_starts(client):
    _profile()
    _refuses_the_range(
        client, "/professionals/", "free_from", "free_until", ("2027-05-01", "2027-04-01"), "Available from"
    )


@pytest.mark.postgres
@pytest.mark.skipif(not settings.IS_POSTGRES, reason="ranking needs PostgreSQL")
def test_a_wrong_filter_leaves_the_search_ranked(client):
    # Created first, so the directory's own order (then the primary key) would show it first.
    bio_only = _profile(headline="Projectleider", bio="Eerder beleidsadviseur geweest.")
    exact = _profile(headline="Beleidsadviseur wonen")
    for profile in Profile.objects.all():
        profile_refresh_search(profile=profile)
    response = client.get("/professionals/?q=beleidsadviseur&hours=-5")
    assert field_error(response.content, "id_hours")
    assert _shown(response) == [exact.code, bio_only.code]


def _assignment(organisation, title: str, **kwargs):
    return factories.AssignmentFactory(organisation=organisation, title=title, **kwargs)


def test_the_assignment_list_refuses_negative_hours_and_a_range_the_wrong_way_round(client, organisation):
    _assignment(organisation, "Zestien uur", hours_per_week=16)
    _assignment(organisation, "Acht uur", hours_per_week=8)
    response = client.get("/klussen/?hours_min=-5")
    assert "0" in field_error(response.content, "id_hours_min")
    assert _typed(response, "hours_min") == "-5"
    _refuses_the_range(client, "/klussen/", "hours_min", "hours_max", ("20", "10"), "At least hours a week")
    response = client.get("/klussen/?hours_min=10&hours_max=20")
    assert field_error(response.content, "id_hours_max") == ""
    assert [a.title for a in response.context["page"].object_list] == ["Zestien uur"]


def test_the_assignment_list_refuses_a_period_that_ends_before_it_starts(client, organisation):
    _assignment(organisation, "Klus")
    dates = ("2027-05-01", "2027-04-01")
    _refuses_the_range(client, "/klussen/", "available_from", "available_until", dates, "Available from")


def test_a_wrong_filter_leaves_the_chosen_sort(client, organisation):
    soon = timezone.localdate() + datetime.timedelta(days=3)
    later = timezone.localdate() + datetime.timedelta(days=30)
    # The newest has the later deadline, so "newest first" and "deadline soonest" differ.
    _assignment(
        organisation, "Eerst geplaatst", deadline=soon, published_at=timezone.now() - datetime.timedelta(days=2)
    )
    _assignment(organisation, "Laatst geplaatst", deadline=later, published_at=timezone.now())
    response = client.get("/klussen/?sort=deadline&hours_min=-5")
    assert field_error(response.content, "id_hours_min")
    assert [a.title for a in response.context["page"].object_list] == ["Eerst geplaatst", "Laatst geplaatst"]


def test_the_range_messages_are_in_dutch(client, organisation):
    client.cookies["django_language"] = "nl"
    response = client.get("/klussen/?hours_min=20&hours_max=10&available_from=2027-05-01&available_until=2027-04-01")
    assert field_error(response.content, "id_hours_max") == "Dit mag niet minder zijn dan “Minimaal uren per week”."
    assert field_error(response.content, "id_available_until").startswith("Deze datum mag niet vóór “")
    assert "minstens 0" in field_error(client.get("/professionals/?hours=-5").content, "id_hours")
