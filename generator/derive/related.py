"""«Similar practices»: practices that share a subject on a level, or a topic.

Practices sharing a (subject, level) pair or a topic are candidates; each such table is kept in
title order, and a practice takes only the `WINDOW` neighbours on each side of its own place in
each of its tables. A page therefore costs the same in a bank of 100 or 100,000 practices, where
scanning whole tables made the render stage grow with the square of the bank (a subject is
shared by hundreds of practices). In the build graph the tables are one query, each practice's
candidates another, and its choice among them a third: a title edit moves one practice in the
tables, and only the practices whose neighbourhood or candidates changed choose again.
"""

from __future__ import annotations

import dataclasses
import heapq
from collections import defaultdict

from generator.build.incremental import Graph
from generator.corpus import lookup
from generator.corpus.site import Site
from generator.derive.queries import by_title, title_sort_key
from generator.models import Practice

WINDOW = 12
LIMIT = 5


def _keys(practice: Practice) -> list[tuple]:
    pairs = [("subject", s, level) for s in practice.subjects for level in practice.levels]
    return pairs + [("topic", t) for t in practice.topics]


@dataclasses.dataclass(frozen=True)
class Tables:
    """(subject, level) and topic -> practice ids in title order, and each id's place there."""

    tables: dict[tuple, tuple[str, ...]]
    positions: dict[tuple, int]  # (table key, practice id) -> index

    def candidates(self, practice: Practice, window: int = WINDOW) -> tuple[str, ...]:
        """The neighbours of `practice` in its tables, in no particular order but a fixed one."""
        found: dict[str, None] = {}
        for key in _keys(practice):
            ids = self.tables.get(key)
            here = self.positions.get((key, practice.id))
            if ids is not None and here is not None:
                found.update(dict.fromkeys(ids[max(0, here - window): here + window + 1]))
        found.pop(practice.id, None)
        return tuple(sorted(found))


def tables_of(practices) -> Tables:
    tables: dict[tuple, list[str]] = defaultdict(list)
    for practice in by_title(practices):
        for key in _keys(practice):
            tables[key].append(practice.id)
    return Tables({k: tuple(v) for k, v in tables.items()},
                  {(key, pid): index for key, ids in tables.items() for index, pid in enumerate(ids)})


def choose(practice: Practice, others, limit: int = LIMIT) -> list[Practice]:
    """Among `others`, those that share a subject and a level, or a topic; more shared facets
    rank higher (a shared subject on a shared level counts 2, a shared topic 1), then by title."""
    levels, subjects, topics = set(practice.levels), set(practice.subjects), set(practice.topics)
    scored = []
    for other in others:
        score = len(topics.intersection(other.topics))
        if levels.intersection(other.levels):
            score += 2 * len(subjects.intersection(other.subjects))
        if score:
            scored.append((-score, title_sort_key(other), other.id, other))
    return [item[-1] for item in heapq.nsmallest(limit, scored, key=lambda item: item[:3])]


def related_practices(site: Site, practice: Practice, limit: int = LIMIT) -> list[Practice]:
    """The similar practices of one practice, computed from the whole Site (for tests and tools)."""
    tables = tables_of(site.practices.values())
    return choose(practice, [site.practices[i] for i in tables.candidates(practice)], limit)


# --- the same as queries of the build graph ---------------------------------------------------

def related_tables(g: Graph) -> Tables:
    return tables_of(g.query(lookup.records, "practice").values())


def related_table(g: Graph, key: tuple) -> tuple[str, ...]:
    """One table: a title edit changes the few tables of its practice, not the others."""
    return g.query(related_tables).tables.get(key, ())


def related_places(g: Graph, key: tuple) -> dict[str, int]:
    return {pid: index for index, pid in enumerate(g.query(related_table, key))}


def related_window(g: Graph, key: tuple, practice_id: str) -> tuple[str, ...]:
    """A practice's neighbours in one of its tables: unchanged unless a practice nearby moved."""
    here = g.query(related_places, key).get(practice_id)
    if here is None:
        return ()
    return g.query(related_table, key)[max(0, here - WINDOW): here + WINDOW + 1]


def related_candidates(g: Graph, practice_id: str) -> tuple[str, ...]:
    practice = g.query(lookup.fields, "practice", practice_id)
    found: dict[str, None] = {}
    for key in _keys(practice):
        found.update(dict.fromkeys(g.query(related_window, key, practice_id)))
    found.pop(practice_id, None)
    return tuple(sorted(found))


def related(g: Graph, practice_id: str) -> tuple[str, ...]:
    """The ids of a practice's «similar practices»."""
    practice = g.query(lookup.fields, "practice", practice_id)
    others = [g.query(lookup.fields, "practice", i) for i in g.query(related_candidates, practice_id)]
    return tuple(p.id for p in choose(practice, others))
