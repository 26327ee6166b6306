"""``check --deploy`` names what a municipality must fill in before going live."""

from __future__ import annotations

import pytest

from marketplace.checks import check_public_settings

LIVE = {
    "PRIVACY_CONTROLLER": "Gemeente Voorbeeld",
    "SITE_URL": "https://klusmarkt.voorbeeld.nl",
    "DEFAULT_FROM_EMAIL": "Klusmarkt <noreply@voorbeeld.nl>",
    "SECURITY_CONTACT": "mailto:security@voorbeeld.nl",
    "PRIVACY_CONTACT": "privacy@voorbeeld.nl",
    "PRIVACY_DPO_CONTACT": "fg@voorbeeld.nl",
    "ACCESSIBILITY_CONTACT_EMAIL": "toegankelijkheid@voorbeeld.nl",
}


def ids(settings, **overrides):
    for name, value in {**LIVE, **overrides}.items():
        setattr(settings, name, value)
    return [warning.id for warning in check_public_settings()]


def test_it_passes_a_filled_in_deployment(settings):
    assert ids(settings) == []


def test_it_warns_about_the_placeholder_controller(settings):
    assert ids(settings, PRIVACY_CONTROLLER="[name of the organisation that runs Klusmarkt]") == ["klusmarkt.W001"]


@pytest.mark.parametrize(
    "name, value",
    [
        ("DEFAULT_FROM_EMAIL", "Klusmarkt <noreply@klusmarkt.example>"),
        ("SECURITY_CONTACT", "mailto:security@klusmarkt.example"),
        ("PRIVACY_CONTACT", "privacy@example.com"),
    ],
)
def test_it_warns_about_example_addresses(settings, name, value):
    assert ids(settings, **{name: value}) == ["klusmarkt.W002"]


@pytest.mark.parametrize("url", ["http://klusmarkt.voorbeeld.nl", "https://localhost:8000", "http://127.0.0.1:8000"])
def test_it_wants_the_public_https_address_for_links_in_emails(settings, url):
    assert ids(settings, SITE_URL=url) == ["klusmarkt.W003"]
