"""The former page environment, for the producers not yet turned into queries of their pages.

Models and derived data -> page text (Markdown with escaped HTML). Templates hold layout only.

Every value from frontmatter reaches a page through Jinja's autoescaping; the Markdown body is
passed as written and sanitised after MkDocs renders it (see `sanitize.py`). Page titles are
written into page metadata already escaped, because MkDocs' theme templates do not escape.
"""

from __future__ import annotations

import html
import json

import jinja2
from markupsafe import Markup, escape

from generator.corpus.site import Site
from generator.derive import calendar, facets, queries
from generator.derive.related import RelatedIndex
from generator.models.common import ID_RE
from generator.render import formatting, urls
from generator.render.bodies import render_body
from generator.render.env import link_href
from generator.render.urls import (
    SECTIONS,
    entity_url,
    facet_page_uri,
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
# an author's organisation written as an id that names no published record: not shown (W205, W207)
_ENV.globals["is_record_id"] = lambda value: bool(ID_RE.match(str(value)))


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


#: [site, its RelatedIndex]: built once per Site.
_RELATED: list = [None, None]


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
            return link_href(entity, file, here)

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

        def has(kind: str, entity_id: str | None) -> bool:
            return bool(entity_id) and site.entity(kind, entity_id) is not None

        return dict(site=site, here=here, has=has, body=body, value_link=value_link, facet_row=facet_row,
                    practice_row=practice_row, facet_url=facet_url, indexes=facets.facet_indexes(site),
                    facet_values=lambda key, p: facets.practice_values(site, key, p), url=url, link=link, label=label, labels=labels,
                    section=section, asset=asset, material_url=material_url,
                    link_or_file=lambda entity, value: link_href(entity, value, here), vocab=vocab, q=queries, today=site.build_date,
                    municipality_title=lambda m: vocab.municipalities[m].title if m in vocab.municipalities else m)

    def render(self, template: str, src_uri: str, title: str, description: str | None = None,
               **context: object) -> None:
        tocs: list = []
        text = _ENV.get_template(template).render(**self._helpers(src_uri, tocs), title=title, **context)
        self.pages[src_uri] = _meta(title, description=description, toc=tuple(tocs)) + text
