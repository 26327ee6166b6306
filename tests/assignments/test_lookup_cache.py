"""The filter forms' lookup tables are kept between requests and dropped when one changes."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.lib import lookups
from profiles.models import FieldOfWork
from tests.assignments.conftest import make_assignment

pytestmark = pytest.mark.django_db

LOOKUP_TABLES = (
    "profiles_fieldofwork",
    "profiles_engagementform",
    "profiles_corequality",
    "networks_region",
    "networks_organisation",
    "networks_network",
)


@pytest.fixture
def cached(settings):
    settings.LOOKUP_CACHE = True
    lookups.invalidate()
    yield
    lookups.invalidate()
    cache.delete(lookups.VERSION_KEY)


def _lookup_queries(client, path: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    sqls = [q["sql"] for q in ctx.captured_queries]
    lookup = [s for s in sqls if s.lstrip().upper().startswith("SELECT") and _reads_only_a_lookup_table(s)]
    return len(sqls), lookup


def _reads_only_a_lookup_table(sql: str) -> bool:
    head = sql.split(" WHERE ")[0].split(" ORDER BY ")[0]
    return any(f'FROM "{table}"' in head for table in LOOKUP_TABLES) and " JOIN " not in head


@pytest.mark.parametrize("path", ["/klussen/", "/professionals/"])
def test_the_second_request_reads_no_lookup_table(cast, client, cached, path):
    client.force_login(cast.users["member"])
    make_assignment(cast, "public")
    first, first_lookups = _lookup_queries(client, path)
    second, second_lookups = _lookup_queries(client, path)
    assert first_lookups, "the first request loads the tables"
    assert second_lookups == []
    assert second == first - len(first_lookups)


def test_without_a_shared_cache_nothing_is_kept(cast, client, settings):
    settings.LOOKUP_CACHE = False
    _lookup_queries(client, "/klussen/")
    _, again = _lookup_queries(client, "/klussen/")
    assert again


def test_a_new_field_of_work_shows_on_the_next_request(cast, client, cached, django_capture_on_commit_callbacks):
    _lookup_queries(client, "/klussen/")
    with django_capture_on_commit_callbacks(execute=True):
        FieldOfWork.objects.create(name="Kanarieteelt", slug="kanarieteelt")
    response = client.get("/klussen/")
    assert b"Kanarieteelt" in response.content


def test_a_change_in_another_process_shows_within_the_check_interval(cast, client, cached):
    _lookup_queries(client, "/klussen/")
    # Another process saved a row: the shared version changes, this process's rows do not know.
    FieldOfWork.objects.bulk_create([FieldOfWork(name="Bijenhouderij", slug="bijenhouderij")])  # no signal
    cache.set(lookups.VERSION_KEY, "changed elsewhere", None)
    lookups._state["checked"] = 0.0  # the check interval has passed
    assert b"Bijenhouderij" in client.get("/klussen/").content


def test_a_chosen_value_is_resolved_from_the_kept_rows(cast, client, cached):
    field = FieldOfWork.objects.create(name="Waterbeheer", slug="waterbeheer")
    make_assignment(cast, "public", field_of_work=field)
    client.get("/klussen/")
    response = client.get("/klussen/", {"field_of_work": "waterbeheer"})
    assert response.status_code == 200
    assert response.context["filter"].form.cleaned_data["field_of_work"] == field


# The filters' options (a hundred organisations, the networks, regions, fields …) are rendered once
# per selection and language, like the rows they come from.


def _option_builds(monkeypatch) -> list[str]:
    """The names of the kept fields whose options are built (``ChoiceWidget.optgroups``) from now on."""
    from django.forms.widgets import ChoiceWidget

    from marketplace.lib.filters import _PreloadedMixin

    built: list[str] = []
    original = ChoiceWidget.optgroups

    def counting(self, name, value, attrs=None):
        if isinstance(getattr(self.choices, "field", None), _PreloadedMixin):
            built.append(name)
        return original(self, name, value, attrs)

    monkeypatch.setattr(ChoiceWidget, "optgroups", counting)
    return built


@pytest.mark.parametrize("path", ["/klussen/", "/professionals/"])
def test_the_second_request_builds_no_kept_options(cast, client, cached, monkeypatch, path):
    client.force_login(cast.users["member"])
    built = _option_builds(monkeypatch)
    client.get(path)
    assert {"field_of_work", "organisation", "network", "region"} <= set(built)
    built.clear()
    assert client.get(path).status_code == 200
    assert built == []


def _filter_form(response) -> str:
    html = response.content.decode()
    start = html.index('<form class="filters"')
    return html[start : html.index("</form>", start)]


@pytest.mark.parametrize("path", ["/klussen/", "/professionals/"])
def test_kept_options_are_what_the_form_renders_for_each_selection(cast, client, settings, path):
    client.force_login(cast.users["member"])
    queries = [
        {},
        {"organisation": "gemeente-breda"},
        {"organisation": "gemeente-tilburg", "network": "zpp-brabant"},
        {"organisation": "bestaat-niet"},  # an error next to the field, nothing selected
        {"organisation": "gemeente-breda"},
    ]
    settings.LOOKUP_CACHE = False
    expected = [_filter_form(client.get(path, query)) for query in queries]
    settings.LOOKUP_CACHE = True
    lookups.invalidate()
    try:
        kept = [_filter_form(client.get(path, query)) for query in queries]
    finally:
        lookups.invalidate()
        cache.delete(lookups.VERSION_KEY)
    assert kept == expected
    assert '<option value="gemeente-breda" selected>' in kept[1]
    assert '<option value="gemeente-breda" selected>' not in kept[2]
    assert '<option value="gemeente-tilburg" selected>' in kept[2]
    assert 'aria-invalid="true"' in kept[3]


def test_kept_options_follow_the_language(cast, client, cached):
    dutch = _filter_form(client.get("/professionals/", HTTP_ACCEPT_LANGUAGE="nl"))
    english = _filter_form(client.get("/professionals/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "Zelfstandig publiek professional tegen publiek tarief (ZPP)" in dutch
    assert "Self-employed at a public rate (ZPP)" in english
    assert "Self-employed at a public rate (ZPP)" not in dutch


def test_a_new_organisation_is_an_option_on_the_next_request(cast, client, cached, django_capture_on_commit_callbacks):
    from tests import factories

    client.get("/professionals/")
    with django_capture_on_commit_callbacks(execute=True):
        factories.OrganisationFactory(name="Waterschap Aa en Maas", slug="waterschap-aa-en-maas")
    assert '<option value="waterschap-aa-en-maas">Waterschap Aa en Maas</option>' in _filter_form(
        client.get("/professionals/")
    )


def test_the_kept_options_key_holds_the_language_even_where_the_labels_do_not_differ(cast):
    from django.utils import translation

    from profiles.filters import ProfileFilter

    field = ProfileFilter().form.fields["organisation"]
    field.empty_label = "—"  # not translated: only the language tells the two renderings apart
    keys = set()
    for language in ("nl", "en"):
        with translation.override(language):
            keys.add(field.widget._kept_key("organisation", None, {"id": "id_organisation"}, None))
    assert None not in keys and len(keys) == 2
