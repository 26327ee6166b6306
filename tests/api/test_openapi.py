"""The OpenAPI document and the code must agree: routes, parameters, answers, headers.

The document is generated from the code (drf-spectacular), so these tests catch what generation
cannot: a route missing from the document, a parameter documented but not read (or read but not
documented), an answer whose body or status the document does not describe. ``make lint-api``
checks the same document against the NL GOV API Design Rules.
"""

from __future__ import annotations

import copy
import json
import re
from io import StringIO
from typing import Any

import jsonschema
import pytest
from django.core.management import call_command
from django.urls import URLPattern, get_resolver

from api.v1.filters import PARAMETERS
from assignments.filters import AssignmentFilter
from assignments.models import Assignment
from tests import factories
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def api_routes() -> set[str]:
    """The API's paths as OpenAPI writes them: /klussen/{code}."""
    resolver = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "api")
    routes = set()
    for pattern in resolver.url_patterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name != "openapi":
            routes.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern)))
    return routes


def nullable_to_jsonschema(node: Any) -> Any:
    """OpenAPI 3.0's ``nullable`` in JSON Schema terms, so jsonschema can check answers."""
    if isinstance(node, list):
        return [nullable_to_jsonschema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {k: nullable_to_jsonschema(v) for k, v in node.items()}
    if node.pop("nullable", False):
        if "enum" in node:
            node["enum"] = [*node["enum"], None]
        if "type" in node:
            node["type"] = [node["type"], "null"]
        else:
            node = {"anyOf": [node, {"type": "null"}]}
    return node


def check(document: dict[str, Any], path: str, method: str, response) -> None:
    """``response`` is documented for ``path``/``method``: its status, media type, body and headers."""
    operation = document["paths"][path][method]
    documented = operation["responses"].get(str(response.status_code))
    assert documented is not None, f"{method.upper()} {path} answered {response.status_code}, not documented"
    media_type = response["Content-Type"].split(";")[0]
    assert media_type in documented["content"], (path, media_type)
    schema = documented["content"][media_type]["schema"]
    root = nullable_to_jsonschema({**copy.deepcopy(schema), "components": document["components"]})
    jsonschema.validate(response.json(), root, cls=jsonschema.Draft7Validator)
    for header in documented.get("headers", {}):
        assert header in response, (path, header)


def test_the_document_is_openapi_3_and_describes_this_version(document):
    assert document["openapi"].startswith("3.")
    assert document["info"]["version"] == "1.0.0"
    assert document["servers"][0]["url"].endswith("/api/v1")
    assert set(document["info"]["contact"]) >= {"name", "email", "url"}


def test_every_route_is_documented_and_every_documented_path_exists(document):
    assert set(document["paths"]) == api_routes()


def test_no_path_ends_with_a_slash(document):
    assert [path for path in document["paths"] if path.endswith("/")] == []


def test_the_served_document_is_what_ci_lints(document):
    out = StringIO()
    call_command("spectacular", format="openapi-json", stdout=out)

    assert json.loads(out.getvalue()) == document


def test_every_klussen_filter_is_a_documented_parameter_and_back(document):
    documented = {p["name"] for p in document["paths"]["/klussen"]["get"]["parameters"]}

    assert documented - {"page", "pageSize"} == set(PARAMETERS)
    assert set(PARAMETERS.values()) == set(AssignmentFilter.base_filters)
    assert all(re.fullmatch(r"[a-z][a-zA-Z0-9]*", name) for name in documented)


@pytest.fixture
def world(organisation, network):
    assignment = factories.AssignmentFactory(
        organisation=organisation, audience=Assignment.Audience.NETWORKS, networks=[network], start_date="2027-01-04"
    )
    factories.AssignmentFactory(organisation=organisation, deadline="2027-02-01", rate="95.50")
    return {"{code}": str(assignment.code), "{slug}": ""}


MISSING_CODE = "00000000-0000-4000-8000-000000000000"


def concrete(path: str, world: dict[str, str]) -> str:
    slug = "zpp-brabant" if path.startswith("/netwerken") else "gemeente-tilburg"
    return "/api/v1" + path.replace("{code}", world["{code}"]).replace("{slug}", slug)


def get_operations(document) -> list[tuple[str, str]]:
    return [(path, method) for path, ops in document["paths"].items() for method in ops if method == "get"]


def test_every_answer_is_what_the_document_says(client, document, world, api_key):
    for path, method in get_operations(document):
        url = concrete(path, world)
        check(document, path, method, client.get(url, **bearer(api_key)))
        check(document, path, method, client.get(url))  # 401
        if "{" in path:
            missing = url.replace("zpp-brabant", "nee").replace(world["{code}"], MISSING_CODE)
            check(document, path, method, client.get(missing, **bearer(api_key)))  # 404
    check(document, "/klussen", "get", client.get("/api/v1/klussen?hoursMin=x", **bearer(api_key)))  # 400


def test_the_version_header_is_what_the_document_says(client, document, api_key):
    header = client.get("/api/v1/klussen", **bearer(api_key))["API-Version"]

    assert header == document["info"]["version"]
    assert "API-Version" in document["paths"]["/klussen"]["get"]["responses"]["200"]["headers"]
