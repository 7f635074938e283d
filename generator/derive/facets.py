"""Facet indexes of the practice bank: queries over the Site, value -> practices.

A facet is one way to slice the bank (levels, subjects, type, …). Every value of a facet has a
URL slug, a label and the ids of its practices, newest first. The static facet pages, the counts
on practice pages, the browser filter's index and the open-data export all read these indexes,
so a count is the same wherever it is shown.

Free-text facets (tags, authors) are keyed by the slug of the text: two spellings that differ
only in case, spacing or punctuation («Иванова М.П.», «Иванова М. П.») are one value, shown with
its most frequent spelling.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter, defaultdict
from typing import Callable

from generator.build.incremental import Graph
from generator.corpus import lookup
from generator.corpus.site import Site
from generator.models import Practice
from generator.text import suggest_id

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclasses.dataclass(frozen=True)
class FacetSpec:
    """How one facet reads a practice. `key` is also the facet's folder under `practices/`."""

    key: str
    title: str
    #: (practice, its municipality) -> the raw values it has for this facet (ids, years, text).
    values: Callable[[Practice, str | None], tuple]
    #: vocabulary whose order and labels the values follow, if any.
    vocabulary: str | None = None
    #: offered as a Pagefind search filter (small facets only: every filter is downloaded).
    searchable: bool = False
    #: values are free text (slugs made from them, spellings that differ folded together);
    #: else ids or years, each written one way, without repeats within a practice.
    free_text: bool = False
    #: the records it slices: the bank's practices, or another collection (`derive/collections.py`).
    collection: str = "practice"
    #: raw value -> its label, for values that are neither ids nor numbers (an event's month);
    #: such values are shown in the order of their slugs.
    labels: Callable[[object], str] | None = None

    def __reduce__(self):
        # its reader is a function made here: a pickled facet (a saved build graph, a worker's
        # result) names the spec by its key instead
        return _spec, (self.key, self.collection)


def _vocabulary_field(field: str) -> Callable[[Practice, str | None], tuple]:
    def read(practice: Practice, municipality: str | None) -> tuple:
        value = getattr(practice, field)
        return tuple(value) if isinstance(value, tuple) else ((value,) if value else ())
    return read


FACETS: tuple[FacetSpec, ...] = (
    FacetSpec("levels", "Уровни образования", _vocabulary_field("levels"), "levels", True),
    FacetSpec("subjects", "Предметы", _vocabulary_field("subjects"), "subjects", True),
    FacetSpec("types", "Тип практики", _vocabulary_field("type"), "practice_types", True),
    FacetSpec("topics", "Темы", _vocabulary_field("topics"), "topics", True),
    FacetSpec("municipalities", "Муниципалитеты",
              lambda p, m: (m,) if m else (), None, True),
    FacetSpec("organizations", "Организации", lambda p, m: (p.organization,)),
    FacetSpec("years", "Год описания", lambda p, m: (p.year,), None, True),
    FacetSpec("stages", "Этап", _vocabulary_field("stage"), "practice_stages"),
    FacetSpec("evidence", "Доказанность", _vocabulary_field("evidence"), "evidence_levels"),
    FacetSpec("tags", "Метки", lambda p, m: p.tags, free_text=True),
    # an author marked `public: false` is in no list of the site
    FacetSpec("authors", "Авторы", lambda p, m: tuple(" ".join(a.name.split()) for a in p.authors if a.shown),
              free_text=True),
)
SPECS: dict[str, FacetSpec] = {spec.key: spec for spec in FACETS}
FACET_POSITION: dict[str, int] = {spec.key: n for n, spec in enumerate(FACETS)}


def _spec(key: str, collection: str = "practice") -> FacetSpec:
    if collection == "practice":
        return SPECS[key]
    from generator.derive import collections

    return collections.COLLECTIONS[collection].specs[key]


@dataclasses.dataclass(frozen=True)
class FacetValue:
    slug: str
    label: str
    #: practice ids, newest year first, then by title.
    practices: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.practices)


@dataclasses.dataclass(frozen=True)
class FacetIndex:
    spec: FacetSpec
    #: values in display order: vocabulary order, years newest first, other facets by label.
    values: tuple[FacetValue, ...]
    by_slug: dict[str, FacetValue] = dataclasses.field(compare=False, repr=False)

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def title(self) -> str:
        return self.spec.title

    def get(self, slug: str) -> FacetValue | None:
        return self.by_slug.get(slug)

    def largest(self, limit: int) -> list[FacetValue]:
        """The `limit` values with most practices, in display order: a long facet's summary."""
        ranked = sorted(range(len(self.values)), key=lambda n: (-self.values[n].count, n))[:limit]
        return [self.values[n] for n in sorted(ranked)]


def value_slug(spec: FacetSpec, raw: object) -> str:
    """A value's URL slug: ids as they are, years as digits, free text transliterated."""
    text = str(raw)
    return text if _SLUG.match(text) else _free_text_slug(text)


