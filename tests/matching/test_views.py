from __future__ import annotations

import pytest
from django.core import mail

from assignments.models import Assignment
from marketplace.lib.unsubscribe import read_unsubscribe_token, unsubscribe_token
from marketplace.models import AuditEntry, Notification, NotificationPreference
from matching.models import Match, SavedSearch
from profiles.models import Profile
from tests import factories
from tests.matching import factories as mf
from tests.matching.test_fanout import posted, strong

pytestmark = pytest.mark.django_db


# /meldingen/voorkeuren/


def test_it_requires_login_for_preferences(client):
    response = client.get("/meldingen/voorkeuren/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_saves_preferences(client, visitor):
    client.force_login(visitor)
    assert client.get("/meldingen/voorkeuren/").status_code == 200
    response = client.post("/meldingen/voorkeuren/", {"matches": "weekly", "saved_searches": "off"})
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=visitor)
    assert (preference.matches, preference.saved_searches) == ("weekly", "off")
    assert AuditEntry.objects.filter(action="marketplace.notification_preference.changed").count() == 1


def test_it_rejects_an_unknown_pace(client, visitor):
    client.force_login(visitor)
    response = client.post("/meldingen/voorkeuren/", {"matches": "hourly", "saved_searches": "off"})
    assert response.status_code == 200
    assert not NotificationPreference.objects.exists()


# /meldingen/afmelden/<token>/


def test_it_asks_to_confirm_before_unsubscribing(client, visitor):
    response = client.get(f"/meldingen/afmelden/{unsubscribe_token(visitor.pk, 'matches')}/")
    assert response.status_code == 200
    assert b'method="post"' in response.content
    assert not NotificationPreference.objects.exists()


