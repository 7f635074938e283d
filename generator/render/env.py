"""The templates' environment: Jinja settings, filters, and the helpers a page's template calls.

Every value from frontmatter reaches a page through Jinja's autoescaping; a record's text is
rendered and cleaned by `bodies.py`. Templates hold layout: what a page lists is decided by its
view (the page's query, in Python); the helpers here only turn ids into links and labels, and
read the graph for it, so that a page depends on exactly the titles and labels it shows.
"""

from __future__ import annotations

import jinja2
from markupsafe import Markup, escape

from generator.build.incremental import Graph, transient
from generator.build.outputs import Page
from generator.corpus import lookup
from generator.corpus.attachments import href as attachment_href
from generator.corpus.attachments import site_uri
from generator.derive import calendar
from generator.models.common import ID_RE, link_kind, tel_href
from generator.models.program import ACTION_STATES
from generator.render import formatting, urls
from generator.render.bodies import render_body
from generator.render.changes import record_footer
from generator.render.previews import preview_tags
from generator.render.urls import SECTIONS, entity_url, facet_page_uri, page_url, relative
from generator.search.indexer import marked, search_filters

ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("generator.render", "templates"),
    autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
    # Kopilka's templates are package files: asking the disk whether one changed (two stat calls
    # a page, 35,000 at 10k practices) is for template development, not for builds and previews.
    auto_reload=False,
)
ENV.filters.update({name: getattr(formatting, name) for name in (
    "date_ru", "day_span", "event_when", "time_with_zone", "msk_label", "number_ru", "percent_ru", "count_ru",
    "plural", "sentence_case")})
ENV.globals.update(MONTHS=formatting.MONTHS_NOMINATIVE, urls=urls, cal=calendar,
                   action_state=lambda state: ACTION_STATES.label(state))
# an author's organisation written as an id that names no published record: not shown (W205, W207)
ENV.globals["is_record_id"] = lambda value: bool(ID_RE.match(str(value)))


def page(g: Graph, template: str, uri: str, title: str, description: str | None = None, *,
         json_ld: dict | None = None, record: tuple[str, str] | None = None, head: str = "",
         scripts: str = "", **view: object) -> Page:
    """A generated page: `template` rendered with the page's view and the helpers; `head` and
    `scripts` are safe HTML for the page's head and after the theme's scripts. `record` (kind,
    id) makes it that record's own page: marked for the search index (`record_page`)."""
    tocs: list = []
    # Pages have always begun with a line break (it followed their metadata once): kept, so that
    # the same content still builds the same bytes.
    html = "\n" + ENV.get_template(template).render(**helpers(g, uri, tocs), title=title, **view)
    head = preview_tags(g, uri, title, description) + head
    if record is not None:
        return record_page(g, record, uri, title, html, description, tuple(tocs), json_ld, head, scripts)
    return Page(uri, title, html, description, tuple(tocs), json_ld, False, head, scripts)


def record_page(g: Graph, record: tuple[str, str], uri: str, title: str, html: str, description: str | None,
                toc: tuple, json_ld: dict | None, head: str, scripts: str = "") -> Page:
    """A record's own page, wrapped for the search index with its section and filters, and
    dated by the record's last change (the sitemap's `lastmod`)."""
    kind, entity_id = record
    html = marked(title, g.query(search_filters, kind, entity_id), html + g.query(record_footer, kind, entity_id))
    return Page(uri, title, html, description, toc, json_ld, True, head, scripts,
                lookup.dates(g, kind, entity_id).changed)


material_uri = site_uri  # where a record's attached file lands (attachments.py)


def link_href(entity, value: str, here: str) -> str:
    """The href of a field holding a link or a file beside the record: one rule for both
    (`models.common.link_kind`); a file's name is percent-encoded (`#`, `?`, spaces)."""
    if link_kind(value) == "url":
        return value
    return relative(attachment_href(material_uri(entity.source, value)), here)


def fragment(g: Graph, template: str, uri: str, **view: object) -> str:
    """Part of the page `uri` (a query of its own where a page's parts change apart)."""
    return ENV.get_template(template).render(**helpers(g, uri, []), **view)


