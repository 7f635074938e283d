"""The bank in real headless Chromium: the faceted filter, shared URLs, Russian search, no-JS.

Expectations come from the records and the static facet pages, never from stored answers.
Screenshots of the bank page are kept under test-artifacts/ (gitignored).
"""

from __future__ import annotations

import pytest

from generator.corpus.check import check
from generator.derive.facets import facet_indexes, subject_level_table
from tests.browser import needs_chromium
from tests.conftest import REPO
from tests.sitefiles import body_text, page

pytest.importorskip("playwright.sync_api")
ARTIFACTS = REPO / "test-artifacts"
pytestmark = needs_chromium


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="ru-RU")
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.set_default_timeout(15000)
    yield tab
    context.close()
    assert errors == []


@pytest.fixture(scope="module")
def site():
    site, diagnostics = check(REPO)
    assert not diagnostics.errors
    return site


def _open_bank(tab, base_url: str, query: str = "") -> None:
    tab.goto(base_url + "practices/" + query)
    tab.wait_for_selector(".kp-filter[data-kp-ready]")


def _results(tab) -> int:
    return int(tab.get_attribute(".kp-filter", "data-kp-results"))


def _count(tab, key: str, slug: str) -> int | None:
    box = tab.locator(f'input[data-kp-key="{key}"][value="{slug}"]')
    if box.count() == 0:
        return None
    return int(box.locator("xpath=following-sibling::span[1]").inner_text())


def _listed_ids(tab) -> list[str]:
    hrefs = tab.eval_on_selector_all(".kp-f-results a", "links => links.map(a => a.getAttribute('href'))")
    return [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs]


def test_facet_counts_and_results_match_the_static_pages(tab, base_url, example_build, site):
    indexes = facet_indexes(site)
    _open_bank(tab, base_url)
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "bank.png"))
    assert _results(tab) == len(site.practices)
    for value in indexes["levels"].values:
        assert _count(tab, "levels", value.slug) == value.count
    # choose the busiest cell of the subject × level table: level, then subject
    table = subject_level_table(site)
    (subject, level), ids = max(table.cells.items(), key=lambda item: (len(item[1]), item[0]))
    tab.check(f'input[data-kp-key="levels"][value="{level}"]')
    assert _results(tab) == indexes["levels"].get(level).count
    for s in indexes["subjects"].values:  # what each subject would give together with the level
        expected = len(table.cell(s.slug, level))
        assert (_count(tab, "subjects", s.slug) or 0) == expected, s.slug
    tab.check(f'input[data-kp-key="subjects"][value="{subject}"]')
    assert _results(tab) == len(ids)
    static = page(example_build, f"practices/subjects/{subject}/{level}/")
    assert f": {len(ids)} практ" in body_text(static)
    assert sorted(_listed_ids(tab)) == sorted(ids)
    tab.screenshot(path=str(ARTIFACTS / "bank-filtered.png"), full_page=True)
    # OR within a facet: a second level adds its practices
    other = next(v for v in indexes["levels"].values if v.slug != level and table.cell(subject, v.slug))
    tab.check(f'input[data-kp-key="levels"][value="{other.slug}"]')
    both = {i for i in indexes["subjects"].get(subject).practices
            if set(site.practices[i].levels) & {level, other.slug}}
    assert sorted(_listed_ids(tab)) == sorted(both)


def test_a_shared_link_restores_the_state_and_history_works(tab, base_url, site):
    indexes = facet_indexes(site)
    year = indexes["years"].values[0]
    _open_bank(tab, base_url, f"?years={year.slug}&sort=year")
    assert tab.is_checked(f'input[data-kp-key="years"][value="{year.slug}"]')
    assert tab.input_value(".kp-f-bar select") == "year"
    assert sorted(_listed_ids(tab)) == sorted(year.practices)
    level = next(v for v in indexes["levels"].values if set(v.practices) & set(year.practices))
    tab.check(f'input[data-kp-key="levels"][value="{level.slug}"]')
    assert f"levels={level.slug}" in tab.url
    narrowed = _results(tab)
    tab.go_back()
    tab.wait_for_function(f"document.querySelector('.kp-filter').dataset.kpResults == '{year.count}'")
    assert not tab.is_checked(f'input[data-kp-key="levels"][value="{level.slug}"]')
    tab.go_forward()
    tab.wait_for_function(f"document.querySelector('.kp-filter').dataset.kpResults == '{narrowed}'")
    assert tab.is_checked(f'input[data-kp-key="levels"][value="{level.slug}"]')


