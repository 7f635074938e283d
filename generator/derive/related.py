"""«Similar practices»: practices that share a subject on a level, or a topic."""

from __future__ import annotations

import heapq
from collections import defaultdict

from generator.build.incremental import Graph
from generator.corpus import lookup
from generator.corpus.site import Site
from generator.derive.queries import by_title
from generator.models import Practice


class RelatedIndex:
    """Side tables for «similar practices», built once per Site in O(practices × facets).

    Practices sharing a (subject, level) pair or a topic are candidates; each table is kept in
    title order, and a page takes only the `window` neighbours on each side of its own practice
    in each of its tables. A page therefore costs the same in a bank of 100 or 100,000
    practices, where scanning whole tables made the render stage grow with the square of the
    bank (a subject is shared by hundreds of practices).
    """

    def __init__(self, site: Site, window: int = 12) -> None:
        self.site = site
        self.window = window
        ordered = by_title(site.practices.values())
        self.rank = {p.id: index for index, p in enumerate(ordered)}
        tables: dict[tuple, list[str]] = defaultdict(list)
        for practice in ordered:
            for key in self._keys(practice):
                tables[key].append(practice.id)
        self.tables = dict(tables)
        self.position = {(key, pid): index for key, ids in self.tables.items() for index, pid in enumerate(ids)}
        #: id -> (levels, subjects, topics) as bit masks: a page compares a hundred candidates,
        #: and `(a & b).bit_count()` is the size of an intersection without making a set
        bits: dict[tuple, int] = {}

        def mask(kind: str, values) -> int:
            return sum(1 << bits.setdefault((kind, v), len(bits)) for v in set(values))

        self.facets = {p.id: (mask("l", p.levels), mask("s", p.subjects), mask("t", p.topics)) for p in ordered}

    @staticmethod
    def _keys(practice: Practice) -> list[tuple]:
        pairs = [("subject", s, level) for s in practice.subjects for level in practice.levels]
        return pairs + [("topic", t) for t in practice.topics]

    def related(self, practice: Practice, limit: int = 5) -> list[Practice]:
        """Practices that share a subject and a level, or a topic; more shared facets rank
        higher (a shared subject on a shared level counts 2, a shared topic 1), then by title."""
        candidates: set[str] = set()
        for key in self._keys(practice):
            ids = self.tables.get(key)
            here = self.position.get((key, practice.id))
            if ids is None or here is None:  # a preview's quick page after a facet edit (see
                continue  # render.carry_over): the tables are the previous Site's until redone
            candidates.update(ids[max(0, here - self.window): here + self.window + 1])
        candidates.discard(practice.id)
        if practice.id not in self.facets:
            return []
        levels, subjects, topics = self.facets[practice.id]
        facets, rank = self.facets, self.rank
        scored = []
        for other_id in candidates:
            other_levels, other_subjects, other_topics = facets[other_id]
            score = (topics & other_topics).bit_count()
            if levels & other_levels:
                score += 2 * (subjects & other_subjects).bit_count()
            if score:
                scored.append((-score, rank[other_id], other_id))
        return [self.site.practices[i] for _, _, i in heapq.nsmallest(limit, scored)]


def related_practices(site: Site, practice: Practice, limit: int = 5) -> list[Practice]:
    """See RelatedIndex; build the index once when rendering many pages."""
    return RelatedIndex(site).related(practice, limit)


def related_index(g: Graph) -> RelatedIndex:
    return RelatedIndex(g.query(lookup.site))


def related(g: Graph, practice_id: str) -> tuple[str, ...]:
    """The ids of a practice's «similar practices» (see `RelatedIndex.related`)."""
    practice = g.query(lookup.fields, "practice", practice_id)
    return tuple(p.id for p in g.query(related_index).related(practice))
