"""Events as a second bank in real headless Chromium: the faceted filter of `events/filter/`.

The browser's clock is fixed at the build day's noon (UTC), so «upcoming» is decided as a visitor
would see it that day; expectations come from the records. One build (the session's) and one
browser serve every test here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from generator.corpus.check import check
from generator.derive.calendar import listing
from tests.browser import needs_chromium
from tests.conftest import REPO

pytest.importorskip("playwright.sync_api")
pytestmark = needs_chromium
BUILD_DAY = dt.date(2026, 11, 22)  # conftest.EPOCH
NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def site():
    site, diagnostics = check(REPO, today=BUILD_DAY)
    assert not diagnostics.errors
    return site


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="ru-RU")
    tab = context.new_page()
    tab.clock.set_fixed_time(NOW)
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.set_default_timeout(15000)
    yield tab
    context.close()
    assert errors == []


def upcoming(site) -> set[str]:
    return {e.id for e in site.events.values() if listing(e, BUILD_DAY).ends_at > NOW}


def _open(tab, base_url: str, query: str = "") -> None:
    tab.goto(base_url + "events/filter/" + query)
    tab.wait_for_selector(".kp-filter[data-kp-ready]")


def _results(tab) -> int:
    return int(tab.get_attribute(".kp-filter", "data-kp-results"))


def _listed(tab) -> list[str]:
    hrefs = tab.eval_on_selector_all(".kp-f-results a", "links => links.map(a => a.getAttribute('href'))")
    return [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs]


def _count(tab, key: str, slug: str) -> int:
    box = tab.locator(f'input[data-kp-key="{key}"][value="{slug}"]')
    return int(box.locator("xpath=following-sibling::span[1]").inner_text()) if box.count() else 0


def _tick(tab, key: str, slug: str, on: bool = True) -> None:
    box = f'input[data-kp-key="{key}"][value="{slug}"]'
    if not tab.evaluate(f"document.querySelector('details[data-kp-facet=\"{key}\"]').open"):
        tab.click(f'details[data-kp-facet="{key}"] > summary')  # a closed facet: open it first
    if tab.locator(box).count() == 0:  # a long facet shows its first values: ask for all
        tab.click(f'button[data-kp-more="{key}"]')
    before = tab.get_attribute(".kp-filter", "data-kp-version")
    (tab.check if on else tab.uncheck)(box)
    tab.wait_for_function(f"document.querySelector('.kp-filter').dataset.kpVersion != '{before}'")


def test_the_filter_opens_on_upcoming_events_and_narrows_by_two_facets(tab, base_url, site):
    _open(tab, base_url)
    soon = upcoming(site)
    assert set(_listed(tab)) == soon and _results(tab) == len(soon)
    assert tab.is_checked('input[data-kp-key="when"][value="upcoming"]')
    # past ones on request: both together give every event
    _tick(tab, "when", "past")
    assert _results(tab) == len(site.events)
    topic, _ = Counter(t for e in site.events.values() for t in e.topics).most_common(1)[0]
    _tick(tab, "topics", topic)
    in_topic = [e for e in site.events.values() if topic in e.topics]
    assert set(_listed(tab)) == {e.id for e in in_topic}
    for fmt, n in Counter(e.format for e in in_topic).items():  # what each format would give
        assert _count(tab, "formats", fmt) == n, fmt
    fmt, _ = Counter(e.format for e in in_topic).most_common(1)[0]
    _tick(tab, "formats", fmt)
    expected = {e.id for e in in_topic if e.format == fmt}
    assert set(_listed(tab)) == expected and _results(tab) == len(expected)
    assert f"topics={topic}" in tab.url and f"formats={fmt}" in tab.url
    # the link is shared: opened again, it gives the same list
    _open(tab, base_url, "?" + tab.url.split("?", 1)[1])
    assert set(_listed(tab)) == expected


def test_past_events_come_newest_first_and_reset_returns_to_upcoming(tab, base_url, site):
    _open(tab, base_url, "?when=past")
    gone = [e for e in site.events.values() if e.id not in upcoming(site)]
    listed = _listed(tab)
    assert set(listed) == {e.id for e in gone}
    starts = [site.events[i].start_at for i in listed]
    assert starts == sorted(starts, reverse=True)
    tab.click(".kp-chip--reset")
    tab.wait_for_function(f"document.querySelector('.kp-filter').dataset.kpResults == '{len(upcoming(site))}'")
    assert "when=" not in tab.url


def test_without_javascript_the_page_lists_the_upcoming_events(browser, base_url, site):
    context = browser.new_context(java_script_enabled=False, locale="ru-RU")
    tab = context.new_page()
    tab.goto(base_url + "events/filter/")
    hrefs = [a.get_attribute("href") for a in tab.locator(".kp-static .kp-events a").all()]
    context.close()
    listed = {h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs}
    built_day = {e.id for e in site.events.values() if listing(e, BUILD_DAY).upcoming}
    assert listed == built_day
