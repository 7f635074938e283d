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
import os
from pathlib import Path

from generator.build.incremental import Graph
from generator.build.parallel import cores, in_shares
from generator.build.outputs import Copy, File, MarkdownPage, Output, Page, by_uri
from generator.build.progress import Progress
from generator.corpus import lookup
from generator.corpus.cache import RecordMemory
from generator.corpus.check import load_corpus
from generator.corpus.site import Site
from generator.diagnostics import Diagnostics
from generator.text import PAGES
from generator.derive import statqueries
from generator.derive.statsite import freshness
from generator.source.history import History, read_history

INTRO_FILE = "content/index.md"


@dataclasses.dataclass
class Session:
    """What a build or a preview remembers between runs; nothing of it is global."""

    graph: Graph = dataclasses.field(default_factory=Graph)
    #: The validated records in memory, for a long-lived process (see `corpus.cache`).
    records: RecordMemory = dataclasses.field(default_factory=RecordMemory)
    #: The dates of change of the last run, reused while the checkout's commit is the same.
    history: History | None = None
    #: What the last `kopilka build` published (build/reuse.py): the next one starts from it.
    published: object = None
    #: The token of the saved graph this session's graph is (build/state.py), None if unsaved.
    saved: str | None = None


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
    #: src URIs of narrative pages that must not be published (drafts, unreadable files).
    hidden: frozenset[str] = frozenset()
    #: The narrative pages as read (MkDocs renders them): a preview's rebuild that leaves them
    #: the same may skip MkDocs' build (mkdocs/quick.py).
    narrative: tuple = ()

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
    corpus = load_corpus(root, today, progress, use_cache, session.records, statistics=False)
    if corpus.diagnostics.errors:
        return None, corpus.diagnostics
    graph = session.graph
    # one git log for the whole site, not one per page; none while a preview's commit stays
    history = session.history = read_history(root, session.history)
    fresh = freshness(corpus.site, history)
    values, fingerprints = lookup.inputs_of(corpus, (fresh.latest, fresh.how), history)
    graph.start(values, fingerprints)
    with progress.stage("Производные таблицы", key="derive"):
        derive(graph)
    corpus.diagnostics.extend(graph.query(statqueries.statistics_warnings))
    with progress.stage("Страницы", unit=PAGES, key="render") as stage:
        outputs, changed = render(graph)
        stage.advance(len(outputs))
    hidden = frozenset(page.src_uri for page in corpus.narrative if not page.visible)
    return Generated(corpus.site, outputs, changed, graph.work, hidden, corpus.narrative), corpus.diagnostics


def derive(g: Graph) -> None:
    """The tables over the whole corpus that pages read, made before any page."""
    from generator.derive import calendar, facets, queries, related

    g.query(lookup.site)
    for spec in facets.FACETS:
        g.query(facets.facet_index, spec.key)
    g.query(related.related_tables)
    g.query(queries.practices_by_title)
    g.query(calendar.upcoming_ids)


#: Below this many outputs to make, forking workers costs more than it saves (a preview's edit).
PARALLEL_FROM = 300


def render(g: Graph) -> tuple[dict[str, Output], set[str]]:
    """Every output, and the URIs of those new in this revision. Many outputs to make (a first
    build, an edit that reaches most pages) are made in shares on every core (`build.parallel`)."""
    planned = g.held(plan) or ()
    keys = g.query(plan)
    todo = g.outdated(keys)
    workers = 1 if os.environ.get("KOPILKA_SERIAL") else min(cores(), len(todo) // PARALLEL_FROM or 1)
    if workers > 1:
        known, parent = g.up_to_date(), os.getpid()

        def make(share: list[tuple]) -> list[tuple]:
            for key in share:
                g.query(*key)
            return g.export(known) if os.getpid() != parent else []

        for made in in_shares(make, [todo[n::workers] for n in range(workers)]):
            g.absorb(made)
    if g.changed_in_this_revision(plan):  # outputs came or went: drop what only gone ones read
        g.forget(set(planned) - set(keys), keep={*keys, (plan,)})
    found, changed = [], set()
    for key in keys:
        value = g.query(*key)
        items = value if isinstance(value, tuple) else (value,)
        found.extend(items)
        if g.changed_in_this_revision(*key):
            changed.update(item.uri for item in items)
    return by_uri(found), changed


def queried(g: Graph) -> list[tuple]:
    """Every query a build asks for itself: what a kept graph must hold all of (`state.save_graph`)."""
    return [*g.query(plan), (plan,), (statqueries.statistics_warnings,)]


def plan(g: Graph) -> tuple[tuple, ...]:
    """Every output's query, in the order of a full build."""
    from generator.render import bank, calendar_pages, guide, network, pages, proposal, statpages
    from generator.render import changes, community, consultations, contacts, event_bank, feeds, results

    # each module's plan a query of its own: an edit that changes one module's outputs does not
    # list the 15,000 keys of the others again (0.1 s of a title edit at 10,000 practices)
    keys: list[tuple] = []
    for module in (pages, network, statpages, calendar_pages):
        keys += g.query(module.plan)
    keys.append((guide.guide_page,))
    for module in (proposal, bank, contacts, consultations, event_bank, results, community, feeds, changes):
        keys += g.query(module.plan)
    keys.append((material_files,))
    return tuple(keys)


def material_files(g: Graph) -> tuple[Copy, ...]:
    """Every file a published record or narrative page attaches or links to, of an allowed type
    and on a path nobody else writes (attachments.py): the only contributors' files published."""
    from generator.corpus.attachments import files_of, text_links

    root, existing = g.input("root"), g.input("files") or frozenset()
    found: dict[str, Path] = {}
    for kind in lookup.KINDS:
        for entity_id in lookup.ids(g, kind):
            for uri, rel in g.query(record_files, kind, entity_id):
                found.setdefault(uri, root / rel)
    for page in g.input("narrative") or ():
        if page.visible:
            for uri, rel in files_of(page.rel, text_links(page.body), existing):
                found.setdefault(uri, root / rel)
    return tuple(Copy(uri, path) for uri, path in found.items())


def record_files(g: Graph, kind: str, entity_id: str) -> tuple[tuple[str, str], ...]:
    """(site URI, path from the root) of what one record publishes: read again only when it
    changes (its text is parsed for links)."""
    from generator.corpus.attachments import files_of, own_files

    entity = lookup.record(g, kind, entity_id)
    return tuple(files_of(entity.source, own_files(entity), g.input("files") or frozenset()))
