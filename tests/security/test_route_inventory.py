"""Deny by default: every route is classified, and every non-public route needs a login."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.security.routes import API, LOGIN, PUBLIC, ROUTES, TOKEN, UNNAMED_ALLOWED, UNTYPED_PARAMETERS_ALLOWED


def walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = ":".join(filter(None, [namespace, pattern.name or ""]))
            yield prefix + str(pattern.pattern), name, pattern


def site_routes():
    """Every route but Django's admin (which is behind is_staff and allauth's login)."""
    return [r for r in walk(get_resolver().url_patterns) if not r[0].startswith("admin/")]


def sample_path(route: str) -> str:
    """A concrete path for a route: typed parameters filled with values that exist nowhere."""
    fillers = {"uuid": str(uuid.uuid4()), "int": "999999", "slug": "bestaat-niet", "str": "x", "path": "x"}
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: fillers[m.group(1) or "str"], route)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "x-x", path).replace("^", "").replace("$", "")
    return "/" + path


def test_every_route_is_classified():
    names = {name for _, name, _ in site_routes() if name}

    assert names - set(ROUTES) == set(), "classify new routes in tests/security/routes.py"
    assert set(ROUTES) - names == set(), "remove routes that no longer exist from tests/security/routes.py"


def test_every_route_has_a_name():
    assert [route for route, name, _ in site_routes() if not name] == list(UNNAMED_ALLOWED)


@pytest.mark.django_db
@pytest.mark.parametrize("route", list(UNNAMED_ALLOWED))
def test_unnamed_routes_only_redirect_to_named_ones(client, visitor, route):
    anonymous = client.get("/" + route)
    client.force_login(visitor)
    response = client.get("/" + route)

    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"] == "/accounts/3rdparty/" + route.removeprefix("accounts/social/").replace(
        "connections/", ""
    )


@pytest.mark.parametrize(("route", "name", "pattern"), site_routes(), ids=lambda v: v if isinstance(v, str) else "")
def test_only_public_routes_skip_the_login(route, name, pattern):
    opens_without_login = getattr(pattern.callback, "login_required", True) is False

    assert opens_without_login == (ROUTES.get(name) in {PUBLIC, TOKEN, API}), name


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, kind in ROUTES.items() if kind == LOGIN), ids=str)
def test_anonymous_visitors_are_sent_to_login(client, name):
    route = next(route for route, n, _ in site_routes() if n == name)

    response = client.get(sample_path(route))

    assert response.status_code == 302, name
    assert response["Location"].startswith("/accounts/login/"), name


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, kind in ROUTES.items() if kind == API), ids=str)
@pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
def test_api_routes_refuse_a_request_without_a_key(client, name, method):
    route = next(route for route, n, _ in site_routes() if n == name)

    response = getattr(client, method)(sample_path(route))

    assert response.status_code == 401, name
    assert response["Content-Type"] == "application/problem+json", name


def test_object_parameters_are_typed():
    untyped = []
    for route, name, _ in site_routes():
        parameters = re.findall(r"<(?:(\w+):)?(\w+)>", route)
        if (
            any(converter in {"", "str", "path"} for converter, _ in parameters)
            and name not in UNTYPED_PARAMETERS_ALLOWED
        ):
            untyped.append(name)
    assert untyped == []
