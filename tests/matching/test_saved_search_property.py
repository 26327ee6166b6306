"""A saved search finds what /klussen/ finds: the fan-out's matcher against the FilterSet, by property.

Random parameter sets over every parameter of the /klussen/ filter form (multi-word, mixed-case
expertise names, networks, compensation, place, hours, dates, and values the form refuses) are
saved as the app saves them (``normalised_query``) and then asked of both
``SavedSearchMatcher.finds`` (Python, batched, for the fan-out) and the FilterSet on the one
assignment (SQL). They must agree on every assignment of a small world.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assignments.models import Assignment
from assignments.services.posting import assignment_search_refresh
from matching.saved_searches import SAVED_PARAMS, SavedSearchMatcher, filtered, normalised_query, search_params
from tests import factories
from tests.matching import factories as mf

pytestmark = pytest.mark.django_db

EXPERTISE = ["Data analyse", "Omgevingswet", "Sociaal Domein en jeugd"]
D = datetime.date


@pytest.fixture
def world(organisation, other_organisation, network):
    """Assignments differing in every filtered attribute; one posted into the network, one by a participant."""
    fields = [mf.FieldOfWorkFactory(name="Ruimte en wonen"), mf.FieldOfWorkFactory(name="Sociaal domein")]
    skills = [mf.ExpertiseFactory(name=name, slug=name.lower().replace(" ", "-")) for name in EXPERTISE]
    rows = [
        {
            "organisation": organisation,  # participates in the network
            "title": "Projectleider omgevingswet",
            "field_of_work": fields[0],
            "region": mf.region(),
            "remote_option": "remote",
            "compensation": "public-rate",
            "place": "Den Bosch",
            "hours_per_week": 16,
            "start_date": D(2027, 1, 1),
            "end_date": D(2027, 6, 30),
            "expertise": skills[:2],
            "engagement": ("zpp",),
        },
        {
            "organisation": other_organisation,
            "networks": [network],
            "title": "Data-analist sociaal domein",
            "description": "Jeugdzorg en Wmo.",
            "field_of_work": fields[1],
            "region": mf.region("utrecht"),
            "remote_option": "hybrid",
            "compensation": "budget",
            "budget": 20000,
            "place": "Utrecht",
            "hours_per_week": 32,
            "start_date": D(2027, 3, 1),
            "end_date": None,
            "expertise": skills[1:],
            "engagement": ("secondment", "zpp"),
        },
        {
            "organisation": other_organisation,
            "title": "Adviseur energietransitie",
            "field_of_work": None,
            "region": None,
            "remote_option": "on-site",
            "compensation": "pro-bono",
            "place": "",
            "hours_per_week": 8,
            "start_date": None,
            "end_date": None,
            "expertise": [],
            "engagement": ("secondment",),
        },
        {
            "organisation": organisation,
            "networks": [network],
            "title": "Spreker congres omgevingswet",
            "field_of_work": fields[0],
            "region": mf.region(),
            "remote_option": "on-site",
            "compensation": "pro-bono",
            "place": "Den Bosch",
            "work_format": "speaking",  # a short format: dagdelen, no hours a week
            "hours_per_week": None,
            "dagdelen": 1,
            "start_date": D(2027, 2, 1),
            "end_date": D(2027, 2, 1),
            "expertise": skills[1:2],
            "engagement": ("pro-bono",),
        },
    ]
    items = [mf.assignment(**row) for row in rows]
    assignment_search_refresh(assignment_ids=[item.pk for item in items])
    return items


def _casings(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from([name, name.lower(), name.upper(), name.title(), f"  {name.lower()}  ", name.swapcase()])


def params_strategy(org_slugs: list[str]) -> st.SearchStrategy[dict[str, list[str]]]:
    values = {
        "q": st.sampled_from(["omgevingswet", "jeugdzorg", "energietransitie", "projectleider data", "wmo", "zzz"]),
        "field_of_work": st.sampled_from(["ruimte-en-wonen", "sociaal-domein", "onbekend"]),
        "expertise": st.one_of(*[_casings(name) for name in EXPERTISE], st.just("Onbekend vak")),
        "engagement_form": st.sampled_from(["zpp", "secondment", "hire", "nope"]),
        "hours_min": st.sampled_from(["8", "16", "17", "32", "33", "veel"]),
        "hours_max": st.sampled_from(["7", "8", "16", "31", "40", "12.5"]),
        "available_from": st.sampled_from(["2027-01-15", "2027-07-01", "2026-01-01", "geen datum"]),
        "available_until": st.sampled_from(["2026-12-31", "2027-01-01", "2027-02-28", "2027-03-01"]),
        "remote": st.sampled_from(["remote", "hybrid", "on-site", "anywhere"]),
        "region": st.sampled_from(["noord-brabant", "utrecht", "zeeland", "nergens"]),
        "place": st.sampled_from(["bosch", "UTRECHT", "den", "Amsterdam"]),
        "organisation": st.sampled_from([*org_slugs, "elders"]),
        "network": st.sampled_from(["zpp-brabant", "geen-netwerk"]),
        "compensation": st.sampled_from(["public-rate", "budget", "pro-bono", "gratis"]),
        "work_format": st.sampled_from(["regular", "speaking", "coaching", "lezing"]),
        "sort": st.sampled_from(["newest", "relevance", "deadline"]),
    }
    assert set(values) == set(SAVED_PARAMS)  # every parameter of the form is drawn
    names = st.lists(st.sampled_from(sorted(values)), min_size=1, max_size=4, unique=True)
    return names.flatmap(
        lambda chosen: st.fixed_dictionaries({name: st.lists(values[name], min_size=1, max_size=2) for name in chosen})
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_fanout_matcher_finds_exactly_what_the_klussen_filter_finds(world, data):
    params = data.draw(params_strategy(sorted({item.organisation.slug for item in world})))
    query = normalised_query(urlencode(params, doseq=True))
    saved = search_params(query)
    for item in world:
        expected = filtered(Assignment.objects.filter(pk=item.pk), query).exists()
        assert SavedSearchMatcher(item).finds(saved) == expected, (params, query, item.title)


def test_a_saved_search_keeps_every_filter_of_the_page():
    query = (
        "network=zpp-brabant&compensation=budget&place=Tilburg&hours_min=8&hours_max=16"
        "&available_from=2027-01-01&expertise=Data+analyse&page=3"
    )
    factories.NetworkFactory(name="ZPP Brabant", slug="zpp-brabant")
    assert search_params(normalised_query(query)) == {
        "expertise": ["Data analyse"],
        "hours_min": ["8"],
        "hours_max": ["16"],
        "available_from": ["2027-01-01"],
        "place": ["Tilburg"],
        "network": ["zpp-brabant"],
        "compensation": ["budget"],
    }
