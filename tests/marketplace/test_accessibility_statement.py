"""The accessibility statement is public, linked from every page's footer, and in both languages."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_it_shows_the_statement_to_anonymous_visitors(client):
    response = client.get("/toegankelijkheid/", headers={"accept-language": "en"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "WCAG 2.1" in html
    assert "axe-core" in html
    assert "keyboard alone" in html
    assert "320 CSS pixels" in html
    assert 'href="mailto:' in html


def test_it_links_the_statement_from_the_footer(client):
    response = client.get("/")

    footer = response.content.decode().split('<footer class="site-footer">', 1)[1]
    assert 'href="/toegankelijkheid/"' in footer


def test_it_rejects_post(client):
    assert client.post("/toegankelijkheid/").status_code == 405
