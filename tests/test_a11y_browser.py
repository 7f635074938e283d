"""One page of every type in real headless Chromium, on a phone (390×844), a desktop (1280×900) and
the smallest phone a page must fit (320×640).

What a teacher notices, asserted on each: axe-core (WCAG 2.1 A/AA) finds nothing serious or
critical; nothing makes the page wider than the screen; the menu marks the page's section; no
English text of the theme shows. Screenshots of every page at both widths are kept under
test-artifacts/a11y/ (gitignored). axe-core comes from npm (scripts/test.sh installs it into
.cache/axe/); without it, the axe assertion is skipped and the others still run.

Which pages are visited is read from the records (the first of each type, the program with the
widest indicator table), so the test follows the example site as it grows.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from generator.corpus.check import check
from generator.render.urls import entity_url, section_uri
from tests.browser import needs_chromium
from tests.conftest import REPO

pytest.importorskip("playwright.sync_api")
pytestmark = needs_chromium

ARTIFACTS = REPO / "test-artifacts" / "a11y"
AXE = REPO / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900},
             "small-phone": {"width": 320, "height": 640}}
#: English texts of the theme and of Pagefind that must never reach a Russian page.
ENGLISH = ("Made with", "Material for MkDocs", "Permanent link", "Not found", "Skip to content",
           "Back to top", "Table of contents", "Copy to clipboard", "Type to start searching",
           "results", "Previous", "Next", "Search", "Navigation", "Clear")
#: Section pages of the example site's menu that are not record pages.
INDEXES = ("practices", "events", "associations", "programs", "organizations", "municipalities",
           "contacts", "consultations", "questions", "stats", "about", "contributing")


def _first(records: dict) -> str:
    return sorted(records)[0]


def _pages(site) -> dict[str, str]:
    """name -> URL path of one page of every type, chosen from the records."""
    widest = max(site.programs.values(), key=lambda p: (len(getattr(p, "indicators", ()) or ()), p.id))
    busiest = Counter(o.municipality for o in site.organizations.values() if o.municipality)
    municipality = max(sorted(busiest), key=busiest.get)
    practice = site.practices[_first(site.practices)]
    subject = sorted(practice.subjects)[0]
    event = _first(site.events)
    month = event[:7]
    pages = {
        "home": "",
        "practice": entity_url("practice", _first(site.practices)),
        "facet": f"practices/subjects/{subject}/",
        "event": entity_url("event", event),
        "month": f"events/{month}/",
        "association": entity_url("association", _first(site.associations)),
        "program": entity_url("program", widest.id),
        "organization": entity_url("organization", _first(site.organizations)),
        "municipality": entity_url("municipality", municipality),
        "person": entity_url("person", _first(site.people)),
        "consultation": entity_url("consultation", _first(site.consultations)),
        "question": entity_url("question", _first(site.questions)),
        "stats-table": "stats/program-indicators/",
        "events-filter": "events/filter/",
        "search": "search/",
        "404": "404.html",
    }
    pages.update({f"index-{name}": f"{name}/" for name in INDEXES})
    return pages


def _section_titles() -> dict[str, str]:
    """src URI of a section page -> its title in the example's mkdocs.yml."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    return {src: title for item in config["nav"] for title, src in item.items()}


def _expected_section(url: str) -> str | None:
    """The title of the menu item a page belongs to; None for the 404 page."""
    if url.endswith(".html"):
        return None
    titles = _section_titles()
    candidates = ["index.md"] if not url else [url.rstrip("/") + ".md", url + "index.md",
                                                section_uri(url.rstrip("/") + ".md")]
    return next((titles[src] for src in candidates if src in titles), None)


@pytest.fixture(scope="module")
def site():
    site, diagnostics = check(REPO)
    assert not diagnostics.errors
    return site


