"""Models and derived data -> page text (Markdown with escaped HTML). Templates hold layout only.

Every value from frontmatter reaches a page through Jinja's autoescaping; the Markdown body is
passed as written and sanitised after MkDocs renders it (see `sanitize.py`). Page titles are
written into page metadata already escaped, because MkDocs' theme templates do not escape.
"""

from __future__ import annotations

import dataclasses
import html
import json
import math

import jinja2
from markupsafe import Markup, escape

from generator.build.outputs import Outputs
from generator.corpus.attachments import href as attachment_href
from generator.corpus.attachments import site_uri
from generator.corpus.site import Site
from generator.derive import calendar, facets, queries
from generator.derive.related import RelatedIndex
from generator.models.common import link_kind
from generator.render import formatting, urls
from generator.render.bodies import render_body
from generator.render.urls import (
    SECTIONS,
    entity_url,
    facet_page_uri,
    page_uri,
    page_url,
    relative,
)

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("generator.render", "templates"),
    autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
    # Kopilka's templates are package files: asking the disk whether one changed (two stat calls
    # a page, 35,000 at 10k practices) is for template development, not for builds and previews.
    auto_reload=False,
)
for _name in ("date_ru", "day_span", "event_when", "time_with_zone", "msk_label", "number_ru", "percent_ru",
              "count_ru", "plural"):
    _ENV.filters[_name] = getattr(formatting, _name)
_ENV.globals["MONTHS"] = formatting.MONTHS_NOMINATIVE
_ENV.globals.update(cal=calendar, urls=urls)


def _meta(title: str, description: str | None = None, toc: tuple = ()) -> str:
    """Page metadata for MkDocs. Escaped here: the theme prints it into HTML without escaping."""
    # JSON strings are YAML: as safe as yaml.safe_dump and twenty times faster on 10,000 pages.
    lines = []
    if description:
        lines.append("description: " + json.dumps(html.escape(" ".join(description.split()), quote=True),
                                                  ensure_ascii=False))
    lines.append("title: " + json.dumps(html.escape(title, quote=False), ensure_ascii=False))
    if toc:  # the headings of a record's text, for the theme's table of contents
        lines.append("toc: " + json.dumps(toc, ensure_ascii=False))
    return "---\n" + "\n".join(lines) + "\n---\n\n"


#: Links that look the same on every page at one folder depth (all links are relative by depth):
#: [site, {(what, key, depth): Markup}]. A facet value is linked from thousands of pages.
_SNIPPETS: list = [None, {}]


def _snippets(site: Site) -> dict:
    if _SNIPPETS[0] is not site:
        _SNIPPETS[:] = [site, {}]
    return _SNIPPETS[1]


#: [site, its RelatedIndex]: built once per Site (a preview's text edit keeps it, see carry_over).
_RELATED: list = [None, None]


def carry_over(old: Site, new: Site) -> None:
    """Keep `old`'s facets, link snippets and related-practice tables for `new`, which differs
    in a few records (see `changed_records`; `forget` drops them again)."""
    facets.carry_over(old, new)
    if _SNIPPETS[0] is old:
        _SNIPPETS[0] = new
    if _RELATED[0] is old:
        _RELATED[0] = _RELATED[1].site = new


