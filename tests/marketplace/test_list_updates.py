"""The list pages that htmx updates in place: what the fragment says, and "back" to a pushed URL.

Each list pushes its filtered URL. The same URL answers with the results fragment (htmx) or the
whole page; after "back" to a URL htmx no longer holds it asks again with
``HX-History-Restore-Request`` and puts the answer in place of the page, so that must be the page.
"""

from __future__ import annotations

import pytest

from tests import factories
from tests.html_forms import field_error
from tests.networks.conftest import with_mfa

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
RESTORE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}


@pytest.fixture
def lists(client, coordinator, organisation):
    factories.ProfileFactory(user=factories.employee(organisation), visibility=3)
    factories.AssignmentFactory(organisation=organisation)
    client.force_login(with_mfa(coordinator))
    return ["/professionals/", "/klussen/", "/netwerken/zpp-brabant/beheer/leden/"]


def test_an_update_in_place_is_a_fragment_and_back_to_it_is_the_whole_page(client, lists):
    for url in lists:
        fragment = client.get(url, **HTMX)
        assert b"<html" not in fragment.content, url
        restored = client.get(url, **RESTORE)
        assert b"<html" in restored.content and b"<main" in restored.content, url
        for response in (fragment, restored, client.get(url)):
            vary = {part.strip().lower() for part in response["Vary"].split(",")}
            assert {"hx-request", "hx-history-restore-request"} <= vary, url


@pytest.mark.parametrize(
    ("url", "field", "label"),
    [
        ("/professionals/?hours=-5", "id_hours", "At least hours a week"),
        ("/klussen/?hours_min=20&hours_max=10", "id_hours_max", "At most hours a week"),
    ],
)
def test_an_update_in_place_names_the_filter_it_left_out(client, organisation, url, field, label):
    factories.ProfileFactory(user=factories.employee(organisation), visibility=3)
    factories.AssignmentFactory(organisation=organisation)
    # htmx swaps only the results: the form, and so the message next to the field, stays as it was.
    fragment = client.get(url, **HTMX).content.decode()
    assert 'role="alert"' in fragment
    assert f'<a class="utrecht-link" href="#{field}">{label}</a>: ' in fragment
    # The whole page has the message next to the field as well, and the same summary.
    page = client.get(url).content
    assert field_error(page, field)
    assert f'href="#{field}"'.encode() in page
    # Filters that are all usable give no summary.
    assert 'role="alert"' not in client.get(url.split("?")[0], **HTMX).content.decode()


def test_the_show_button_brings_the_results_into_view(client):
    # The button asks for the results itself, with the form's values, and scrolls to them.
    for url, label in (("/professionals/", "Show professionals"), ("/klussen/", "Show assignments")):
        page = client.get(url).content.decode()
        button = page[page.rfind("<button", 0, page.find(label)) : page.find(label)]
        assert f'hx-get="{url}"' in button and 'hx-include="closest form"' in button, url
        assert 'hx-swap="innerHTML show:#results:top"' in button, url


def test_the_member_list_names_the_filter_it_left_out(client, coordinator):
    client.force_login(with_mfa(coordinator))
    fragment = client.get("/netwerken/zpp-brabant/beheer/leden/?status=bestaat-niet", **HTMX).content.decode()
    assert 'role="alert"' in fragment and 'href="#id_status"' in fragment


def test_a_group_of_checkboxes_left_out_is_linked_to_the_group(client):
    # A checkbox group's label points at no single box (Django gives it no id_for_label): the link
    # goes to the group's own id, the element that holds the boxes.
    page = client.get("/professionals/?quality=bestaat-niet").content.decode()
    assert 'href="#id_quality"' in page and 'id="id_quality"' in page
    assert 'href="#"' not in page