def helpers(g: Graph, here: str, tocs: list) -> dict:
    """What a template may call on the page `here` (a source URI such as `practices/x.md`)."""
    vocab = lookup.vocabularies(g)
    depth = page_url(here).count("/")
    up = "../" * depth  # every link is relative: from this page's folder up to the site's root

    def body(entity) -> Markup:
        rendered = render_body(entity.body, here)
        tocs.extend(rendered.toc)
        return Markup(rendered.html)

    def url(kind: str, entity_id: str) -> str:
        return up + entity_url(kind, entity_id) or "./"

    def link(kind: str, entity_id: str | None, text: str | None = None) -> Markup:
        if not entity_id:
            return Markup("")
        title = g.query(lookup.title, kind, entity_id)
        if title is None:
            return Markup.escape(text or entity_id)
        # f-strings over escape(): Markup.format runs Python's string.Formatter, a tenth of
        # the record pages' time at 10k (this link alone is made 150,000 times)
        return Markup(f'<a href="{escape(url(kind, entity_id))}">{escape(text or title)}</a>')

    def has(kind: str, entity_id: str | None) -> bool:
        return bool(entity_id) and g.query(lookup.title, kind, entity_id) is not None

    def person_link(person_id: str | None) -> Markup:
        """A published person as a link; nothing at all for anyone else (not even the id)."""
        return link("person", person_id) if has("person", person_id) else Markup("")

    def label(name: str, entry_id: str | None) -> str:
        if not entry_id:
            return ""
        entry = vocab[name].by_id.get(entry_id)
        return entry.label if entry else entry_id

    def labels(name: str, ids) -> str:
        return ", ".join(label(name, i) for i in ids)

    def facet_url(key: str, slug: str | None = None, number: int = 1, column: str | None = None) -> str:
        return relative(page_url(facet_page_uri(key, slug, number, column)), here)

    def value_link(key: str, value) -> Markup:
        """A facet value as a link to its page; CSS draws the count from data-kp-count."""
        title = formatting.count_ru(value.count, "практика", "практики", "практик")
        return Markup(f'<a class="kp-facet" href="{escape(facet_url(key, value.slug))}" '
                      f'data-kp-count="{escape(value.count)}" title="{escape(title)}">{escape(value.label)}</a>')

    def facet_row(name: str, key: str, values) -> Markup:
        if not values:
            return Markup("")
        return Markup(f"<dt>{escape(name)}</dt><dd>{', '.join(value_link(key, v) for v in values)}</dd>\n")

    def row(name: str, value) -> Markup:
        """A row of a card (`_macros.j2` row, without the macro's cost on 10,000 pages)."""
        return Markup(f"<dt>{escape(name)}</dt><dd>{escape(value)}</dd>\n") if value else Markup("")

    def person(who) -> Markup:
        """An author or leader with position and organisation (`_macros.j2` person)."""
        name = escape(who.name) if who.shown else Markup('<em class="kp-private">имя не публикуется</em>')
        text = name + (Markup(", ") + escape(who.position) if who.position else "")
        if who.organization:
            if has("organization", who.organization):
                text += Markup(", ") + link("organization", who.organization)
            elif not ID_RE.match(str(who.organization)):
                text += Markup(", ") + escape(who.organization)
        return Markup(text)

    def practice_row(practice) -> Markup:
        return g.query(_practice_row, practice.id, depth)

    return dict(
        here=here, body=body, url=url, link=link, has=has, label=label, labels=labels, vocab=vocab,
        person_link=person_link, tel=tel_href,
        section=lambda kind: relative(SECTIONS[kind] + "/", here), asset=lambda path: relative(path, here),
        material_url=lambda entity, file: link_href(entity, file, here),
        link_or_file=lambda entity, value: link_href(entity, value, here),
        facet_url=facet_url, value_link=value_link, facet_row=facet_row, practice_row=practice_row, row=row, person=person, today=lookup.today(g),
        municipality_title=lambda m: vocab.municipalities[m].title if m in vocab.municipalities else m)


@transient
def _practice_row(g: Graph, practice_id: str, depth: int) -> Markup:
    """A practice as a row of the bank's tables, at a folder depth (links are relative)."""
    here = "/".join(["x"] * depth) + ".md" if depth else "index.md"
    names = helpers(g, here, [])
    p = g.query(lookup.fields, "practice", practice_id)
    return Markup(
        f'<tr><td><a href="{escape(names["url"]("practice", p.id))}">{escape(p.title)}</a></td>'
        f'<td>{names["link"]("organization", p.organization)}</td><td>{escape(names["labels"]("levels", p.levels))}</td>'
        f'<td>{escape(names["labels"]("subjects", p.subjects))}</td><td>{escape(p.year)}</td></tr>\n')
