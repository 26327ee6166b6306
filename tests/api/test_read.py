"""GET /api/v1/klussen, /netwerken, /organisaties: visibility, filters, errors, pagination, limits."""

from __future__ import annotations

import uuid

import pytest
from rest_framework.settings import api_settings

from api.models import ApiClient
from assignments.models import Assignment
from assignments.services.posting import assignment_search_refresh
from profiles.models import Expertise
from tests import factories
from tests.api.conftest import bearer, issue_key

pytestmark = pytest.mark.django_db

A = Assignment


@pytest.fixture
def shown(organisation, network):
    return {
        "network": factories.AssignmentFactory(
            organisation=organisation, audience=A.Audience.NETWORKS, networks=[network], title="Netwerkklus"
        ),
        "public": factories.AssignmentFactory(organisation=organisation, title="Openbare klus", hours_per_week=8),
        "platform": factories.AssignmentFactory(organisation=organisation, audience=A.Audience.PLATFORM),
    }


@pytest.fixture
def hidden(organisation, other_organisation):
    elsewhere = factories.NetworkFactory(slug="elders")
    return {
        "organisation": factories.AssignmentFactory(organisation=organisation, audience=A.Audience.ORGANISATION),
        "other-network": factories.AssignmentFactory(
            organisation=other_organisation, audience=A.Audience.NETWORKS, networks=[elsewhere]
        ),
        "draft": factories.AssignmentFactory(organisation=organisation, status=A.Status.DRAFT),
    }


def codes(response) -> set[str]:
    return {row["id"] for row in response.json()["resultaten"]}


def test_it_lists_what_the_network_may_see(client, api_key, shown, hidden):
    response = client.get("/api/v1/klussen", **bearer(api_key))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert codes(response) == {str(a.code) for a in shown.values()}


def test_it_shows_an_assignment_in_detail(client, api_key, shown):
    assignment = shown["network"]

    response = client.get(f"/api/v1/klussen/{assignment.code}", **bearer(api_key))

    body = response.json()
    assert response.status_code == 200
    assert body["titel"] == "Netwerkklus"
    assert body["netwerken"] == ["zpp-brabant"]
    assert body["organisatie"] == {"id": "gemeente-tilburg", "naam": "Gemeente Tilburg"}
    assert body["_links"]["html"]["href"] == f"http://testserver/klussen/{assignment.code}/"


@pytest.mark.parametrize("which", ["organisation", "other-network", "draft"])
def test_an_invisible_assignment_answers_like_a_missing_one(client, api_key, hidden, which):
    invisible = client.get(f"/api/v1/klussen/{hidden[which].code}", **bearer(api_key))
    missing = client.get(f"/api/v1/klussen/{uuid.uuid4()}", **bearer(api_key))

    assert invisible.status_code == missing.status_code == 404
    assert invisible["Content-Type"] == "application/problem+json"
    assert invisible.json() == missing.json()


def test_another_networks_key_sees_only_public_and_platform(client, other_network_key, shown, hidden):
    response = client.get("/api/v1/klussen", **bearer(other_network_key))

    assert codes(response) == {str(shown["public"].code), str(shown["platform"].code)}


def test_it_filters_with_the_klussen_filters_in_camel_case(client, api_key, shown):
    response = client.get("/api/v1/klussen", {"hoursMax": 10}, **bearer(api_key))

    assert codes(response) == {str(shown["public"].code)}


def test_it_searches_like_klussen(client, api_key, shown):
    assignment_search_refresh(assignment_ids=[a.pk for a in shown.values()])  # PostgreSQL's stored vector
    response = client.get("/api/v1/klussen", {"q": "Netwerkklus"}, **bearer(api_key))

    assert codes(response) == {str(shown["network"].code)}


def test_invalid_filters_are_a_problem_with_the_parameters_named(client, api_key, shown):
    response = client.get("/api/v1/klussen", {"hoursMin": "veel", "remote": "maan"}, **bearer(api_key))

    body = response.json()
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert body["status"] == 400
    assert {p["name"] for p in body["invalidParams"]} == {"hoursMin", "remote"}


def test_it_paginates_with_links_in_body_and_header(client, api_key, organisation):
    for _ in range(3):
        factories.AssignmentFactory(organisation=organisation)

    response = client.get("/api/v1/klussen", {"pageSize": 1, "page": 2}, **bearer(api_key))

    body = response.json()
    assert body["totaal"] == 3
    assert len(body["resultaten"]) == 1
    assert body["_links"]["prev"]["href"] == "http://testserver/api/v1/klussen?pageSize=1"
    assert body["_links"]["next"]["href"] == "http://testserver/api/v1/klussen?page=3&pageSize=1"
    assert 'rel="next"' in response["Link"]
    assert body["_links"]["last"] == body["_links"]["next"]


