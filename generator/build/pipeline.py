"""The build as a script of phases: check → derive → render; publishing is the caller's.

    corpus = load_corpus(root)            # read, validate, link: every problem at once
    graph.start(inputs_of(corpus))        # the records become the graph's inputs
    derive(graph)                         # facets, related practices, calendar, statistics…
    outputs = render(graph)               # every page and file, each a query of the graph

`kopilka build` publishes the outputs with MkDocs into a new folder and swaps it in; `kopilka
serve` and the MkDocs plugin hand them to MkDocs' own build. A `Session` is what one of them
keeps between runs: the graph, so that the next run makes only what an edit changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from generator.build.incremental import Graph
from generator.build.outputs import Copy, File, MarkdownPage, Output, Page, by_uri
from generator.build.progress import Progress
from generator.corpus import lookup
from generator.corpus.cache import RecordMemory
from generator.corpus.check import _attached_files, load_corpus
from generator.corpus.site import Site
from generator.diagnostics import Diagnostics
from generator.derive.statsite import freshness

INTRO_FILE = "content/index.md"


@dataclasses.dataclass
class Session:
    """What a build or a preview remembers between runs; nothing of it is global."""

    graph: Graph = dataclasses.field(default_factory=Graph)
    #: The validated records in memory, for a long-lived process (see `corpus.cache`).
    records: RecordMemory = dataclasses.field(default_factory=RecordMemory)


@dataclasses.dataclass
class Generated:
    """What the generator hands to the publish phase."""

    site: Site
    #: Every output by URI, in the order a full build makes them.
    outputs: dict[str, Output]
    #: URIs of the outputs that differ from the session's previous run (all, the first time).
    changed: set[str]
    #: How many queries this run computed, and how many of their values were new.
    work: object = None

    def text(self, uri: str) -> str | bytes:
        """An output's content: a page's HTML, a Markdown page's text, a file's bytes or text."""
        output = self.outputs[uri]
        return output.html if isinstance(output, Page) else output.markdown if isinstance(
            output, MarkdownPage) else output.content

    @property
    def files(self) -> dict[str, str | bytes]:
        """The generated files (feeds, exports, charts) by site URI."""
        return {uri: o.content for uri, o in self.outputs.items() if isinstance(o, File)}


def generate(root: Path, today: dt.date | None = None, progress: Progress | None = None,
             use_cache: bool = True, *, session: Session | None = None) -> tuple[Generated | None, Diagnostics]:
    """Check, then make every output. None when there are errors: nothing may be published."""
    root = root.resolve()
    session = session or Session()
    progress = progress or Progress()
    corpus = load_corpus(root, today, progress, use_cache, session.records)
    if corpus.diagnostics.errors:
        return None, corpus.diagnostics
    graph = session.graph
    values, fingerprints = lookup.inputs_of(corpus.site, corpus.fingerprints, intro_text(root),
                                            corpus.definitions, freshness(corpus.site))
    graph.start(values, fingerprints)
    with progress.stage("Производные таблицы", key="derive"):
        derive(graph)
    with progress.stage("Страницы", unit="страниц", key="render") as stage:
        outputs, changed = render(graph)
        stage.advance(len(outputs))
    return Generated(corpus.site, outputs, changed, graph.work), corpus.diagnostics


def derive(g: Graph) -> None:
    """The tables over the whole corpus that pages read, made before any page."""
    from generator.derive import calendar, facets, queries, related

    g.query(lookup.site)
    for spec in facets.FACETS:
        g.query(facets.facet_index, spec.key)
    g.query(related.related_index)
    g.query(queries.practices_by_title)
    g.query(calendar.upcoming_ids)


def render(g: Graph) -> tuple[dict[str, Output], set[str]]:
    """Every output, and the URIs of those new in this revision."""
    found, changed = [], set()
    for key in g.query(plan):
        value = g.query(*key)
        items = value if isinstance(value, tuple) else (value,)
        found.extend(items)
        if g.changed_in_this_revision(*key):
            changed.update(item.uri for item in items)
    return by_uri(found), changed


def plan(g: Graph) -> tuple[tuple, ...]:
    """Every output's query, in the order of a full build."""
    from generator.render import pages

    keys = pages.plan(g)
    keys += [(legacy_outputs, name) for name in LEGACY]
    keys.append((material_files,))
    return tuple(keys)


# --- producers not yet turned into queries of their own pages ----------------------------

LEGACY = ("network", "statpages", "calendar_pages", "guide", "bank")


def legacy_outputs(g: Graph, name: str) -> tuple[Output, ...]:
    """A whole producer of the former shape, made again whenever any record changes."""
    import importlib

    from generator.search.indexer import mark_page, record_of

    site = g.query(_site_with_texts)
    produced = importlib.import_module(f"generator.render.{name}").outputs(site)
    items: list[Output] = []
    for uri, text in produced.pages.items():
        if name == "guide":
            items.append(MarkdownPage(uri, text))
            continue
        meta, html, toc = split_page(text)
        searchable = record_of(site, uri) is not None
        title = _unescape(meta["title"])
        description = _unescape(meta["description"]) if "description" in meta else None
        items.append(Page(uri, title, mark_page(site, uri, html) if searchable else html, description, tuple(toc),
                          produced.json_ld.get(uri), searchable))
    items += [File(uri, content) for uri, content in produced.assets.items()]
    return tuple(items)


def _site_with_texts(g: Graph) -> Site:
    fields = g.query(lookup.site)
    texts = {kind: {i: lookup.record(g, kind, i) for i in lookup.ids(g, kind)} for kind in lookup.KINDS}
    return dataclasses.replace(fields, practices=texts["practice"], associations=texts["association"],
                               events=texts["event"], programs=texts["program"], organizations=texts["organization"])


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def material_files(g: Graph) -> tuple[Copy, ...]:
    """Every file a published record or narrative page attaches or links to, of an allowed type
    and on a path nobody else writes (attachments.py): the only contributors' files published."""
    from generator.corpus.attachments import published_files
    from generator.source.narrative import narrative_pages

    root = g.input("root")
    site = g.query(_site_with_texts)
    return tuple(Copy(uri, path) for uri, path in published_files(site, root, narrative_pages(root)[0]).items())


def intro_text(root: Path) -> str:
    """The home page's own text: `content/index.md` without its frontmatter, read through the
    guarded path (narrative.py), and nothing if that page is a draft."""
    from generator.source import narrative

    return narrative.intro_text(root)


def split_page(text: str) -> tuple[dict, str, list]:
    """A legacy page text (`render.legacy._meta` header, then HTML) -> (meta, HTML, toc tokens)."""
    import json

    meta: dict = {}
    toc: list = []
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        for line in text[4:end].splitlines():
            key, _, value = line.partition(": ")
            if key == "toc":
                toc = json.loads(value)
            else:
                meta[key] = json.loads(value)
        text = text[end + 5:]
    return meta, text, toc
