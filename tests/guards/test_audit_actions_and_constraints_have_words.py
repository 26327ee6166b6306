"""Internal strings never reach people: every audit action and every constraint has Dutch and English words.

Audit actions are recorded as codes (``networks.membership.admitted``); histories show the words
each app registers (``marketplace.hooks.register_audit_actions``). This walks every action the
code records (each literal, and each f-string's prefix) and every registered one; with
``AUDIT_ACTIONS_STRICT`` in the test settings, ``audit_log`` refuses an action without words, so
the whole suite walks the write paths too. Constraints carry their own translated message.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import models
from django.utils import translation

from marketplace.hooks import audit_action_labels
from marketplace.services import audit_log
from tests.guards.inventory import DOMAIN_APPS
from tests.guards.test_constraints_have_form_validation import domain_constraints

CODE_LIKE = re.compile(r"^[\w-]+(\.[\w-]+)+$|_")
ACTION = re.compile(r"""action=(f?)["']([a-z_]+\.[a-z_.{}\-\[\]]+)["']""")


def recorded_actions() -> list[tuple[str, bool]]:
    """Every action string in the apps' code: (text, whether it is an f-string)."""
    found = []
    for app in [*DOMAIN_APPS, "demo"]:
        for path in Path(settings.BASE_DIR, app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            found += [(text, bool(f)) for f, text in ACTION.findall(path.read_text())]
    return found


def in_words(label: object, language: str) -> str:
    with translation.override(language):
        return str(label)


def test_it_finds_the_actions_the_code_records():
    assert len(recorded_actions()) > 30


def test_it_has_words_for_every_action_the_code_records():
    labels = audit_action_labels()
    missing = []
    for text, is_template in recorded_actions():
        if is_template:
            prefix = text.split("{")[0]
            if not any(action.startswith(prefix) for action in labels):
                missing.append(text)
        elif text not in labels:
            missing.append(text)
    assert missing == []


@pytest.mark.parametrize("action", sorted(audit_action_labels()))
def test_it_says_every_action_in_dutch_and_english(action):
    label = audit_action_labels()[action]
    english, dutch = in_words(label, "en"), in_words(label, "nl")
    assert english and dutch and english != dutch, action
    assert not CODE_LIKE.search(english) and not CODE_LIKE.search(dutch), action


@pytest.mark.django_db
def test_it_refuses_to_record_an_action_without_words(owner):
    with pytest.raises(ValueError, match="no words"):
        audit_log(actor=owner, action="networks.membership.vanished", target=owner)


@pytest.mark.django_db
def test_it_shows_words_in_a_history_not_codes(client, owner):
    from networks.services import partnership_propose
    from tests import factories
    from tests.networks.conftest import with_mfa

    coordinator = factories.employee(factories.OrganisationFactory(), user__email="c@breda.nl")
    network, partner = factories.NetworkFactory(slug="a"), factories.NetworkFactory(slug="b")
    factories.MembershipFactory(user=coordinator, network=network, role="coordinator")
    partnership_propose(proposer=network, partner=partner, actor=coordinator)
    factories.MembershipFactory(user=owner, network=network, status="pending")
    client.force_login(with_mfa(coordinator))
    client.cookies["django_language"] = "nl"
    body = client.get(f"/netwerken/{network.slug}/beheer/geschiedenis/").content.decode()
    assert "networks.partnership.proposed" not in body
    assert "Partnerschap voorgesteld" in body


@pytest.mark.parametrize(
    "constraint", [c for _model, c in domain_constraints()], ids=lambda c: c.name if hasattr(c, "name") else str(c)
)
def test_it_says_every_constraint_in_dutch_and_english(constraint: models.BaseConstraint):
    default = type(constraint).default_violation_error_message
    assert constraint.violation_error_message not in (None, default), constraint.name
    english = in_words(constraint.violation_error_message, "en")
    dutch = in_words(constraint.violation_error_message, "nl")
    assert english != dutch, constraint.name
    assert constraint.name not in english and constraint.name not in dutch
