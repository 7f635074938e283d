"""The calendar derived from a Site: occurrences of events, months with grids, upcoming and past.

Pure functions over published events. Every day here is a day *in the event's own zone*: an
online seminar at 01:00 in Vladivostok on the 4th sits on the 4th, because that is the date its
own page prints. Repetition follows RFC 5545 RRULE semantics (dateutil) on wall-clock time, so a
monthly meeting at 15:00 stays at 15:00 across a daylight-saving change.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import dataclasses
import datetime as dt
import itertools
from collections import defaultdict

from dateutil import rrule

from generator.build.incremental import Graph
from generator.corpus import lookup
from generator.corpus.site import Site
from generator.models import Event
from generator.render.formatting import MONTHS_NOMINATIVE, date_ru
from generator.text import count_ru, plural

#: How far ahead an open or very long repetition is unrolled into pages (the feeds carry the
#: rule itself, so calendar apps see all of it).
HORIZON = dt.timedelta(days=2 * 366)
_FREQ = {"DAILY": rrule.DAILY, "WEEKLY": rrule.WEEKLY, "MONTHLY": rrule.MONTHLY, "YEARLY": rrule.YEARLY}
_MAX_OCCURRENCES = 500


def events_in_order(events) -> list[Event]:
    """By start instant (zones compared correctly), then title and id for a stable order."""
    return sorted(events, key=lambda e: (e.start_at, e.title, e.id))


def last_day(event: Event) -> dt.date:
    """Inclusive last day of one occurrence in its zone; an end at 00:00 does not touch the next day."""
    if event.all_day or event.end is None:
        return event.last_day
    return (event.end - dt.timedelta(microseconds=1)).date() if event.end > event.start else event.start.date()


def occurrences(event: Event, horizon: dt.date | None = None) -> list[Event]:
    """Every occurrence as a copy of the event with its own start and end (the first is the event).

    `horizon` bounds open-ended repetition; `until` is inclusive, as in the model.
    """
    if event.repeat is None:
        return [event]
    first = event.start if isinstance(event.start, dt.datetime) else dt.datetime.combine(event.start, dt.time())
    until = None
    if event.repeat.until:
        until = dt.datetime.combine(event.repeat.until, dt.time(23, 59, 59))
    if horizon is not None and event.repeat.count is None:
        limit = dt.datetime.combine(horizon, dt.time(23, 59, 59))
        until = min(until, limit) if until else limit
    rule = rrule.rrule(_FREQ[event.repeat.freq], dtstart=first, interval=event.repeat.interval,
                       count=event.repeat.count if until is None else None, until=until)
    length = (event.end - event.start) if event.end is not None else None
    found = []
    for start in itertools.islice(rule, _MAX_OCCURRENCES):
        if event.all_day:
            start = start.date()
        found.append(event if start == event.start else event.model_copy(
            update={"start": start, "end": None if length is None else start + length}))
    return found or [event]


def series_last_day(event: Event, horizon: dt.date | None = None) -> dt.date:
    """Last day of the last occurrence: a repeating event is upcoming until its series ends."""
    return last_day(occurrences(event, horizon)[-1])


def series_end_at(event: Event, horizon: dt.date | None = None) -> dt.datetime:
    """The instant the last occurrence ends (aware); the browser compares it with its clock."""
    return occurrences(event, horizon)[-1].end_at


def next_occurrence(event: Event, today: dt.date) -> Event | None:
    """The first occurrence not over by `today`, None when the series has ended."""
    horizon = today + HORIZON
    return next((o for o in occurrences(event, horizon) if last_day(o) >= today), None)


def split(events, today: dt.date) -> tuple[list[Event], list[Event]]:
    """(upcoming in start order, past newest first) over whole series. Past once its last day ended."""
    horizon = today + HORIZON
    upcoming, past = [], []
    for event in events:
        (upcoming if series_last_day(event, horizon) >= today else past).append(event)
    return events_in_order(upcoming), list(reversed(events_in_order(past)))


def _days(occurrence: Event) -> list[dt.date]:
    day, end = occurrence.first_day, last_day(occurrence)
    days = []
    while day <= end:
        days.append(day)
        day += dt.timedelta(days=1)
    return days


@dataclasses.dataclass(frozen=True)
class Month:
    """One calendar month: its occurrences in start order and a Monday-first grid of weeks."""

    year: int
    month: int
    #: occurrences that touch the month, by start instant.
    items: tuple[Event, ...]
    #: weeks of 7 (date, in this month, occurrences on that day) cells, Monday first.
    weeks: tuple[tuple[tuple[dt.date, bool, tuple[Event, ...]], ...], ...]

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def title(self) -> str:
        return f"{MONTHS_NOMINATIVE[self.month - 1].capitalize()} {self.year}"


def _month_key(day: dt.date) -> tuple[int, int]:
    return day.year, day.month


def months(site: Site) -> list[Month]:
    """Every month from the first to the last with an event, and the build month, in order.

    A month without events still gets a page so that «previous/next» never skips a month.
    """
    horizon = site.build_date + HORIZON
    by_day: dict[dt.date, list[Event]] = defaultdict(list)
    by_month: dict[tuple[int, int], dict[tuple, Event]] = defaultdict(dict)
    for event in site.events.values():
        for occurrence in occurrences(event, horizon):
            for day in _days(occurrence):
                by_day[day].append(occurrence)
                by_month[_month_key(day)][(occurrence.start_at, occurrence.title, occurrence.id)] = occurrence
    keys = set(by_month) | {_month_key(site.build_date)}
    first, last = min(keys), max(keys)
    found = []
    year, month = first
    while (year, month) <= last:
        items = tuple(v for _, v in sorted(by_month.get((year, month), {}).items(), key=lambda kv: kv[0]))
        weeks = tuple(
            tuple((day, day.month == month, tuple(events_in_order(by_day.get(day, ())))) for day in week)
            for week in _stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month))
        found.append(Month(year, month, items, weeks))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def years_of_past(events: list[Event]) -> list[tuple[int, list[Event]]]:
    """[(year, past events newest first)], newest year first; a year is that of the first day."""
    years: dict[int, list[Event]] = {}
    for event in events:
        years.setdefault(event.first_day.year, []).append(event)
    return sorted(years.items(), reverse=True)


def groups(site: Site) -> dict[str, dict[str, list[Event]]]:
    """Events by association, organisation, municipality, subject and type (each in start order).

    Keys are ids; the association and organisation groups come from the Site's side tables so
    an event counts for its organiser and for every association it names.
    """
    found: dict[str, dict[str, list[Event]]] = {}
    relation = {"association": "association_events", "organization": "org_events",
                "municipality": "municipality_events"}
    pools = {"association": site.associations, "organization": site.organizations,
             "municipality": site.vocabularies.municipalities}
    for kind, name in relation.items():
        found[kind] = {}
        for key in pools[kind]:
            ids = site.related(name, key)
            if ids:
                found[kind][key] = events_in_order(site.events[i] for i in ids)
    for kind, field, vocabulary in (("subject", "subjects", "subjects"), ("type", "type", "event_types")):
        table: dict[str, list[Event]] = defaultdict(list)
        for event in site.events.values():
            value = getattr(event, field)
            for key in value if isinstance(value, tuple) else (value,):
                table[key].append(event)
        found[kind] = {e.id: events_in_order(table[e.id])
                       for e in site.vocabularies[vocabulary].entries if table.get(e.id)}
    return found


@dataclasses.dataclass(frozen=True)
class Listing:
    """How an event appears in a list built on `today`: which occurrence, and until when it counts."""

    event: Event
    #: the occurrence to print: the next one of a repeating event, else the event itself.
    shown: Event
    #: the instant the whole series ends (aware); the browser hides the item from then on.
    ends_at: dt.datetime
    #: the item was upcoming on the build day (its series' last day is not over); in a list,
    #: only if the list is a list of upcoming events (see `listings`).
    upcoming: bool


def listing(event: Event, today: dt.date) -> Listing:
    horizon = today + HORIZON
    series = occurrences(event, horizon)
    shown = next((o for o in series if last_day(o) >= today), series[-1]) if event.repeat else event
    return Listing(event, shown, series[-1].end_at, last_day(series[-1]) >= today)


def listings(events, today: dt.date, upcoming_list: bool | None = None) -> list[Listing]:
    """A list's items. Only a list of upcoming events drops an item once it is over: with
    `upcoming_list` None, a list is one when every item was upcoming on the build day (a mixed
    list, such as the events a practice was shown at, keeps all its items)."""
    items = [listing(e, today) for e in events]
    if upcoming_list is None:
        upcoming_list = all(item.upcoming for item in items)
    return [dataclasses.replace(item, upcoming=upcoming_list and item.upcoming) for item in items]


WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
_UNITS = {"DAILY": ("день", "дня", "дней"), "WEEKLY": ("неделю", "недели", "недель"),
          "MONTHLY": ("месяц", "месяца", "месяцев"), "YEARLY": ("год", "года", "лет")}
_EVERY = {"DAILY": "ежедневно", "WEEKLY": "еженедельно", "MONTHLY": "ежемесячно", "YEARLY": "ежегодно"}


def repeat_text(event: Event) -> str:
    """«ежемесячно до 31 мая 2027» · «раз в 2 недели, 6 раз»"""
    repeat = event.repeat
    if repeat is None:
        return ""
    n = repeat.interval
    text = _EVERY[repeat.freq] if n == 1 else f"раз в {n} {plural(n, *_UNITS[repeat.freq])}"
    if repeat.until:
        text += f" до {date_ru(repeat.until)}"
    if repeat.count:
        text += f", {count_ru(repeat.count, 'раз', 'раза', 'раз')}"
    return text


def upcoming_ids(g: Graph) -> tuple[str, ...]:
    """The home page's upcoming events: not over, not cancelled, in start order."""
    upcoming = [e for e in split(g.query(lookup.records, "event").values(), lookup.today(g))[0]
                if e.state != "otmeneno"]
    limit = lookup.config(g).home_events
    return tuple(e.id for e in (upcoming[:limit] if limit else upcoming))