class Renderer:
    """Renders every generated page of a Site: {src_uri: text}."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.pages: dict[str, str] = {}
        self._related = None

    @property
    def related(self) -> RelatedIndex:
        if self._related is None:  # O(practices): only pages of practices need it
            if _RELATED[0] is not self.site:
                _RELATED[:] = [self.site, RelatedIndex(site=self.site)]
            self._related = _RELATED[1]
        return self._related

    # -- helpers exposed to templates ---------------------------------------------------

    def _helpers(self, here: str, tocs: list) -> dict:
        site = self.site
        vocab = site.vocabularies

        def body(entity) -> Markup:
            rendered = render_body(entity.body, here)
            tocs.extend(rendered.toc)
            return Markup(rendered.html)

        def url(kind: str, entity_id: str) -> str:
            return relative(entity_url(kind, entity_id), here)

        def link(kind: str, entity_id: str | None, text: str | None = None) -> Markup:
            if not entity_id:
                return Markup("")
            if kind == "municipality":
                item = vocab.municipalities.get(entity_id)
                title = item.title if item else entity_id
            else:
                item = site.entity(kind, entity_id)
                # asked of the class: a record without `display_title` would cost pydantic an
                # exception (30 µs) on each of 150,000 links at 10k practices
                title = item and ((hasattr(type(item), "display_title") and item.display_title) or item.title)
            if item is None:
                return Markup.escape(text or entity_id)
            # f-strings over escape(): Markup.format runs Python's string.Formatter, a tenth of
            # the record pages' time at 10k (this link alone is made 150,000 times)
            return Markup(f'<a href="{escape(url(kind, entity_id))}">{escape(text or title)}</a>')

        def label(name: str, entry_id: str | None) -> str:
            if not entry_id:
                return ""
            entry = vocab[name].by_id.get(entry_id)
            return entry.label if entry else entry_id

        def labels(name: str, ids) -> str:
            key = ("labels", name, ids if isinstance(ids, tuple) else tuple(ids))
            found = snippets.get(key)  # a few hundred combinations, asked 170,000 times at 10k
            if found is None:
                found = snippets[key] = ", ".join(label(name, i) for i in ids)
            return found

        def section(kind: str) -> str:
            return relative(SECTIONS[kind] + "/", here)

        def asset(path: str) -> str:
            return relative(path, here)

        def material_url(entity, file: str) -> str:
            return relative(attachment_href(material_uri(entity.source, file)), here)

        def link_or_file(entity, value: str) -> str:
            """A field that holds a link or a file (models.common.link_kind decides)."""
            return value if link_kind(value) == "url" else material_url(entity, value)

        def facet_url(key: str, slug: str | None = None, page: int = 1, column: str | None = None) -> str:
            return relative(page_url(facet_page_uri(key, slug, page, column)), here)

        snippets = _snippets(site)
        depth = page_url(here).count("/")

        def value_link(key: str, v) -> Markup:
            """A facet value as a link to its page; CSS draws the count from data-kp-count."""
            found = snippets.get(("value", key, v.slug, depth))
            if found is None:
                title = formatting.count_ru(v.count, "практика", "практики", "практик")
                found = snippets[("value", key, v.slug, depth)] = Markup(
                    f'<a class="kp-facet" href="{escape(facet_url(key, v.slug))}" data-kp-count="{escape(v.count)}"'
                    f' title="{escape(title)}">{escape(v.label)}</a>')
            return found

        def facet_row(name: str, key: str, practice) -> Markup:
            values = facets.practice_values(site, key, practice)
            if not values:
                return Markup("")
            return Markup(f"<dt>{escape(name)}</dt><dd>{', '.join(value_link(key, v) for v in values)}</dd>\n")

        def practice_row(p) -> Markup:
            """A practice as a row of the bank's tables."""
            found = snippets.get(("row", p.id, depth))
            if found is None:
                found = snippets[("row", p.id, depth)] = Markup(
                    f'<tr><td><a href="{escape(url("practice", p.id))}">{escape(p.title)}</a></td>'
                    f'<td>{link("organization", p.organization)}</td><td>{escape(labels("levels", p.levels))}</td>'
                    f'<td>{escape(labels("subjects", p.subjects))}</td><td>{escape(p.year)}</td></tr>\n')
            return found

        return dict(site=site, here=here, body=body, value_link=value_link, facet_row=facet_row,
                    practice_row=practice_row, facet_url=facet_url, indexes=facets.facet_indexes(site),
                    facet_values=lambda key, p: facets.practice_values(site, key, p), url=url, link=link, label=label, labels=labels,
                    section=section, asset=asset, material_url=material_url, link_or_file=link_or_file, vocab=vocab, q=queries, today=site.build_date,
                    municipality_title=lambda m: vocab.municipalities[m].title if m in vocab.municipalities else m)

    def render(self, template: str, src_uri: str, title: str, description: str | None = None,
               **context: object) -> None:
        tocs: list = []
        text = _ENV.get_template(template).render(**self._helpers(src_uri, tocs), title=title, **context)
        self.pages[src_uri] = _meta(title, description=description, toc=tuple(tocs)) + text

    # -- the pages ------------------------------------------------------------------------

    def all_pages(self, intro: str = "", shard: tuple[int, int] = (0, 1)) -> dict[str, str]:
        """Every page, or share `shard` = (number, of how many) of the records' own pages; the
        home page and the lists belong to share 0."""
        site = self.site
        number, shares = shard
        if number == 0:
            self.render("home.md.j2", "index.md", site.config.title, site.config.description, intro=intro,
                        newest=queries.newest_practices(site, site.config.home_practices),
                        upcoming=queries.upcoming_events(site, site.build_date, site.config.home_events))
        items = [(kind, e) for kind in _PAGE_KINDS for e in site.by_kind(kind).values()]
        self._entity_pages(items[number::shares])
        if number == 0:
            self._listings()
        return self.pages

    def _entity_pages(self, items: list[tuple[str, object]]) -> None:
        for kind, entity in items:
            self.entity_page(kind, entity)

    def entity_page(self, kind: str, entity) -> None:
        """The page of one practice or event."""
        uri = page_uri(kind, entity.id)
        if kind == "practice":
            self.render("practice.md.j2", uri, entity.title, entity.summary, p=entity,
                        related=self.related.related(entity))
        else:
            self.render("event.md.j2", uri, entity.title, entity.summary, e=entity)

    def _listings(self) -> None:
        site = self.site
        practices = queries.by_title(site.practices.values())
        size = site.config.page_size
        pages = max(1, math.ceil(len(practices) / size))
        for number in range(1, pages + 1):
            src = "practices/index.md" if number == 1 else f"practices/page-{number}.md"
            title = "Банк практик" if number == 1 else f"Банк практик — страница {number}"
            self.render("practices_index.md.j2", src, title, None,
                        items=practices[(number - 1) * size: number * size], number=number,
                        pages=pages, total=len(practices),
                        page_link=lambda n, here=src: relative(
                            "practices/" if n == 1 else f"practices/page-{n}/", here))


