"""Generated pages through MkDocs at the cost of a string join, not a Markdown run and a theme render.

The generator's pages are finished HTML (templates autoescape every value; record bodies are
rendered and cleaned by `bodies.py`), so MkDocs' Markdown pass has nothing to add: `FastPage`
hands the HTML over as it is. Material's `main.html` costs milliseconds per page with its
navigation, and every page of one section at one depth gets the same theme around its content
(all links are relative, so they depend on the folder depth and section only). A `Shell` renders
the theme once for a stand-in page with marker strings for the title, description, content and
table of contents, and each page is the shell with its own values put in.

Nothing is trusted blindly: the first page of every shell is also rendered by the theme in full
and compared; if the two differ (a theme override, for one), that shell is dropped and its
pages are rendered by the theme one by one, as MkDocs would.
"""

from __future__ import annotations

import functools
import html
import logging
import os
import re
from urllib.parse import urljoin, urlsplit

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.build.outputs import Page as Output
from generator.render.sanitize import json_ld_script
from generator.render.urls import section_uri

log = logging.getLogger("mkdocs.plugins.kopilka")

#: The template a FastPage asks MkDocs for: it prints what `Shells.output` made.
TEMPLATE = "kopilka-page.html"
#: The theme around a FastPage: the site's own `main.html` (Material's, or an override of the
#: site owner's), with what a page adds to its head (rich previews, feeds) and its scripts.
MAIN = "kopilka-main.html"
TEMPLATES = {TEMPLATE: "{{ kopilka_output }}",
             MAIN: '{% extends "main.html" %}'
                   # the home page is named by the site alone, not «Копилка - Копилка»
                   '{% block htmltitle %}{% if page.meta.title == config.site_name %}'
                   '<title>{{ config.site_name }}</title>{% else %}{{ super() }}{% endif %}{% endblock %}'
                   '{% block extrahead %}{{ super() }}{{ page.meta.kopilka_head | default("") }}{% endblock %}'
                   '{% block scripts %}{{ super() }}{{ page.meta.kopilka_scripts | default("") }}{% endblock %}',
             "kopilka-toc-item.html": '{% include "partials/toc-item.html" %}'}
_ID = re.compile(r'\sid="([^"]+)"')

_TITLE, _DESCRIPTION, _CONTENT = "kptitlemarker", "kpdescriptionmarker", "kpcontentmarker"
_HEAD, _SCRIPTS = "kpheadmarker", "kpscriptsmarker"
_MARKER_TOC = [{"level": 2, "id": f"kptocid{n}", "name": f"kptocname{n}", "children": []} for n in (1, 2)]
_STAND_IN = "kpstandin"


