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


def _page_queries(client, profile) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/professionals/{profile.code}/").status_code == 200
    return len(captured.captured_queries)


def test_the_page_reads_the_profile_once_in_a_bounded_number_of_queries(client, owner, outsider):
    # The profile and whether the viewer may see its contact details come from one query (issue 17:
    # at most 12 per page); more experience and portfolio rows cost no more queries.
    from profiles.models import EngagementForm

    profile = factories.ProfileFactory(user=owner, visibility=Visibility.PUBLIC)
    client.force_login(outsider)
    _page_queries(client, profile)  # warm: the viewer's lookups are cached per request, not per process
    few = _page_queries(client, profile)
    for n in range(6):
        ExperienceFactory(profile=profile, title=f"Klus {n}")
        PortfolioEntry.objects.create(
            profile=profile, title=f"Opdracht {n}", organisation_name="Tilburg", is_accepted=True
        )
    profile.engagement_forms.set(EngagementForm.objects.all())
    assert _page_queries(client, profile) == few
    # The budget is PostgreSQL's (production): SQLite's session and viewer lookups add one query.
    from django.conf import settings

    assert few <= (12 if settings.IS_POSTGRES else 13)
