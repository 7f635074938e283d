"""Events as a second bank: facet pages, an overview of the facets, the faceted filter and its index.

Pages (beside the calendar's, `calendar_pages.py`):
- `events/<facet>/<value>/` for levels, topics, audiences and formats (subjects and types have
  the calendar's own pages, `events/subject/…`, `events/type/…`, with the same members);
- `events/facets/`: every facet with its values and counts;
- `events/filter/`: the faceted filter (upcoming events unless the visitor asks for past ones),
  over `events/filter.json`, with a static list of upcoming events for browsers without scripts.

The filter index is `kopilka.events/1`, the bank's `kopilka.practices/1` with event rows:

    {"schema": "kopilka.events/1", "facets": [...], "words": {...},
     "events": [["<id>", "<title>", "<start>", "<ends>", "<when>", [0, 2], …], …]}

`start` is the ISO start of the occurrence shown (a repeating event's next one on the build day),
`ends` the ISO instant its whole series ends (the browser compares it with its clock to tell
upcoming from past), `when` the date as pages print it; then one list of value positions per
facet. Rows are in calendar order; `words` index titles and summaries as in the bank.
"""

from __future__ import annotations

from generator.build.incremental import Graph
from generator.build.outputs import File, Page
from generator.corpus import lookup
from generator.derive import calendar, collections
from generator.derive.collections import EVENT_FACETS
from generator.render import env
from generator.render.bank_export import _dump, words_index, words_of
from generator.render.contacts import curator_rows
from generator.render.formatting import event_when
from generator.render.urls import event_group_uri, month_uri, page_uri, page_url, past_year_uri, relative

SCHEMA_ID = "kopilka.events/1"
FILTER_INDEX = "events/filter.json"
FILTER_PAGE = "events/filter.md"
OVERVIEW = "events/facets.md"
#: facet key -> folder of its value pages under `events/`; subjects and types are the calendar's.
FOLDERS = {"types": "type", "subjects": "subject", "levels": "level", "topics": "topic", "audiences": "audience",
           "formats": "format"}
#: the facets whose value pages this module makes.
OWN_PAGES = ("levels", "topics", "audiences", "formats")
#: What «кто курирует» a value page shows: the facets people look after.
CURATED = ("subjects", "levels")


def plan(g: Graph) -> list[tuple]:
    keys: list[tuple] = []
    for key in OWN_PAGES:
        keys += [(value_page, key, v.slug) for v in g.query(collections.summary, "event", key)]
    keys += [(overview_page,), (filter_page,), (filter_file,)]
    return keys


def value_uri(key: str, slug: str) -> str:
    return event_group_uri(FOLDERS[key], slug)


def past_years(g: Graph) -> frozenset[int]:
    """Years with past events: those have a page of their own (`events/past/<year>/`)."""
    return frozenset(e.first_day.year for e in calendar.split(g.query(lookup.records, "event").values(),
                                                                lookup.today(g))[1])


def value_href(g: Graph, key: str, slug: str, here: str) -> str | None:
    """Where a facet value's events are listed, relative to `here`; None for a year with no page."""
    if key in FOLDERS:
        target = page_url(value_uri(key, slug))
    elif key == "municipalities":
        target = page_url(page_uri("municipality", slug))
    elif key == "months":  # the calendar's own month page
        year, month = slug.split("-")
        target = page_url(month_uri(int(year), int(month)))
    elif key == "organizations":
        kind = "organization" if g.query(lookup.fields, "organization", slug) is not None else "association"
        target = page_url(page_uri(kind, slug))
    else:  # years: past years have a page of their own
        if int(slug) not in g.query(past_years):
            return None
        target = page_url(past_year_uri(int(slug)))
    return relative(target, here)


def value_page(g: Graph, key: str, slug: str) -> Page:
    spec = collections.COLLECTIONS["event"].specs[key]
    value = next(v for v in g.query(collections.summary, "event", key) if v.slug == slug)
    ids = g.query(collections.members, "event", key, slug)
    upcoming, past = collections.upcoming_and_past(g, ids)
    return env.page(g, "events_group.md.j2", value_uri(key, slug), f"Мероприятия: {value.label}", None,
                    kind=FOLDERS[key], key=slug, items=upcoming + past, upcoming=upcoming, past=past, feed=False,
                    facet=spec.title, curators=curator_rows(g, key, slug) if key in CURATED else [],
                    curated=value.label)


def overview_page(g: Graph) -> Page:
    facets = []
    for spec in EVENT_FACETS:
        values = [(v, value_href(g, spec.key, v.slug, OVERVIEW)) for v in g.query(collections.summary, "event", spec.key)]
        facets.append((spec.key, spec.title, values))
    return env.page(g, "events_facets.md.j2", OVERVIEW, "Указатели мероприятий",
                    "Мероприятия по видам, форматам, уровням, предметам, темам и муниципалитетам", facets=facets,
                    total=len(lookup.ids(g, "event")))


def filter_page(g: Graph) -> Page:
    upcoming = [e for e in calendar.split(g.query(lookup.records, "event").values(), lookup.today(g))[0]]
    return env.page(g, "events_filter.md.j2", FILTER_PAGE, "Подбор мероприятий",
                    "Мероприятия по теме, уровню, предмету, аудитории и формату: ближайшие и прошедшие",
                    upcoming=upcoming, total=len(lookup.ids(g, "event")))


# --- the filter index ---------------------------------------------------------------------

def facet_positions(g: Graph, key: str) -> dict[str, int]:
    return {v.slug: n for n, v in enumerate(g.query(collections.summary, "event", key))}


def event_row(g: Graph, event_id: str) -> str:
    e = g.query(lookup.fields, "event", event_id)
    item = calendar.listing(e, lookup.today(g))
    when = event_when(item.shown) + (f", {calendar.repeat_text(e)}" if e.repeat else "")
    row = [e.id, e.title, item.shown.start_at.isoformat(), item.ends_at.isoformat(), when]
    row += [[g.query(facet_positions, spec.key)[v.slug] for v in g.query(collections.values_of, "event", spec.key, e.id)]
            for spec in EVENT_FACETS]
    return _dump(row)


def event_words(g: Graph, event_id: str) -> frozenset[str]:
    e = g.query(lookup.fields, "event", event_id)
    return frozenset(words_of(e.title + " " + (e.summary or "")))


def filter_file_text(g: Graph) -> str:
    order = g.query(collections.order_ids, "event")
    facets = [{"key": spec.key, "title": spec.title,
               "values": [[v.slug, v.label] for v in g.query(collections.summary, "event", spec.key)]}
              for spec in EVENT_FACETS]
    words = words_index(order, lambda i: g.query(event_words, i))
    rows = ",".join(g.query(event_row, i) for i in order)
    return (f'{{"schema":{_dump(SCHEMA_ID)},"facets":{_dump(facets)},"events":[{rows}],'
            f'"words":{_dump(words)}}}\n')


def filter_file(g: Graph) -> File:
    return File(FILTER_INDEX, filter_file_text(g))
