"""In a real browser: a site built a week ago, served today, decides «upcoming» by today's clock.

Dates are relative to the real today, so the test says what the issue says: the event that ended
yesterday must not be offered as upcoming, although the build (seven days ago) thought it was.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.browser import needs_chromium, served
from tests.conftest import PRACTICE, run_kopilka, write_site
from tests.test_calendar import event_file

pytestmark = needs_chromium
MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.fixture(scope="module")
def week_old_site(tmp_path_factory):
    today = dt.datetime.now(MOSCOW).date()
    yesterday, tomorrow = today - dt.timedelta(days=1), today + dt.timedelta(days=1)
    built = today - dt.timedelta(days=7)
    root = write_site(tmp_path_factory.mktemp("week-old"), {
        "practices/p.md": PRACTICE,
        "content/events/vchera.md": event_file(f"{yesterday} 10:00", f"{yesterday} 12:00",
                                               title="Вчерашний семинар").replace(
            "format: дистанционно\nonline_url: https://meet.example.org/x", "format: очно\nlocation: Пенза"),
        "content/events/zavtra.md": event_file(f"{tomorrow} 10:00", f"{tomorrow} 11:30",
                                               title="Завтрашний вебинар").replace("семинар", "вебинар"),
        "content/events/davno.md": event_file(f"{today - dt.timedelta(days=10)}", title="Давний семинар"),
    })
    epoch = int(dt.datetime.combine(built, dt.time(12), MOSCOW).timestamp())
    out = root / "site"
    result = run_kopilka("build", str(root), "--site-dir", str(out), env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert result.returncode == 0, result.stdout + result.stderr
    return out, today, yesterday


@pytest.fixture(scope="module")
def served_site(week_old_site):
    with served(week_old_site[0]) as url:
        yield url


def _item(page, event_id: str):
    return page.locator(f'li:has(a[href$="events/{event_id}/"])').first


@pytest.mark.parametrize("path", ["events/", "", "organizations/school/"])
def test_event_that_ended_yesterday_is_not_upcoming_on_a_week_old_site(browser, served_site, week_old_site, path):
    # Without JavaScript the build day serves: a week ago, yesterday's event was still ahead.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + path)
    assert _item(page, "vchera").get_attribute("data-kp-upcoming") == "1"
    assert _item(page, "vchera").is_visible()
    context.close()

    context = browser.new_context(timezone_id="Europe/Moscow")
    page = context.new_page()
    page.goto(served_site + path)
    page.wait_for_load_state("load")
    assert not _item(page, "vchera").is_visible()
    assert _item(page, "zavtra").is_visible()
    context.close()


def test_when_nothing_is_left_the_list_says_so(browser, served_site, week_old_site):
    context = browser.new_context(timezone_id="Europe/Moscow")
    page = context.new_page()
    page.goto(served_site + "events/type/seminar/")  # only seminars: yesterday's and an old one
    page.wait_for_load_state("load")
    assert not _item(page, "vchera").is_visible()
    assert page.locator("#blizhayshie ~ p.kp-empty").first.is_visible()
    context.close()


def test_online_times_are_also_shown_in_the_visitors_zone_and_today_is_marked(browser, served_site, week_old_site):
    _, today, _ = week_old_site
    context = browser.new_context(timezone_id="Asia/Vladivostok")
    page = context.new_page()
    page.goto(served_site + "events/zavtra/")
    page.wait_for_load_state("load")
    local = page.locator(".kp-card .kp-local").first.inner_text()
    assert "у вас: 17:00–18:30 (МСК+7)" in local  # 10:00 Moscow is 17:00 in Vladivostok
    page.goto(served_site + f"events/{today:%Y-%m}/")
    page.wait_for_load_state("load")
    visitor_today = dt.datetime.now(ZoneInfo("Asia/Vladivostok")).date()
    if visitor_today.month == today.month:
        assert page.locator(f'td[data-kp-date="{visitor_today}"]').get_attribute("class").endswith("kp-day--today")
    context.close()

    context = browser.new_context(timezone_id="Europe/Moscow")  # the event's own zone: nothing to add
    page = context.new_page()
    page.goto(served_site + "events/zavtra/")
    page.wait_for_load_state("load")
    assert page.locator(".kp-card .kp-local").first.inner_text() == ""
    context.close()
