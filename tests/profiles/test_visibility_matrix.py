"""Every profile surface × profile level × contact level × kind of viewer: shown, or 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from profiles.models import FieldOfWork, Visibility
from tests import factories
from tests.profiles.factories import ShareLinkFactory, attach_files

LEVELS = [(level, contact) for level in Visibility.values for contact in Visibility.values if contact <= level]
VIEWERS = ["anonymous", "visitor", "network_member", "other_network_member", "coordinator", "civil_servant", "owner"]
PHONE = "06-12345678"

pytestmark = pytest.mark.django_db


def may_see(viewer: str, level: int) -> bool:
    """The rule of DESIGN.md, written out independently of the code under test."""
    return {
        "anonymous": level == Visibility.PUBLIC,
        "visitor": level == Visibility.PUBLIC,
        "network_member": level >= Visibility.NETWORK,
        "other_network_member": level >= Visibility.PLATFORM,
        "civil_servant": level >= Visibility.PLATFORM,
        "coordinator": True,
        "owner": True,
    }[viewer]


def observe(client: Client, code: str) -> dict[str, bool]:
    """What one client gets on every surface of the profile ``code``."""
    listing = client.get("/professionals/")
    detail = client.get(f"/professionals/{code}/")
    assert detail.status_code in (200, 404)
    cv = client.get(f"/professionals/{code}/cv/")
    photo = client.get(f"/professionals/{code}/foto/")
    assert cv.status_code in (200, 404) and photo.status_code in (200, 404)
    return {
        "list": code in listing.content.decode(),
        "count": listing.context["page"].paginator.count == 1 and sum(f["n"] for f in listing.context["fields"]) == 1,
        "detail": detail.status_code == 200,
        "contact": detail.status_code == 200 and PHONE in detail.content.decode(),
        "cv": cv.status_code == 200,
        "photo": photo.status_code == 200,
    }


@pytest.fixture
def cast(networked_owner, member, coordinator, outsider, visitor, other_network_member):
    return {
        "anonymous": None,
        "visitor": visitor,
        "network_member": member,
        "other_network_member": other_network_member,
        "coordinator": coordinator,
        "civil_servant": outsider,
        "owner": networked_owner,
    }


@pytest.mark.parametrize(("level", "contact"), LEVELS)
def test_it_shows_each_surface_exactly_to_the_right_viewers(cast, level, contact):
    field = FieldOfWork.objects.create(name="Sociaal domein", slug="sociaal-domein")
    profile = factories.ProfileFactory(
        user=cast["owner"], visibility=level, contact_visibility=contact, phone=PHONE, field_of_work=field
    )
    attach_files(profile)
    code = str(profile.code)
    wrong = []
    for viewer in VIEWERS:
        client = Client()
        if cast[viewer] is not None:
            client.force_login(cast[viewer])
        sees, contacts = may_see(viewer, level), may_see(viewer, contact)
        expected = {"list": sees, "count": sees, "detail": sees, "photo": sees, "contact": contacts, "cv": contacts}
        got = observe(client, code)
        wrong += [(viewer, surface, got[surface]) for surface in expected if got[surface] != expected[surface]]
    assert wrong == []


@pytest.mark.parametrize(("level", "contact"), LEVELS)
@pytest.mark.parametrize("state", ["valid", "expired", "revoked"])
def test_it_opens_the_profile_only_to_a_valid_share_link(networked_owner, level, contact, state):
    profile = attach_files(
        factories.ProfileFactory(
            user=networked_owner,
            visibility=level,
            contact_visibility=contact,
            phone=PHONE,
            display_name="Sanne Deelbaar",
        )
    )
    link = ShareLinkFactory(profile=profile, include_contact=True)
    if state == "expired":
        link.expires_at = timezone.now() - timedelta(minutes=1)
    elif state == "revoked":
        link.revoked_at = timezone.now()
    link.save()
    client = Client()
    page = client.get(f"/professionals/gedeeld/{link.token}/")
    cv = client.get(f"/professionals/gedeeld/{link.token}/cv/")
    photo = client.get(f"/professionals/gedeeld/{link.token}/foto/")
    if state == "valid":
        assert page.status_code == 200
        assert profile.display_name in page.content.decode()
        assert PHONE in page.content.decode()
        assert cv.status_code == 200 and cv["Content-Type"] == "application/pdf"
        assert photo.status_code == 200
    else:
        assert page.status_code == 410
        assert profile.display_name not in page.content.decode()
        assert PHONE not in page.content.decode()
        assert cv.status_code == 410 and cv.get("Content-Type", "").startswith("text/html")
        assert photo.status_code == 404
    # Holding a link opens nothing on the ordinary surfaces.
    assert observe(client, str(profile.code)) == observe(Client(), str(profile.code))


def test_it_keeps_contact_and_cv_closed_on_a_link_without_contact(networked_owner):
    profile = attach_files(
        factories.ProfileFactory(user=networked_owner, visibility=0, contact_visibility=0, phone=PHONE)
    )
    link = ShareLinkFactory(profile=profile, include_contact=False)
    page = Client().get(f"/professionals/gedeeld/{link.token}/")
    assert page.status_code == 200
    assert PHONE not in page.content.decode()
    assert Client().get(f"/professionals/gedeeld/{link.token}/cv/").status_code == 404


def test_it_answers_404_for_an_unknown_share_token(db):
    assert Client().get("/professionals/gedeeld/no-such-token/").status_code == 404


def test_it_closes_share_links_of_a_deactivated_account(networked_owner):
    profile = factories.ProfileFactory(user=networked_owner, visibility=0, contact_visibility=0)
    link = ShareLinkFactory(profile=profile)
    networked_owner.is_active = False
    networked_owner.save()
    assert Client().get(f"/professionals/gedeeld/{link.token}/").status_code == 404


def test_it_hides_hidden_profiles_from_everyone_but_the_owner(cast):
    profile = factories.ProfileFactory(user=cast["owner"], visibility=3, contact_visibility=3, is_hidden=True)
    for viewer in VIEWERS:
        client = Client()
        if cast[viewer] is not None:
            client.force_login(cast[viewer])
        expected = 200 if viewer == "owner" else 404
        assert client.get(f"/professionals/{profile.code}/").status_code == expected, viewer


@pytest.mark.parametrize("is_active", [True, False])
@pytest.mark.parametrize("is_hidden", [True, False])
@pytest.mark.parametrize("level", Visibility.values)
def test_a_share_link_opens_exactly_the_profiles_the_rule_shows(
    networked_owner, coordinator, is_active, is_hidden, level
):
    """The share link and ``visible_to`` share one "shown" rule: held together for every state.

    A link opens a profile whatever its level (that is what it is for), but only a profile the
    rule shows to someone other than its owner; the most-seeing viewer (a coordinator of the
    owner's network) stands for "someone".
    """
    from django.http import Http404

    from profiles.access import get_share_link
    from profiles.models import Profile

    profile = factories.ProfileFactory(user=networked_owner, visibility=level, is_hidden=is_hidden)
    link = ShareLinkFactory(profile=profile)
    networked_owner.is_active = is_active
    networked_owner.save()
    shown_to_someone = Profile.objects.visible_to(coordinator).filter(pk=profile.pk).exists()
    try:
        opened = get_share_link(link.token) is not None
    except Http404:
        opened = False
    assert opened == shown_to_someone == (is_active and not is_hidden)
    status = Client().get(f"/professionals/gedeeld/{link.token}/").status_code
    assert (status == 200) == shown_to_someone
