"""The owner's pages: preview, share links, core quadrant and self-scan."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from marketplace.models import AuditEntry
from profiles.models import CoreQuality, ShareLink, Visibility, share_token_hash
from profiles.selfscan import STATEMENTS, radar, scores
from profiles.services import share_link_create
from tests import factories
from tests.profiles.factories import ShareLinkFactory

pytestmark = pytest.mark.django_db

OWN_PAGES = [
    "/professionals/mijn-profiel/voorbeeld/",
    "/professionals/mijn-profiel/deellinks/",
    "/professionals/mijn-profiel/kernkwadrant/",
    "/professionals/mijn-profiel/zelfscan/",
]


@pytest.mark.parametrize("path", [*OWN_PAGES, "/professionals/mijn-profiel/"])
def test_it_sends_anonymous_visitors_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("path", OWN_PAGES)
def test_it_answers_404_without_a_profile(client, owner, path):
    client.force_login(owner)
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", OWN_PAGES)
def test_it_shows_the_owners_pages(client, owner, path):
    factories.ProfileFactory(user=owner)
    client.force_login(owner)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    ("level", "kind", "visible"),
    [
        (Visibility.PUBLIC, "anoniem", True),
        (Visibility.PLATFORM, "anoniem", False),
        (Visibility.PLATFORM, "ambtenaar", True),
        (Visibility.NETWORK, "ambtenaar", False),
        (Visibility.NETWORK, "netwerk", True),
        (Visibility.PRIVATE, "netwerk", False),
    ],
)
def test_it_previews_the_profile_as_another_viewer(client, networked_owner, level, kind, visible):
    factories.ProfileFactory(
        user=networked_owner, visibility=level, contact_visibility=Visibility.PRIVATE, phone="06-99998888"
    )
    client.force_login(networked_owner)
    response = client.get("/professionals/mijn-profiel/voorbeeld/", {"als": kind})
    assert response.status_code == 200
    assert response.context["visible"] is visible
    assert "06-99998888" not in response.content.decode()


def test_it_previews_the_contact_level_separately(client, networked_owner):
    factories.ProfileFactory(
        user=networked_owner, visibility=Visibility.PUBLIC, contact_visibility=Visibility.NETWORK, phone="06-99998888"
    )
    client.force_login(networked_owner)
    as_network = client.get("/professionals/mijn-profiel/voorbeeld/?als=netwerk")
    as_anonymous = client.get("/professionals/mijn-profiel/voorbeeld/?als=anoniem")
    assert "06-99998888" in as_network.content.decode()
    assert "06-99998888" not in as_anonymous.content.decode()


def test_it_answers_404_for_an_unknown_preview_kind(client, owner):
    factories.ProfileFactory(user=owner)
    client.force_login(owner)
    assert client.get("/professionals/mijn-profiel/voorbeeld/?als=admin").status_code == 404


def test_it_creates_a_share_link_and_shows_it_once(client, owner):
    profile = factories.ProfileFactory(user=owner)
    client.force_login(owner)
    response = client.post(
        "/professionals/mijn-profiel/deellinks/nieuw/",
        {"label": "Pieter, Eindhoven", "days": "14", "include_contact": "on"},
    )
    assert response.status_code == 200
    link = ShareLink.objects.get(profile=profile)
    assert link.include_contact is True
    assert timedelta(days=13) < link.expires_at - timezone.now() <= timedelta(days=14)
    shown = re.search(r"/professionals/gedeeld/([\w-]{40,})/", response.content.decode()).group(1)
    assert link.token_hash == share_token_hash(shown)
    assert Client().get(f"/professionals/gedeeld/{shown}/").status_code == 200
    # Not again: only its hash is stored.
    assert shown not in client.get("/professionals/mijn-profiel/deellinks/").content.decode()


def test_it_stores_no_working_link(owner):
    link, token = share_link_create(
        profile=factories.ProfileFactory(user=owner), label="Pieter", days=7, include_contact=False
    )
    stored = ShareLink.objects.values().get(pk=link.pk)
    assert token not in {str(value) for value in stored.values()}
    assert not hasattr(link, "token")  # the plain token is the service's answer, not on the model
    assert Client().get(f"/professionals/gedeeld/{stored['token_hash']}/").status_code == 404
    assert Client().get(f"/professionals/gedeeld/{token}/").status_code == 200


@pytest.mark.parametrize("days", ["0", "91", "x"])
def test_it_refuses_a_share_link_period_out_of_range(client, owner, days):
    factories.ProfileFactory(user=owner)
    client.force_login(owner)
    response = client.post("/professionals/mijn-profiel/deellinks/nieuw/", {"label": "Pieter", "days": days})
    assert response.status_code == 400
    assert not ShareLink.objects.exists()


def test_it_revokes_a_share_link(client, owner):
    link = ShareLinkFactory(profile=factories.ProfileFactory(user=owner))
    client.force_login(owner)
    assert client.post(f"/professionals/mijn-profiel/deellinks/{link.pk}/intrekken/").status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert AuditEntry.objects.filter(action="profiles.share_link.revoked").exists()
    assert client.get(f"/professionals/gedeeld/{link.token}/").status_code == 410


def test_it_does_not_revoke_someone_elses_link(client, owner, outsider):
    factories.ProfileFactory(user=owner)
    link = ShareLinkFactory(profile=factories.ProfileFactory(user=outsider))
    client.force_login(owner)
    assert client.post(f"/professionals/mijn-profiel/deellinks/{link.pk}/intrekken/").status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


@pytest.mark.parametrize(
    "path", ["/professionals/mijn-profiel/deellinks/nieuw/", "/professionals/mijn-profiel/deellinks/1/intrekken/"]
)
def test_it_rejects_get_on_share_link_actions(client, owner, path):
    factories.ProfileFactory(user=owner)
    client.force_login(owner)
    assert client.get(path).status_code == 405


def test_it_suggests_a_quadrant_from_the_curated_table(client, owner):
    factories.ProfileFactory(user=owner)
    quality = CoreQuality.objects.get(slug="besluitvaardigheid")
    assert (quality.pitfall, quality.challenge, quality.allergy) == ("Drammerigheid", "Geduld", "Passiviteit")
    client.force_login(owner)
    response = client.get("/professionals/mijn-profiel/kernkwadrant/?quality=besluitvaardigheid")
    assert response.context["form"].initial["pitfall"] == "Drammerigheid"
    fragment = client.get(
        "/professionals/mijn-profiel/kernkwadrant/?quality=besluitvaardigheid", headers={"HX-Request": "true"}
    )
    assert "<html" not in fragment.content.decode() and "Drammerigheid" in fragment.content.decode()


def test_it_saves_an_adjusted_quadrant_private_unless_shown(client, owner, outsider):
    profile = factories.ProfileFactory(user=owner, visibility=Visibility.PUBLIC)
    client.force_login(owner)
    data = {"quality": "besluitvaardigheid", "pitfall": "Haastig", "challenge": "Geduld", "allergy": "Treuzelen"}
    assert client.post("/professionals/mijn-profiel/kernkwadrant/", data).status_code == 302
    profile.refresh_from_db()
    assert profile.quadrant_pitfall == "Haastig" and profile.show_quadrant is False
    client.force_login(outsider)
    assert "Treuzelen" not in client.get(f"/professionals/{profile.code}/").content.decode()
    client.force_login(owner)
    client.post("/professionals/mijn-profiel/kernkwadrant/", data | {"show": "on"})
    client.force_login(outsider)
    assert "Treuzelen" in client.get(f"/professionals/{profile.code}/").content.decode()


def test_it_saves_the_self_scan_and_draws_an_accessible_radar(client, owner, outsider):
    profile = factories.ProfileFactory(user=owner, visibility=Visibility.PUBLIC)
    client.force_login(owner)
    answers = {f"q{i}": str(1 + i % 5) for i in range(len(STATEMENTS))}
    assert client.post("/professionals/mijn-profiel/zelfscan/", answers).status_code == 302
    profile.refresh_from_db()
    assert profile.scan_answers == [1 + i % 5 for i in range(12)]
    page = client.get("/professionals/mijn-profiel/zelfscan/").content.decode()
    assert "<svg" in page and 'role="img"' in page and "<title" in page and "<desc" in page and "<table" in page
    client.force_login(outsider)
    assert "<svg" not in client.get(f"/professionals/{profile.code}/").content.decode()
    client.force_login(owner)
    client.post("/professionals/mijn-profiel/zelfscan/", answers | {"show": "on"})
    client.force_login(outsider)
    assert "<svg" in client.get(f"/professionals/{profile.code}/").content.decode()


def test_it_refuses_an_incomplete_self_scan(client, owner):
    profile = factories.ProfileFactory(user=owner)
    client.force_login(owner)
    assert client.post("/professionals/mijn-profiel/zelfscan/", {"q0": "5", "q1": "9"}).status_code == 400
    profile.refresh_from_db()
    assert profile.scan_answers == []


def test_it_scores_each_competence_and_places_the_polygon():
    answers = [5, 5, 1, 1, 3, 3, 4, 2, 5, 4, 2, 2]
    assert scores(answers) == {
        "initiative": 5.0,
        "networking": 1.0,
        "creativity": 3.0,
        "courage": 3.0,
        "perseverance": 4.5,
        "visibility": 2.0,
    }
    chart = radar(answers)
    # Initiative points straight up at full length: the top of the outer ring.
    assert chart["polygon"].split(" ")[0] == "160.0,50.0"
    assert len(chart["rings"]) == 5
