"""Log in with your own organisation in Chromium, through the provider's own login page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from marketplace.models import User
from networks.models import Employment
from tests import factories
from tests.e2e.helpers import check_a11y
from tests.oidc.conftest import MISSING, SECRET, SECRET_ENV, _secret_client, start_provider

pytestmark = pytest.mark.skipif(bool(MISSING), reason=MISSING or "")


@pytest.fixture
def provider(live_server, tmp_path, monkeypatch):
    """A provider of its own: it must send the browser back to the live server's address."""
    monkeypatch.setenv(SECRET_ENV, SECRET)
    op = start_provider([_secret_client(["tilburg"], base=live_server.url)], tmp_path / "op.log")
    organisation = factories.OrganisationFactory(name="Gemeente Tilburg", slug="gemeente-tilburg", domain="tilburg.nl")
    factories.IdentityProviderFactory(
        organisation=organisation, slug="tilburg", issuer=op.issuer, secret_name=SECRET_ENV
    )
    yield op
    op.stop()


def test_a_civil_servant_logs_in_through_the_organisations_own_login_page(page, provider):
    page.goto("/accounts/login/?next=/klussen/")
    page.locator("#organisation-login").click()
    expect(page).to_have_url(re.compile(r"/accounts/organisatie/\?next="))
    check_a11y(page)

    page.locator("#id_email").fill("jan@tilburg.nl")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(provider.issuer) + r"/interaction/"))
    expect(page.locator("#login")).to_have_value("")  # the provider's page, not ours
    page.locator("#login").fill("jan@tilburg.nl")
    page.locator("#password").fill("het wachtwoord bij de gemeente")
    page.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/klussen/$"))
    expect(page.locator("header")).to_contain_text("jan@tilburg.nl")
    user = User.objects.get(email="jan@tilburg.nl")
    assert Employment.objects.get(user=user).organisation.slug == "gemeente-tilburg"