material_uri = site_uri  # where a record's attached file lands (attachments.py)


_ENTITY_KINDS = ("practice", "association", "event", "program", "organization")
#: Records whose own pages this module renders (the network's are in network.py).
_PAGE_KINDS = ("practice", "event")


def outputs(site: Site, intro: str = "", shard: tuple[int, int] = (0, 1)) -> Outputs:
    """The core pages: home, practices and events with their indexes (the network's are in network.py)."""
    return Outputs(pages=Renderer(site).all_pages(intro, shard))


def record_pages(site: Site, items: list[tuple[str, object]]) -> dict[str, str]:
    """The own pages of a few practices and events (see `pipeline`: a preview after a text edit)."""
    renderer = Renderer(site)
    for kind, entity in items:
        if kind in _PAGE_KINDS:
            renderer.entity_page(kind, entity)
    return renderer.pages


@dataclasses.dataclass(frozen=True)
class Changes:
    """What differs between two Sites of one preview, when little does (see `changed_records`)."""

    #: (kind, new record) of every record added or changed, in a stable order.
    records: list[tuple[str, object]]
    #: (kind, id) of every record that is gone.
    removed: list[tuple[str, str]]
    #: Only their texts changed: a text is shown on its record's own page only, so every other
    #: page and file of the previous generation is still exact.
    bodies_only: bool


#: More changed records than this and a preview makes every page again (a branch switch).
FEW_CHANGES = 20


def changed_records(old: Site, new: Site) -> Changes | None:
    """The records added, removed or changed since `old`; None when more than a few changed,
    or the configuration, vocabularies or the day did.

    Unchanged files keep their record objects across rebuilds (the record cache), so the
    comparison is by identity for all but the edited ones.
    """
    if (old.build_date != new.build_date or old.config != new.config or old.root != new.root
            or old.vocabularies.municipalities != new.vocabularies.municipalities
            or {n: v.entries for n, v in old.vocabularies.vocabularies.items()}
            != {n: v.entries for n, v in new.vocabularies.vocabularies.items()}):
        return None
    changed, removed, bodies_only = [], [], True
    for kind in _ENTITY_KINDS:
        before, after = old.by_kind(kind), new.by_kind(kind)
        if before.keys() != after.keys():
            bodies_only = False
            removed += [(kind, entity_id) for entity_id in before.keys() - after.keys()]
        for entity_id, entity in after.items():
            previous = before.get(entity_id)
            if entity is previous:
                continue
            if bodies_only and entity.model_dump(exclude={"body"}) != previous.model_dump(exclude={"body"}):
                bodies_only = False
            changed.append((kind, entity))
        if len(changed) + len(removed) > FEW_CHANGES:
            return None
    return Changes(changed, sorted(removed), bodies_only)


def forget(site: Site) -> None:
    """Drop the facets, link snippets and related-practice tables held for `site`: after a
    `carry_over` for an edit of more than texts they are the previous Site's (see `pipeline`)."""
    facets.forget(site)
    if _SNIPPETS[0] is site:
        _SNIPPETS[:] = [None, {}]
    if _RELATED[0] is site:
        _RELATED[:] = [None, None]