class FastPage(Page):
    """A generated page whose text is already HTML: no Markdown pass, the theme through a Shell.

    Its `content` is made when asked and let go once the page is written (`release`): MkDocs
    keeps every page's content from its read loop to its write loop, which held every page of a
    bank in memory at once (at 10,000 practices ~1 GB). When no other plugin reads page contents
    (`deferred`), MkDocs' read loop gets an empty stand-in, so the page's text is read back
    (`Text`) once, to be written."""

    def __init__(self, output: Output, file: File, config, title: str | None = None, deferred: bool = False) -> None:
        self.output = output  # read before Page's own constructor asks for anything
        self.deferred = deferred
        self._rendered = self._stand_in = False
        self._made: str | None = None  # the content as made, until the page is written
        self._own: str | None = None  # the content as another plugin set it
        super().__init__(title, file, config)
        if output.updated is not None:  # the sitemap's lastmod: the record's last change
            self.update_date = output.updated.isoformat()

    @property
    def content(self) -> str | None:
        if self._own is not None or not self._rendered:
            return self._own
        if self._stand_in:
            return ""
        if self._made is None:
            self._made = self.generated_html()
        return self._made

    @content.setter
    def content(self, value: str | None) -> None:
        if self._stand_in and value == "":  # MkDocs' read loop gives back what it got
            self._stand_in = False
        elif value is None or value is not self._made:  # a plugin's own content is kept
            self._own = value
        elif self.deferred:  # what it got, unchanged: made again when the page is written
            self._made = None

    def replace(self, output: Output) -> None:
        """Show a new output of the same URI: a preview's rebuild of a page of the site's menu,
        which stays the menu's page object (mkdocs/quick.py)."""
        self.output = output
        self._rendered = self._stand_in = self.deferred = False  # no read loop gives it back
        self._made = self._own = None
        self.__dict__.pop("present_anchor_ids", None)
        if output.updated is not None:
            self.update_date = output.updated.isoformat()

    def generated_html(self) -> str:
        """The page's content as the generator made it, with its structured data after it
        (built from records and escaped by `json_ld_script`)."""
        output = self.output
        data = output.json_ld
        return output.html + json_ld_script(data) if data else output.html

    def release(self) -> None:
        """The page is written: its text is not kept (a later reader makes it again)."""
        self._made = None

    def _set_canonical_url(self, base: str | None) -> None:
        # Computed when the theme asks: a preview (site_url set) makes 17,000 pages per rebuild
        # and renders only the edited ones.
        self._canonical_base = base

    @functools.cached_property
    def canonical_url(self) -> str | None:
        base = self._canonical_base
        if not base:
            return None
        return urljoin(base if base.endswith("/") else base + "/", self.url)

    @functools.cached_property
    def abs_url(self) -> str | None:
        canonical = self.canonical_url
        return urlsplit(canonical).path if canonical else None

    def read_source(self, config) -> None:
        output = self.output
        self._toc_tokens = list(output.toc)
        self.markdown = ""
        # Escaped here: the theme prints the title and description into HTML as they are.
        meta = {"title": html.escape(output.title, quote=False), "template": TEMPLATE,
                "kopilka_head": output.head, "kopilka_scripts": output.scripts}
        if output.description:
            meta = {"description": html.escape(" ".join(output.description.split()), quote=True), **meta}
        self.meta = meta

    def render(self, config, files) -> None:
        self._rendered, self._stand_in, self._own = True, self.deferred, None
        self.toc = get_toc(self._toc_tokens)

    @functools.cached_property
    def present_anchor_ids(self) -> set[str]:
        # Only a Markdown page's link to an anchor here asks (MkDocs' anchor validation): scanning
        # every page's HTML for ids up front cost a tenth of MkDocs' time at 10k practices.
        return set(_ID.findall(self._own if self._own is not None else self.generated_html()))


def _depth(url: str) -> int:
    return url.count("/")


