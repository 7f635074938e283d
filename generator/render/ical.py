"""iCalendar (RFC 5545) feeds of published events, written with the `icalendar` library.

Invariants a subscriber's calendar relies on:
- UID is `<event id>@<calendar_domain>`: the same event keeps its UID from build to build, so
  an update replaces the entry instead of duplicating it;
- DTSTAMP is the build day (SOURCE_DATE_EPOCH), never the clock: same content, same bytes;
- times carry TZID with a VTIMEZONE for each zone used; all-day events are DATE values with an
  exclusive DTEND, as RFC 5545 wants;
- a repeating event is one VEVENT with its RRULE (UNTIL in UTC, inclusive of its last day);
- only the Site's events are written, and the Site never holds drafts.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from zoneinfo import ZoneInfo

import icalendar

from generator.corpus.site import Site
from generator.derive.calendar import events_in_order, series_last_day
from generator.models import Event
from generator.source.config import SiteConfig
from generator.source.vocabularies import Vocabularies

PRODID = "-//Kopilka//Metodicheskaya kopilka//RU"
#: event state -> STATUS. «перенесено» has no new date yet: tentative, not confirmed.
STATUS = {"otmeneno": "CANCELLED", "pereneseno": "TENTATIVE"}


def uid(domain: str, event: Event) -> str:
    return f"{event.id}@{domain}"


def stamp(day: dt.date) -> dt.datetime:
    """DTSTAMP: 00:00 UTC of the build day, so two builds of the same content are identical."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def _rrule(event: Event) -> dict:
    repeat = event.repeat
    rule: dict = {"FREQ": repeat.freq}
    if repeat.interval != 1:
        rule["INTERVAL"] = repeat.interval
    if repeat.count:
        rule["COUNT"] = repeat.count
    if repeat.until:
        if event.all_day:
            rule["UNTIL"] = repeat.until
        else:  # with a TZID start, UNTIL must be UTC; the whole last day counts
            end_of_day = dt.datetime.combine(repeat.until, dt.time(23, 59, 59), ZoneInfo(event.timezone))
            rule["UNTIL"] = end_of_day.astimezone(dt.timezone.utc)
    return rule


def _description(event: Event, vocab: Vocabularies, organizer: str | None) -> str:
    lines = [event.summary] if event.summary else []
    lines.append(f"{vocab['event_types'].label(event.type)}, {vocab['event_formats'].label(event.format)}")
    if organizer is not None:
        lines.append(f"Организатор: {organizer}")
    if event.online_url:
        lines.append(f"Подключиться: {event.online_url}")
    if event.registration_url:
        deadline = f" (до {event.registration_deadline:%d.%m.%Y})" if event.registration_deadline else ""
        lines.append(f"Регистрация{deadline}: {event.registration_url}")
    if event.state in STATUS:
        lines.append(f"Мероприятие {vocab['event_states'].label(event.state)}.")
    return "\n".join(lines)


def vevent(event: Event, config: SiteConfig, vocab: Vocabularies, today: dt.date,
           organizer: str | None) -> icalendar.Event:
    """One event; `organizer`: the title of its organising organisation or association."""
    item = icalendar.Event()
    item.add("uid", uid(config.calendar_domain, event))
    item.add("dtstamp", stamp(today))
    item.add("summary", event.title)
    if event.all_day:
        item.add("dtstart", event.start)
        item.add("dtend", event.last_day + dt.timedelta(days=1))
    else:
        item.add("dtstart", event.start_at)
        if event.end is not None:
            item.add("dtend", event.end_at)
    if event.repeat:
        item.add("rrule", _rrule(event))
    item.add("status", STATUS.get(event.state, "CONFIRMED"))
    if event.location:
        item.add("location", event.location)
    if event.online_url:
        item.add("url", event.online_url)
    item.add("categories", [vocab["event_types"].label(event.type)])
    item.add("description", _description(event, vocab, organizer))
    return item


def years_of(events) -> tuple[int, int]:
    """First and last year the events touch: the span their VTIMEZONEs must cover."""
    events = list(events)
    if not events:
        return (0, 0)
    return min(e.first_day for e in events).year, max(series_last_day(e) for e in events).year


class FeedWriter:
    """Writes the feeds of one site. An event sits in several feeds (site, type, subject, its
    organiser…): its VEVENT is serialised once (the build graph keeps it), and every feed shares
    one VTIMEZONE per zone spanning the whole site's years, so a feed changes only when its own
    events do. `title_of(kind, id)` gives an organiser's title, or None."""

    def __init__(self, config: SiteConfig, vocabularies: Vocabularies, today: dt.date, years: tuple[int, int],
                 title_of: Callable[[str, str], str | None]) -> None:
        self.config, self.vocabularies, self.today, self.years, self.title_of = config, vocabularies, today, years, title_of

    @classmethod
    def of_site(cls, site: Site) -> "FeedWriter":
        def title_of(kind: str, entity_id: str) -> str | None:
            entity = site.entity(kind, entity_id)
            return entity.display_title if entity is not None else None

        return cls(site.config, site.vocabularies, site.build_date, years_of(site.events.values()), title_of)

    def event(self, event: Event) -> bytes:
        organizer = None
        if event.organizer:
            organizer = self.title_of("organization", event.organizer) or self.title_of("association", event.organizer)
        return vevent(event, self.config, self.vocabularies, self.today, organizer).to_ical()

    def feed(self, events, name: str, event_bytes: Callable[[Event], bytes] | None = None) -> bytes:
        """One VCALENDAR of `events` (any order: written by start), a VTIMEZONE per zone used."""
        cal = icalendar.Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        cal.add("x-wr-calname", " ".join(name.split()))  # a name is one content line
        cal.add("x-wr-timezone", self.config.timezone)
        ordered = events_in_order(events)
        zones = sorted({e.timezone for e in ordered if not e.all_day})
        parts = [_vtimezone(zone, *self.years).to_ical() for zone in zones]  # zones before use
        parts += [(event_bytes or self.event)(e) for e in ordered]
        head, end = cal.to_ical().split(b"END:VCALENDAR\r\n")
        assert end == b""
        return head + b"".join(parts) + b"END:VCALENDAR\r\n"


def feed(site: Site, events, name: str) -> bytes:
    return FeedWriter.of_site(site).feed(events, name)


@functools.lru_cache(maxsize=64)
def _vtimezone(zone: str, first_year: int, last_year: int) -> icalendar.Timezone:
    """The zone's rules around the events' years only: small, and slow to compute (hourly scan)."""
    return icalendar.Timezone.from_tzid(zone, first_date=dt.date(first_year, 1, 1),
                                        last_date=dt.date(last_year + 2, 1, 1))