def test_words_narrow_by_title_and_summary(tab, base_url, site):
    _open_bank(tab, base_url, "?q=наставничеству")
    expected = {p.id for p in site.practices.values()
                if "наставни" in (p.title + " " + p.summary).lower()}
    assert expected and expected <= set(_listed_ids(tab))


def test_search_finds_an_inflected_russian_word(tab, base_url, site):
    about = sorted(p.title for p in site.practices.values() if "наставничество" in p.title.lower())
    assert about
    tab.goto(base_url + "search/?q=наставничеству")
    # results arrive progressively: wait until one of the practices about «наставничество» shows
    tab.wait_for_function("""about => [...document.querySelectorAll('.pagefind-ui__result-link')]
        .some(a => about.includes(a.textContent.trim()))""", arg=about)
    titles = tab.eval_on_selector_all(".pagefind-ui__result-link", "links => links.map(a => a.textContent)")
    assert set(about) & {t.strip() for t in titles}, titles
    hrefs = tab.eval_on_selector_all(".pagefind-ui__result-link", "links => links.map(a => a.getAttribute('href'))")
    assert all(h.startswith("/") and "index.html" not in h for h in hrefs)
    assert any(not h.startswith("/practices/") for h in hrefs)  # events and others are found too
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "search.png"))
    # the section filter keeps practices only
    tab.click("text=Раздел")
    tab.click("label:has-text('Практики')")
    # results are replaced progressively: wait for a non-empty list made of practices only
    tab.wait_for_function("""() => {
        const links = [...document.querySelectorAll('.pagefind-ui__result-link')];
        return links.length > 0 && links.every(a => a.getAttribute('href').startsWith('/practices/'));
    }""")
    shown = tab.eval_on_selector_all(".pagefind-ui__result-link", "links => links.map(a => a.getAttribute('href'))")
    assert shown and all(h.split("#")[0].rstrip("/").rsplit("/", 1)[-1] in site.practices for h in shown)


def test_without_javascript_the_bank_lists_practices(browser, base_url, site):
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(base_url + "practices/")
        rows = tab.locator(".kp-static table.kp-practices tbody tr")
        assert rows.count() == min(len(site.practices), site.config.page_size)
        assert tab.locator(".kp-filter").is_hidden()
        tab.screenshot(path=str(ARTIFACTS / "bank-no-js.png"))
    finally:
        context.close()


def test_a_search_from_the_url_shows_every_filter_when_some_load_slowly(tab, base_url):
    """Pagefind UI shows the filters of whichever answers first, its filter list or the first
    search; a shared search URL must still offer every filter (a busy machine lost «Раздел»)."""
    held, seen = [], []

    def hold_every_other(route):
        seen.append(route.request.url)
        if len(seen) % 2:
            route.continue_()
        else:
            held.append(route)
    tab.route("**/pagefind/filter/*", hold_every_other)
    tab.goto(base_url + "search/?q=наставничеству")
    tab.wait_for_timeout(1500)  # the search could answer meanwhile: half the filters are held
    for route in held:
        route.continue_()
    tab.wait_for_selector(".pagefind-ui__result-link")
    assert held, "no filter file was held: the test did not test anything"
    every = tab.evaluate("""async () => Object.keys(await (await import(
        new URL('../pagefind/pagefind.js', location.href).href)).filters())""")
    tab.wait_for_function("n => document.querySelectorAll('.pagefind-ui__filter-name').length >= n",
                          arg=len(every))
    shown = tab.eval_on_selector_all(".pagefind-ui__filter-name", "names => names.map(n => n.textContent.trim())")
    assert sorted(shown) == sorted(every)
