"""Pages built from hostile records, vocabularies, municipalities and materials, in Chromium:
no script of theirs runs — no dialog, no navigation, no `javascript:` link to click — on the
record pages, the lists, the bank's filter and the search page with its filters shown."""

from __future__ import annotations

import pytest

from tests.browser import chromium, needs_chromium, served

pytest.importorskip("playwright.sync_api")
pytestmark = needs_chromium

PAGES = ["", "practices/opasnaya-praktika/", "organizations/school/", "associations/opasnoe/",
         "events/opasnoe-sobytie/", "municipalities/opasnyy/", "practices/facets/", "events/2026-12/", "about/",
         "propose/practice/", "propose/event/"]


@pytest.fixture(scope="module")
def visit(hostile_build):
    """visit(path) -> what happened: dialogs, navigations away, page errors, `javascript:` links."""
    _, site = hostile_build
    with served(site) as base, chromium() as browser:
        def run(path: str, action=None) -> dict:
            context = browser.new_context(locale="ru-RU")
            tab = context.new_page()
            seen = {"dialogs": [], "navigations": [], "errors": [], "javascript_links": [], "base": base}
            tab.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
            tab.on("pageerror", lambda error: seen["errors"].append(str(error)))
            # the site's own scripts are allowed by its Content-Security-Policy; nothing is refused
            tab.on("console", lambda message: "Content Security Policy" in message.text
                   and seen["errors"].append(message.text))
            tab.set_default_timeout(15000)
            tab.goto(base + path)
            tab.wait_for_load_state("load")
            tab.on("framenavigated", lambda frame: frame == tab.main_frame and seen["navigations"].append(frame.url))
            if action:
                action(tab)
            seen["javascript_links"] = tab.eval_on_selector_all(
                "[href], [src], [action], [formaction], [data]",
                """els => els.flatMap(e => ['href', 'src', 'action', 'formaction', 'data'].map(a => e.getAttribute(a))
                       .filter(v => v && /^\\s*(javascript|data|vbscript):/i.test(v.replace(/[\\s\\x00-\\x1f]/g, ''))))""")
            # every element of the content gets the events an inline handler would wait for; links
            # of the site are not followed (their targets are listed above)
            tab.evaluate("""() => document.querySelectorAll('article *:not(a)').forEach(el => {
                for (const type of ['click', 'mouseover', 'focus', 'load', 'error'])
                    el.dispatchEvent(new Event(type, {bubbles: false}));
            })""")
            context.close()
            return seen
        yield run


@pytest.mark.parametrize("path", PAGES)
def test_no_script_of_a_record_runs_on_its_pages(visit, path):
    seen = visit(path)
    assert seen["dialogs"] == [] and seen["javascript_links"] == [] and seen["errors"] == []
    # a click may follow one of the site's own links; nothing leads off the site or to a script URL
    assert all(url.startswith(seen["base"]) for url in seen["navigations"]), seen["navigations"]


def test_the_bank_filter_shows_hostile_labels_as_text(visit):
    def use_filter(tab):
        tab.wait_for_selector(".kp-filter[data-kp-ready]")
        tab.locator('.kp-filter input[data-kp-key="topics"]').first.check()  # the hostile topic
        tab.wait_for_selector(".kp-chip")
        labels = tab.inner_text(".kp-filter")
        assert "<img src=x" in labels  # the label as its text, not as an element
        assert tab.query_selector(".kp-filter img, .kp-filter svg, .kp-filter script") is None

    seen = visit("practices/", use_filter)
    assert seen["dialogs"] == [] and seen["errors"] == []


def test_the_search_page_shows_results_and_filters_as_text(visit):
    def search(tab):
        tab.wait_for_selector(".kp-search[data-kp-ready]")
        tab.fill(".pagefind-ui__search-input", "урок")
        tab.wait_for_selector(".pagefind-ui__result-link")
        tab.wait_for_selector(".pagefind-ui__filter-block")
        for block in tab.query_selector_all("details.pagefind-ui__filter-block"):
            block.evaluate("d => d.open = true")
        panel = tab.inner_text(".pagefind-ui__filter-panel")
        # the hostile topic and municipality, shown as text (markup characters as lookalikes)
        assert "‹img src=x" in panel and "‹script›alert" in panel
        assert tab.query_selector(".pagefind-ui img[src='x'], .pagefind-ui svg[onload], .pagefind-ui script") is None
        for number in range(min(10, tab.locator(".pagefind-ui__filter-checkbox").count())):
            tab.locator(".pagefind-ui__filter-checkbox").nth(number).check()
        tab.fill(".pagefind-ui__search-input", "alert")  # excerpts quoting the payloads
        tab.wait_for_timeout(0)

    seen = visit("search/?q=урок", search)
    assert seen["dialogs"] == [] and seen["errors"] == []


def test_the_content_security_policy_refuses_a_script_that_slipped_in(visit):
    def inject(tab):
        assert tab.query_selector('meta[http-equiv="Content-Security-Policy"]') is not None
        try:  # an inline script element added to the page, as an injection would
            tab.add_script_tag(content="window.kopilkaInjected = true; alert('injected')")
        except Exception:  # noqa: BLE001 - Playwright reports the refused script as an error
            pass
        assert tab.evaluate("window.kopilkaInjected === undefined")
        assert tab.evaluate("typeof window.kopilkaFilter === 'object'")  # the site's own scripts ran

    seen = visit("practices/", inject)
    assert seen["dialogs"] == []
    assert any("Content Security Policy" in error for error in seen["errors"])


def test_the_proposal_form_shows_hostile_titles_and_labels_as_text(visit):
    """Organisation titles and vocabulary labels are the form's choices: chosen and written into
    the file, they stay text."""
    def choose_all(tab):
        for box in tab.query_selector_all("#kp-proposal-form input[type=checkbox]"):
            box.check()
        for select in tab.query_selector_all("#kp-proposal-form select"):
            values = select.eval_on_selector_all("option", "os => os.map(o => o.value).filter(Boolean)")
            if values:
                select.select_option(values[-1])
        tab.fill("#kp-f-title", "Практика")
        tab.click("#kp-proposal-form button[type=submit]")
        tab.wait_for_selector("#kp-proposal[data-state]", state="attached")
    seen = visit("propose/practice/", choose_all)
    assert seen["dialogs"] == [] and seen["javascript_links"] == [] and seen["errors"] == []