def test_a_page_past_the_end_is_invalid_input(client, api_key, shown):
    response = client.get("/api/v1/klussen", {"page": 99}, **bearer(api_key))

    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "page"


@pytest.mark.parametrize("path", ["/api/v1/klussen", "/api/v1/netwerken", "/api/v1/organisaties"])
def test_every_answer_carries_the_version(client, api_key, path):
    assert client.get(path, **bearer(api_key))["API-Version"] == "1.0.0"
    assert client.get(path)["API-Version"] == "1.0.0"


@pytest.mark.parametrize(
    "headers",
    [{}, {"HTTP_AUTHORIZATION": "Bearer klm_nope"}, {"HTTP_AUTHORIZATION": "Basic eDp5"}],
    ids=["no key", "unknown key", "other scheme"],
)
def test_it_requires_a_valid_key(client, shown, headers):
    response = client.get("/api/v1/klussen", **headers)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response["Content-Type"] == "application/problem+json"
    assert "Netwerkklus" not in response.content.decode()


def test_a_revoked_key_is_refused(client, revoked_key, shown):
    assert client.get("/api/v1/klussen", **bearer(revoked_key)).status_code == 401


def test_an_expired_key_is_refused(client, network, coordinator, shown):
    key = issue_key(network, coordinator)
    ApiClient.objects.update(expires_at="2020-01-01T00:00Z")

    assert client.get("/api/v1/klussen", **bearer(key)).status_code == 401


def test_it_records_when_a_key_was_last_used(client, api_key):
    client.get("/api/v1/netwerken", **bearer(api_key))

    assert ApiClient.objects.get().last_used_at is not None


def test_keys_are_stored_as_hashes_only(api_key):
    row = ApiClient.objects.values().get()

    assert api_key not in {str(v) for v in row.values()}
    assert row["key_hint"] == api_key[:8]


def test_routes_have_no_trailing_slash(client, api_key):
    assert client.get("/api/v1/klussen/", **bearer(api_key)).status_code == 404


def test_writes_to_read_resources_are_refused(client, api_key):
    response = client.post("/api/v1/klussen", {}, content_type="application/json", **bearer(api_key))

    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"


def test_the_rate_limit_is_per_client(client, api_key, other_network_key, monkeypatch):
    monkeypatch.setitem(api_settings.DEFAULT_THROTTLE_RATES, "client", "2/min")
    monkeypatch.setattr("api.v1.auth.ClientRateThrottle.THROTTLE_RATES", api_settings.DEFAULT_THROTTLE_RATES)

    answers = [client.get("/api/v1/netwerken", **bearer(api_key)).status_code for _ in range(3)]
    limited = client.get("/api/v1/netwerken", **bearer(api_key))

    assert answers == [200, 200, 429]
    assert limited["Content-Type"] == "application/problem+json"
    assert int(limited["Retry-After"]) > 0
    assert client.get("/api/v1/netwerken", **bearer(other_network_key)).status_code == 200


def test_it_lists_networks_with_their_organisations(client, api_key, network):
    response = client.get("/api/v1/netwerken", **bearer(api_key))

    rows = {row["id"]: row for row in response.json()["resultaten"]}
    assert rows["zpp-brabant"]["organisaties"] == [{"id": "gemeente-tilburg", "naam": "Gemeente Tilburg"}]
    assert client.get("/api/v1/netwerken/zpp-brabant", **bearer(api_key)).json()["naam"] == "ZPP Brabant"
    assert client.get("/api/v1/netwerken/bestaat-niet", **bearer(api_key)).status_code == 404


def test_it_lists_organisations(client, api_key, organisation, other_organisation):
    response = client.get("/api/v1/organisaties", **bearer(api_key))

    assert {row["id"] for row in response.json()["resultaten"]} >= {"gemeente-tilburg", "gemeente-breda"}
    assert client.get("/api/v1/organisaties/gemeente-breda", **bearer(api_key)).json()["naam"] == "Gemeente Breda"


@pytest.mark.parametrize("path", ["/api/v1/klussen", "/api/v1/netwerken", "/api/v1/organisaties"])
def test_a_page_costs_a_fixed_number_of_queries(
    client, api_key, organisation, network, path, django_assert_max_num_queries
):
    expertise = Expertise.objects.create(name="Omgevingswet", slug="omgevingswet")
    for i in range(25):
        net = factories.NetworkFactory(slug=f"net-{i}")
        factories.ParticipationFactory(network=net, organisation=factories.OrganisationFactory(slug=f"org-{i}"))
        assignment = factories.AssignmentFactory(
            organisation=organisation, audience=A.Audience.NETWORKS, networks=[network, net]
        )
        assignment.expertise.set([expertise])

    # Key lookup, last used, viewer, count, page, and one per prefetched relation.
    with django_assert_max_num_queries(9):
        response = client.get(path, {"pageSize": 20}, **bearer(api_key))

    assert response.status_code == 200
    assert len(response.json()["resultaten"]) == 20
