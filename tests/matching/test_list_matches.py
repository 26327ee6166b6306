"""The /klussen/ cards show a logged-in professional their own match score and reasons."""

from __future__ import annotations

import pytest

from matching.models import Match
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def matched(owner, outsider):
    assignment = factories.AssignmentFactory(title="Projectleider warmtetransitie")
    profile = factories.ProfileFactory(user=outsider)
    Match.objects.create(
        assignment=assignment,
        profile=profile,
        score=87,
        reasons=[{"code": "hours", "available": 16, "asked": 16}],
    )
    return assignment


def test_it_shows_the_viewers_own_score_and_reasons(client, outsider, matched):
    client.force_login(outsider)

    response = client.get("/klussen/")

    html = response.content.decode()
    assert "Match 87%" in html
    assert "16 of the 16 hours" in html


def test_it_shows_no_one_elses_score(client, owner, matched):
    client.force_login(owner)

    response = client.get("/klussen/")

    assert "Match 87%" not in response.content.decode()


def test_it_offers_to_save_the_search(client, outsider, matched):
    client.force_login(outsider)

    response = client.get("/klussen/?q=warmte")

    assert "/mijn/zoekopdrachten/?query=q%3Dwarmte" in response.content.decode()
