"""«Similar practices»: practices that share a subject on a level, or a topic.

Practices sharing a (subject, level) pair or a topic are candidates; each such table is kept in
title order, and a practice takes only the `WINDOW` neighbours on each side of its own place in
each of its tables. A page therefore costs the same in a bank of 100 or 100,000 practices, where
scanning whole tables made the render stage grow with the square of the bank (a subject is
shared by hundreds of practices). More shared facets rank higher (a shared subject on a shared
level counts 2, a shared topic 1), then the title.

In the build graph the tables are one query and each table another, so a title edit changes the
few tables of its practice; each practice's window in a table is a query of its own, and only
the practices whose window changed choose again.
"""

from __future__ import annotations

import dataclasses
import heapq
from collections import defaultdict

from generator.build.incremental import Graph, transient
from generator.corpus import lookup
from generator.corpus.site import Site
from generator.derive.queries import by_title, practices_by_title, title_sort_key
from generator.models import Practice

WINDOW = 12
LIMIT = 5


@dataclasses.dataclass(frozen=True)
class Feature:
    """What choosing among candidates reads of a practice: its facets as bit masks (one bit per
    vocabulary entry, so a mask changes only with the practice) and how its title sorts."""

    id: str
    title_key: tuple[str, str]
    levels: int
    subjects: int
    topics: int


def _mask(vocabulary, ids) -> int:
    return sum(1 << vocabulary.position(i) for i in ids)


def feature_of(practice: Practice, vocabularies) -> Feature:
    return Feature(practice.id, title_sort_key(practice), _mask(vocabularies["levels"], practice.levels),
                   _mask(vocabularies["subjects"], practice.subjects), _mask(vocabularies["topics"], practice.topics))


def _keys(practice: Practice) -> list[tuple]:
    pairs = [("subject", s, level) for s in practice.subjects for level in practice.levels]
    return pairs + [("topic", t) for t in practice.topics]


def tables_of(practices, vocabularies) -> dict[tuple, tuple[Feature, ...]]:
    """(subject, level) and topic -> its practices in title order."""
    tables: dict[tuple, list[Feature]] = defaultdict(list)
    for practice in by_title(practices):
        feature = feature_of(practice, vocabularies)
        for key in _keys(practice):
            tables[key].append(feature)
    return {key: tuple(items) for key, items in tables.items()}


def window(table: tuple[Feature, ...], practice_id: str, places: dict[str, int]) -> tuple[Feature, ...]:
    here = places.get(practice_id)
    return () if here is None else table[max(0, here - WINDOW): here + WINDOW + 1]


def choose(own: Feature, candidates, limit: int = LIMIT) -> list[Feature]:
    """The `limit` best of `candidates` for `own` (see the module)."""
    scored = []
    for other in candidates:
        if other.id == own.id:
            continue
        score = (own.topics & other.topics).bit_count()
        if own.levels & other.levels:
            score += 2 * (own.subjects & other.subjects).bit_count()
        if score:
            scored.append((-score, other.title_key, other))
    return [item[-1] for item in heapq.nsmallest(limit, scored, key=lambda item: item[:2])]


def related_practices(site: Site, practice: Practice, limit: int = LIMIT) -> list[Practice]:
    """The similar practices of one practice, computed from the whole Site (for tests and tools)."""
    tables = tables_of(site.practices.values(), site.vocabularies)
    candidates = {}
    for key in _keys(practice):
        table = tables.get(key, ())
        places = {f.id: n for n, f in enumerate(table)}
        candidates.update({f.id: f for f in window(table, practice.id, places)})
    own = feature_of(practice, site.vocabularies)
    return [site.practices[f.id] for f in choose(own, candidates.values(), limit)]


# --- the same as queries of the build graph ---------------------------------------------------

def related_entry(g: Graph, practice_id: str) -> tuple[Feature, tuple[tuple, ...]]:
    """What the tables read of one practice: its feature and the tables it is in. An edit that
    changes neither (a text, an organisation) stops here, before the tables."""
    practice = g.query(lookup.fields, "practice", practice_id)
    return feature_of(practice, lookup.vocabularies(g)), tuple(_keys(practice))


def related_tables(g: Graph) -> dict[tuple, tuple[Feature, ...]]:
    """`tables_of` from each practice's entry, in the bank's title order: a title edit that moves
    a practice sorts again, but makes no practice's feature again (0.15 s at 10,000)."""
    tables: dict[tuple, list[Feature]] = defaultdict(list)
    for practice_id in g.query(practices_by_title):
        feature, keys = g.query(related_entry, practice_id)
        for key in keys:
            tables[key].append(feature)
    return {key: tuple(items) for key, items in tables.items()}


def related_table(g: Graph, key: tuple) -> tuple[Feature, ...]:
    """One table: a title edit changes the few tables of its practice, not the others."""
    return g.query(related_tables).get(key, ())


@transient
def related_places(g: Graph, key: tuple) -> dict[str, int]:
    return {f.id: n for n, f in enumerate(g.query(related_table, key))}


@transient
def related_window(g: Graph, key: tuple, practice_id: str) -> tuple[Feature, ...]:
    """A practice's neighbours in one of its tables: unchanged unless a practice nearby moved."""
    return window(g.query(related_table, key), practice_id, g.query(related_places, key))


def related(g: Graph, practice_id: str) -> tuple[str, ...]:
    """The ids of a practice's «similar practices»."""
    practice = g.query(lookup.fields, "practice", practice_id)
    candidates: dict[str, Feature] = {}
    for key in _keys(practice):
        candidates.update((f.id, f) for f in g.query(related_window, key, practice_id))
    own = feature_of(practice, lookup.vocabularies(g))
    return tuple(f.id for f in choose(own, candidates.values()))
