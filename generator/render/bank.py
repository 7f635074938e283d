"""The practice bank's own pages and files: facet pages, the overview, search and open data.

Pages (all under `practices/`, beside the bank's main list that `pages.py` writes):
- `practices/facets/`: every facet with its values and counts, and the subject × level table;
- `practices/<facet>/`: all values of one facet with counts;
- `practices/<facet>/<value>/` (+ `page-N/`): the practices of a value, newest first;
- `practices/subjects/<subject>/<level>/`: a cell of the subject × level table;
- `practices/data/`: the open-data export and its schema; `search/`: full-text search.
Files: `practices/filter.json` and `practices/practices.csv` (see `bank_export.py`).

Each page is a query of the build graph; a list page reads only its own slice of the list, so
an edit that moves one practice makes again only the pages whose slice changed.
"""

from __future__ import annotations

import math

from generator.build.incremental import Graph
from generator.build.outputs import File, Page
from generator.corpus import lookup
from generator.derive import facets
from generator.derive.facets import FACETS, SPECS, ValueRef, facet_index, facet_summary
from generator.render import bank_export, env, feeds
from generator.render.contacts import curator_rows
from generator.render.urls import facet_page_uri, page_url, relative

OVERVIEW = "practices/facets.md"
DATA_PAGE = "practices/data.md"
SEARCH_PAGE = "search.md"
#: facets with more values than this show only their largest values on the overview page.
OVERVIEW_LIMIT = 40


def plan(g: Graph) -> list[tuple]:
    """Every output of this module, in the order a full build makes them."""
    keys: list[tuple] = []
    for spec in FACETS:
        keys.append((facet_page, spec.key))
        for value in g.query(facet_summary, spec.key):
            keys += [(value_page, spec.key, value.slug, n) for n in range(1, _pages(g, value.count) + 1)]
    for (subject, level), count in g.query(cell_counts):
        keys += [(cell_page, subject, level, n) for n in range(1, _pages(g, count) + 1)]
    keys += [(overview_page,), (data_page,), (search_page,), (filter_file,), (csv_file,)]
    return keys


def _pages(g: Graph, total: int) -> int:
    return max(1, math.ceil(total / lookup.config(g).page_size))


def value_members(g: Graph, key: str, slug: str) -> tuple[str, ...]:
    value = g.query(facet_index, key).get(slug)
    return value.practices if value else ()


def page_slice(g: Graph, members: tuple, number: int) -> tuple[tuple[str, ...], int, int]:
    """(the ids on page `number`, how many pages, how many in all) of a list of `members`
    (a query's key: `(value_members, key, slug)` or `(cell_members, subject, level)`)."""
    ids = g.query(*members)
    size = lookup.config(g).page_size
    return ids[(number - 1) * size: number * size], _pages(g, len(ids)), len(ids)


def cross_table(g: Graph):
    return facets.cross_table(g.query(facet_index, "subjects"), g.query(facet_index, "levels"))


def cell_counts(g: Graph) -> tuple[tuple[tuple[str, str], int], ...]:
    """How many practices each cell of the subject × level table has, by (subject, level):
    what the plan reads, equal when only the order within cells changes (a title edit)."""
    return tuple((cell, len(ids)) for cell, ids in sorted(g.query(cross_table).cells.items()))


def cell_members(g: Graph, subject: str, level: str) -> tuple[str, ...]:
    return g.query(cross_table).cell(subject, level)


def _listing(g: Graph, title: str, lead: str, members: tuple, number: int, uri_of, back, curators=(),
             feed: str | None = None) -> Page:
    ids, pages, total = g.query(page_slice, members, number)
    src = uri_of(number)
    subscribe = feeds.subscription(g, src, f"практики — {lead}", feed)
    return env.page(g, "bank_listing.md.j2", src, title if number == 1 else f"{title} — страница {number}",
                    head=subscribe.head, subscribe=subscribe.line,
                    lead=lead, items=[g.query(lookup.fields, "practice", i) for i in ids], number=number,
                    pages=pages, total=total, back=[(text, relative(page_url(uri), src)) for text, uri in back],
                    page_link=lambda n: relative(page_url(uri_of(n)), src), curators=curators)


def facet_page(g: Graph, key: str) -> Page:
    spec = SPECS[key]
    return env.page(g, "bank_facet.md.j2", facet_page_uri(key), spec.title, None,
                    index=_Index(key, spec.title, g.query(facet_summary, key)))


def facet_labels(g: Graph, key: str) -> dict[str, str]:
    """slug -> label of one facet's values: what a list page's title reads (not the counts)."""
    return {v.slug: v.label for v in g.query(facet_summary, key)}


def value_page(g: Graph, key: str, slug: str, number: int) -> Page:
    spec = SPECS[key]
    label = g.query(facet_labels, key)[slug]
    # the first page of a subject or level also says who looks after it (render/contacts.py)
    curators = curator_rows(g, key, slug) if key in ("subjects", "levels") and number == 1 else ()
    return _listing(g, f"{spec.title}: {label}", label, (value_members, key, slug), number,
                    lambda n: facet_page_uri(key, slug, n), [("Все значения: " + spec.title.lower(), facet_page_uri(key))],
                    curators, feeds.facet_feed_uri(key, slug) if key in feeds.PRACTICE_FACETS else None)


def cell_page(g: Graph, subject: str, level: str, number: int) -> Page:
    row, column = g.query(facet_labels, "subjects")[subject], g.query(facet_labels, "levels")[level]
    return _listing(g, f"{row}, {column}", f"{row} · {column}", (cell_members, subject, level), number,
                    lambda n: facet_page_uri("subjects", subject, n, level),
                    [(f"Все практики: {row}", facet_page_uri("subjects", subject)),
                     (f"Все практики: {column}", facet_page_uri("levels", level))])


def overview_page(g: Graph) -> Page:
    indexes = {spec.key: _Index(spec.key, spec.title, g.query(facet_summary, spec.key)) for spec in FACETS}
    return env.page(g, "bank_overview.md.j2", OVERVIEW, "Указатели банка практик",
                    "Все разделы банка практик с числом практик в каждом", table=g.query(cross_table),
                    indexes=indexes, limit=OVERVIEW_LIMIT, total=len(lookup.ids(g, "practice")))


def data_page(g: Graph) -> Page:
    return env.page(g, "bank_data.md.j2", DATA_PAGE, "Открытые данные банка практик", None,
                    schema=bank_export.SCHEMA, columns=bank_export.CSV_COLUMNS, total=len(lookup.ids(g, "practice")))


def search_page(g: Graph) -> Page:
    return env.page(g, "bank_search.md.j2", SEARCH_PAGE, "Поиск", "Поиск по практикам и другим записям сайта")


def filter_file(g: Graph) -> File:
    return File(bank_export.FILTER_INDEX, bank_export.filter_file_text(g))


def csv_file(g: Graph) -> File:
    return File(bank_export.CSV_EXPORT, bank_export.csv_file_text(g))


class _Index:
    """A facet as its pages show it: key, title, values with counts (see `FacetIndex`)."""

    def __init__(self, key: str, title: str, values: tuple[ValueRef, ...]) -> None:
        self.key, self.title, self.values = key, title, values

    def largest(self, limit: int) -> list[ValueRef]:
        """The `limit` values with most practices, in display order: a long facet's summary."""
        ranked = sorted(range(len(self.values)), key=lambda n: (-self.values[n].count, n))[:limit]
        return [self.values[n] for n in sorted(ranked)]
