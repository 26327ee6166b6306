"""Federation inside one process: ``network`` delivers to ``receiving`` through the real API (loopback).

The sending side is ``network`` (ZPP Brabant) with ``coordinator``; the receiving side is another
network whose coordinator issued a federation key naming the sender's address (SITE_URL).
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings as django_settings

from api.federation import outbound, transport
from api.federation.outbound import federation_deliver, federation_link_create, federation_link_end
from api.models import ApiClient, FederationLink, InboundAssignment, OutboundShare
from api.services import api_client_revoke
from api.tasks import federation_deliver_task
from assignments.models import Assignment
from marketplace.models import AuditEntry
from networks.models import Membership
from tests import factories
from tests.api.conftest import bearer, issue_key
from tests.api.federation import PEER, loopback
from tests.networks.conftest import with_mfa

pytestmark = pytest.mark.django_db

A = Assignment


@pytest.fixture(autouse=True)
def _plain_http_peers(settings):
    settings.FEDERATION_ALLOW_HTTP = True


@pytest.fixture
def receiving(other_organisation):
    network = factories.NetworkFactory(name="Werken in het Westen", slug="werken-in-het-westen")
    factories.ParticipationFactory(network=network, organisation=other_organisation)
    return network


@pytest.fixture
def receiving_coordinator(other_organisation, receiving):
    user = factories.employee(other_organisation, user__email="coordinator@westen.nl")
    factories.MembershipFactory(user=user, network=receiving, role=Membership.Role.COORDINATOR)
    return with_mfa(user)


@pytest.fixture
def receiving_member(other_organisation, receiving):
    user = factories.employee(other_organisation, user__email="lid@westen.nl")
    factories.MembershipFactory(user=user, network=receiving)
    return user


@pytest.fixture
def federation_key(receiving, receiving_coordinator):
    return issue_key(
        receiving, receiving_coordinator, scope=ApiClient.Scope.FEDERATION, peer_url=django_settings.SITE_URL
    )


@pytest.fixture
def peer(monkeypatch, client):
    return loopback(monkeypatch, client)


@pytest.fixture
def link(peer, network, coordinator, federation_key, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return federation_link_create(
            network=network,
            peer_url=PEER,
            peer_network_name="Werken in het Westen",
            peer_key=federation_key,
            actor=coordinator,
        )


def shared(organisation, network, **kwargs):
    return factories.AssignmentFactory(
        organisation=organisation, audience=A.Audience.NETWORKS, networks=[network], share_with_partners=True, **kwargs
    )


def copy_of(assignment) -> Assignment | None:
    row = InboundAssignment.objects.filter(remote_code=assignment.code).select_related("assignment").first()
    return row.assignment if row else None


def test_it_delivers_what_the_network_shares_with_partners_only(link, organisation, network):
    sent = shared(organisation, network, title="Gedeelde klus")
    kept = factories.AssignmentFactory(organisation=organisation, audience=A.Audience.NETWORKS, networks=[network])
    own = factories.AssignmentFactory(organisation=organisation, audience=A.Audience.ORGANISATION)
    draft = shared(organisation, network, status=A.Status.DRAFT)

    counts = federation_deliver(link_id=link.pk)

    assert counts["sent"] == 1
    assert copy_of(sent).title == "Gedeelde klus"
    assert [copy_of(a) for a in (kept, own, draft)] == [None, None, None]


def test_the_copy_is_for_the_receiving_network_only_and_read_only(
    link, organisation, network, receiving, member, receiving_member
):
    sent = shared(organisation, network)
    federation_deliver(link_id=link.pk)
    copy = copy_of(sent)

    assert Assignment.objects.visible_to(receiving_member).filter(pk=copy.pk).exists()
    assert not Assignment.objects.visible_to(member).filter(pk=copy.pk).exists()
    assert copy.posted_by is None and not copy.co_owners.exists()
    assert list(copy.networks.all()) == [receiving]


def test_the_detail_page_shows_the_origin_and_sends_reactions_there(
    client, link, organisation, network, receiving_member
):
    sent = shared(organisation, network)
    federation_deliver(link_id=link.pk)
    client.force_login(receiving_member)

    page = client.get(f"/klussen/{copy_of(sent).code}/").content.decode()

    assert f'href="{django_settings.SITE_URL}/klussen/{sent.code}/"' in page
    assert "ZPP Brabant" in page
    assert f"/klussen/{copy_of(sent).code}/reageren/" not in page


def test_updates_closing_and_cancelling_propagate(link, organisation, network):
    sent = shared(organisation, network, title="Eerst")
    federation_deliver(link_id=link.pk)

    Assignment.objects.filter(pk=sent.pk).update(title="Daarna")
    federation_deliver(link_id=link.pk)
    assert copy_of(sent).title == "Daarna"

    Assignment.objects.filter(pk=sent.pk).update(status=A.Status.CLOSED)
    federation_deliver(link_id=link.pk)
    assert copy_of(sent).status == A.Status.CLOSED

    Assignment.objects.filter(pk=sent.pk).update(status=A.Status.CANCELLED)
    counts = federation_deliver(link_id=link.pk)
    assert counts["deleted"] == 1
    assert copy_of(sent) is None
    assert not OutboundShare.objects.exists()


def test_delivery_is_idempotent(link, organisation, network, peer):
    shared(organisation, network)
    federation_deliver(link_id=link.pk)
    calls = len(peer.calls)

    counts = federation_deliver(link_id=link.pk)

    assert counts == {"sent": 0, "unchanged": 1, "deleted": 0, "refused": 0}
    assert len(peer.calls) == calls
    assert InboundAssignment.objects.count() == 1


def test_ending_the_link_withdraws_what_it_delivered(
    link, organisation, network, coordinator, django_capture_on_commit_callbacks
):
    sent = shared(organisation, network)
    federation_deliver(link_id=link.pk)

    with django_capture_on_commit_callbacks(execute=True):
        federation_link_end(link=link, actor=coordinator)

    assert copy_of(sent) is None
    assert AuditEntry.objects.filter(action="api.federation.ended", actor=coordinator).exists()


def test_revoking_the_federation_key_removes_what_it_delivered(
    link, organisation, network, receiving_coordinator, django_capture_on_commit_callbacks
):
    sent = shared(organisation, network, organisation__name="Gemeente Tilburg")
    federation_deliver(link_id=link.pk)
    stand_in = copy_of(sent).organisation

    with django_capture_on_commit_callbacks(execute=True):
        api_client_revoke(client=ApiClient.objects.get(scope="federation"), actor=receiving_coordinator)

    assert copy_of(sent) is None
    assert not type(stand_in).objects.filter(pk=stand_in.pk).exists()


def test_a_copy_is_never_delivered_onwards(link, organisation, network, receiving):
    sent = shared(organisation, network)
    federation_deliver(link_id=link.pk)
    copy = copy_of(sent)
    Assignment.objects.filter(pk=copy.pk).update(share_with_partners=True)

    assert not outbound.shared_assignments(receiving).filter(pk=copy.pk).exists()


def test_linking_checks_the_key_at_the_peer(peer, network, coordinator, receiving, receiving_coordinator):
    read_only = issue_key(receiving, receiving_coordinator)

    with pytest.raises(Exception) as exc:
        federation_link_create(
            network=network, peer_url=PEER, peer_network_name="X", peer_key=read_only, actor=coordinator
        )

    assert "peer_key" in exc.value.message_dict
    assert not FederationLink.objects.exists()


def test_linking_needs_https_in_production(settings, network, coordinator, federation_key):
    settings.FEDERATION_ALLOW_HTTP = False

    with pytest.raises(Exception) as exc:
        federation_link_create(
            network=network, peer_url=PEER, peer_network_name="X", peer_key=federation_key, actor=coordinator
        )

    assert "peer_url" in exc.value.message_dict


def test_the_key_of_a_link_is_stored_encrypted(link, federation_key):
    assert federation_key not in link.peer_key_encrypted
    assert outbound.decrypt_key(link.peer_key_encrypted) == federation_key


def test_an_unreachable_peer_is_retried_by_the_task(link, monkeypatch, organisation, network):
    shared(organisation, network)

    def down(*args, **kwargs):
        raise transport.PeerUnavailable("timeout")

    monkeypatch.setattr("api.federation.transport.call", down)

    with pytest.raises(transport.PeerUnavailable):
        federation_deliver(link_id=link.pk)
    assert transport.PeerUnavailable in federation_deliver_task.autoretry_for
    assert federation_deliver_task.retry_backoff and federation_deliver_task.max_retries


# The receiving API, as a hostile or broken peer would call it.


def document(**overrides):
    body = {
        "titel": "Klus van elders",
        "omschrijving": "Tekst",
        "status": "open",
        "organisatie": {"naam": "Gemeente Leiden"},
        "urenPerWeek": 8,
        "werkOpAfstand": "remote",
        "vergoeding": "pro-bono",
        "aantalPlaatsen": 1,
        "herkomst": {"url": f"{django_settings.SITE_URL}/klussen/abc/", "netwerk": "Leiden"},
    }
    body.update(overrides)
    return body


CODE = "6f1b3a8e-1111-4222-8333-444455556666"


def put(client, key, body):
    return client.put(
        f"/api/v1/gedeelde-klussen/{CODE}", json.dumps(body), content_type="application/json", **bearer(key)
    )


def test_a_delivery_is_stored_once_and_answers_created_then_ok(client, federation_key):
    first = put(client, federation_key, document())
    again = put(client, federation_key, document())

    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["versie"] == again.json()["versie"]
    assert InboundAssignment.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "param"),
    [
        ({"urenPerWeek": 99}, "urenPerWeek"),
        ({"status": "draft"}, "status"),
        ({"titel": "x" * 161}, "titel"),
        ({"herkomst": {"url": "https://phishing.example/klus", "netwerk": "Leiden"}}, "herkomst.url"),
        ({"herkomst": {"url": "javascript:alert(1)", "netwerk": "Leiden"}}, "herkomst.url"),
        ({"startDatum": "2027-02-01", "eindDatum": "2027-01-01"}, "eindDatum"),
    ],
    ids=["hours", "status", "title length", "foreign origin", "script origin", "period"],
)
def test_an_invalid_document_is_refused_with_the_field_named(client, federation_key, overrides, param):
    response = put(client, federation_key, document(**overrides))

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert param in {p["name"] for p in response.json()["invalidParams"]}
    assert not InboundAssignment.objects.exists()


def test_the_peer_cannot_choose_who_sees_the_copy(client, federation_key, receiving):
    put(client, federation_key, document(doelgroep="public", netwerken=["zpp-brabant"]))

    copy = InboundAssignment.objects.get().assignment
    assert copy.audience == A.Audience.NETWORKS
    assert list(copy.networks.all()) == [receiving]


def test_a_large_document_is_refused(client, federation_key):
    response = put(client, federation_key, document(omschrijving="x" * 70_000))

    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"


def test_html_from_a_peer_is_shown_escaped(client, federation_key, receiving_member):
    put(
        client, federation_key, document(titel="<script>alert(1)</script>", omschrijving="<img src=x onerror=alert(1)>")
    )
    client.force_login(receiving_member)

    page = client.get(f"/klussen/{InboundAssignment.objects.get().assignment.code}/").content.decode()

    assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_read_key_cannot_deliver(client, api_key):
    assert put(client, api_key, document()).status_code == 403
    assert client.get("/api/v1/gedeelde-klussen", **bearer(api_key)).status_code == 403


def test_withdrawing_an_unknown_assignment_is_404(client, federation_key):
    response = client.delete(f"/api/v1/gedeelde-klussen/{CODE}", **bearer(federation_key))

    assert response.status_code == 404


def test_a_key_sees_and_withdraws_only_its_own_deliveries(client, federation_key, receiving, receiving_coordinator):
    put(client, federation_key, document())
    other = issue_key(receiving, receiving_coordinator, scope="federation", peer_url="https://ander.example", name="B")

    assert client.get("/api/v1/gedeelde-klussen", **bearer(other)).json()["totaal"] == 0
    assert client.delete(f"/api/v1/gedeelde-klussen/{CODE}", **bearer(other)).status_code == 404
    assert client.delete(f"/api/v1/gedeelde-klussen/{CODE}", **bearer(federation_key)).status_code == 204
    assert not InboundAssignment.objects.exists()


def test_a_copy_takes_no_reactions_here(client, federation_key, receiving_member):
    put(client, federation_key, document())
    code = InboundAssignment.objects.get().assignment.code
    client.force_login(receiving_member)

    response = client.post(f"/klussen/{code}/reageren/", {"motivation": "Ik wil graag meedoen aan deze klus."})

    assert response.status_code == 403
    assert not InboundAssignment.objects.get().assignment.interests.exists()


def test_a_non_json_delivery_is_refused(client, federation_key):
    response = client.put(
        f"/api/v1/gedeelde-klussen/{CODE}", "titel=x", content_type="text/plain", **bearer(federation_key)
    )

    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"
