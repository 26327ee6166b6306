from __future__ import annotations

import re

import pytest

from assignments.models import Assignment
from profiles.models import EngagementForm
from tests.assignments.conftest import make_assignment

pytestmark = pytest.mark.django_db
S = Assignment.Status


def _post_data(**overrides):
    data = {
        "title": "Adviseur inkoop",
        "summary": "Twee dagen per week.",
        "description": "Help ons met de aanbesteding van het nieuwe contract.",
        "hours_per_week": "16",
        "remote_option": "hybrid",
        "engagement_forms": [str(EngagementForm.objects.get(code="secondment").pk)],
        "compensation": "public-rate",
        "places": "1",
        "audience": "organisation",
        "expertise": "inkoop, aanbesteden",
        "co_owner_emails": "",
    }
    data.update(overrides)
    return data


# create


def test_it_sends_anonymous_posters_to_the_login(client):
    response = client.get("/klussen/nieuw/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_requires_a_verified_government_employee(cast, client):
    client.force_login(cast.users["visitor"])
    assert client.get("/klussen/nieuw/").status_code == 403
    assert client.post("/klussen/nieuw/", _post_data()).status_code == 403
    assert not Assignment.objects.exists()


def test_it_creates_a_draft_and_shows_its_preview(cast, client):
    client.force_login(cast.poster)
    assert client.get("/klussen/nieuw/").status_code == 200
    response = client.post("/klussen/nieuw/", _post_data())
    assignment = Assignment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/klussen/{assignment.code}/"
    assert assignment.status == S.DRAFT
    page = client.get(response["Location"]).content.decode()
    assert "Preview" in page or "Voorbeeld" in page


def test_it_offers_only_networks_the_poster_may_post_into(cast, client):
    client.force_login(cast.poster)
    body = client.get("/klussen/nieuw/").content.decode()
    assert "ZPP Brabant" in body
    assert "Ander netwerk" not in body


def test_it_keeps_what_was_typed_when_a_network_is_refused(cast, client):
    client.force_login(cast.poster)
    data = _post_data(audience="networks", networks=[str(cast.networks["other"].pk)], title="Mijn getypte titel")
    response = client.post("/klussen/nieuw/", data)
    assert response.status_code == 200
    assert "Mijn getypte titel" in response.content.decode()
    assert not Assignment.objects.exists()


# edit


def test_it_hides_the_edit_page_of_an_invisible_draft(cast, assignments, client):
    client.force_login(cast.member)
    assert client.get(f"/klussen/{assignments['draft'].code}/bewerken/").status_code == 404


def test_it_forbids_editing_to_a_viewer_who_is_not_an_owner(cast, assignments, client):
    client.force_login(cast.users["org_employee"])
    assert client.get(f"/klussen/{assignments['organisation'].code}/bewerken/").status_code == 403


def test_it_lets_a_co_owner_edit(cast, assignments, client):
    client.force_login(cast.co_owner)
    assignment = assignments["draft"]
    url = f"/klussen/{assignment.code}/bewerken/"
    assert client.get(url).status_code == 200
    response = client.post(url, _post_data(title="Bijgewerkt", audience="public"))
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.title == "Bijgewerkt"


# state changes


@pytest.mark.parametrize("action", ["publiceren", "kopieren", "sluiten", "annuleren", "goedkeuren"])
def test_it_rejects_get(cast, assignments, client, action):
    client.force_login(cast.poster)
    assert client.get(f"/klussen/{assignments['draft'].code}/{action}/").status_code == 405


def test_it_publishes_through_the_view(cast, assignments, client):
    client.force_login(cast.poster)
    assignment = assignments["draft"]
    response = client.post(f"/klussen/{assignment.code}/publiceren/")
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == S.OPEN


def test_it_explains_a_refused_transition(cast, assignments, client):
    client.force_login(cast.poster)
    assignment = assignments["cancelled"]
    response = client.post(f"/klussen/{assignment.code}/sluiten/", follow=True)
    assert "cannot become closed" in response.content.decode() or "kan niet" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == S.CANCELLED


def test_it_forbids_closing_to_a_viewer_who_is_not_an_owner(cast, assignments, client):
    client.force_login(cast.member)
    assert client.post(f"/klussen/{assignments['zpp'].code}/sluiten/").status_code == 403
    assert client.post(f"/klussen/{assignments['organisation'].code}/sluiten/").status_code == 404
    assert Assignment.objects.get(pk=assignments["zpp"].pk).status == S.OPEN


def test_it_copies_as_new_through_the_view(cast, assignments, client):
    client.force_login(cast.poster)
    response = client.post(f"/klussen/{assignments['public'].code}/kopieren/")
    copy = Assignment.objects.exclude(pk__in=[a.pk for a in assignments.values()]).get()
    assert response["Location"] == f"/klussen/{copy.code}/"
    assert copy.status == S.DRAFT


def test_it_cancels_with_a_reason(cast, assignments, client):
    client.force_login(cast.poster)
    assignment = assignments["public"]
    client.post(f"/klussen/{assignment.code}/annuleren/", {"reason": "Budget ingetrokken", "confirm": "on"})
    assignment.refresh_from_db()
    assert assignment.status == S.CANCELLED
    body = client.get(f"/klussen/{assignment.code}/").content.decode()
    assert "Budget ingetrokken" in body


# moderation


def test_it_forbids_approval_to_a_member_who_is_no_coordinator(cast, assignments, client):
    assignment = assignments["moderation"]
    client.force_login(cast.member)
    # The member cannot even see it while it awaits approval.
    assert client.post(f"/klussen/{assignment.code}/goedkeuren/").status_code == 404
    client.force_login(cast.poster)
    assert client.post(f"/klussen/{assignment.code}/goedkeuren/").status_code == 403
    assignment.refresh_from_db()
    assert assignment.status == S.AWAITING_MODERATION


def test_it_lets_the_coordinator_approve(cast, assignments, client):
    client.force_login(cast.coordinator)
    assignment = assignments["moderation"]
    response = client.post(f"/klussen/{assignment.code}/goedkeuren/")
    assert response["Location"] == "/klussen/moderatie/"
    assignment.refresh_from_db()
    assert assignment.status == S.OPEN


def test_it_needs_a_reason_to_send_back(cast, assignments, client):
    client.force_login(cast.coordinator)
    assignment = assignments["moderation"]
    url = f"/klussen/{assignment.code}/terugsturen/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 200
    assignment.refresh_from_db()
    assert assignment.status == S.AWAITING_MODERATION
    assert client.post(url, {"reason": "Graag een einddatum."}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == S.DRAFT


# detail


def test_it_offers_a_reaction_only_on_an_open_assignment(cast, assignments, client):
    client.force_login(cast.member)
    assert client.get(f"/klussen/{assignments['public'].code}/").context["can_react"] is True
    assert client.get(f"/klussen/{assignments['closed_public'].code}/").context["can_react"] is False
    client.force_login(cast.poster)
    assert client.get(f"/klussen/{assignments['public'].code}/").context["can_react"] is False


def test_it_shows_the_history_with_the_deadline_closing(cast, client):
    import datetime

    from django.utils import timezone

    from assignments.services import assignments_close_expired

    assignment = make_assignment(cast, "public", deadline=timezone.localdate() - datetime.timedelta(days=1))
    assignments_close_expired()
    client.force_login(cast.poster)
    body = client.get(f"/klussen/{assignment.code}/").content.decode()
    assert 'class="history-entry"' in body


def test_it_escapes_json_ld(cast, client):
    assignment = make_assignment(cast, "public")
    Assignment.objects.filter(pk=assignment.pk).update(title='Gevaarlijk</script><script>alert("x")</script>')
    body = client.get(f"/klussen/{assignment.code}/").content.decode()
    block = body.split('type="application/ld+json"', 1)[1].split("</script>", 1)[0]
    assert "<" not in block.split(">", 1)[1]
    assert "\\u003C/script\\u003E" in block


def test_it_puts_the_csp_nonce_on_the_json_ld(cast, client):
    assignment = make_assignment(cast, "public")
    response = client.get(f"/klussen/{assignment.code}/")
    nonce = response.context["request"].csp_nonce
    assert f'nonce="{nonce}"' in response.content.decode()
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


# list


def test_it_answers_htmx_with_the_results_fragment(cast, assignments, client):
    response = client.get("/klussen/", {"q": "kanarie"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert str(assignments["public"].code) in body


def test_htmx_results_bring_the_filter_counts_of_those_results(cast, assignments, client):
    """Filtering with JavaScript swaps the results only: the numbers beside the options come along
    out of band (they showed the counts from before the filter), the form and what is typed stay."""
    make_assignment(cast, "public", remote_option=Assignment.RemoteOption.REMOTE, engagement_forms=["pro-bono"])
    counted = ["compensation", "engagement_form", "field_of_work", "region", "remote", "work_format"]
    page = client.get("/klussen/").content.decode()
    for name in counted:
        assert page.count(f'id="facet-{name}"') == 1
    assert "hx-swap-oob" not in page
    assert "Op afstand (1)" in page or "Remote (1)" in page

    body = client.get("/klussen/", {"engagement_form": "zpp"}, headers={"HX-Request": "true"}).content.decode()
    oob = re.findall(r'<div hx-swap-oob="innerHTML:#facet-(\w+)">', body)
    assert sorted(oob) == sorted(
        ["field_of_work", "engagement_form", "compensation", "remote", "work_format", "region"]
    )
    assert "Op afstand (0)" in body or "Remote (0)" in body  # the remote one offers pro bono only
    assert 'name="q"' not in body  # the search field is not replaced while someone types in it
    restored = client.get("/klussen/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "hx-swap-oob" not in restored.content.decode()


def test_it_serves_the_full_page_on_htmx_history_restore(cast, assignments, client):
    response = client.get("/klussen/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in response.content.decode()


def test_it_has_an_english_alias(cast, assignments, client):
    response = client.get("/assignments/")
    assert response.status_code == 200
    assert str(assignments["public"].code) in response.content.decode()
    assert client.get(f"/assignments/{assignments['public'].code}/").status_code == 200


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"compensation": "pro-bono"}, {"probono"}),
        ({"remote": "remote"}, {"remote"}),
        ({"hours_min": "30"}, {"fulltime"}),
        ({"hours_max": "8"}, {"probono"}),
        ({"engagement_form": "zpp"}, {"remote"}),
        ({"place": "leiden"}, {"fulltime"}),
        ({"region": "zuid-holland"}, {"fulltime"}),
        ({"organisation": "gemeente-breda"}, {"breda"}),
        ({"expertise": "Inkoop"}, {"probono"}),
        ({"available_from": "2031-01-01"}, {"remote", "breda"}),
        ({"available_until": "2029-12-31"}, {"probono", "fulltime", "breda"}),
    ],
)
def test_it_filters(cast, client, params, expected):
    import datetime

    from networks.models import Region
    from profiles.models import Expertise
    from tests import factories

    C, R = Assignment.Compensation, Assignment.RemoteOption
    made = {
        "probono": make_assignment(
            cast,
            "public",
            compensation=C.PRO_BONO,
            hours_per_week=8,
            start_date=datetime.date(2029, 1, 1),
            end_date=datetime.date(2029, 6, 1),
        ),
        "remote": make_assignment(
            cast, "public", remote_option=R.REMOTE, engagement_forms=["zpp"], start_date=datetime.date(2031, 1, 1)
        ),
        "fulltime": make_assignment(
            cast,
            "public",
            hours_per_week=36,
            place="Leiden",
            region=Region.objects.get(slug="zuid-holland"),
            start_date=datetime.date(2029, 3, 1),
            end_date=datetime.date(2030, 3, 1),
        ),
        "breda": factories.AssignmentFactory(organisation=cast.org_other, audience="public"),
    }
    made["probono"].expertise.add(Expertise.objects.create(name="inkoop", slug="inkoop"))
    body = client.get("/klussen/", params).content.decode()
    found = {key for key, a in made.items() if str(a.code) in body}
    assert found == expected


def test_it_offers_no_reaction_after_the_deadline_even_before_the_task_closes_it(cast, client):
    import datetime

    from django.utils import timezone

    assignment = make_assignment(cast, "public", deadline=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(cast.member)
    assert client.get(f"/klussen/{assignment.code}/").context["can_react"] is False


def test_it_ignores_fields_the_form_does_not_offer(cast, client):
    client.force_login(cast.poster)
    client.post(
        "/klussen/nieuw/",
        _post_data(status="open", organisation=str(cast.org_other.pk), posted_by=str(cast.member.pk)),
    )
    assignment = Assignment.objects.get()
    assert assignment.status == S.DRAFT
    assert assignment.organisation == cast.org_post
    assert assignment.posted_by == cast.poster


def test_it_survives_nonsense_in_the_query(cast, assignments, client):
    params = {"hours_min": "veel", "region": "atlantis", "sort": "random", "page": "999", "available_from": "gisteren"}
    response = client.get("/klussen/", params)
    assert response.status_code == 200
    assert str(assignments["public"].code) in response.content.decode()
