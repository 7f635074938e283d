"""The calendar derive: zones, all-day and multi-day events, midnight, repetition, month grids."""

from __future__ import annotations

import datetime as dt
import html
import re
from zoneinfo import ZoneInfo

import pytest

from generator.corpus.check import check
from generator.derive import calendar
from generator.render.formatting import event_when, msk_label
from generator.render.urls import entity_url, month_uri, page_url
from tests.conftest import REPO
from tests.sitefiles import page

TODAY = dt.date(2026, 11, 22)


def event_file(start: str, end: str | None = None, zone: str = "Europe/Moscow", extra: str = "",
               title: str = "Семинар") -> str:
    lines = ["---", f"title: {title}", "type: семинар", f'start: "{start}"']
    if end:
        lines.append(f'end: "{end}"')
    lines += [f"timezone: {zone}", "format: дистанционно", "online_url: https://meet.example.org/x",
              "organizer: school"]
    if extra:
        lines.append(extra)
    return "\n".join(lines + ["---", ""])


def site_of(site_dir, events: dict[str, str], today: dt.date = TODAY):
    site, diagnostics = check(site_dir({f"content/events/{k}.md": v for k, v in events.items()}), today)
    assert not diagnostics.errors, [d.format() for d in diagnostics.errors]
    return site


def expected_msk(zone: str, moment: dt.datetime) -> str:
    """The label people in Russia use, computed from the zone database, not from our code."""
    hours = (ZoneInfo(zone).utcoffset(moment) - dt.timedelta(hours=3)) / dt.timedelta(hours=1)
    return "МСК" if hours == 0 else f"МСК{'+' if hours > 0 else '−'}{abs(hours):g}"


ZONES = ["Europe/Kaliningrad", "Europe/Moscow", "Asia/Yekaterinburg", "Asia/Vladivostok", "Asia/Kamchatka",
         "Europe/Berlin", "America/New_York"]


@pytest.mark.parametrize("zone", ZONES)
def test_times_are_read_and_shown_in_the_events_own_zone(site_dir, zone):
    site = site_of(site_dir, {"e": event_file("2027-01-15 10:00", "2027-01-15 11:30", zone)})
    event = site.events["e"]
    start = event.start_at
    naive = dt.datetime(2027, 1, 15, 10, 0)
    assert start.utcoffset() == ZoneInfo(zone).utcoffset(naive)
    assert start.astimezone(dt.timezone.utc) == (naive - ZoneInfo(zone).utcoffset(naive)).replace(tzinfo=dt.timezone.utc)
    assert event_when(event) == f"15 января 2027, 10:00–11:30 ({expected_msk(zone, naive)})"
    # the visitor's zone is filled in by the browser from this instant, so it must carry the offset
    assert dt.datetime.fromisoformat(start.isoformat()) == start


def test_vladivostok_ten_oclock_is_three_in_moscow(site_dir):
    site = site_of(site_dir, {"e": event_file("2026-12-03 10:00", zone="Asia/Vladivostok")})
    moscow = site.events["e"].start_at.astimezone(ZoneInfo("Europe/Moscow"))
    assert (moscow.hour, moscow.minute) == (3, 0)
    assert msk_label(site.events["e"].start_at) == "МСК+7"


def test_a_zone_with_daylight_saving_changes_its_offset_between_seasons(site_dir):
    site = site_of(site_dir, {"winter": event_file("2027-01-15 10:00", zone="Europe/Berlin"),
                              "summer": event_file("2027-07-15 10:00", zone="Europe/Berlin")})
    winter, summer = site.events["winter"].start_at, site.events["summer"].start_at
    assert summer.utcoffset() - winter.utcoffset() == dt.timedelta(hours=1)
    assert msk_label(winter) == expected_msk("Europe/Berlin", winter.replace(tzinfo=None))
    assert msk_label(summer) == expected_msk("Europe/Berlin", summer.replace(tzinfo=None))
    assert msk_label(winter) != msk_label(summer)


def test_repetition_keeps_the_wall_clock_across_daylight_saving(site_dir):
    site = site_of(site_dir, {"m": event_file("2027-02-10 15:00", "2027-02-10 16:00", "Europe/Berlin",
                                              "repeat: {freq: ежемесячно, count: 3}")})
    series = calendar.occurrences(site.events["m"])
    assert [o.start for o in series] == [dt.datetime(2027, m, 10, 15) for m in (2, 3, 4)]
    utc = [o.start_at.astimezone(dt.timezone.utc).hour for o in series]
    assert utc == [14, 14, 13]  # CET until the end of March, CEST from April


