"""Helpers for the browser tests: console collector, axe, screenshots, emails, TOTP and focus."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import ConsoleMessage, Error, Page

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Beside WCAG 2.1 A/AA, the best-practice rule that two landmarks of one kind need distinct names
# (a history section and its scroll region both named "History" are one landmark twice to a
# screen-reader user).
EXTRA_RULES = ["landmark-unique"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "rules": {rule: {"enabled": True} for rule in EXTRA_RULES},
    "resultTypes": ["violations"],
}
_axe = Axe()

CSP_PATTERN = re.compile(r"Content[- ]Security[- ]Policy|violates the following", re.IGNORECASE)


@dataclass
class BrowserLog:
    """Console messages and uncaught errors of one page; ``assert_clean`` fails on CSP violations or errors."""

    messages: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @classmethod
    def attach(cls, page: Page) -> BrowserLog:
        log = cls()
        page.on("console", log._on_console)
        page.on("pageerror", log._on_page_error)
        return log

    def _on_console(self, message: ConsoleMessage) -> None:
        text = f"{message.type}: {message.text} ({message.location.get('url', '')})"
        self.messages.append(text)
        if message.type == "error" or CSP_PATTERN.search(message.text):
            self.problems.append(text)

    def _on_page_error(self, error: Error) -> None:
        self.problems.append(f"uncaught {error.name}: {error.message}")

    def assert_clean(self) -> None:
        problems, self.problems = self.problems, []
        assert not problems, "The browser console reported CSP violations or JavaScript errors:\n  " + "\n  ".join(
            problems
        )

    def clear(self) -> None:
        self.problems.clear()


def check_a11y(page: Page) -> None:
    """Run axe-core's WCAG 2.1 A/AA rules on the page; fail listing every violated rule and its targets.

    axe needs JavaScript (its timers never fire in a context without it): check the same markup in a
    page with JavaScript instead.
    """
    assert getattr(page.context, "javascript_enabled", True), "check_a11y needs a context with JavaScript"
    wait_until_settled(page)
    results = _axe.run(page, options=AXE_OPTIONS)
    violations = results.response.get("violations", [])
    if violations:
        lines = [f"{len(violations)} accessibility violation(s) on {page.url} (lang={page_lang(page)!r}):"]
        for violation in violations:
            lines.append(
                f"- {violation['id']} [{violation.get('impact')}]: {violation['help']} ({violation['helpUrl']})"
            )
            for node in violation["nodes"][:10]:
                target = " ".join(str(part) for part in node.get("target", []))
                lines.append(f"    {target}: {_first_fix(node.get('failureSummary', ''))}")
        raise AssertionError("\n".join(lines))


SETTLED_JS = """() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')
    && document.getAnimations().every(animation => animation.playState !== 'running')"""


def wait_until_settled(page: Page) -> None:
    """Wait until no htmx request is in flight and no transition runs (a fading indicator is half-transparent)."""
    page.wait_for_function(SETTLED_JS, timeout=5_000)


def _first_fix(summary: str) -> str:
    fixes = [line.strip() for line in summary.splitlines() if line.strip() and not line.startswith("Fix ")]
    return fixes[0] if fixes else summary.strip()


def page_lang(page: Page) -> str:
    return page.evaluate("document.documentElement.lang")


REFLOW_WIDTH = 320  # WCAG 1.4.10: 1280 px at 400 % zoom


def assert_reflows(page: Page) -> None:
    """Fail when the page scrolls sideways at 320 CSS pixels wide (listing what sticks out).

    A data table may scroll inside its own ``.table-scroll`` region (WCAG 1.4.10 exempts data
    tables); the region itself must fit.
    """
    original = page.viewport_size
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 800})
    overflow = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
            .filter(el => !el.parentElement.closest('.table-scroll'))
            .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))"""
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(original)
    assert width <= REFLOW_WIDTH and not overflow, f"{page.url} scrolls sideways at 320 px ({width} px): {overflow}"


SCREENSHOT_SIZES = {"desktop": (1280, 900), "mobile": (320, 800)}  # 320: WCAG reflow width


def screenshot_dir() -> Path:
    """``$E2E_SCREENSHOTS`` if set, else ``test-artifacts/screenshots`` in the project (ignored by git)."""
    from django.conf import settings

    return Path(os.environ.get("E2E_SCREENSHOTS") or Path(settings.BASE_DIR) / "test-artifacts" / "screenshots")


def save_screenshots(page: Page, name: str) -> list[Path]:
    """Write ``<name>-desktop.png`` (1280 wide) and ``<name>-mobile.png`` (320 wide) of the whole page."""
    folder = screenshot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    paths = []
    for label, (width, height) in SCREENSHOT_SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        path = folder / f"{name}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        paths.append(path)
    if original:
        page.set_viewport_size(original)
    return paths


def last_email_to(address: str) -> mail.EmailMessage:
    sent = [message for message in mail.outbox if address in message.to]
    assert sent, f"no email to {address}; outbox has {[m.to for m in mail.outbox]}"
    return sent[-1]


def link_in_email(address: str, fragment: str) -> str:
    """The path of the first link in the last email to ``address`` whose URL contains ``fragment``."""
    body = last_email_to(address).body
    paths = [path for path in re.findall(r"https?://[^/\s]+(/\S*)", body) if fragment in path]
    assert paths, f"no link containing {fragment!r} in:\n{body}"
    return paths[0]


def totp_codes(user) -> list[str]:
    """Every TOTP code that ``user``'s authenticator app would have accepted now (the tolerance window)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return [format_hotp_value(hotp_value(secret, counter)) for counter in yield_hotp_counters_from_time()]


def totp_code(user) -> str:
    """The current TOTP code of ``user``'s authenticator app, as the phone would show it."""
    codes = totp_codes(user)
    return codes[len(codes) // 2]


def activate_totp(user) -> None:
    """Give ``user`` an activated authenticator app (TOTP), as allauth's activation form would."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())


FOCUS_STYLE_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id, name: el.getAttribute('name') || '', href: el.getAttribute('href') || '',
    form_action: el.form ? (el.form.getAttribute('action') || '') : '',
    text: (el.innerText || el.value || '').trim().slice(0, 40),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== 'none',
    visible: el.getClientRects().length > 0,
  };
}"""


def focused(page: Page) -> dict | None:
    """Describe the focused element; fail unless its focus is visible (an outline or a box shadow)."""
    info = page.evaluate(FOCUS_STYLE_JS)
    if info is None:
        return None
    assert info["visible"] and (info["outline"] or info["shadow"]), f"focus is not visible on {info} at {page.url}"
    return info


def tab_to(page: Page, matches, *, limit: int = 60, backwards: bool = False) -> dict:
    """Press Tab until the focused element satisfies ``matches(info)``, checking focus is visible at every step."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        info = focused(page)
        if info is not None and matches(info):
            return info
    raise AssertionError(f"could not reach the element by Tab within {limit} presses on {page.url}")


def log_in(page: Page, user, base_url: str) -> None:
    """Put a logged-in session for ``user`` into the page's browser context (a shortcut for pages, not journeys)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])
