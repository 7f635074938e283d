"""The practice bank's own pages and files: facet pages, the overview, search and open data.

Pages (all under `practices/`, beside the bank's main list that `render.py` writes):
- `practices/facets/`: every facet with its values and counts, and the subject × level table;
- `practices/<facet>/`: all values of one facet with counts;
- `practices/<facet>/<value>/` (+ `page-N/`): the practices of a value, newest first;
- `practices/subjects/<subject>/<level>/`: a cell of the subject × level table;
- `practices/data/`: the open-data export and its schema; `search/`: full-text search.
Files: `practices/filter.json` and `practices/practices.csv` (see `bank_export.py`).
"""

from __future__ import annotations

import math

from generator.build.outputs import Outputs
from generator.corpus.site import Site
from generator.derive.facets import FacetIndex, facet_indexes, subject_level_table
from generator.render import bank_export
from generator.render.legacy import Renderer
from generator.render.urls import facet_page_uri, page_url, relative

OVERVIEW = "practices/facets.md"
DATA_PAGE = "practices/data.md"
SEARCH_PAGE = "search.md"
#: facets with more values than this show only their largest values on the overview page.
OVERVIEW_LIMIT = 40


def _pages(site: Site, total: int) -> list[tuple[int, slice]]:
    size = site.config.page_size
    return [(n, slice((n - 1) * size, n * size)) for n in range(1, max(1, math.ceil(total / size)) + 1)]


class BankPages:
    def __init__(self, site: Site) -> None:
        self.site = site
        self.renderer = Renderer(site)
        self.indexes = facet_indexes(site)

    def render(self, template: str, src: str, title: str, description: str | None = None, **context) -> None:
        self.renderer.render(template, src, title, description, **context)

    def listing(self, title: str, lead: str, ids, uri_of, back: list[tuple[str, str]]) -> None:
        """A paginated list of practices; `uri_of(page)` gives each page's source URI."""
        practices = [self.site.practices[i] for i in ids]
        pages = _pages(self.site, len(practices))
        for number, part in pages:
            src = uri_of(number)
            self.render("bank_listing.md.j2", src, title if number == 1 else f"{title} — страница {number}",
                        lead=lead, items=practices[part], number=number, pages=len(pages),
                        total=len(practices), back=[(text, relative(page_url(uri), src)) for text, uri in back],
                        page_link=lambda n, here=src: relative(page_url(uri_of(n)), here))

    def facet(self, index: FacetIndex) -> None:
        self.render("bank_facet.md.j2", facet_page_uri(index.key), index.title, None, index=index)
        for value in index.values:
            self.listing(f"{index.title}: {value.label}", value.label, value.practices,
                         lambda n, v=value.slug: facet_page_uri(index.key, v, n),
                         [("Все значения: " + index.title.lower(), facet_page_uri(index.key))])

    def cross_table(self) -> None:
        table = subject_level_table(self.site)
        for (subject, level), ids in sorted(table.cells.items()):
            row, column = self.indexes["subjects"].get(subject), self.indexes["levels"].get(level)
            self.listing(f"{row.label}, {column.label}", f"{row.label} · {column.label}", ids,
                         lambda n, s=subject, lv=level: facet_page_uri("subjects", s, n, lv),
                         [(f"Все практики: {row.label}", facet_page_uri("subjects", subject)),
                          (f"Все практики: {column.label}", facet_page_uri("levels", level))])
        return table

    def all(self) -> dict[str, str]:
        for index in self.indexes.values():
            self.facet(index)
        table = self.cross_table()
        self.render("bank_overview.md.j2", OVERVIEW, "Указатели банка практик",
                    "Все разделы банка практик с числом практик в каждом", table=table,
                    limit=OVERVIEW_LIMIT, total=len(self.site.practices))
        self.render("bank_data.md.j2", DATA_PAGE, "Открытые данные банка практик", None,
                    schema=bank_export.SCHEMA, columns=bank_export.CSV_COLUMNS,
                    total=len(self.site.practices))
        self.render("bank_search.md.j2", SEARCH_PAGE, "Поиск", "Поиск по практикам и другим записям сайта")
        return self.renderer.pages


def outputs(site: Site) -> Outputs:
    """Facet pages, the overview, search and open-data pages, and the filter index and CSV."""
    return Outputs(pages=BankPages(site).all(), assets=bank_export.files(site))
