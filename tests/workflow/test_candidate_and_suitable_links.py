"""Reachable by clicking: "Suitable professionals" from the manager's pages, and the candidate from a reaction."""

from __future__ import annotations

import pytest

from profiles.models import Profile, Visibility
from tests.profiles.conftest import private_media  # noqa: F401 - autouse: uploads go to a temporary folder
from tests.profiles.factories import attach_files
from tests.workflow.conftest import login

pytestmark = pytest.mark.django_db


def suitable_url(assignment) -> str:
    return f"/klussen/{assignment.code}/geschikt/"


@pytest.mark.parametrize("page", ["/klussen/{code}/", "/klussen/mijn/", "/klussen/{code}/reacties/"])
def test_it_links_suitable_professionals_for_its_managers(client, owner, assignment, page):
    login(client, owner)
    body = client.get(page.format(code=assignment.code)).content.decode()
    assert f'href="{suitable_url(assignment)}"' in body


def test_it_does_not_link_them_for_others(client, professional, assignment):
    login(client, professional)
    assert suitable_url(assignment) not in client.get(f"/klussen/{assignment.code}/").content.decode()


def test_it_links_the_candidates_profile_cv_and_match_reasons(
    client,
    owner,
    interest,
    assignment,
    professional,
    django_assert_max_num_queries,
):
    profile = Profile.objects.get(user=professional)
    Profile.objects.filter(pk=profile.pk).update(
        visibility=Visibility.PLATFORM, contact_visibility=Visibility.PLATFORM, hours_per_week=16
    )
    attach_files(Profile.objects.get(pk=profile.pk), photo=False)
    login(client, owner)
    with django_assert_max_num_queries(40):
        body = client.get(f"/klussen/{assignment.code}/reacties/{interest.code}/").content.decode()
    assert f'href="/professionals/{profile.code}/"' in body
    assert f'href="/professionals/{profile.code}/cv/"' in body
    assert 'aria-label="Why this is a match"' in body
    assert body.index(f'href="/professionals/{profile.code}/"') < body.index("/selecteren/")


def test_it_keeps_the_cv_and_a_private_profile_to_the_rule(client, owner, interest, assignment, professional):
    profile = Profile.objects.get(user=professional)
    Profile.objects.filter(pk=profile.pk).update(visibility=Visibility.PRIVATE, contact_visibility=Visibility.PRIVATE)
    login(client, owner)
    body = client.get(f"/klussen/{assignment.code}/reacties/{interest.code}/").content.decode()
    assert f"/professionals/{profile.code}/" not in body
    assert "not visible to you" in body