def test_until_is_inclusive_and_interval_skips_periods(site_dir):
    site = site_of(site_dir, {
        "until": event_file("2027-01-19 15:00", "2027-01-19 17:00", "Asia/Vladivostok",
                            "repeat: {freq: monthly, until: 2027-05-19}"),
        "every2": event_file("2027-01-04 18:00", None, "Europe/Moscow",
                             "repeat: {freq: weekly, interval: 2, until: 2027-02-28}")})
    assert [o.first_day for o in calendar.occurrences(site.events["until"])] == \
        [dt.date(2027, m, 19) for m in range(1, 6)]
    days = [o.first_day for o in calendar.occurrences(site.events["every2"])]
    assert days[0] == dt.date(2027, 1, 4) and all(b - a == dt.timedelta(days=14) for a, b in zip(days, days[1:]))
    assert days[-1] <= dt.date(2027, 2, 28) < days[-1] + dt.timedelta(days=14)


def test_a_series_stays_upcoming_until_its_last_occurrence(site_dir):
    text = event_file("2026-09-19 15:00", "2026-09-19 17:00", extra="repeat: {freq: monthly, until: 2027-01-31}")
    site = site_of(site_dir, {"s": text})
    upcoming, past = calendar.split(site.events.values(), TODAY)
    assert [e.id for e in upcoming] == ["s"] and past == []
    shown = calendar.listing(site.events["s"], TODAY).shown
    assert shown.first_day == dt.date(2026, 12, 19)  # 19 November is over on the 22nd
    assert calendar.listing(site.events["s"], TODAY).ends_at == \
        dt.datetime(2027, 1, 19, 17, tzinfo=ZoneInfo("Europe/Moscow"))
    later = calendar.split(site.events.values(), dt.date(2027, 1, 20))
    assert later[0] == [] and [e.id for e in later[1]] == ["s"]
    assert calendar.repeat_text(site.events["s"]) == "ежемесячно до 31 января 2027"


def test_all_day_and_multi_day_events_cover_every_day_and_month(site_dir):
    site = site_of(site_dir, {
        "day": event_file("2026-12-05", zone="Asia/Vladivostok"),
        "span": event_file("2026-11-28", "2026-12-02"),
    })
    day, span = site.events["day"], site.events["span"]
    assert day.all_day and event_when(day) == "5 декабря 2026 (весь день)"
    assert event_when(span) == "28 ноября – 2 декабря 2026"
    months = {m.key: m for m in calendar.months(site)}
    assert [e.id for e in months["2026-11"].items] == ["span"]
    assert [e.id for e in months["2026-12"].items] == ["span", "day"]
    cells = {d: [e.id for e in items] for week in months["2026-12"].weeks for d, inside, items in week if inside}
    assert cells[dt.date(2026, 12, 1)] == ["span"] and cells[dt.date(2026, 12, 2)] == ["span"]
    assert cells[dt.date(2026, 12, 3)] == [] and cells[dt.date(2026, 12, 5)] == ["day"]
    # an all-day event is past only after its last day
    assert [e.id for e in calendar.split(site.events.values(), dt.date(2026, 12, 2))[0]] == ["span", "day"]
    assert [e.id for e in calendar.split(site.events.values(), dt.date(2026, 12, 3))[0]] == ["day"]


def test_events_crossing_midnight_sit_on_both_days_but_midnight_itself_does_not(site_dir):
    site = site_of(site_dir, {
        "night": event_file("2026-10-30 21:00", "2026-10-31 00:30"),
        "late": event_file("2026-10-29 22:00", "2026-10-30 00:00"),
    })
    night, late = site.events["night"], site.events["late"]
    assert event_when(night) == "30 октября 2026, 21:00 (МСК) – 31 октября 2026, 00:30 (МСК)"
    assert calendar.last_day(night) == dt.date(2026, 10, 31)
    assert calendar.last_day(late) == dt.date(2026, 10, 29)
    cells = {d: [e.id for e in items] for m in calendar.months(site) for week in m.weeks
             for d, inside, items in week if inside}
    assert cells[dt.date(2026, 10, 29)] == ["late"]
    assert cells[dt.date(2026, 10, 30)] == ["night"] and cells[dt.date(2026, 10, 31)] == ["night"]


def test_month_grid_starts_on_monday_and_months_are_continuous(site_dir):
    site = site_of(site_dir, {"a": event_file("2026-09-10 10:00"), "b": event_file("2027-02-10 10:00")})
    months = calendar.months(site)
    assert [m.key for m in months] == ["2026-09", "2026-10", "2026-11", "2026-12", "2027-01", "2027-02"]
    for month in months:
        assert all(len(week) == 7 for week in month.weeks)
        assert all(week[0][0].weekday() == 0 for week in month.weeks)
        inside = [d for week in month.weeks for d, flag, _ in week if flag]
        assert inside[0] == dt.date(month.year, month.month, 1) and len(inside) == len(set(inside))
        assert all(d.month == month.month for d in inside)
    assert months[0].title == "Сентябрь 2026"


def test_cancelled_events_stay_listed_and_are_marked(site_dir):
    site = site_of(site_dir, {"c": event_file("2026-12-03 10:00", extra="state: отменено")})
    upcoming, _ = calendar.split(site.events.values(), TODAY)
    assert [e.state for e in upcoming] == ["otmeneno"]


