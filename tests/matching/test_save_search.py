""" "Save this search" from any filtered /klussen/ page: named from its filters, an empty one confirmed."""

from __future__ import annotations

import pytest
from django.utils import translation

from matching.models import SavedSearch
from matching.saved_searches import describe, search_params

pytestmark = pytest.mark.django_db

FILTERED = "network=zpp-brabant&compensation=budget&place=Tilburg&hours_max=16&expertise=Data+analyse&page=2"


def test_the_klussen_page_links_any_filtered_search_to_saving_it(client, visitor):
    client.force_login(visitor)
    content = client.get(f"/klussen/?{FILTERED}").content.decode()
    assert "/mijn/zoekopdrachten/?query=" in content
    assert "compensation%3Dbudget" in content and "network%3Dzpp-brabant" in content


def test_a_saved_search_keeps_the_filters_and_is_named_from_them_in_words(client, visitor, network):
    client.force_login(visitor)
    with translation.override("en"):
        response = client.get(f"/mijn/zoekopdrachten/?query={FILTERED.replace('&', '%26')}")
    assert response.status_code == 200
    response = client.post("/mijn/zoekopdrachten/", {"name": "", "query": FILTERED})
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=visitor)
    assert search_params(saved.query) == {
        "expertise": ["Data analyse"],
        "hours_max": ["16"],
        "place": ["Tilburg"],
        "network": ["zpp-brabant"],
        "compensation": ["budget"],
    }
    assert saved.name == "ZPP Brabant · Data analyse · in Tilburg · Fixed budget · at most 16 hours"


def test_an_empty_search_is_refused_unless_confirmed_as_every_new_assignment(client, visitor):
    client.force_login(visitor)
    response = client.get("/mijn/zoekopdrachten/?query=page%3D2")
    assert "no filters" in response.content.decode() or "geen filters" in response.content.decode()
    response = client.post("/mijn/zoekopdrachten/", {"name": "", "query": "page=2&sort=newest"})
    assert response.status_code == 200
    assert not SavedSearch.objects.exists()
    response = client.post("/mijn/zoekopdrachten/", {"name": "", "query": "page=2", "every_new": "on"})
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=visitor)
    assert saved.query == ""
    with translation.override("nl"):
        assert describe({}) == "Elke nieuwe klus"


def test_a_search_with_an_unknown_network_keeps_no_filter_for_it(client, visitor):
    client.force_login(visitor)
    response = client.post("/mijn/zoekopdrachten/", {"name": "x", "query": "network=bestaat-niet"})
    assert response.status_code == 200  # nothing the page would filter on: refused as empty
    assert not SavedSearch.objects.exists()


def test_the_suggested_name_describes_only_the_filters_that_will_be_saved(client, visitor):
    # "From 20 to 10 hours" is refused next to the field on /klussen/; the search saved from there
    # keeps "at least 20 hours" only, and the name offered must not promise the other half.
    client.force_login(visitor)
    with translation.override("en"):
        page = client.get("/mijn/zoekopdrachten/?query=hours_min%3D20%26hours_max%3D10%26place%3DTilburg")
    assert 'value="in Tilburg · at least 20 hours"' in page.content.decode()
    client.post("/mijn/zoekopdrachten/", {"name": "", "query": "hours_min=20&hours_max=10&place=Tilburg"})
    saved = SavedSearch.objects.get(user=visitor)
    assert search_params(saved.query) == {"hours_min": ["20"], "place": ["Tilburg"]}


def test_the_same_search_saved_twice_is_said_and_kept_once(client, visitor):
    client.force_login(visitor)
    client.post("/mijn/zoekopdrachten/", {"name": "Tilburg", "query": "place=Tilburg&hours_min=20"})
    # The same filters in another order, with a refused range: the same search once normalised.
    response = client.post("/mijn/zoekopdrachten/", {"name": "", "query": "hours_max=10&hours_min=20&place=Tilburg"})
    assert response.status_code == 200
    assert "You have saved this search already, as “Tilburg”." in response.content.decode()
    assert SavedSearch.objects.filter(user=visitor).count() == 1


def test_a_search_saved_already_is_said_even_when_the_places_are_full(client, visitor):
    client.force_login(visitor)
    for n in range(25):
        SavedSearch.objects.create(user=visitor, name=f"Zoekopdracht {n}", query=f"place=Plaats{n}")
    response = client.post("/mijn/zoekopdrachten/", {"name": "", "query": "place=Plaats3"})
    assert "You have saved this search already, as “Zoekopdracht 3”." in response.content.decode()
    assert SavedSearch.objects.filter(user=visitor).count() == 25
