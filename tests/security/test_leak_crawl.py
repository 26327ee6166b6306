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

from marketplace.models import Notification
from marketplace.services import notification_send_email
from tests.security.test_route_inventory import site_routes
from tests.security.world import PERSONAS, build_world
from tests.workflow.pdf_text import pdf_text

pytestmark = pytest.mark.django_db

MAX_PAGES = 500
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
def world(organisation, other_organisation, network, coordinator, settings, tmp_path):
    """Markers name who may see them (tests/security/world.py); the personas are outsiders to most."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    return build_world(organisation, other_organisation, network, coordinator)


def start_paths(world) -> list[str]:
    codes = [str(o.code) for o in world["objects"] if hasattr(o, "code")] + [str(uuid.uuid4())]
    paths = []
    for route, name, _pattern in site_routes():
        if route.startswith(("accounts/logout", "admin/")) or "(?P" in route:
            continue
        parameters = re.findall(r"<(?:(\w+):)?(\w+)>", route)
        if not parameters:
            paths.append("/" + route)
        elif [c for c, _ in parameters] == ["uuid"]:
            paths += ["/" + re.sub(r"<uuid:\w+>", code, route) for code in codes]
        elif [c for c, _ in parameters] == ["uuid", "uuid"]:
            paths += [
                "/" + re.sub(r"<uuid:\w+>", str(second), re.sub(r"<uuid:\w+>", str(first), route, count=1))
                for first, second in world["pairs"]
            ]
        elif name.startswith("networks:organisation-rules") or name.endswith(":organisation-homecoming"):
            paths.append("/" + re.sub(r"<slug:\w+>", world["organisation"].slug, route))
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
        if response.get("Content-Type") == "application/pdf" and not response.streaming:
            body = pdf_text(response.content)  # a placement's agreement: read the compressed text
        seen[path] = body + "\n" + "\n".join(f"{k}: {v}" for k, v in response.headers.items())
        if "html" in response.get("Content-Type", ""):
            parser = LinkParser()
            parser.feed(body)
            queue.extend(link for link in parser.links if link not in seen)
    return seen


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_marker_reaches_an_outsider(client, world, persona):
    user = world["personas"][persona]
    if user is not None:
        client.force_login(user)
    forbidden = world["markers"].forbidden(persona)

    pages = crawl(client, start_paths(world))
    emails = sent_emails(user)

    assert len(pages) > 10
    assert {"/accounts/organisatie/", "/accounts/oidc/tilburg-sso/login/"} <= set(pages)
    leaks = {path: marker for path, text in pages.items() for marker in forbidden if marker in text.lower()}
    leaks |= {f"email: {m.subject}": k for m in emails for k in forbidden if k in email_text(m)}
    scopes = world["markers"].scope
    known = {path: marker for path, marker in leaks.items() if (persona, scopes[marker]) in KNOWN_LEAKS}
    assert {path: marker for path, marker in leaks.items() if path not in known} == {}
    if known:
        pytest.xfail(f"{KNOWN_LEAKS[persona, scopes[next(iter(known.values()))]]}: {sorted(known)}")


# Leaks the crawl finds that another change fixes; remove the entry when it lands (the test then
# passes instead of xfailing, and any new leak fails it as before).
KNOWN_LEAKS: dict[tuple[str, str], str] = {}


def sent_emails(user) -> list:
    """Every email the world queued for ``user``, sent now through the outbox's send-time checks."""
    if user is None:
        return []
    mail.outbox.clear()
    for pk in Notification.objects.filter(recipient=user, email_status="pending").values_list("pk", flat=True):
        notification_send_email(notification_id=pk)
    return list(mail.outbox)


def email_text(message) -> str:
    parts = [message.subject, message.body, *(str(a[0]) for a in getattr(message, "alternatives", []))]
    return "\n".join([*parts, *(str(v) for v in message.extra_headers.values())]).lower()


def normalise(response) -> str:
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID", text)


def normalise_location(response) -> str:
    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID", response["Location"])


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_forbidden_objects_answer_like_missing_ones(client, world, persona):
    user = world["personas"][persona]
    if user is not None:
        client.force_login(user)
    hidden = [o for o in world["objects"] if "marker-" in (getattr(o, "title", "") + getattr(o, "display_name", ""))]
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


DOMAIN_APPS = ["marketplace", "networks", "profiles", "assignments", "matching", "placements", "api"]


def written_fields() -> list[tuple[type, str]]:
    """Every CharField, TextField and FileField of the domain apps' models (choices are codes)."""
    from django.apps import apps
    from django.db import models

    return [
        (model, field.name)
        for app in DOMAIN_APPS
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField | models.FileField) and not field.choices
    ]


def test_every_written_field_is_in_the_crawl_world(world):
    """A new model or text field fails here until the crawl world writes a marker into it."""
    from tests.security.world import NEVER_SHOWN

    missing = [
        f"{model._meta.label}.{name}"
        for model, name in written_fields()
        if f"{model._meta.label}.{name}" not in NEVER_SHOWN
        and not model._default_manager.filter(**{f"{name}__icontains": "marker-"}).exists()
    ]
    assert missing == [], " ".join(missing)
    assert set(NEVER_SHOWN) <= {f"{model._meta.label}.{name}" for model, name in written_fields()}


# The API: the same world, crawled by machines. A key acts for its network (what a verified
# member of it sees); without a valid key nothing but the public OpenAPI document answers.

API_PERSONAS = ["no key", "revoked key", "other network's key", "own network's key"]
# The scopes an API client may read: its network's key reads like a verified member of it.
API_ALLOWED = {
    "no key": {"public"},
    "revoked key": {"public"},
    "other network's key": {"public", "platform"},
    "own network's key": {"public", "platform", "network"},
}


def api_key_for(persona: str, network, other_organisation) -> str | None:
    from api.models import ApiClient
    from api.services import api_client_revoke
    from tests import factories
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


def api_start_paths(world) -> list[str]:
    codes = [str(o.code) for o in world["objects"] if hasattr(o, "code")] + [str(uuid.uuid4())]
    slugs = (world["network"].slug, world["organisation"].slug)
    paths = []
    for route, name, _pattern in site_routes():
        if not name.startswith("api:"):
            continue
        if "<uuid:" in route:
            paths += ["/" + re.sub(r"<uuid:\w+>", code, route) for code in codes]
        elif "<slug:" in route:
            paths += ["/" + re.sub(r"<slug:\w+>", slug, route) for slug in slugs]
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
def test_no_marker_reaches_an_api_client(client, world, other_organisation, persona):
    network = world["network"]
    key = api_key_for(persona, network, other_organisation)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    scopes = world["markers"].scope
    forbidden = [marker for marker, scope in scopes.items() if scope not in API_ALLOWED[persona]]

    pages = api_crawl(client, headers, api_start_paths(world))

    assert len(pages) > 10
    leaks = {path: m for path, text in pages.items() for m in forbidden if m in text.lower()}
    assert leaks == {}
    if persona in {"no key", "revoked key"}:
        assert {path for path, text in pages.items() if text.split("\n")[0] != "401"} == {"/api/v1/openapi.json"}
    if persona == "own network's key":
        network_markers = [m for m, scope in scopes.items() if scope == "network"]
        assert any(m in text.lower() for text in pages.values() for m in network_markers)
