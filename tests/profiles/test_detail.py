"""The profile page /professionals/<code>/: escaping, portfolio and owner links."""

from __future__ import annotations

import uuid

import pytest

from profiles.models import PortfolioEntry, Visibility
from tests import factories
from tests.profiles.factories import ExperienceFactory

pytestmark = pytest.mark.django_db

PAYLOAD = '"><img src=x onerror=alert(1)><script>alert(2)</script>{{7*7}}'


def test_it_escapes_everything_the_owner_typed(client, owner):
    profile = factories.ProfileFactory(
        user=owner, visibility=Visibility.PUBLIC, display_name=PAYLOAD, headline=PAYLOAD, bio=PAYLOAD
    )
    ExperienceFactory(profile=profile, title=PAYLOAD, description=PAYLOAD)
    for path in (f"/professionals/{profile.code}/", "/professionals/"):
        html = client.get(path).content.decode()
        assert "<script>alert(2)" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(2)" in html


def test_it_shows_accepted_portfolio_entries_only(client, owner):
    profile = factories.ProfileFactory(user=owner, visibility=Visibility.PUBLIC)
    PortfolioEntry.objects.create(
        profile=profile, title="Zichtbare klus", organisation_name="Breda", reference_text="Top", is_accepted=True
    )
    PortfolioEntry.objects.create(profile=profile, title="Nog niet geaccepteerd", organisation_name="Oss")
    html = client.get(f"/professionals/{profile.code}/").content.decode()
    assert "Zichtbare klus" in html and "Top" in html
    assert "Nog niet geaccepteerd" not in html


def test_it_shows_the_owner_links_to_edit_and_preview(client, owner, outsider):
    profile = factories.ProfileFactory(user=owner, visibility=Visibility.PLATFORM)
    client.force_login(owner)
    assert "/professionals/mijn-profiel/voorbeeld/" in client.get(f"/professionals/{profile.code}/").content.decode()
    client.force_login(outsider)
    assert (
        "/professionals/mijn-profiel/voorbeeld/" not in client.get(f"/professionals/{profile.code}/").content.decode()
    )


def test_it_answers_404_for_an_unknown_code(client):
    assert client.get(f"/professionals/{uuid.uuid4()}/").status_code == 404


def test_it_rejects_post_on_the_detail_page(client, owner):
    profile = factories.ProfileFactory(user=owner, visibility=Visibility.PUBLIC)
    assert client.post(f"/professionals/{profile.code}/").status_code == 405
