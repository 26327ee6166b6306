"""Over-loop takes members by invitation only: someone without an account accepts one, in the browser.

The coordinator (TOTP) invites an address in the workspace; the invitee opens the emailed link,
signs up from the invitation page and confirms the address, which accepts the invitation: an
active member.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from marketplace.models import User
from networks.models import Membership
from tests.e2e.helpers import check_a11y, link_in_email, save_screenshots
from tests.e2e.journeys import PASSWORD, cast, check_a11y_both, log_in_with_totp

INVITEE = "nieuw.lid@minbzk.nl"


def test_it_lets_someone_without_an_account_accept_an_over_loop_invitation(page, new_page):
    people = cast()

    coordinator = new_page(locale="nl-NL")
    log_in_with_totp(coordinator, people.over_loop_coordinator)
    coordinator.goto("/netwerken/over-loop/beheer/")
    coordinator.locator("main a[href='/netwerken/over-loop/beheer/uitnodigen/']").first.click()
    check_a11y_both(coordinator)
    save_screenshots(coordinator, "over-loop-invite-nl")
    coordinator.locator("#id_email").fill(INVITEE)
    coordinator.locator("#id_message").fill("Welkom bij Over-loop: we zoeken mensen zoals jij.")
    coordinator.locator("main form[method=post] button[type=submit]").click()
    expect(coordinator.locator("main").get_by_text(INVITEE).first).to_be_visible()
    check_a11y(coordinator)

    # The invitee has no account: the invitation page offers to sign up first.
    invitation = link_in_email(INVITEE, "/netwerken/uitnodiging/")
    page.goto(invitation)
    expect(page.locator("main")).to_contain_text("Over-loop")
    check_a11y_both(page)
    save_screenshots(page, "over-loop-invitation-nl")
    page.locator("main a[href^='/accounts/signup/']").click()
    page.locator("#id_email").fill(INVITEE)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("main button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    page.goto(link_in_email(INVITEE, "/accounts/confirm-email/"))
    page.locator("main button[type=submit]").first.click()
    expect(page.locator("header")).to_contain_text(INVITEE)

    # Confirming the invited address accepts the invitation; the sign-up's ``next`` leads back to
    # the invitation, which now shows the network with the person as a member.
    expect(page).to_have_url(re.compile(r"/netwerken/over-loop/$"))
    expect(page.locator("main a[href='/netwerken/over-loop/verlaten/']")).to_be_visible()
    check_a11y(page)
    save_screenshots(page, "over-loop-member-nl")
    user = User.objects.get(email=INVITEE)
    membership = Membership.objects.get(user=user, network=people.over_loop)
    assert membership.status == Membership.Status.ACTIVE