_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let clipped = false;  // inside a scroller or a hidden drawer: not the page's width
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (style.overflowX !== 'visible' && up.getBoundingClientRect().right <= width + 1) { clipped = true; break; }
    }
    if (!clipped) wide.push(el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' ' + Math.round(box.right));
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 8)};
}"""

_ENGLISH = """words => {
  // field names a contributor types (`results`) are code, not the interface's words
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {acceptNode: node =>
    node.parentElement.closest('code, pre, kbd, script, style, .kp-print-address') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  const texts = [document.title];
  while (walker.nextNode()) texts.push(walker.currentNode.textContent);
  for (const el of document.querySelectorAll('[title],[aria-label],[placeholder],[alt]'))
    for (const name of ['title', 'aria-label', 'placeholder', 'alt']) texts.push(el.getAttribute(name) || '');
  const all = texts.join('\\n');
  return words.filter(w => new RegExp('\\\\b' + w + '\\\\b').test(all));
}"""

_ACTIVE = """phone => {
  const tab = document.querySelector('.md-tabs__item--active .md-tabs__link');
  const item = [...document.querySelectorAll('.md-nav--primary > .md-nav__list > .md-nav__item--active')]
    .map(li => li.querySelector(':scope > .md-nav__link, :scope > a, :scope > label'));
  const name = el => el ? el.textContent.replace(/\\s+/g, ' ').trim() : null;
  return {tab: name(tab), menu: item.length ? name(item[0]) : null};
}"""


def _axe(tab) -> list[str]:
    tab.evaluate(AXE.read_text(encoding="utf-8"))
    result = tab.evaluate("""async () => {
      const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
      return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\\n')[1]).join(' | '));
    }""")
    return result


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_every_page_type_is_readable_on_a_phone_and_a_desktop(browser, base_url, site, viewport):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="ru-RU", bypass_csp=True)
    problems: dict[str, list[str]] = {}
    try:
        tab = context.new_page()
        tab.set_default_timeout(15000)
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        for name, url in _pages(site).items():
            found: list[str] = []
            tab.goto(base_url + url)
            tab.wait_for_load_state("load")
            if name == "search":
                tab.wait_for_selector(".pagefind-ui__search-input, pagefind-input, input[type=search]")
            if AXE.exists():  # before the screenshot, which scrolls (the theme fades its tabs out)
                found += [f"axe {v}" for v in _axe(tab)]
            tab.screenshot(path=str(ARTIFACTS / f"{name}-{viewport}.png"), full_page=True)
            overflow = tab.evaluate(_OVERFLOW)
            if overflow["scroll"] > overflow["width"]:
                found.append(f"page {overflow['scroll']} px wide at {overflow['width']}: {overflow['wide']}")
            english = tab.evaluate(_ENGLISH, list(ENGLISH))
            if english:
                found.append(f"English: {english}")
            expected = _expected_section(url)
            if expected is not None:
                active = tab.evaluate(_ACTIVE, viewport != "desktop")
                if active["tab"] != expected and not (viewport != "desktop" and active["menu"] == expected):
                    found.append(f"active section {active}, expected {expected}")
            if errors:
                found.append(f"script errors: {errors}")
                errors.clear()
            if found:
                problems[f"{name} ({url})"] = found
    finally:
        context.close()
    report = "\n".join(f"{page}: {p}" for page, items in problems.items() for p in items)
    (ARTIFACTS / f"problems-{viewport}.txt").write_text(report + "\n", encoding="utf-8")
    assert problems == {}, report


def test_axe_is_installed_where_npm_is():
    """scripts/test.sh installs axe-core with npm; a CI run without it would test less silently."""
    import shutil
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed")
    assert AXE.exists(), "axe-core is missing: run scripts/test.sh (npm install into .cache/axe)"


# --- the bank by keyboard alone, and on a phone ---------------------------------------------

_FOCUS = """() => {
  const el = document.activeElement;
  const style = el ? getComputedStyle(el) : null;
  return {tag: el ? el.tagName.toLowerCase() : null, key: el && el.getAttribute('data-kp-key'),
          value: el && el.value, chip: !!(el && el.classList.contains('kp-chip')),
          more: el && el.getAttribute('data-kp-more'), text: el ? el.textContent.trim() : '',
          ring: !!style && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
}"""


def _bank(browser, base_url, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="ru-RU")
    tab = context.new_page()
    tab.set_default_timeout(15000)
    tab.goto(base_url + "practices/")
    tab.wait_for_selector(".kp-filter[data-kp-ready]")
    return context, tab


def _tab_until(tab, wanted, limit: int = 300, key: str = "Tab") -> dict:
    """Press Tab until `wanted(focus)`; focus is never on <body> on the way, and always drawn."""
    for _ in range(limit):
        tab.keyboard.press(key)
        focus = tab.evaluate(_FOCUS)
        assert focus["tag"] != "body", "focus fell to <body>"
        if wanted(focus):
            assert focus["ring"], f"no visible focus ring on {focus}"
            return focus
    raise AssertionError("never reached by Tab")


def _results(tab) -> int:
    return int(tab.get_attribute(".kp-filter", "data-kp-results"))


def test_two_facets_are_chosen_and_cleared_by_keyboard_alone(browser, base_url, site):
    from generator.derive.facets import facet_indexes

    indexes = facet_indexes(site)
    level = indexes["levels"].values[0]
    with_level = set(level.practices)
    context, tab = _bank(browser, base_url, "desktop")
    try:
        _tab_until(tab, lambda f: f["key"] == "levels" and f["value"] == level.slug)
        tab.keyboard.press("Space")
        focus = tab.evaluate(_FOCUS)
        assert (focus["key"], focus["value"]) == ("levels", level.slug) and focus["ring"]
        assert _results(tab) == len(with_level)
        subject = next(v for v in indexes["subjects"].values if set(v.practices) & with_level)
        _tab_until(tab, lambda f: f["key"] == "subjects" and f["value"] == subject.slug)
        tab.keyboard.press("Space")
        both = with_level & set(subject.practices)
        assert _results(tab) == len(both)
        assert tab.evaluate(_FOCUS)["value"] == subject.slug
        # clear both with the chips, by Enter: focus stays on the chips, then on the count
        _tab_until(tab, lambda f: f["chip"])
        tab.keyboard.press("Enter")
        assert tab.evaluate(_FOCUS)["chip"]
        tab.keyboard.press("Enter")
        assert _results(tab) == len(site.practices)
        focus = tab.evaluate(_FOCUS)
        assert focus["tag"] == "p" and focus["text"].startswith("Найдено")
        # «Показать все» by Enter: focus goes on to the first value it revealed
        tab.keyboard.press("Shift+Tab")
        _tab_until(tab, lambda f: bool(f["more"]), key="Shift+Tab")
        facet = tab.evaluate(_FOCUS)["more"]
        tab.keyboard.press("Enter")
        focus = tab.evaluate(_FOCUS)
        assert focus["key"] == facet and focus["tag"] == "input"
        tab.screenshot(path=str(ARTIFACTS / "bank-keyboard-desktop.png"))
    finally:
        context.close()


def test_on_a_phone_the_results_come_first_and_the_facets_wait_in_a_drawer(browser, base_url, site):
    from generator.derive.facets import facet_indexes

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    level = facet_indexes(site)["levels"].values[0]
    context, tab = _bank(browser, base_url, "phone")
    try:
        count = tab.locator(".kp-f-count").bounding_box()
        first = tab.locator(".kp-f-results li").first.bounding_box()
        assert count["y"] + count["height"] < VIEWPORTS["phone"]["height"]  # on the first screen
        assert first["y"] < VIEWPORTS["phone"]["height"]
        assert not tab.locator(".kp-f-side").is_visible()
        _tab_until(tab, lambda f: f["text"].startswith("Фильтры"))
        tab.keyboard.press("Enter")
        assert tab.locator(".kp-f-side").is_visible()
        assert tab.evaluate(_FOCUS)["text"].startswith("Показать")
        _tab_until(tab, lambda f: f["key"] == "levels" and f["value"] == level.slug)
        tab.keyboard.press("Space")
        size = tab.locator(f'input[data-kp-key="levels"][value="{level.slug}"]').bounding_box()
        assert size["width"] >= 24 and size["height"] >= 24
        assert str(level.count) in tab.inner_text(".kp-f-done")
        tab.screenshot(path=str(ARTIFACTS / "bank-drawer-phone.png"))
        tab.keyboard.press("Escape")
        assert not tab.locator(".kp-f-side").is_visible()
        focus = tab.evaluate(_FOCUS)
        assert focus["text"] == "Фильтры (1)" and focus["ring"]
        assert _results(tab) == level.count
    finally:
        context.close()


def test_search_counts_and_excerpts_read_as_russian(browser, base_url, site):
    word = "наставничество"
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="ru-RU")
    try:
        tab = context.new_page()
        tab.set_default_timeout(15000)
        tab.goto(base_url + "search/?q=" + word)
        tab.wait_for_selector(".pagefind-ui__result-link")
        tab.wait_for_function("() => /Найден/.test(document.querySelector('.pagefind-ui__message')?.textContent || '')")
        message = tab.inner_text(".pagefind-ui__message")
        assert re.fullmatch(rf"Найдено результатов по запросу «{word}»: \d+", message.strip()), message
        excerpts = " ".join(tab.eval_on_selector_all(".pagefind-ui__result-excerpt, .pagefind-ui__result-title",
                                                     "els => els.map(e => e.textContent)"))
        assert "¶" not in excerpts
        # a card's label is followed by its value, not run into it («Видкруглый стол»)
        labels = ("Вид", "Когда", "Где", "Организация", "Уровни образования")
        assert not re.search(rf"(?:{'|'.join(labels)})[а-яё0-9]", excerpts), excerpts
    finally:
        context.close()


def test_a_printed_page_ends_with_its_address_and_prints_wide_tables_whole(browser, base_url, site):
    widest = max(site.programs.values(), key=lambda p: (len(getattr(p, "indicators", ()) or ()), p.id))
    practice = entity_url("practice", _first(site.practices))
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="ru-RU")
    try:
        tab = context.new_page()
        tab.goto(base_url + practice)
        tab.emulate_media(media="print")
        # the published address (mkdocs.yml's site_url), with its QR code; the browser's without it
        site_url = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8")).get("site_url")
        address = tab.locator(".kp-print-address")
        assert address.is_visible() and address.inner_text().strip().endswith((site_url or base_url) + practice)
        if site_url:
            assert tab.locator(".kp-print-address svg.kp-qr").is_visible()
        tab.emulate_media(media="screen")
        assert not address.is_visible()
        tab.goto(base_url + entity_url("program", widest.id))
        tab.emulate_media(media="print")
        clipped = tab.evaluate("""() => [...document.querySelectorAll('.kp-scroll, table.kp-table')]
            .filter(el => getComputedStyle(el).overflowX !== 'visible').length""")
        assert clipped == 0  # no scroller cuts a table on paper
        assert tab.evaluate("getComputedStyle(document.querySelector('table.kp-indicators')).page") == "kp-landscape"
    finally:
        context.close()
