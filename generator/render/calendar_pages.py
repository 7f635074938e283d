"""The calendar's pages and files: event index, month pages, past years, subject/type lists, feeds.

Derivation lives in `derive/calendar.py`, feed writing in `ical.py`, layout in the `events_*.j2`
and `month.md.j2` templates; this module only decides which page or file holds what. Each is a
query of the build graph: an event's own feed is made again only when that event changes, and a
group's feed only when one of its events does.
"""

from __future__ import annotations

from generator.build.incremental import Graph
from generator.build.outputs import File, Page
from generator.corpus import lookup
from generator.derive import calendar
from generator.render import env, feeds, ical
from generator.render.contacts import curator_rows
from generator.render.formatting import WEEKDAYS_SHORT
from generator.render.urls import FEEDS_PAGE, event_group_uri, event_ics_uri, feed_uri, month_uri, past_year_uri

#: Group kind -> heading of its feeds on the subscription page.
GROUP_TITLES = {"association": "Объединения", "organization": "Организации",
                "municipality": "Муниципалитеты", "subject": "Предметы", "type": "Виды мероприятий"}
#: Kinds whose event lists get their own page (the others list events on the entity's page).
LISTED_KINDS = ("subject", "type")
#: Kinds with a feed of their own (the issue asks for these; organisations get one too).
FEED_KINDS = ("association", "organization", "municipality", "subject", "type")


def plan(g: Graph) -> list[tuple]:
    """Every output of this module, in the order a full build makes them."""
    keys: list[tuple] = [(events_index,)]
    keys += [(month_page, m.year, m.month) for m in g.query(months)]
    keys += [(past_year_page, year) for year, _ in g.query(past_years)]
    keys += [(group_page, kind, key) for kind in LISTED_KINDS for key in g.query(groups)[kind]]
    keys += [(feeds_page,), (site_feed,)]
    keys += [(group_feed, kind, key) for kind in FEED_KINDS for key in g.query(groups)[kind]]
    keys += [(event_feed, event_id) for event_id in lookup.ids(g, "event")]
    return keys


# --- tables -----------------------------------------------------------------------------

def months(g: Graph) -> list[calendar.Month]:
    return calendar.months(g.query(lookup.events_site))


def groups(g: Graph) -> dict[str, dict[str, list]]:
    return calendar.groups(g.query(lookup.events_site))


def split(g: Graph) -> tuple[list, list]:
    return calendar.split(g.query(lookup.records, "event").values(), lookup.today(g))


def past_years(g: Graph) -> list[tuple[int, list]]:
    return calendar.years_of_past(g.query(split)[1])


def group_title(g: Graph, kind: str, key: str) -> str:
    vocab = lookup.vocabularies(g)
    if kind == "subject":
        return vocab["subjects"].label(key)
    if kind == "type":
        return vocab["event_types"].label(key)
    return g.query(lookup.title, kind, key) or key


def titles(g: Graph) -> dict[tuple[str, str], str]:
    return {(kind, key): g.query(group_title, kind, key) for kind, table in g.query(groups).items() for key in table}


def _writer(g: Graph, years: tuple[int, int] = (0, 0)) -> ical.FeedWriter:
    return ical.FeedWriter(lookup.config(g), lookup.vocabularies(g), lookup.today(g), years,
                           lambda kind, key: g.query(lookup.title, kind, key))


def feed_years(g: Graph) -> tuple[int, int]:
    """The years every feed's time zones span (shared, so that a feed changes only with its events)."""
    return ical.years_of(g.query(lookup.records, "event").values())


# --- pages and files --------------------------------------------------------------------

def events_index(g: Graph) -> Page:
    today = lookup.today(g)
    all_months = g.query(months)
    this_month = next(m for m in all_months if (m.year, m.month) == (today.year, today.month))
    subscribe = feeds.subscription(g, "events/index.md", "ближайшие мероприятия", feeds.events_feed_uri(), feed_uri(),
                                   "Подписаться на все мероприятия")
    return env.page(g, "events_index.md.j2", "events/index.md", "Мероприятия", None,
                    head=subscribe.head, subscribe=subscribe.line,
                    upcoming=g.query(split)[0], past_years=g.query(past_years), months=all_months,
                    this_month=this_month, groups=g.query(groups), titles=g.query(titles), listed_kinds=LISTED_KINDS)


def month_page(g: Graph, year: int, month: int) -> Page:
    all_months = g.query(months)
    index = next(n for n, m in enumerate(all_months) if (m.year, m.month) == (year, month))
    m = all_months[index]
    return env.page(g, "month.md.j2", month_uri(year, month), f"Мероприятия: {m.title.lower()}", None, m=m,
                    before=all_months[index - 1] if index else None,
                    after=all_months[index + 1] if index + 1 < len(all_months) else None,
                    weekdays=list(zip(WEEKDAYS_SHORT, calendar.WEEKDAYS)))


def past_year_page(g: Graph, year: int) -> Page:
    years = g.query(past_years)
    items = next(items for y, items in years if y == year)
    return env.page(g, "events_past.md.j2", past_year_uri(year), f"Прошедшие мероприятия {year} года", None,
                    year=year, items=items, past_years=years)


def group_page(g: Graph, kind: str, key: str) -> Page:
    items = g.query(groups)[kind][key]
    upcoming, past = calendar.split(items, lookup.today(g))
    title = g.query(group_title, kind, key)
    subscribe = feeds.subscription(g, event_group_uri(kind, key), title, None, feed_uri(kind, key),
                                   "Подписаться на эти мероприятия")
    return env.page(g, "events_group.md.j2", event_group_uri(kind, key), f"Мероприятия: {title}",
                    None, kind=kind, key=key, subscribe=subscribe.line, items=items, upcoming=upcoming, past=past, feed=True,
                    curators=curator_rows(g, "subjects", key) if kind == "subject" else [], curated=title)


def feeds_page(g: Graph) -> Page:
    return env.page(g, "events_feeds.md.j2", FEEDS_PAGE, "Календари мероприятий", None, groups=g.query(groups),
                    titles=g.query(titles), feed_kinds=FEED_KINDS, kind_titles=GROUP_TITLES,
                    webcal=lookup.publishing(g).webcal_base,
                    total=len(lookup.ids(g, "event")))


def vevent(g: Graph, event_id: str) -> bytes:
    """One event as iCalendar, written once however many feeds carry it."""
    return _writer(g).event(g.query(lookup.fields, "event", event_id))


def _feed(g: Graph, uri: str, events, name: str) -> File:
    writer = _writer(g, g.query(feed_years))
    return File(uri, writer.feed(events, name, lambda e: g.query(vevent, e.id)))


def site_feed(g: Graph) -> File:
    return _feed(g, feed_uri(), g.query(lookup.records, "event").values(), lookup.config(g).title)


def group_feed(g: Graph, kind: str, key: str) -> File:
    return _feed(g, feed_uri(kind, key), g.query(groups)[kind][key],
                 f"{lookup.config(g).title}: {g.query(group_title, kind, key)}")


def event_feed(g: Graph, event_id: str) -> File:
    event = g.query(lookup.fields, "event", event_id)
    return _feed(g, event_ics_uri(event_id), [event], event.title)
