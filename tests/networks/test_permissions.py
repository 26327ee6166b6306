"""Every network URL × every persona: login redirect, 404, 403 or success.

The network pages are public; the coordinator's workspace is for the coordinators of that one
network (with MFA): everyone else who is logged in may see the network but not act (403).
Platform admins manage networks in the Django admin, not here.
"""

from __future__ import annotations

import pytest

from networks.models import Membership, Partnership
from tests import factories

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "visitor", "member", "suspended", "coordinator", "other_coordinator", "admin"]

PUBLIC = dict.fromkeys(PERSONAS, 200)
LOGIN = {**dict.fromkeys(PERSONAS, 200), "anonymous": 302}
COORDINATOR_GET = {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "coordinator": 200}
COORDINATOR_POST = {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "coordinator": 302}

CASES = [
    ("get", "/netwerken/", PUBLIC),
    ("get", "/netwerken/zpp-brabant/", PUBLIC),
    ("get", "/netwerken/uitnodiging/niet-geldig/", dict.fromkeys(PERSONAS, 404)),
    ("get", "/netwerken/zpp-brabant/aanmelden/", LOGIN),
    ("get", "/netwerken/zpp-brabant/verlaten/", LOGIN),
    ("get", "/netwerken/zpp-brabant/beheer/", COORDINATOR_GET),
    ("get", "/netwerken/zpp-brabant/beheer/aanvragen/", COORDINATOR_GET),
    ("get", "/netwerken/zpp-brabant/beheer/leden/", COORDINATOR_GET),
    ("get", "/netwerken/zpp-brabant/beheer/leden/export.csv", COORDINATOR_GET),
    ("get", "/netwerken/zpp-brabant/beheer/leden/{pending}/", COORDINATOR_GET),
    ("get", "/netwerken/zpp-brabant/beheer/uitnodigen/", COORDINATOR_GET),
    ("get", "/netwerken/zpp-brabant/beheer/geschiedenis/", COORDINATOR_GET),
    ("get", "/netwerken/zpp-brabant/beheer/partners/", COORDINATOR_GET),
    ("post", "/netwerken/zpp-brabant/beheer/leden/{pending}/toelaten/", COORDINATOR_POST),
    ("post", "/netwerken/zpp-brabant/beheer/leden/{pending}/afwijzen/", COORDINATOR_POST),
    ("post", "/netwerken/zpp-brabant/beheer/leden/{active}/schorsen/", COORDINATOR_POST),
    ("post", "/netwerken/zpp-brabant/beheer/leden/{suspended}/herstellen/", COORDINATOR_POST),
    ("post", "/netwerken/zpp-brabant/beheer/leden/{active}/coordinator/", COORDINATOR_POST),
    ("post", "/netwerken/zpp-brabant/beheer/uitnodigen/", COORDINATOR_POST),
    ("post", "/netwerken/zpp-brabant/beheer/partners/", COORDINATOR_POST),
    ("post", "/netwerken/zpp-brabant/beheer/partners/{proposal}/accepteren/", COORDINATOR_POST),
    ("post", "/netwerken/zpp-brabant/beheer/partners/{proposal}/afwijzen/", COORDINATOR_POST),
    # Another network's objects through this network's URL do not exist here.
    ("get", "/netwerken/zpp-brabant/beheer/leden/{elsewhere}/", {**COORDINATOR_GET, "coordinator": 404}),
    ("post", "/netwerken/zpp-brabant/beheer/leden/{elsewhere}/schorsen/", {**COORDINATOR_POST, "coordinator": 404}),
]

DATA = {
    "/afwijzen/": {"reason": "Past niet"},
    "/schorsen/": {"reason": "Misbruik"},
    "/herstellen/": {"reason": "Opgelost"},
    "/uitnodigen/": {"email": "nieuw@breda.nl"},
}


@pytest.fixture
def cast(request, network, member, suspended, coordinator, other_coordinator, visitor, admin, pending, other_network):
    partner = factories.NetworkFactory(slug="proeftuin")
    proposal = Partnership.objects.create(proposer=partner, partner=network)
    elsewhere = factories.MembershipFactory(network=other_network, status=Membership.Status.ACTIVE)
    codes = {
        "pending": pending.code,
        "active": Membership.objects.get(user=member).code,
        "suspended": Membership.objects.get(user=suspended).code,
        "proposal": proposal.code,
        "elsewhere": elsewhere.code,
    }
    users = {
        "anonymous": None,
        "visitor": visitor,
        "member": member,
        "suspended": suspended,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "admin": admin,
    }
    return users, codes


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("method", "path", "expected"), CASES, ids=[f"{m} {p}" for m, p, _ in CASES])
def test_it_answers_each_persona_as_expected(client, cast, persona, method, path, expected):
    users, codes = cast
    if users[persona] is not None:
        client.force_login(users[persona])
    url = path.format(**codes)
    data = next((v for k, v in DATA.items() if url.endswith(k)), {})
    if url.endswith("/partners/") and method == "post":
        data = {"partner": factories.NetworkFactory(slug="werken-in-het-westen").pk}
    response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code == expected[persona], (persona, url)
    if response.status_code == 302 and persona == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
