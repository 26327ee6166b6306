"""The browser checks fail when a page is broken: mutations that must make check_a11y or the console collector fail."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import assert_reflows, check_a11y, focused


@pytest.fixture
def login_page(page):
    page.goto("/accounts/login/")
    return page


@pytest.fixture
def clean_login_page(login_page):
    check_a11y(login_page)  # clean before the mutation, so the failure below is the mutation's
    return login_page


def test_it_fails_axe_without_the_lang_attribute(clean_login_page):
    clean_login_page.evaluate("document.documentElement.removeAttribute('lang')")

    with pytest.raises(AssertionError, match="html-has-lang"):
        check_a11y(clean_login_page)


def test_it_fails_axe_when_a_label_is_removed(clean_login_page):
    clean_login_page.evaluate("document.querySelector('label[for=id_remember]').remove()")

    with pytest.raises(AssertionError, match=r"label[\s\S]*#id_remember"):
        check_a11y(clean_login_page)


def test_it_fails_axe_when_an_image_has_no_alt(login_page):
    login_page.evaluate(
        """() => {
          const img = document.createElement('img');
          img.src = '/static/img/favicon.svg';
          img.alt = 'Klusmarkt';
          document.querySelector('main').append(img);
        }"""
    )
    check_a11y(login_page)  # with its alt the image is fine

    login_page.evaluate("document.querySelector('main img').removeAttribute('alt')")

    with pytest.raises(AssertionError, match=r"image-alt[\s\S]*\bimg\b"):
        check_a11y(login_page)


def test_it_fails_axe_when_two_regions_share_a_name(clean_login_page):
    clean_login_page.evaluate(
        """() => {
          const main = document.querySelector('main');
          main.insertAdjacentHTML('beforeend',
            '<section aria-labelledby="h-x"><h2 id="h-x">Geschiedenis</h2>'
            + '<div role="region" aria-labelledby="h-x" tabindex="0"><p>x</p></div></section>');
        }"""
    )

    with pytest.raises(AssertionError, match="landmark-unique"):
        check_a11y(clean_login_page)


def test_it_fails_the_console_check_on_an_inline_script(login_page):
    with login_page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        login_page.evaluate(
            """() => {
          const script = document.createElement('script');
          script.textContent = 'window.injected = true';
          document.body.append(script);
        }"""
        )

    assert login_page.evaluate("window.injected") is None  # CSP blocked it
    with pytest.raises(AssertionError, match="Content Security Policy"):
        login_page.browser_log.assert_clean()


def test_it_fails_the_console_check_on_an_inline_style(login_page):
    with login_page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        login_page.evaluate(
            """() => {
          const style = document.createElement('style');
          style.textContent = 'body { color: red }';
          document.head.append(style);
        }"""
        )

    with pytest.raises(AssertionError, match="style-src"):
        login_page.browser_log.assert_clean()


def test_it_fails_the_console_check_on_a_javascript_error(login_page):
    with login_page.expect_event("pageerror"):
        login_page.evaluate("setTimeout(() => { throw new Error('kapot') }, 0)")

    with pytest.raises(AssertionError, match="kapot"):
        login_page.browser_log.assert_clean()


def test_it_fails_the_focus_check_when_the_focus_is_hidden(login_page):
    login_page.locator("#id_password").focus()
    assert focused(login_page)["name"] == "password"  # visible before

    login_page.evaluate(
        "() => { const el = document.activeElement; el.style.outline = 'none'; el.style.boxShadow = 'none'; }"
    )

    with pytest.raises(AssertionError, match="focus is not visible"):
        focused(login_page)


def test_it_fails_the_reflow_check_on_a_wide_element(login_page):
    assert_reflows(login_page)

    login_page.evaluate(
        """() => {
          const wide = document.createElement('pre');
          wide.textContent = 'x'.repeat(200);
          document.querySelector('main').append(wide);
        }"""
    )

    with pytest.raises(AssertionError, match="scrolls sideways"):
        assert_reflows(login_page)


def test_it_lets_a_data_table_scroll_inside_its_own_region(login_page):
    login_page.evaluate(
        """() => {
          const region = document.createElement('div');
          region.className = 'table-scroll';
          region.innerHTML = '<table class="data"><tr><td>' + 'x'.repeat(200) + '</td></tr></table>';
          document.querySelector('main').append(region);
        }"""
    )

    assert_reflows(login_page)  # the region fits; only its content scrolls

    login_page.evaluate("() => { document.querySelector('.table-scroll').style.overflowX = 'visible'; }")
    with pytest.raises(AssertionError, match="scrolls sideways"):
        assert_reflows(login_page)