def test_it_unsubscribes_with_one_click_without_login_or_csrf(visitor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    token = unsubscribe_token(visitor.pk, "matches")
    response = client.post(f"/meldingen/afmelden/{token}/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    preference = NotificationPreference.objects.get(user=visitor)
    assert (preference.matches, preference.saved_searches) == ("off", "instant")


def test_it_unsubscribes_from_everything_with_a_digest_token(client, visitor):
    client.post(f"/meldingen/afmelden/{unsubscribe_token(visitor.pk, 'all')}/")
    preference = NotificationPreference.objects.get(user=visitor)
    assert (preference.matches, preference.saved_searches) == ("off", "off")


def test_it_refuses_a_forged_token(client, visitor):
    token = unsubscribe_token(visitor.pk, "matches")
    forged = token.replace(token[-3:], "abc")
    assert client.post(f"/meldingen/afmelden/{forged}/").status_code == 404
    assert read_unsubscribe_token("nonsense") is None
    assert not NotificationPreference.objects.exists()


# /mijn/aanbevolen/


def test_it_requires_login_for_recommendations(client):
    assert client.get("/mijn/aanbevolen/").status_code == 302


def test_it_recommends_only_visible_assignments_with_reasons(client, taxonomy, member, network, outsider):
    strong(taxonomy, outsider)
    shown = posted(taxonomy, title="Zichtbaar voor het netwerk", audience="networks", networks=[network])
    strong(taxonomy, member)
    hidden = posted(taxonomy, title="Alleen intern", audience="organisation")
    client.force_login(outsider)
    response = client.get("/mijn/aanbevolen/")
    assert response.status_code == 200
    assert hidden.title.encode() not in response.content
    assert shown.title.encode() not in response.content
    client.force_login(member)
    response = client.get("/mijn/aanbevolen/")
    assert shown.title.encode() in response.content
    assert b"same field: ruimtelijke ordening" in response.content or b"ruimtelijke ordening" in response.content


@pytest.mark.parametrize("n", [5, 50])
def test_it_shows_recommendations_in_bounded_queries(client, taxonomy, django_assert_max_num_queries, n):
    me = strong(taxonomy)
    for _ in range(n):
        posted(taxonomy)
    client.force_login(me.user)
    # The facts of the scored pool are one UNION ALL (five queries before): 16 -> 12; the
    # profile's own four taxonomies one more, and the profile read once: 12 -> 8.
    with django_assert_max_num_queries(8):
        response = client.get("/mijn/aanbevolen/")
    assert response.content.count(b'class="card"') == min(n, 20)


# /klussen/<code>/geschikt/


def test_it_shows_suitable_professionals_to_the_poster_only(client, taxonomy, owner, outsider, member):
    item = posted(taxonomy, posted_by=owner, organisation=owner.employment.organisation, audience="platform")
    visible = strong(taxonomy, member, visibility=2)
    private = strong(taxonomy, outsider, visibility=0)
    client.force_login(owner)
    response = client.get(f"/klussen/{item.code}/geschikt/")
    assert response.status_code == 200
    assert str(visible.code).encode() in response.content
    assert str(private.code).encode() not in response.content
    client.force_login(member)
    assert client.get(f"/klussen/{item.code}/geschikt/").status_code == 403


def test_it_hides_suitable_professionals_of_an_invisible_assignment(client, taxonomy, owner, visitor):
    item = posted(taxonomy, posted_by=owner, organisation=owner.employment.organisation, audience="organisation")
    client.force_login(visitor)
    assert client.get(f"/klussen/{item.code}/geschikt/").status_code == 404


def test_it_invites_a_professional_to_react_once(client, taxonomy, owner, member, django_capture_on_commit_callbacks):
    item = posted(taxonomy, posted_by=owner, organisation=owner.employment.organisation, audience="platform")
    person = strong(taxonomy, member, visibility=2)
    client.force_login(owner)
    url = f"/klussen/{item.code}/geschikt/{person.code}/uitnodigen/"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
        assert client.post(url).status_code == 302
    assert Match.objects.get(assignment=item, profile=person).invited_at is not None
    assert Notification.objects.filter(recipient=member, kind="alerts.invitation").count() == 1
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_it_rejects_get_on_invite(client, taxonomy, owner, member):
    item = posted(taxonomy, posted_by=owner, organisation=owner.employment.organisation)
    person = strong(taxonomy, member)
    client.force_login(owner)
    assert client.get(f"/klussen/{item.code}/geschikt/{person.code}/uitnodigen/").status_code == 405


def test_it_does_not_invite_someone_who_cannot_see_the_assignment(client, taxonomy, owner, organisation):
    item = posted(taxonomy, posted_by=owner, organisation=organisation, audience="platform")
    stranger = strong(taxonomy, visibility=3)  # public profile, but no government address
    client.force_login(owner)
    client.post(f"/klussen/{item.code}/geschikt/{stranger.code}/uitnodigen/")
    assert not Notification.objects.filter(recipient=stranger.user).exists()


def test_it_answers_404_for_inviting_an_invisible_profile(client, taxonomy, owner, outsider):
    item = posted(taxonomy, posted_by=owner, organisation=owner.employment.organisation, audience="platform")
    private = strong(taxonomy, outsider, visibility=0)
    client.force_login(owner)
    assert client.post(f"/klussen/{item.code}/geschikt/{private.code}/uitnodigen/").status_code == 404


# /mijn/zoekopdrachten/


def test_it_saves_and_deletes_a_search(client, visitor, outsider):
    client.force_login(visitor)
    response = client.get("/mijn/zoekopdrachten/?query=q%3Domgevingswet")
    assert b"Save this search" in response.content or b'name="name"' in response.content
    response = client.post("/mijn/zoekopdrachten/", {"name": "Omgevingswet", "query": "q=omgevingswet&x=1"})
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=visitor)
    assert saved.query == "q=omgevingswet"
    client.force_login(outsider)
    assert client.post(f"/mijn/zoekopdrachten/{saved.code}/verwijderen/").status_code == 404
    client.force_login(visitor)
    assert client.get(f"/mijn/zoekopdrachten/{saved.code}/verwijderen/").status_code == 405
    assert client.post(f"/mijn/zoekopdrachten/{saved.code}/verwijderen/").status_code == 302
    assert not SavedSearch.objects.exists()


def test_it_requires_login_for_saved_searches(client):
    assert client.get("/mijn/zoekopdrachten/").status_code == 302


def test_it_keeps_assignment_factories_valid(taxonomy):
    assert posted(taxonomy).status == Assignment.Status.OPEN
    assert mf.region().slug == "noord-brabant"
    assert factories.UserFactory().language == "nl"


def test_it_makes_the_same_unsubscribe_link_every_time(visitor):
    assert unsubscribe_token(visitor.pk, "matches") == unsubscribe_token(visitor.pk, "matches")
    assert unsubscribe_token(visitor.pk, "matches") != unsubscribe_token(visitor.pk, "all")
    assert read_unsubscribe_token(unsubscribe_token(visitor.pk, "all")).topic == "all"


@pytest.mark.parametrize("n", [5, 30])
def test_it_shows_suitable_professionals_in_a_fixed_number_of_queries(
    client, taxonomy, owner, network, member, django_assert_max_num_queries, n
):
    # The heaviest case: shared in a network (its member set is part of visibility and of the
    # score), co-owned, with qualities and a region; some candidates already invited.
    item = posted(
        taxonomy,
        posted_by=owner,
        organisation=owner.employment.organisation,
        audience="networks",
        networks=[network],
        qualities=taxonomy["qualities"],
        region=mf.region(),
    )
    item.co_owners.add(factories.employee(owner.employment.organisation))
    for _ in range(n):
        profile = strong(taxonomy, factories.employee(member.employment.organisation), visibility=2)
        factories.MembershipFactory(user=profile.user, network=network)
        profile.regions.set([mf.region()])
        profile.core_qualities.set(taxonomy["qualities"])
    for profile in Profile.objects.order_by("pk")[:3]:
        Match.objects.create(assignment=item, profile=profile, score=90, invited_at=item.created_at)
    client.force_login(owner)
    client.get(f"/klussen/{item.code}/geschikt/")  # warm up: the session's first request writes it
    # Session, user, viewer, assignment; its facts (one UNION ALL); the pool (hard conditions,
    # visibility and the invited flag in one scan); what the pool shares with the assignment (one
    # UNION ALL); the profiles shown; the unread-notification count. 21 before (one query per
    # taxonomy and network, twice for the facts).
    with django_assert_max_num_queries(9):
        response = client.get(f"/klussen/{item.code}/geschikt/")
    assert response.status_code == 200
    assert response.content.count(b'class="card"') == min(n, 20)
    assert response.content.count(b"status--invited") == 3