def test_drafts_are_not_in_any_group_or_month(site_dir):
    site = site_of(site_dir, {"pub": event_file("2026-12-03 10:00"),
                              "draft": event_file("2026-12-04 10:00", extra="status: черновик")})
    assert all(e.id != "draft" for m in calendar.months(site) for e in m.items)
    for table in calendar.groups(site).values():
        assert all(e.id != "draft" for items in table.values() for e in items)


# --- the example site -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def example():
    site, diagnostics = check(REPO, dt.date(2026, 11, 22))
    assert not diagnostics.errors
    return site


def test_example_site_events_span_many_zones(example):
    assert len(example.events) >= 40
    assert len({e.timezone for e in example.events.values()}) >= 6


def test_every_month_page_shows_each_occurrence_on_its_days(example_build, example):
    expected: dict[str, dict[str, set[str]]] = {}
    for event in example.events.values():
        for occurrence in calendar.occurrences(event, example.build_date + calendar.HORIZON):
            day = occurrence.first_day
            while day <= calendar.last_day(occurrence):
                key = f"{day:%Y-%m}"
                expected.setdefault(key, {}).setdefault(day.isoformat(), set()).add(event.id)
                day += dt.timedelta(days=1)
    for key, days in expected.items():
        built = page(example_build, page_url(month_uri(int(key[:4]), int(key[5:]))))
        cells = dict(re.findall(r'<td class="kp-day[^"]*" data-kp-date="([\d-]+)">(.*?)</td>', built, re.S))
        for day, ids in days.items():
            linked = set(re.findall(r'href="\.\./\.\./events/([^/"]+)/"', cells[day]))
            assert linked == ids, (key, day)
        listed = built.split('id="spisok"', 1)[1]
        for ids in days.values():
            for event_id in ids:
                assert f'events/{event_id}/"' in listed


def test_event_page_shows_times_in_the_own_zone_and_links_the_calendar_file(example_build, example):
    for event in example.events.values():
        built = page(example_build, entity_url("event", event.id))
        assert html.escape(event_when(event), quote=False) in built
        # a postponed or cancelled event offers no date to add: the old one is struck through
        offered = event.state not in ("pereneseno", "otmeneno")
        assert (f'href="../../events/{event.id}.ics"' in built and "Добавить в календарь" in built) == offered, event.id
        if not offered:
            assert f"<del>{html.escape(event_when(event), quote=False)}</del>" in built
        local = f'data-kp-local="{event.start_at.isoformat()}"'
        assert (local in built) == (offered and not event.all_day and event.format != "ochno"), event.id


def test_event_json_ld_is_added_after_sanitising_and_cannot_be_broken_out_of(site_dir, tmp_path):
    import json

    from tests.conftest import PRACTICE, run_kopilka

    hostile = "</script><script>alert(1)</script> «Семинар» & <b>"
    root = site_dir({"practices/p.md": PRACTICE,
                     "content/events/e.md": event_file("2026-12-03 10:00", "2026-12-03 12:00", "Asia/Vladivostok",
                                                       "state: отменено", title=json.dumps(hostile)),
                     "content/events/f.md": event_file("2026-12-05", extra="location: Пенза").replace(
                         "format: дистанционно", "format: смешанный")})
    out = tmp_path / "out"
    result = run_kopilka("build", str(root), "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    built = page(out, "events/e/")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', built, re.S)
    assert len(blocks) == 1 and "<" not in blocks[0]
    assert "<script>alert" not in built
    data = json.loads(blocks[0])
    assert data["name"] == hostile and data["@type"] == "EducationEvent"
    assert data["startDate"] == "2026-12-03T10:00:00+10:00" and data["endDate"] == "2026-12-03T12:00:00+10:00"
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/x"}
    mixed = json.loads(re.findall(r'<script type="application/ld\+json">(.*?)</script>', page(out, "events/f/"), re.S)[0])
    assert mixed["startDate"] == "2026-12-05" and mixed["eventStatus"] == "https://schema.org/EventScheduled"
    assert mixed["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [p["@type"] for p in mixed["location"]] == ["Place", "VirtualLocation"]
    assert "application/ld+json" not in page(out, "events/")  # only event pages carry it


def test_only_a_list_of_upcoming_events_drops_items_once_they_are_over(site_dir):
    site = site_of(site_dir, {"old": event_file("2026-11-01 10:00"), "new": event_file("2026-12-01 10:00")})
    old, new = site.events["old"], site.events["new"]
    assert [i.upcoming for i in calendar.listings([new], TODAY)] == [True]
    assert [i.upcoming for i in calendar.listings([old, new], TODAY)] == [False, False]  # mixed: keep all
    assert [i.upcoming for i in calendar.listings([old, new], TODAY, True)] == [False, True]
    assert [i.upcoming for i in calendar.listings([new], TODAY, False)] == [False]