@functools.lru_cache(maxsize=16384)
def _free_text_slug(text: str) -> str:
    """Topics and tags repeat across thousands of practices: each is transliterated once."""
    return suggest_id(text)


def title_key(title: str) -> str:
    """How titles sort: case, «ё» and opening quotes aside."""
    return title.lower().replace("ё", "е").lstrip("«\"'")


def bank_order(practices) -> list:
    """Practices by year (newest first), then by title: the order of every facet list."""
    return sorted(practices, key=lambda p: (-p.year, title_key(p.title), p.id))



def _label(spec: FacetSpec, raw: object, vocabularies, organizations: dict) -> str:
    if spec.labels:
        return spec.labels(raw)
    if spec.vocabulary:
        entry = vocabularies[spec.vocabulary].by_id.get(raw)
        return entry.label if entry else str(raw)
    if spec.key == "municipalities":
        item = vocabularies.municipalities.get(raw)
        return item.title if item else str(raw)
    if spec.key == "organizations":
        org = organizations.get(raw)
        return org.display_title if org else str(raw)
    return str(raw)


def value_entries(spec: FacetSpec, practice: Practice, municipality: str | None) -> tuple[tuple[str, object], ...]:
    """(slug, raw value) of each value one practice has for a facet: a free-text value once per
    spelling, an id or year as read (a repeat counts once, as a member)."""
    read = spec.values(practice, municipality)
    return tuple((value_slug(spec, raw), raw) for raw in (dict.fromkeys(read) if spec.free_text else read))


def build_index(spec: FacetSpec, ordered: list[tuple[Practice, str | None]], vocabularies,
                organizations: dict) -> FacetIndex:
    """One facet from the practices in bank order, each with its municipality: a value's members
    come out in that order (10,000 practices in a few hundredths of a second a facet)."""
    return index_of(spec, [(p.id, value_entries(spec, p, m)) for p, m in ordered], vocabularies, organizations)


def index_of(spec: FacetSpec, ordered: list[tuple[str, tuple[tuple[str, object], ...]]], vocabularies,
             organizations: dict) -> FacetIndex:
    """One facet from each practice's id and `value_entries`, in bank order."""
    members: dict[str, list[str]] = defaultdict(list)
    if spec.free_text:
        spellings: dict[str, Counter] = defaultdict(Counter)
        for practice_id, entries in ordered:
            for slug, raw in entries:
                found = members[slug]
                if not found or found[-1] != practice_id:
                    found.append(practice_id)
                spellings[slug][raw] += 1
        raws = {slug: min(c.items(), key=lambda item: (-item[1], str(item[0])))[0] for slug, c in spellings.items()}
    else:  # ids and years: each written one way, no spellings to count
        raws = {}
        for practice_id, entries in ordered:
            for slug, raw in entries:
                found = members[slug]
                if not found or found[-1] != practice_id:
                    found.append(practice_id)
                raws.setdefault(slug, raw)
    values = [FacetValue(slug, _label(spec, raws[slug], vocabularies, organizations), tuple(ids))
              for slug, ids in members.items()]
    if spec.vocabulary:
        position = vocabularies[spec.vocabulary].position
        values.sort(key=lambda v: position(raws[v.slug]))
    elif spec.key == "years":
        values.sort(key=lambda v: -int(v.slug))
    elif spec.labels:
        values.sort(key=lambda v: v.slug)
    else:
        values.sort(key=lambda v: (title_key(v.label), v.slug))
    return FacetIndex(spec, tuple(values), {v.slug: v for v in values})


def _ordered(site: Site) -> list[tuple[Practice, str | None]]:
    return [(p, site.municipality_of(p)) for p in bank_order(site.practices.values())]


def facet_indexes(site: Site) -> dict[str, FacetIndex]:
    """Every facet of the bank, in FACETS order (a build reads them as `facet_index` queries)."""
    ordered = _ordered(site)
    return {spec.key: build_index(spec, ordered, site.vocabularies, site.organizations) for spec in FACETS}


def practice_values(index: FacetIndex, practice: Practice, municipality: str | None) -> list[FacetValue]:
    """The values of one facet a practice has, in the practice's own order."""
    return [index.get(value_slug(index.spec, raw)) for raw in dict.fromkeys(index.spec.values(practice, municipality))]


@dataclasses.dataclass(frozen=True)
class ValueRef:
    """What a page shows of a facet value it links to: a practice page shows its values'
    counts, not their members, so a change of order among the members leaves it as it is."""

    slug: str
    label: str
    count: int


def bank_ids(g: Graph) -> tuple[str, ...]:
    """Every practice id in bank order: equal after an edit that moves no practice."""
    return tuple(p.id for p in bank_order(g.query(lookup.records, "practice").values()))


def practice_entries(g: Graph, practice_id: str) -> tuple[tuple[tuple[str, object], ...], ...]:
    """A practice's `value_entries` for every facet, in FACETS order."""
    practice = g.query(lookup.fields, "practice", practice_id)
    municipality = g.query(lookup.municipality_of, "practice", practice_id)
    return tuple(value_entries(spec, practice, municipality) for spec in FACETS)


