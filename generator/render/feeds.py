"""The site's Atom feeds: which feeds exist, what each holds, and how its pages link to them.

- `practices/feed.xml`: new and changed practices of the whole bank, last changed first;
- `practices/<facet>/<value>/feed.xml`: the same for one value a teacher follows (a level, a
  subject, a type, a topic, a municipality, an organisation);
- `programs/feed.xml`: new and changed documents;
- `events/feeds/all.xml`, `events/feeds/<kind>/<id>.xml`: upcoming events, of the site and of
  each association, organisation and municipality (beside their iCalendar feeds).

A feed needs absolute addresses, so there are none without `site_url` (the check warns). Each
feed and each entry is a query of the build graph: an entry is made again only when its record
or its dates change, a feed only when one of its entries does. Records come from the graph's
inputs, which never hold a draft.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq

from markupsafe import Markup, escape

from generator.build.incremental import Graph, transient
from generator.build.outputs import File
from generator.corpus import lookup
from generator.derive import calendar
from generator.derive.facets import SPECS, facet_summary
from generator.render import atom
from generator.render.formatting import event_when
from generator.render.urls import SECTIONS, entity_url, feed_uri, relative

#: Entries in a feed: a reader shows the newest; older ones are on the site.
LIMIT = 50
#: The bank's facets whose values have a feed of their own.
PRACTICE_FACETS = ("levels", "subjects", "types", "topics", "municipalities", "organizations")
#: Event groups with an Atom feed of upcoming events (and an iCalendar one, `calendar_pages`).
EVENT_KINDS = ("association", "organization", "municipality")
BANK_FEED = "practices/feed.xml"
DOCUMENTS_FEED = "programs/feed.xml"
ATOM = "application/atom+xml"


def facet_feed_uri(key: str, slug: str) -> str:
    return f"practices/{key}/{slug}/feed.xml"


def events_feed_uri(kind: str | None = None, key: str | None = None) -> str:
    return feed_uri(kind, key).removesuffix(".ics") + ".xml"


def plan(g: Graph) -> list[tuple]:
    """Every feed, in the order a full build makes them; none without `site_url`."""
    if lookup.publishing(g).site_url is None:
        return []
    keys: list[tuple] = [(bank_feed,), (documents_feed,), (events_feed,)]
    keys += [(facet_feed, key, value.slug) for key in PRACTICE_FACETS for value in g.query(facet_summary, key)]
    groups = g.query(event_groups)
    keys += [(group_events_feed, kind, key) for kind in EVENT_KINDS for key in groups[kind]]
    return keys


# --- entries ------------------------------------------------------------------------------

def entry_day(own: dt.date | None, dates, today: dt.date) -> dt.date:
    """The day an entry was last updated: its last change in the history, else the date the
    record gives itself (a practice's `added`, a document's approval), else the build day."""
    return dates.changed or own or today


def _absolute(g: Graph, kind: str, entity_id: str) -> str:
    return lookup.publishing(g).absolute(entity_url(kind, entity_id))


def _tag(g: Graph, kind: str, entity_id: str) -> str:
    return atom.tag_uri(lookup.config(g).calendar_domain, kind, entity_id)


def practice_entry(g: Graph, practice_id: str) -> atom.Entry:
    p = g.query(lookup.fields, "practice", practice_id)
    dates, vocab = lookup.dates(g, "practice", practice_id), lookup.vocabularies(g)
    categories = tuple(vocab["levels"].label(v) for v in p.levels) + tuple(vocab["subjects"].label(v) for v in p.subjects)
    return atom.Entry(_tag(g, "practice", practice_id), p.title, _absolute(g, "practice", practice_id),
                      entry_day(p.added, dates, lookup.today(g)), dates.created or p.added, p.summary,
                      # an author marked `public: false` is named nowhere, feeds included
                      tuple(" ".join(a.name.split()) for a in p.authors if a.shown), categories)


@transient
def program_entry(g: Graph, program_id: str) -> atom.Entry:
    p = g.query(lookup.fields, "program", program_id)
    dates = lookup.dates(g, "program", program_id)
    approved = p.approved.date if p.approved else None
    return atom.Entry(_tag(g, "program", program_id), p.display_title, _absolute(g, "program", program_id),
                      entry_day(approved, dates, lookup.today(g)), dates.created or approved, p.summary or "",
                      categories=(lookup.vocabularies(g)["document_kinds"].label(p.kind),))


@transient
def event_entry(g: Graph, event_id: str) -> atom.Entry:
    e = g.query(lookup.fields, "event", event_id)
    dates, vocab = lookup.dates(g, "event", event_id), lookup.vocabularies(g)
    where = e.location or vocab["event_formats"].label(e.format)
    summary = f"{event_when(e)}. {where}." + (f" {e.summary}" if e.summary else "")
    return atom.Entry(_tag(g, "event", event_id), e.title, _absolute(g, "event", event_id),
                      entry_day(None, dates, lookup.today(g)), dates.created, summary,
                      categories=(vocab["event_types"].label(e.type),))


# --- orders -------------------------------------------------------------------------------

def practices_by_change(g: Graph) -> dict[str, int]:
    """Practice id -> its place in the bank, last changed first (ties by title, then id)."""
    entries = {i: g.query(practice_entry, i) for i in lookup.ids(g, "practice")}
    ordered = sorted(entries, key=lambda i: (-entries[i].updated.toordinal(), entries[i].title, i))
    return {practice_id: n for n, practice_id in enumerate(ordered)}


def event_groups(g: Graph) -> dict[str, dict[str, tuple[str, ...]]]:
    """Kind -> group id -> the ids of its upcoming events, in start order."""
    today = lookup.today(g)
    groups = calendar.groups(g.query(lookup.events_site))
    return {kind: {key: tuple(e.id for e in calendar.split(items, today)[0]) for key, items in groups[kind].items()}
            for kind in EVENT_KINDS}


def upcoming_event_ids(g: Graph) -> tuple[str, ...]:
    return tuple(e.id for e in calendar.split(g.query(lookup.records, "event").values(), lookup.today(g))[0])


# --- the feeds ----------------------------------------------------------------------------

def _file(g: Graph, uri: str, title: str, page: str, entries: list[atom.Entry], subtitle: str = "") -> File:
    publishing, config = lookup.publishing(g), lookup.config(g)
    head = atom.FeedHead(atom.tag_uri(config.calendar_domain, "feed", uri), f"{config.title}: {title}",
                         publishing.absolute(page), publishing.absolute(uri), config.title, subtitle)
    return File(uri, atom.atom(head, entries, lookup.today(g)))


def _newest(g: Graph, ids) -> tuple[str, ...]:
    rank = g.query(practices_by_change)
    return tuple(heapq.nsmallest(LIMIT, ids, key=rank.__getitem__))


def _entries(g: Graph, ids) -> list[atom.Entry]:
    return [g.query(practice_entry, i) for i in ids]


def bank_feed(g: Graph) -> File:
    return _file(g, BANK_FEED, "новые и изменённые практики", "practices/",
                 _entries(g, _newest(g, lookup.ids(g, "practice"))))


def newest_in_value(g: Graph, key: str, slug: str) -> tuple[str, ...]:
    """A facet value's newest practices, what its feed lists: a query of its own, because an
    edit that moves one practice up the bank's order changes every rank but the newest of few
    values (at 10,000 practices every facet feed was made again: 2 s of a preview's rebuild)."""
    from generator.render.bank import value_members

    return _newest(g, g.query(value_members, key, slug))


def facet_feed(g: Graph, key: str, slug: str) -> File:
    from generator.render.bank import facet_labels

    label = g.query(facet_labels, key)[slug]
    return _file(g, facet_feed_uri(key, slug), f"практики — {label}", f"practices/{key}/{slug}/",
                 _entries(g, g.query(newest_in_value, key, slug)), f"{SPECS[key].title}: {label}")


def documents_feed(g: Graph) -> File:
    entries = [g.query(program_entry, i) for i in lookup.ids(g, "program")]
    entries.sort(key=lambda e: (-e.updated.toordinal(), e.title, e.id))
    return _file(g, DOCUMENTS_FEED, "новые и изменённые документы", f"{SECTIONS['program']}/", entries[:LIMIT])


def events_feed(g: Graph) -> File:
    ids = g.query(upcoming_event_ids)[:LIMIT]
    return _file(g, events_feed_uri(), "ближайшие мероприятия", "events/", [g.query(event_entry, i) for i in ids])


def group_events_feed(g: Graph, kind: str, key: str) -> File:
    ids = g.query(event_groups)[kind][key][:LIMIT]
    title = g.query(lookup.title, kind, key) or key
    return _file(g, events_feed_uri(kind, key), f"мероприятия — {title}", entity_url(kind, key),
                 [g.query(event_entry, i) for i in ids])


# --- links from pages ---------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Subscription:
    """How a page offers its feeds: `head` for browsers and readers, `line` for people."""

    head: str = ""
    line: Markup = Markup("")


def subscription(g: Graph, here: str, title: str, atom_uri: str | None, ics_uri: str | None = None,
                 label: str = "Подписаться") -> Subscription:
    """The page `here`'s feeds: an Atom feed (only with site_url: there is none without) and, for
    calendars, the .ics file and its webcal: address, which calendar apps subscribe to."""
    publishing = lookup.publishing(g)
    head, links = "", []
    if atom_uri and publishing.site_url is not None:
        head = (f'<link rel="alternate" type="{ATOM}" title="{escape(lookup.config(g).title)}: {escape(title)}" '
                f'href="{escape(publishing.absolute(atom_uri))}">')
        links.append(f'<a href="{escape(relative(atom_uri, here))}" type="{ATOM}">лента новостей (Atom)</a>')
    if ics_uri:
        links.append(f'<a href="{escape(relative(ics_uri, here))}">календарь (.ics)</a>')
        if publishing.webcal_base:
            links.append(f'<a href="{escape(publishing.webcal_base + ics_uri)}">подписка в приложении календаря</a>')
    if not links:
        return Subscription()
    return Subscription(head, Markup(f'<p class="kp-subscribe">{escape(label)}: ' + " · ".join(links) + "</p>"))


def group_subscription(g: Graph, kind: str, key: str, has_events: bool) -> Subscription:
    """An association's, organisation's or municipality's page: its events' feeds, if it has events."""
    if not has_events:
        return Subscription()
    from generator.render.urls import page_uri

    return subscription(g, page_uri(kind, key), "мероприятия", events_feed_uri(kind, key), feed_uri(kind, key),
                        "Подписаться на мероприятия")
