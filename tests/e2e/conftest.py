"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every test in this folder is marked ``e2e`` (``make test-fast`` deselects them) and runs with a
transactional database (the live server answers from another thread). Without /usr/bin/chromium
every test here is skipped; without the playwright packages the folder is not collected (its
modules import playwright). Either way the report header says why.

Fixtures: ``browser`` (one per session); contexts ``context_nl``, ``context_en``, ``context_nojs``
and ``new_context(locale=..., javascript=..., width=...)``; pages ``page`` (in context_nl),
``page_en``, ``page_nojs`` and ``new_page(context=... | locale=..., javascript=...)`` for more. Every page
collects console messages and page errors and fails its test at teardown on any CSP violation or
JavaScript error (``page.browser_log``). Helpers live in ``tests.e2e.helpers``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
HERE = Path(__file__).parent

try:
    import axe_playwright_python  # noqa: F401
    import playwright.sync_api  # noqa: F401
except ImportError:
    MISSING = "the playwright / axe-playwright-python packages are not installed"
    collect_ignore_glob = ["test_*.py"]  # the modules import playwright: not even collectable
else:
    MISSING = "" if (os.access(CHROMIUM, os.X_OK) or shutil.which(CHROMIUM)) else f"{CHROMIUM} is missing"


def pytest_report_header(config: pytest.Config) -> str | None:
    if MISSING:
        return f"e2e: browser tests skipped ({MISSING})"
    return None


@pytest.fixture(autouse=True)
def migration_data(request: pytest.FixtureRequest) -> None:
    """Put back the rows data migrations create (provinces, engagement forms, core quadrants).

    Browser tests need a transactional database, and a transactional test that ran before them
    in the same session may have flushed those rows; serialized rollback alone proved unreliable
    once pytest-django had ordered the suite.
    """
    if "django_db_blocker" not in request.fixturenames and request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("transactional_db")
    from importlib import import_module

    from django.apps import apps

    for module, function in [
        ("networks.migrations.0002_provinces", "create_provinces"),
        ("profiles.migrations.0002_engagement_forms", "create_forms"),
        ("profiles.migrations.0006_core_quadrants", "forwards"),
        ("profiles.migrations.0012_taxonomy_names_in_english", "forwards"),
    ]:
        getattr(import_module(module), function)(apps, None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)
            if MISSING:
                item.add_marker(pytest.mark.skip(reason=f"browser tests need Chromium: {MISSING}"))
            if item.get_closest_marker("django_db") is None:
                item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


if not MISSING:
    from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

    from tests.e2e.helpers import BrowserLog

    @pytest.fixture(scope="session")
    def browser() -> Iterator[Browser]:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()

    @pytest.fixture
    def new_context(browser: Browser, live_server) -> Iterator[Callable[..., BrowserContext]]:
        """Make a fresh browser context (own cookies) against the live server; closed at teardown."""
        contexts: list[BrowserContext] = []

        def make(*, locale: str = "nl-NL", javascript: bool = True, width: int = 1280) -> BrowserContext:
            context = browser.new_context(
                base_url=live_server.url,
                locale=locale,
                java_script_enabled=javascript,
                viewport={"width": width, "height": 900},
            )
            context.set_default_timeout(10_000)
            context.javascript_enabled = javascript  # axe needs it: check_a11y refuses to run without
            contexts.append(context)
            return context

        yield make
        for context in contexts:
            context.close()

    @pytest.fixture
    def context_nl(new_context) -> BrowserContext:
        """A Dutch-speaking browser (Accept-Language nl-NL), JavaScript on."""
        return new_context(locale="nl-NL")

    @pytest.fixture
    def context_en(new_context) -> BrowserContext:
        """An English-speaking browser (Accept-Language en-US), JavaScript on."""
        return new_context(locale="en-US")

    @pytest.fixture
    def context_nojs(new_context) -> BrowserContext:
        """A Dutch-speaking browser with JavaScript disabled."""
        return new_context(locale="nl-NL", javascript=False)

    @pytest.fixture
    def new_page(new_context) -> Iterator[Callable[..., Page]]:
        """Open a page (in ``context``, or a fresh one); its console is checked for CSP violations and errors."""
        logs: list[BrowserLog] = []

        def make(
            *, context: BrowserContext | None = None, locale: str = "nl-NL", javascript: bool = True, width: int = 1280
        ) -> Page:
            context = context or new_context(locale=locale, javascript=javascript, width=width)
            page = context.new_page()
            page.browser_log = BrowserLog.attach(page)
            logs.append(page.browser_log)
            return page

        yield make
        for log in logs:
            log.assert_clean()

    @pytest.fixture
    def page(new_page, context_nl) -> Page:
        """A page in the Dutch browser."""
        return new_page(context=context_nl)

    @pytest.fixture
    def page_en(new_page, context_en) -> Page:
        """A page in the English browser."""
        return new_page(context=context_en)

    @pytest.fixture
    def page_nojs(new_page, context_nojs) -> Page:
        """A page in the Dutch browser without JavaScript."""
        return new_page(context=context_nojs)
