"""iCalendar feeds: every feed of the built example site parsed back and compared with the records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest
from dateutil import rrule

from generator.build.pipeline import generate
from generator.corpus.check import check
from generator.derive import calendar
from generator.render import ical
from generator.render.urls import event_ics_uri, feed_uri
from tests.conftest import REPO
from tests.test_calendar import event_file, site_of

STATES = {"otmeneno": "CANCELLED", "pereneseno": "TENTATIVE", "zaplanirovano": "CONFIRMED",
          "sostoyalos": "CONFIRMED"}


@pytest.fixture(scope="module")
def example():
    site, diagnostics = check(REPO, dt.date(2026, 11, 22))
    assert not diagnostics.errors
    return site


def parse(data: bytes) -> icalendar.Calendar:
    cal = icalendar.Calendar.from_ical(data)
    for component in cal.walk():
        assert not component.errors, (component.name, component.errors)
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    return cal


def check_against_records(cal: icalendar.Calendar, events: dict, domain: str) -> set[str]:
    """Each VEVENT equals its record; returns the ids the feed holds."""
    zones = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    found = set()
    for item in cal.walk("VEVENT"):
        event_id, _, host = str(item["UID"]).partition("@")
        assert host == domain
        event = events[event_id]
        found.add(event_id)
        assert str(item["SUMMARY"]) == event.title
        start = item.decoded("DTSTART")
        if event.all_day:
            assert start == event.start and not isinstance(start, dt.datetime)
            assert item.decoded("DTEND") == event.last_day + dt.timedelta(days=1)
        else:
            assert start == event.start_at and start.utcoffset() == event.start_at.utcoffset()
            assert item["DTSTART"].params["TZID"] == event.timezone and event.timezone in zones
            if event.end is not None:
                assert item.decoded("DTEND") == event.end_at
            else:
                assert "DTEND" not in item
        assert str(item["STATUS"]) == STATES[event.state]
        assert ("RRULE" in item) == (event.repeat is not None)
        if event.repeat:  # a real RRULE parser gives the same occurrences as our pages
            text = item["RRULE"].to_ical().decode()
            starts = list(rrule.rrulestr(text, dtstart=start))
            assert starts == [o.start_at for o in calendar.occurrences(event)]
        if event.location:
            assert str(item["LOCATION"]) == event.location
        if event.online_url:
            assert str(item["URL"]) == event.online_url
    assert len(found) == len(cal.walk("VEVENT")), "one VEVENT per event"
    return found


def read(site: Path, uri: str) -> bytes:
    return (site / uri).read_bytes()


def test_the_whole_site_feed_holds_every_published_event_and_nothing_else(example_build, example):
    cal = parse(read(example_build, feed_uri()))
    assert check_against_records(cal, example.events, example.config.calendar_domain) == set(example.events)


def test_every_group_feed_holds_exactly_its_events(example_build, example):
    relations = {"association": "association_events", "organization": "org_events",
                 "municipality": "municipality_events"}
    expected: dict[tuple[str, str], set[str]] = {}
    for (name, key), ids in example.relations.items():
        for kind, relation in relations.items():
            pool = example.vocabularies.municipalities if kind == "municipality" else example.by_kind(kind)
            if name == relation and ids and key in pool:  # an organiser id may name an association
                expected[(kind, key)] = set(ids)
    for event in example.events.values():
        expected.setdefault(("type", event.type), set()).add(event.id)
        for subject in event.subjects:
            expected.setdefault(("subject", subject), set()).add(event.id)
    assert len(expected) > 40
    for (kind, key), ids in expected.items():
        cal = parse(read(example_build, feed_uri(kind, key)))
        assert check_against_records(cal, example.events, example.config.calendar_domain) == ids, (kind, key)
    written = {p.relative_to(example_build / "events/feeds").with_suffix("").as_posix()
               for p in (example_build / "events/feeds").rglob("*.ics")}
    assert written == {f"{k}/{v}" for k, v in expected} | {"all"}


def test_one_file_per_event_behind_the_add_to_calendar_link(example_build, example):
    for event in example.events.values():
        cal = parse(read(example_build, event_ics_uri(event.id)))
        assert check_against_records(cal, example.events, example.config.calendar_domain) == {event.id}


def test_cancelled_postponed_and_repeating_events_of_the_example(example):
    cal = parse(ical.feed(example, example.events.values(), "x"))
    by_uid = {str(v["UID"]).split("@")[0]: v for v in cal.walk("VEVENT")}
    cancelled = [e for e in example.events.values() if e.state == "otmeneno"]
    repeating = [e for e in example.events.values() if e.repeat]
    assert cancelled and repeating
    assert all(str(by_uid[e.id]["STATUS"]) == "CANCELLED" for e in cancelled)
    assert all("RRULE" in by_uid[e.id] for e in repeating)


def test_drafts_never_reach_a_feed(example_build):
    drafts = [p.stem for p in (REPO / "content/events").glob("*.md")
              if "\nstatus: черновик" in p.read_text(encoding="utf-8")
              or "\nstatus: на экспертизе" in p.read_text(encoding="utf-8")]
    assert drafts
    for path in example_build.rglob("*.ics"):
        text = path.read_text(encoding="utf-8")
        for draft in drafts:
            assert f"UID:{draft}@" not in text, path
        assert path.stem not in drafts


def test_uids_are_stable_and_dtstamp_is_the_build_day(site_dir):
    files = {"content/events/a.md": event_file("2026-12-03 10:00", "2026-12-03 12:00", "Asia/Kamchatka"),
             "content/events/b.md": event_file("2026-12-05", None, "Europe/Kaliningrad",
                                               "state: отменено")}
    root = site_dir(files)
    first, _ = generate(root, dt.date(2026, 11, 1))
    second, _ = generate(root, dt.date(2026, 11, 1))
    later, _ = generate(root, dt.date(2026, 11, 20))
    assert first.files == second.files  # same content, same day: same bytes
    uids = lambda g: [str(v["UID"]) for v in icalendar.Calendar.from_ical(g.files[feed_uri()]).walk("VEVENT")]
    assert uids(first) == uids(later) == ["a@kopilka.example.org", "b@kopilka.example.org"]
    stamps = {v.decoded("DTSTAMP") for v in icalendar.Calendar.from_ical(later.files[feed_uri()]).walk("VEVENT")}
    assert stamps == {dt.datetime(2026, 11, 20, tzinfo=dt.timezone.utc)}


def test_until_in_a_zone_covers_the_whole_last_day(site_dir):
    site = site_of(site_dir, {"m": event_file("2027-01-19 23:30", "2027-01-19 23:59", "Asia/Vladivostok",
                                              "repeat: {freq: monthly, until: 2027-03-19}")})
    item = parse(ical.feed(site, site.events.values(), "x")).walk("VEVENT")[0]
    starts = list(rrule.rrulestr(item["RRULE"].to_ical().decode(), dtstart=item.decoded("DTSTART")))
    assert [s.date() for s in starts] == [dt.date(2027, m, 19) for m in (1, 2, 3)]


def test_an_empty_group_writes_a_valid_empty_calendar(site_dir):
    site = site_of(site_dir, {})
    cal = parse(ical.feed(site, [], "пусто"))
    assert cal.walk("VEVENT") == []


def test_spliced_feed_equals_the_librarys_own_serialisation(example):
    """FeedWriter serialises each VEVENT once and joins them; the bytes must be what icalendar
    itself writes for the same calendar."""
    events = [e for e in example.events.values() if e.timezone == "Asia/Kamchatka"] + \
        [e for e in example.events.values() if e.timezone == "Europe/Moscow" and not e.all_day][:3]
    written = ical.FeedWriter.of_site(example).feed(events, "проверка")
    cal = icalendar.Calendar.from_ical(written)
    assert cal.to_ical() == written
    rebuilt = icalendar.Calendar()
    for key in ("PRODID", "VERSION", "CALSCALE", "METHOD", "X-WR-CALNAME", "X-WR-TIMEZONE"):
        rebuilt.add(key, cal[key])
    for component in cal.subcomponents:
        rebuilt.add_component(component)
    assert rebuilt.to_ical() == written
    assert [str(c["TZID"]) for c in cal.walk("VTIMEZONE")] == ["Asia/Kamchatka", "Europe/Moscow"]
    assert [c.name for c in cal.subcomponents] == ["VTIMEZONE"] * 2 + ["VEVENT"] * 4
