"""The leak crawl: outsiders crawl every page they can reach and must never meet a marker.

A world with internal assignments and non-public profiles whose texts carry unique markers is
built; then each kind of outsider requests every GET route (with every object's code filled in,
also the codes of objects they may not see), follows every link on the pages they get, and the
test fails if any marker appears in a body or a header. Forbidden objects must answer exactly
like missing ones.
"""

from __future__ import annotations

import re
import uuid
from collections import deque
from html.parser import HTMLParser

import pytest
from django.core import mail

from assignments.models import Assignment
from networks.models import Membership
from profiles.models import Visibility
from tests import factories
from tests.security.test_route_inventory import site_routes

pytestmark = pytest.mark.django_db

MAX_PAGES = 400
SKIP_PREFIXES = ("/accounts/logout", "/static/", "/admin/")


class LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key in {"href", "hx-get"} and value and value.startswith("/") and not value.startswith("//"):
                self.links.append(value.split("#")[0])


@pytest.fixture
def world(organisation, other_organisation, network):
    """Markers name who may see them; the personas below are outsiders to each."""
    insider = factories.employee(organisation, user__email="insider@tilburg.nl")
    factories.MembershipFactory(user=insider, network=network)
    assignments = {
        "MARKER-ASSIGNMENT-ORGANISATION": Assignment.Audience.ORGANISATION,
        "MARKER-ASSIGNMENT-NETWORK": Assignment.Audience.NETWORKS,
        "MARKER-ASSIGNMENT-PLATFORM": Assignment.Audience.PLATFORM,
    }
    objects = []
    for marker, audience in assignments.items():
        assignment = factories.AssignmentFactory(
            organisation=organisation,
            posted_by=insider,
            audience=audience,
            title=f"Klus {marker}",
            summary=f"Samenvatting {marker}",
            description=f"Omschrijving {marker}",
            networks=[network] if audience == Assignment.Audience.NETWORKS else None,
        )
        objects.append(assignment)
    objects.append(
        factories.AssignmentFactory(
            organisation=organisation,
            posted_by=insider,
            audience=Assignment.Audience.PUBLIC,
            status=Assignment.Status.DRAFT,
            title="Concept MARKER-ASSIGNMENT-DRAFT",
        )
    )
    public = factories.AssignmentFactory(organisation=organisation, title="Openbare klus voor iedereen")
    objects.append(public)
    profiles = {
        "MARKER-PROFILE-PRIVATE": Visibility.PRIVATE,
        "MARKER-PROFILE-NETWORK": Visibility.NETWORK,
        "MARKER-PROFILE-PLATFORM": Visibility.PLATFORM,
    }
    for marker, level in profiles.items():
        owner = factories.employee(organisation)
        factories.MembershipFactory(user=owner, network=network)
        objects.append(
            factories.ProfileFactory(
                user=owner,
                display_name=f"Persoon {marker}",
                headline=f"Kop {marker}",
                bio=f"Over mij {marker}",
                visibility=level,
                contact_visibility=Visibility.PRIVATE,
                phone="+31 6 MARKER-CONTACT-PHONE",
                contact_email="marker-contact-email@tilburg.nl",
            )
        )
    objects.append(
        factories.ProfileFactory(
            display_name="Openbaar Profiel",
            visibility=Visibility.PUBLIC,
            contact_visibility=Visibility.PRIVATE,
            phone="+31 6 MARKER-CONTACT-PUBLIC-PROFILE",
        )
    )
    # The organisation logs in through its own provider: its single sign-on pages are crawled too.
    identity_provider = factories.IdentityProviderFactory(organisation=organisation, slug="tilburg-sso")
    return {"objects": objects, "network": network, "identity_provider": identity_provider}


def outsiders(other_organisation):
    """Each kind of outsider, with a suspended member of the network among them."""
    suspended = factories.employee(other_organisation, user__email="suspended@breda.nl")
    return {
        "anonymous": None,
        "visitor": factories.UserFactory(email="visitor@gmail.com"),
        "outsider": factories.employee(other_organisation, user__email="outsider@breda.nl"),
        "suspended": suspended,
    }


def forbidden_markers(persona: str) -> list[str]:
    markers = [
        "MARKER-ASSIGNMENT-ORGANISATION",
        "MARKER-ASSIGNMENT-NETWORK",
        "MARKER-ASSIGNMENT-DRAFT",
        "MARKER-PROFILE-PRIVATE",
        "MARKER-PROFILE-NETWORK",
        "MARKER-CONTACT",
        "marker-contact-email",
    ]
    if persona in {"anonymous", "visitor"}:
        markers += ["MARKER-ASSIGNMENT-PLATFORM", "MARKER-PROFILE-PLATFORM"]
    return markers


def start_paths(world) -> list[str]:
    codes = [str(o.code) for o in world["objects"] if hasattr(o, "code")] + [str(uuid.uuid4())]
    paths = []
    for route, _name, _pattern in site_routes():
        if route.startswith(("accounts/logout", "admin/")) or "(?P" in route:
            continue
        parameters = re.findall(r"<(?:(\w+):)?(\w+)>", route)
        if not parameters:
            paths.append("/" + route)
        elif [c for c, _ in parameters] == ["uuid"]:
            paths += ["/" + re.sub(r"<uuid:\w+>", code, route) for code in codes]
        elif parameters == [("slug", "provider_id")]:
            paths.append("/" + re.sub(r"<slug:\w+>", world["identity_provider"].slug, route))
        elif [c for c, _ in parameters] == ["slug"]:
            paths.append("/" + re.sub(r"<slug:\w+>", world["network"].slug, route))
    return paths


