"""The core pages: home, each practice and event, and the bank's list by title.

Each page is a query (see `build.incremental`): its view is gathered here from the graph, the
template only lays it out, and the page is made again only when something it read changed.
"""

from __future__ import annotations

import math

from generator.build.incremental import Graph, transient
from generator.build.outputs import Page, Text
from generator.corpus import lookup
from generator.derive import calendar, facets, queries
from generator.derive.related import related
from generator.render import bank, env, event_schema, feeds, practice_schema, statpages
from generator.render.previews import preview_tags
from generator.render.printed import printed_address
from generator.render.bodies import render_body
from generator.render.urls import page_uri, relative



def plan(g: Graph) -> list[tuple]:
    """Every output of this module, in the order a full build makes them."""
    keys: list[tuple] = [(home_page,)]
    keys += [(practice_page, i) for i in lookup.ids(g, "practice")]
    keys += [(event_page, i) for i in lookup.ids(g, "event")]
    keys += [(bank_list_page, n) for n in range(1, g.query(bank_list_pages) + 1)]
    return keys


def home_page(g: Graph) -> Page:
    config = lookup.config(g)
    counts = {kind: len(lookup.ids(g, kind)) for kind in lookup.KINDS}
    bank = feeds.subscription(g, "index.md", "новые и изменённые практики", feeds.BANK_FEED)
    events = feeds.subscription(g, "index.md", "ближайшие мероприятия", feeds.events_feed_uri())
    return env.page(g, "home.md.j2", "index.md", config.title, config.description, config=config,
                    head=bank.head + events.head, subscribe=bank.line, fresh=g.query(statpages.fresh),
                    intro=lookup.intro(g), counts=counts,
                    newest=[lookup_fields(g, "practice", i) for i in g.query(queries.newest_practice_ids)],
                    upcoming=[lookup_fields(g, "event", i) for i in g.query(calendar.upcoming_ids)])


def practice_page(g: Graph, practice_id: str) -> Page:
    """A practice's page, joined from three parts that change apart: the card (its facets'
    counts change with other practices), the text, and what follows (similar practices, events)."""
    p = g.query(lookup.fields, "practice", practice_id)
    text, toc = g.query(practice_body, practice_id)
    html = ("\n" + g.query(practice_head, practice_id) + str(text) + "\n\n" + g.query(practice_tail, practice_id)
            + g.query(printed_address, "practice", practice_id))
    uri = page_uri("practice", practice_id)
    return env.record_page(g, ("practice", practice_id), uri, p.title, html, p.summary, toc,
                           g.query(practice_schema.practice_data_query, practice_id),
                           preview_tags(g, uri, p.title, p.summary))


def practice_head(g: Graph, practice_id: str) -> str:
    p = g.query(lookup.fields, "practice", practice_id)
    return env.fragment(g, "practice_head.j2", page_uri("practice", practice_id), p=p,
                        card=g.query(facets.practice_card, practice_id),
                        municipality=g.query(lookup.municipality_of, "practice", practice_id))


def practice_body(g: Graph, practice_id: str) -> tuple[Text, tuple]:
    """The practice's text as HTML (kept compressed, as the page is: see `Text`), and its
    headings (the page's table of contents)."""
    body = render_body(lookup.record(g, "practice", practice_id).body, page_uri("practice", practice_id))
    return Text(body.html), body.toc


def practice_tail(g: Graph, practice_id: str) -> str:
    p = g.query(lookup.fields, "practice", practice_id)
    return env.fragment(g, "practice_tail.j2", page_uri("practice", practice_id), p=p,
                        events=[lookup_fields(g, "event", i) for i in g.query(practice_event_ids, practice_id)],
                        related=[lookup_fields(g, "practice", i) for i in g.query(related, practice_id)],
                        questions=queries.titled(g, "question", lookup.related_ids(g, "practice_questions", practice_id)))


def event_page(g: Graph, event_id: str) -> Page:
    e = lookup.record(g, "event", event_id)
    uri = page_uri("event", event_id)
    return env.page(g, "event.md.j2", uri, e.title, e.summary, e=e,
                    practices=[lookup_fields(g, "practice", i)
                               for i in queries.ordered_practice_ids(g, lookup.related_ids(g, "event_practices", event_id))],
                    json_ld=g.query(event_schema.event_data_query, event_id), record=("event", event_id))


@transient
def practice_event_ids(g: Graph, practice_id: str) -> tuple[str, ...]:
    return tuple(e.id for e in calendar.events_in_order(
        lookup_fields(g, "event", i) for i in lookup.related_ids(g, "practice_events", practice_id)))


def lookup_fields(g: Graph, kind: str, entity_id: str):
    return g.query(lookup.fields, kind, entity_id)


# --- the bank's list by title ------------------------------------------------------------

def bank_list_pages(g: Graph) -> int:
    return max(1, math.ceil(len(lookup.ids(g, "practice")) / lookup.config(g).page_size))


def bank_list_uri(number: int) -> str:
    return "practices/index.md" if number == 1 else f"practices/page-{number}.md"


def bank_list_page(g: Graph, number: int) -> Page:
    # its own slice of the list by title, as a facet value's page reads its own: a title edit
    # that moved a practice made all 200 list pages again at 10,000 practices
    ids, pages, total = g.query(bank.page_slice, (queries.practices_by_title,), number)
    src = bank_list_uri(number)
    title = "Банк практик" if number == 1 else f"Банк практик — страница {number}"
    indexes = {key: g.query(facets.facet_index, key) for key in ("levels", "types")} if number == 1 else {}
    feed = feeds.subscription(g, src, "новые и изменённые практики", feeds.BANK_FEED)
    return env.page(g, "practices_index.md.j2", src, title, None, head=feed.head, subscribe=feed.line,
                    items=[lookup_fields(g, "practice", i) for i in ids],
                    number=number, pages=pages, total=total, indexes=indexes,
                    page_link=lambda n: relative("practices/" if n == 1 else f"practices/page-{n}/", src))
