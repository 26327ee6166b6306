"""Layout at 320 and 1280 px: results before filters on narrow screens, single checkboxes beside their label."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from assignments.services.posting import assignment_search_refresh
from tests import factories
from tests.e2e.helpers import log_in, save_screenshots

NARROW, WIDE = 320, 1280


@pytest.fixture
def assignments():
    organisation = factories.OrganisationFactory(name="Gemeente Tilburg", slug="gemeente-tilburg", domain="tilburg.nl")
    made = [
        factories.AssignmentFactory(organisation=organisation, title=f"Projectleider energietransitie wijk {n}")
        for n in range(1, 4)
    ]
    # The factory writes rows directly; the posting services keep the search vector (PostgreSQL).
    assignment_search_refresh(assignment_ids=[a.pk for a in made])
    return made


def _box(page: Page, selector: str) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not rendered on {page.url}"
    return box


@pytest.mark.parametrize("javascript", [True, False])
def test_it_shows_results_first_and_filters_behind_a_disclosure_at_320_px(new_page, assignments, javascript):
    page = new_page(javascript=javascript, width=NARROW)
    page.goto("/klussen/")
    first_result = _box(page, "#results .card")
    assert first_result["y"] < 450, f"the first result starts {first_result['y']} px down"
    expect(page.locator("#id_q")).to_be_hidden()

    page.locator(".filters-disclosure__toggle").first.click()
    expect(page.locator("#id_q")).to_be_visible()
    page.locator("#id_q").fill("wijk 2")
    page.locator(".filters button[type=submit]").click()
    expect(page.locator("#results .card")).to_have_count(1)
    if javascript:
        save_screenshots(page, "klussen-filters-open")


def test_it_keeps_the_filters_beside_the_results_on_wide_screens(new_page, assignments):
    page = new_page(width=WIDE)
    page.goto("/klussen/")
    expect(page.locator("#id_q")).to_be_visible()
    expect(page.locator(".filters-disclosure__toggle")).to_be_hidden()
    filters, results = _box(page, "form.filters"), _box(page, "#results")
    assert filters["x"] + filters["width"] <= results["x"]
    assert abs(filters["y"] - results["y"]) < 40
    save_screenshots(page, "klussen")


SINGLE_CHECKBOXES_JS = """() => [...document.querySelectorAll('main input[type=checkbox]')]
    .map(input => ({input, label: document.querySelector(`label[for="${input.id}"]`)}))
    .filter(({input, label}) => label && label.classList.contains('utrecht-form-label--checkbox'))
    .map(({input, label}) => {
        const style = getComputedStyle(label);
        const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
        const box = label.getBoundingClientRect(), check = input.getBoundingClientRect();
        return {id: input.id, lines: Math.round(box.height / lineHeight), width: box.width,
                beside: box.left >= check.right - 1};
    })"""


def assert_checkboxes_beside_their_labels(page: Page) -> int:
    checkboxes = page.evaluate(SINGLE_CHECKBOXES_JS)
    for box in checkboxes:
        assert box["beside"] and box["width"] > 100 and box["lines"] <= 3, f"{box} on {page.url}"
    return len(checkboxes)


@pytest.mark.parametrize("width", [NARROW, WIDE])
def test_it_puts_every_single_checkbox_beside_its_label(new_page, live_server, width):
    user = factories.employee(factories.OrganisationFactory(domain="tilburg.nl"))
    factories.ProfileFactory(user=user, photo="photos/x.jpg", cv="cv/x.pdf")
    page = new_page(width=width)
    log_in(page, user, live_server.url)
    seen = 0
    for path in [
        "/professionals/mijn-profiel/",
        "/professionals/mijn-profiel/deellinks/",
        "/professionals/mijn-profiel/account-verwijderen/",
    ]:
        page.goto(path)
        seen += assert_checkboxes_beside_their_labels(page)
    assert seen >= 4  # open to assignments, remove photo, remove CV, contact details on a share link, delete
    save_screenshots(page, f"checkbox-{width}")


FONTS_JS = """async () => {
    await document.fonts.ready;
    const heading = document.querySelector('main h1');
    const style = getComputedStyle(heading);
    return {
        family: style.fontFamily,
        loaded: [...document.fonts].filter(f => f.status === 'loaded').map(f => `${f.family} ${f.weight}`),
        marginEnd: parseFloat(style.marginBlockEnd),
        h2MarginStart: parseFloat(getComputedStyle(
            [...document.querySelectorAll('main h2')].find(h => !h.closest('.card, .filters'))).marginBlockStart),
    };
}"""


def test_it_ships_the_heading_font_it_names_and_gives_headings_room(new_page):
    page = new_page(width=WIDE)
    page.goto("/toegankelijkheid/")
    fonts = page.evaluate(FONTS_JS)
    assert fonts["family"].startswith('"Noto Serif"')
    assert '"Noto Serif" 700' in fonts["loaded"] or "Noto Serif 700" in fonts["loaded"], fonts
    assert fonts["marginEnd"] >= 8 and fonts["h2MarginStart"] >= 16, fonts


RADAR_LABELS_JS = """() => {
    const svg = document.querySelector('.radar__chart').getBoundingClientRect();
    const labels = [...document.querySelectorAll('.radar__label')].map(el => {
        const box = el.getBoundingClientRect();
        const scale = svg.width / el.ownerSVGElement.viewBox.baseVal.width;
        return {text: el.textContent, left: box.left, right: box.right, top: box.top, bottom: box.bottom,
                width: box.width, size: parseFloat(getComputedStyle(el).fontSize) * scale};
    });
    return {svg: {left: svg.left, right: svg.right}, labels};
}"""


@pytest.mark.parametrize("width", [NARROW, WIDE])
def test_it_draws_the_self_scan_radar_with_readable_labels(new_page, live_server, width):
    user = factories.employee(factories.OrganisationFactory(domain="tilburg.nl"))
    factories.ProfileFactory(user=user, scan_answers=[4, 3, 5, 2, 4, 3, 5, 4, 3, 2, 4, 5])
    page = new_page(width=width)
    log_in(page, user, live_server.url)
    page.goto("/professionals/mijn-profiel/zelfscan/")
    radar = page.evaluate(RADAR_LABELS_JS)
    labels = radar["labels"]
    assert [label["text"] for label in labels][:2] == ["Initiatief", "Netwerken"], labels
    for label in labels:
        assert label["left"] >= radar["svg"]["left"] - 1 and label["right"] <= radar["svg"]["right"] + 1, label
        if width == WIDE:  # at 320 px the chart scales down; the table under it names every score in full
            assert label["size"] >= 11, f"{label['text']} is drawn at {label['size']:.1f} px"
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            apart = (
                a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"] or b["bottom"] <= a["top"]
            )
            assert apart, f"{a['text']} overlaps {b['text']}"
    for label in labels:
        expect(page.locator(".radar table th[scope=row]", has_text=label["text"])).to_be_visible()
    save_screenshots(page, f"selfscan-{width}")