def crawl(client, paths: list[str]) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = deque(paths)
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen or path.startswith(SKIP_PREFIXES):
            continue
        response = client.get(path)
        body = response.content.decode(errors="replace") if not response.streaming else ""
        seen[path] = body + "\n" + "\n".join(f"{k}: {v}" for k, v in response.headers.items())
        if "html" in response.get("Content-Type", ""):
            parser = LinkParser()
            parser.feed(body)
            queue.extend(link for link in parser.links if link not in seen)
    return seen


@pytest.mark.parametrize("persona", ["anonymous", "visitor", "outsider", "suspended"])
def test_no_marker_reaches_an_outsider(client, world, other_organisation, network, persona):
    user = outsiders(other_organisation)[persona]
    if persona == "suspended":
        factories.MembershipFactory(user=user, network=network, status=Membership.Status.SUSPENDED)
    if user is not None:
        client.force_login(user)

    pages = crawl(client, start_paths(world))

    assert len(pages) > 10
    assert {"/accounts/organisatie/", "/accounts/oidc/tilburg-sso/login/"} <= set(pages)
    leaks = {path: marker for path, text in pages.items() for marker in forbidden_markers(persona) if marker in text}
    assert leaks == {}
    assert [m for m in mail.outbox if any(k in m.body for k in forbidden_markers(persona))] == []


def normalise(response) -> str:
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID", text)


def normalise_location(response) -> str:
    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID", response["Location"])


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_forbidden_objects_answer_like_missing_ones(client, world, other_organisation, persona):
    user = outsiders(other_organisation)[persona]
    if user is not None:
        client.force_login(user)
    hidden = [o for o in world["objects"] if "MARKER" in (getattr(o, "title", "") + getattr(o, "display_name", ""))]
    detail_routes = [route for route, _, _ in site_routes() if re.fullmatch(r"[\w/-]*<uuid:\w+>/", route)]

    for route in detail_routes:
        missing = client.get("/" + re.sub(r"<uuid:\w+>", str(uuid.uuid4()), route))
        for obj in hidden:
            response = client.get("/" + re.sub(r"<uuid:\w+>", str(obj.code), route))
            if response.status_code == 200:
                continue  # visible to this persona through its audience (checked by the crawl)
            assert response.status_code == missing.status_code, route
            assert response.status_code in {302, 404}, route
            assert [t.name for t in response.templates] == [t.name for t in missing.templates], route
            assert normalise(response) == normalise(missing), route
            if response.status_code == 302:
                assert normalise_location(response) == normalise_location(missing), route


# The API: the same world, crawled by machines. A key acts for its network (what a verified
# member sees); without a valid key nothing but the public OpenAPI document answers.

API_PERSONAS = ["no key", "revoked key", "other network's key", "own network's key"]


def api_key_for(persona: str, network, other_organisation) -> str | None:
    from api.models import ApiClient
    from api.services import api_client_revoke
    from tests.api.conftest import issue_key

    if persona == "no key":
        return None
    coordinator = factories.employee(other_organisation, user__email="api-coordinator@breda.nl")
    if persona == "own network's key":
        return issue_key(network, coordinator)
    if persona == "revoked key":
        key = issue_key(network, coordinator, name="Ingetrokken")
        api_client_revoke(client=ApiClient.objects.get(name="Ingetrokken"), actor=coordinator)
        return key
    return issue_key(factories.NetworkFactory(slug="ander-netwerk"), coordinator)


def api_forbidden_markers(persona: str) -> list[str]:
    markers = [*forbidden_markers("outsider"), "MARKER-PROFILE-PLATFORM", "MARKER-PROFILE"]
    if persona == "own network's key":
        markers.remove("MARKER-ASSIGNMENT-NETWORK")
    if persona in {"no key", "revoked key"}:
        markers.append("MARKER-ASSIGNMENT-PLATFORM")
    return markers


def api_start_paths(world) -> list[str]:
    codes = [str(o.code) for o in world["objects"] if hasattr(o, "code")] + [str(uuid.uuid4())]
    paths = []
    for route, name, _pattern in site_routes():
        if not name.startswith("api:"):
            continue
        if "<uuid:" in route:
            paths += ["/" + re.sub(r"<uuid:\w+>", code, route) for code in codes]
        elif "<slug:" in route:
            paths += ["/" + re.sub(r"<slug:\w+>", slug, route) for slug in ("zpp-brabant", "gemeente-tilburg")]
        else:
            paths.append("/" + route)
    return paths


def api_crawl(client, headers: dict[str, str], paths: list[str]) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = deque(paths)
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path, **headers)
        body = response.content.decode(errors="replace")
        headers_text = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
        seen[path] = f"{response.status_code}\n{body}\n{headers_text}"
        for href in re.findall(r'"href":\s*"http://testserver(/api/v1/[^"]*)"', body):
            queue.append(href)
    return seen


@pytest.mark.parametrize("persona", API_PERSONAS)
def test_no_marker_reaches_an_api_client(client, world, other_organisation, network, persona):
    key = api_key_for(persona, network, other_organisation)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}

    pages = api_crawl(client, headers, api_start_paths(world))

    assert len(pages) > 10
    leaks = {path: m for path, text in pages.items() for m in api_forbidden_markers(persona) if m in text}
    assert leaks == {}
    if persona in {"no key", "revoked key"}:
        assert {path for path, text in pages.items() if text.split("\n")[0] != "401"} == {"/api/v1/openapi.json"}
    if persona == "own network's key":
        assert any("MARKER-ASSIGNMENT-NETWORK" in text for text in pages.values())
