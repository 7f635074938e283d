"""Events and answered questions as faceted collections, made by the bank's facet machinery.

The bank (`facets.py`) slices practices by facets; events and questions are sliced the same way:
each facet value has a slug, a label and its records, so a static page, the browser filter and a
count show the same members. Events are kept in calendar order (start, then title), questions
newest answer first. A collection's facets are `FacetSpec`s with `collection` set, pickled by
(key, collection) like the bank's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Callable

from generator.build.incremental import Graph
from generator.corpus import lookup
from generator.derive import calendar
from generator.derive.facets import FacetIndex, FacetSpec, ValueRef, _vocabulary_field, build_index, value_slug
from generator.derive.queries import title_sort_key
from generator.render.formatting import MONTHS_NOMINATIVE


def _event(key: str, title: str, field: str, vocabulary: str | None, searchable: bool = True) -> FacetSpec:
    return FacetSpec(key, title, _vocabulary_field(field), vocabulary, searchable, collection="event")


def months_of(event, municipality=None) -> tuple[str, ...]:
    """The months (`2026-11`) an event's occurrences touch; an open repetition is followed for
    the calendar's horizon from its start (a value of the record alone, not of the build day)."""
    found: dict[str, None] = {}
    for occurrence in calendar.occurrences(event, event.first_day + calendar.HORIZON):
        day = occurrence.first_day
        while day <= calendar.last_day(occurrence):
            found[f"{day.year:04d}-{day.month:02d}"] = None
            day = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return tuple(found)


def month_label(slug: object) -> str:
    year, month = str(slug).split("-")
    return f"{MONTHS_NOMINATIVE[int(month) - 1]} {year}"


EVENT_FACETS: tuple[FacetSpec, ...] = (
    _event("types", "Вид мероприятия", "type", "event_types"),
    _event("formats", "Формат", "format", "event_formats"),
    _event("levels", "Уровни образования", "levels", "levels"),
    _event("subjects", "Предметы", "subjects", "subjects"),
    _event("topics", "Темы", "topics", "topics"),
    _event("audiences", "Для кого", "audience", "audiences"),
    FacetSpec("months", "Месяц", months_of, None, True, collection="event", labels=month_label),
    FacetSpec("municipalities", "Муниципалитеты", lambda e, m: (m,) if m else (), None, True, collection="event"),
    FacetSpec("organizations", "Организаторы", lambda e, m: (e.organizer,) if e.organizer else (),
              collection="event"),
    FacetSpec("years", "Год", lambda e, m: (e.first_day.year,), None, True, collection="event"),
)
QUESTION_FACETS: tuple[FacetSpec, ...] = (
    FacetSpec("topics", "Темы", _vocabulary_field("topics"), "topics", True, collection="question"),
    FacetSpec("levels", "Уровни образования", _vocabulary_field("levels"), "levels", True, collection="question"),
    FacetSpec("subjects", "Предметы", _vocabulary_field("subjects"), "subjects", True, collection="question"),
)


def _question_order(questions) -> list:
    """Newest answer first; undated ones last, by title."""
    dated = sorted((q for q in questions if q.date), key=title_sort_key)
    dated.sort(key=lambda q: q.date, reverse=True)
    return dated + sorted((q for q in questions if not q.date), key=title_sort_key)


@dataclasses.dataclass(frozen=True)
class Collection:
    kind: str
    facets: tuple[FacetSpec, ...]
    #: records -> the collection's order (each facet value lists its members in it).
    order: Callable

    @property
    def specs(self) -> dict[str, FacetSpec]:
        return {spec.key: spec for spec in self.facets}


COLLECTIONS: dict[str, Collection] = {
    "event": Collection("event", EVENT_FACETS, calendar.events_in_order),
    "question": Collection("question", QUESTION_FACETS, _question_order),
}


def ordered(g: Graph, kind: str) -> list[tuple]:
    """Every record of the collection in its order, with its municipality."""
    records = g.query(lookup.records, kind).values()
    return [(r, g.query(lookup.municipality_of, kind, r.id)) for r in COLLECTIONS[kind].order(records)]


def order_ids(g: Graph, kind: str) -> tuple[str, ...]:
    return tuple(r.id for r, _ in g.query(ordered, kind))


def _hosts(g: Graph) -> dict:
    """What an `organizations` facet labels its values with: organisers are organisations or associations."""
    return {**g.query(lookup.records, "organization"), **g.query(lookup.records, "association")}


def index(g: Graph, kind: str, key: str) -> FacetIndex:
    """One facet of a collection (a query: computed again only when its records change)."""
    return build_index(COLLECTIONS[kind].specs[key], g.query(ordered, kind), lookup.vocabularies(g), g.query(_hosts))


def summary(g: Graph, kind: str, key: str) -> tuple[ValueRef, ...]:
    """A facet's values with labels and counts (what lists of values show)."""
    return tuple(ValueRef(v.slug, v.label, v.count) for v in g.query(index, kind, key).values)


def members(g: Graph, kind: str, key: str, slug: str) -> tuple[str, ...]:
    value = g.query(index, kind, key).get(slug)
    return value.practices if value else ()


def values_of(g: Graph, kind: str, key: str, entity_id: str) -> tuple[ValueRef, ...]:
    """The values of one facet a record has, in the record's own order."""
    spec = COLLECTIONS[kind].specs[key]
    found = {v.slug: v for v in g.query(summary, kind, key)}
    entity = g.query(lookup.fields, kind, entity_id)
    municipality = g.query(lookup.municipality_of, kind, entity_id) if key == "municipalities" else None
    return tuple(found[value_slug(spec, raw)] for raw in dict.fromkeys(spec.values(entity, municipality)))


def upcoming_and_past(g: Graph, ids) -> tuple[list, list]:
    """Events among `ids`: (upcoming in start order, past newest first) on the build day."""
    return calendar.split([g.query(lookup.fields, "event", i) for i in ids], lookup.today(g))

