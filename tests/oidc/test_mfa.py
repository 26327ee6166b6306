"""Two factors asserted by the organisation's provider (amr/acr, configured per provider)."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY

from marketplace.middleware import MFA_BY_PROVIDER_KEY, mfa_required
from networks.models import IdentityProvider

pytestmark = pytest.mark.django_db

ACTIVATE = "/accounts/2fa/totp/activate/"


@pytest.fixture(autouse=True)
def enforce_mfa(settings):
    settings.MFA_ENFORCE = True
    settings.MFA_REQUIRED_FOR_ALL = False


@pytest.fixture
def mfa_provider(tilburg_idp):
    tilburg_idp.mfa_amr = "mfa, otp, hwk"
    tilburg_idp.save()
    return tilburg_idp


def test_a_coordinator_whose_provider_asserted_two_factors_is_not_asked_for_totp(sso, coordinator, mfa_provider):
    assert mfa_required(coordinator)

    assert sso.login("coordinator@tilburg.nl", mfa=True).status_code == 302

    assert sso.client.session[SESSION_KEY] == str(coordinator.pk)
    assert sso.client.get("/meldingen/").status_code == 200


def test_a_coordinator_who_used_one_factor_at_the_provider_must_still_set_up_totp(sso, coordinator, mfa_provider):
    assert sso.login("coordinator@tilburg.nl", mfa=False).status_code == 302

    response = sso.client.get("/meldingen/")

    assert response.status_code == 302 and response["Location"] == ACTIVATE


def test_a_provider_without_mfa_configuration_never_counts_as_two_factors(sso, coordinator, tilburg_idp):
    assert tilburg_idp.mfa_amr == tilburg_idp.mfa_acr == ""

    assert sso.login("coordinator@tilburg.nl", mfa=True).status_code == 302

    assert MFA_BY_PROVIDER_KEY not in sso.client.session
    assert sso.client.get("/meldingen/")["Location"] == ACTIVATE


def test_an_acr_value_can_mean_two_factors(sso, coordinator, tilburg_idp):
    tilburg_idp.mfa_acr = "urn:klusmarkt:test:mfa"
    tilburg_idp.save()

    assert sso.login("coordinator@tilburg.nl", mfa=True).status_code == 302

    assert sso.client.session[MFA_BY_PROVIDER_KEY] == "tilburg"
    assert sso.client.get("/meldingen/").status_code == 200


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"amr": ["pwd", "otp"]}, True),
        ({"amr": ["pwd"]}, False),
        ({"amr": "otp"}, False),  # amr is a list; a bare string is not trusted
        ({"acr": "urn:loa:high"}, True),
        ({"acr": "urn:loa:low"}, False),
        ({}, False),
    ],
)
def test_asserts_mfa_reads_only_the_configured_values(claims, expected):
    provider = IdentityProvider(mfa_amr="mfa, otp", mfa_acr="urn:loa:high")

    assert provider.asserts_mfa(claims) is expected


def test_the_providers_second_factor_does_not_carry_over_to_another_login(sso, coordinator, mfa_provider):
    assert sso.login("coordinator@tilburg.nl", mfa=True).status_code == 302
    assert sso.client.session[MFA_BY_PROVIDER_KEY] == "tilburg"

    sso.client.force_login(coordinator)  # any other login in the same session (Django's login())

    assert MFA_BY_PROVIDER_KEY not in sso.client.session
    assert sso.client.get("/meldingen/")["Location"] == ACTIVATE