def bank_entries(g: Graph) -> dict[str, tuple]:
    """Practice id -> its `practice_entries`: equal after an edit of anything but a facet, so
    that a title edit builds no facet again unless it moves the practice (at 10,000 practices
    the eleven indexes took 0.5 s of every preview rebuild)."""
    return {i: g.query(practice_entries, i) for i in lookup.ids(g, "practice")}


def facet_entries(g: Graph, key: str) -> dict[str, tuple[tuple[str, object], ...]]:
    """Practice id -> its `value_entries` of one facet: equal after an edit of another facet."""
    n = FACET_POSITION[key]
    return {i: entries[n] for i, entries in g.query(bank_entries).items()}


def facet_groups(g: Graph, key: str) -> FacetIndex:
    """One facet with each value's members in the order of the practices' ids: equal after an
    edit that moves a practice in the bank's order but changes none of its values (a title
    edit), so that labels, counts and value order are not made again for it."""
    entries = g.query(facet_entries, key)
    return index_of(SPECS[key], list(entries.items()), lookup.vocabularies(g),
                    g.query(lookup.records, "organization"))


def bank_positions(g: Graph) -> dict[str, int]:
    """Practice id -> its place in the bank's order."""
    return {practice_id: n for n, practice_id in enumerate(g.query(bank_ids))}


def facet_index(g: Graph, key: str) -> FacetIndex:
    """One facet of the bank, each value's members in bank order. Sorting the groups' members by
    position is what a title edit costs: at 10,000 practices 0.08–0.12 s for the eleven
    facets, against 0.31 s when each was indexed again from every practice's entries."""
    groups, position = g.query(facet_groups, key), g.query(bank_positions).__getitem__
    values = tuple(FacetValue(v.slug, v.label, tuple(sorted(v.practices, key=position))) for v in groups.values)
    return FacetIndex(groups.spec, values, {v.slug: v for v in values})


def facet_summary(g: Graph, key: str) -> tuple[ValueRef, ...]:
    """A facet's values with their labels and counts: what lists of values show. It reads the
    groups, not the index, so a change of order among a value's practices does not reach it."""
    return tuple(ValueRef(v.slug, v.label, v.count) for v in g.query(facet_groups, key).values)


def facet_lookup(g: Graph, key: str) -> dict[str, ValueRef]:
    return {v.slug: v for v in g.query(facet_summary, key)}


def value_ref(g: Graph, key: str, slug: str) -> ValueRef:
    """One facet value's label and count: a query of its own, so that a count that changes
    reaches only the practices that have the value (an organisation's count reached all 10,000)."""
    return g.query(facet_lookup, key)[slug]


def practice_facets(g: Graph, practice_id: str) -> dict[str, tuple[ValueRef, ...]]:
    """Every facet's values of one practice, in the practice's own order: what its page, its
    row of the filter index and its search filters show (one value for all three)."""
    practice = g.query(lookup.fields, "practice", practice_id)
    municipality = g.query(lookup.municipality_of, "practice", practice_id)
    return {spec.key: tuple(g.query(value_ref, spec.key, value_slug(spec, raw))
                            for raw in dict.fromkeys(spec.values(practice, municipality)))
            for spec in FACETS}


#: The facets a practice's card shows with their counts (organisation and municipality are
#: rows of their own there, without counts).
CARD_FACETS = ("levels", "subjects", "types", "topics", "years", "stages", "evidence", "tags", "authors")


def practice_card(g: Graph, practice_id: str) -> dict[str, tuple[ValueRef, ...]]:
    """The facets' values a practice's card shows: equal when only another facet's counts
    changed, so that the card is not made again for them."""
    found = g.query(practice_facets, practice_id)
    return {key: found[key] for key in CARD_FACETS}


def values_of(g: Graph, key: str, practice_id: str) -> tuple[ValueRef, ...]:
    """The values of one facet a practice has (see `practice_facets`)."""
    return g.query(practice_facets, practice_id)[key]


@dataclasses.dataclass(frozen=True)
class CrossTable:
    """Subject × level: which practices have both. Rows and columns keep vocabulary order."""

    rows: tuple[FacetValue, ...]
    columns: tuple[FacetValue, ...]
    #: (row slug, column slug) -> practice ids, newest first; only non-empty cells.
    cells: dict[tuple[str, str], tuple[str, ...]]

    def cell(self, row: str, column: str) -> tuple[str, ...]:
        return self.cells.get((row, column), ())


def subject_level_table(site: Site) -> CrossTable:
    indexes = facet_indexes(site)
    return cross_table(indexes["subjects"], indexes["levels"])


def cross_table(subject_index: FacetIndex, level_index: FacetIndex) -> CrossTable:
    subjects, levels = subject_index.values, level_index.values
    cells = {}
    for subject in subjects:
        in_subject = set(subject.practices)
        for level in levels:
            both = tuple(i for i in level.practices if i in in_subject)
            if both:
                cells[(subject.slug, level.slug)] = both
    return CrossTable(subjects, levels, cells)