class Shells:
    """The theme around FastPages, one shell per (section, depth, what the page has)."""

    def __init__(self, env: jinja2.Environment, config, nav, doc_files, same_frame: Shells | None = None) -> None:
        """`same_frame`: the shells of a previous build of the same frame (mkdocs/frame.py: the
        same mkdocs.yml, theme overrides and menu), whose shells are this build's too."""
        self.env, self.config, self.nav, self.doc_files = env, config, nav, doc_files
        self.main = env.get_template(MAIN)
        self.toc_item = env.get_template("kopilka-toc-item.html")
        #: shell key -> (parts, the theme's text between two items of the table of contents)
        self.shells: dict[tuple, tuple | None] = same_frame.shells if same_frame else {}
        self.fast = self.slow = 0
        self._toc_items: dict[tuple, str] = same_frame._toc_items if same_frame else {}
        #: KOPILKA_FULL_THEME=1 renders every page by the theme: the reference the tests compare with.
        self.full_only = os.environ.get("KOPILKA_FULL_THEME") == "1"
        #: src URI -> the page of the site's menu (nav) it names: a section's tab
        self.menu = {item.file.src_uri: item for item in nav.pages} if nav is not None else {}

    def output(self, page: FastPage, context) -> str:
        """The whole HTML of `page`; `context` is MkDocs' own template context for it. A page the
        menu does not name is shown inside its section: that tab is active while it renders."""
        if page.file.src_uri in self.menu:  # its own tab is active: the theme renders it
            self.slow += 1
            return self.main.render(context)
        section = self.menu.get(section_uri(page.file.src_uri) or "")
        if section is None:
            return self._output(page, context, None)
        section.active = True
        try:
            return self._output(page, context, section)
        finally:
            section.active = False

    def filled(self, page: FastPage) -> str | None:
        """The whole HTML of a page outside the menu from the shell of its shape, or None when
        that shape has no shell (not seen yet, or the theme differs from the shell)."""
        if self.full_only:
            return None
        shell = self.shells.get(self._key(page, self.menu.get(section_uri(page.file.src_uri) or "")))
        if shell is None:
            return None
        self.fast += 1
        return self._fill(shell, page)

    @staticmethod
    def _key(page: FastPage, section) -> tuple:
        url, content = page.url, page.content or ""
        return (url.split("/", 1)[0], _depth(url), "\u003ch1" in content, bool(page.toc),
                "description" in page.meta, section.file.src_uri if section else None)

    def _output(self, page: FastPage, context, section) -> str:
        if self.full_only:
            self.slow += 1
            return self.main.render(context)
        key = self._key(page, section)
        if key not in self.shells:
            shell = self._shell(page, key)
            full = self.main.render(context)
            if shell is not None and self._fill(shell, page) != full:
                log.debug("Kopilka: тема отличается от заготовки для %s, страницы рендерятся целиком", page.url)
                shell = None
            self.shells[key] = shell
            self.slow += 1
            return full
        shell = self.shells[key]
        if shell is None:
            self.slow += 1
            return self.main.render(context)
        self.fast += 1
        return self._fill(shell, page)

    def _shell(self, page: FastPage, key: tuple) -> list | None:
        """The theme rendered for a stand-in page beside `page`, cut at the markers."""
        section, depth, has_h1, has_toc, has_description, _ = key
        src = "/".join([section] + [_STAND_IN] * (depth - 1)) + ".md"
        stand_in = Page(None, File.generated(self.config, src, content=""), self.config)
        stand_in.markdown = ""
        stand_in.meta = {"title": _TITLE, "template": TEMPLATE, "kopilka_head": _HEAD, "kopilka_scripts": _SCRIPTS}
        if has_description:
            stand_in.meta["description"] = _DESCRIPTION
        stand_in.content = f"<h1>{_CONTENT}</h1>" if has_h1 else _CONTENT
        marker_toc = get_toc(_MARKER_TOC) if has_toc else []
        stand_in.toc = marker_toc
        if stand_in.url.count("/") != depth or stand_in.url.split("/", 1)[0] != section:
            return None
        stand_in.active = True
        try:
            text = self.main.render(get_context(self.nav, self.doc_files, self.config, stand_in))
        finally:
            stand_in.active = False
        markers = [(stand_in.content, "content"), (_TITLE, "title"), (stand_in.url, "url"), (src, "src"),
                   (_HEAD, "head"), (_SCRIPTS, "scripts")]
        if has_description:
            markers.append((_DESCRIPTION, "description"))
        separator = ""
        if has_toc:  # the items as the theme prints them, and what it puts between two items
            first, second = (self.toc_item.render(toc_item=item) for item in marker_toc)
            start = text.find(first)
            end = text.find(second, start + len(first))
            if start < 0 or end < 0:
                return None
            separator = text[start + len(first):end]
            markers += [(text[start:end + len(second)], "toc"), (_MARKER_TOC[0]["id"], "toc_first")]
        parts = _cut(text, markers)
        return None if parts is None else (parts, separator)

    def _toc_item(self, item) -> str:
        """An item of a page's table of contents as the theme prints it. Record pages share
        their headings («Актуальность», «Цель и задачи»...), so each distinct item is rendered
        once: the theme's template for each of 120,000 items was a fifth of MkDocs' time."""
        key = _toc_key(item)
        if key is None:
            return self.toc_item.render(toc_item=item)
        found = self._toc_items.get(key)
        if found is None:
            found = self._toc_items[key] = self.toc_item.render(toc_item=item)
        return found

    def _fill(self, shell: tuple, page: FastPage) -> str:
        parts, separator = shell
        values = {"content": page.content or "", "title": page.meta.get("title", ""),
                  "head": page.meta.get("kopilka_head", ""), "scripts": page.meta.get("kopilka_scripts", ""),
                  "description": page.meta.get("description", ""), "url": page.url,
                  "src": page.file.src_uri}
        if page.toc:
            values["toc"] = separator.join(self._toc_item(item) for item in page.toc)
            values["toc_first"] = next(iter(page.toc)).id
        return "".join(part if kind is None else values[kind] for kind, part in parts)


def _toc_key(item) -> tuple | None:
    """What the theme's toc-item.html prints of an item; None when it has more (typeset)."""
    if getattr(item, "typeset", None):
        return None
    children = tuple(_toc_key(child) for child in item.children)
    return None if None in children else (item.url, item.title, children)


def _cut(text: str, markers: list[tuple[str, str]]) -> list | None:
    """`text` as a list of (None, literal) and (name, '') parts at every marker's occurrence."""
    parts: list = [(None, text)]
    for marker, name in markers:
        cut: list = []
        for kind, part in parts:
            if kind is not None or marker not in part:
                cut.append((kind, part))
                continue
            pieces = part.split(marker)
            for i, piece in enumerate(pieces):
                if i:
                    cut.append((name, ""))
                cut.append((None, piece))
        parts = cut
    if not any(kind == "content" for kind, _ in parts):
        return None
    return parts
