"""The script of phases: load -> validate -> link -> render. MkDocs and the CLI both call it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from generator.corpus.cache import RecordCache, context_key
from generator.source.config import load_config
from generator.build.parallel import Forked
from generator.corpus.check import build_date, check, start_of_today
from generator.source.narrative import intro_text
from generator.diagnostics import Diagnostic, Diagnostics, display_path
from generator.corpus.site import Site
from generator.corpus.link import link
from generator.source.discover import CONTENT_FOLDERS, discover, escaping_links
from generator.models.common import ValidationContext
from generator.corpus import consistency
from generator.source import statdefs
from generator.build.progress import Progress
from generator.corpus.records import file_keys, validated_records, worker_count
from generator.validate import line_of
from generator.source.vocabularies import load_vocabularies

if TYPE_CHECKING:  # imported where used: `kopilka check` needs no producer
    from generator.build.outputs import Outputs

INTRO_FILE = "content/index.md"


@dataclasses.dataclass
class Remembered:
    """A preview's last generation: the base of its next one (see `generate`)."""

    site: Site
    intro: str
    produced: "Outputs"
    files: dict[str, Path]
    #: Seconds that making every page last took: a preview shows an edit of a few records'
    #: fields before the rest of the site only where making every page is slow.
    full_seconds: float
    #: The edited records' own pages are new, the rest still show the previous records: every
    #: page is being made again in the background (`complete_in_background`).
    stale: bool = False


#: The last generation of this process. `kopilka serve` generates again after every edit.
_LAST: list[Remembered | None] = [None]


@dataclasses.dataclass
class Generated:
    """What the generator hands to MkDocs: page texts and files to copy, by their site URI."""

    site: Site
    pages: dict[str, str]
    #: site URI -> exact content of a generated file (feeds, exports, charts).
    assets: dict[str, str | bytes]
    #: site URI -> absolute path of a material file that lies outside MkDocs' docs folder.
    files: dict[str, Path]
    #: src URI of a page -> schema.org data, added as JSON-LD after sanitising.
    json_ld: dict[str, dict] = dataclasses.field(default_factory=dict)
    #: The folder of Pagefind's input pages, and the src URIs written there (see `generate`).
    search_dir: Path | None = None
    search_written: frozenset[str] = frozenset()
    #: A preview's kind of generation: "" (every page exact), "quick" (only the edited records'
    #: own pages are new; the rest follows, see `complete_in_background`) or "completed".
    preview: str = ""


def producers() -> tuple:
    """Producers of pages and files from the Site, in order; each owns its own URIs. Imported
    here, not at the top: `kopilka check` needs none of them (templates, iCalendar, charts)."""
    from generator.render import bank
    from generator.render import calendar_pages
    from generator.render import guide
    from generator.render import network
    from generator.render import pages as render
    from generator.render import statpages

    return render.outputs, network.outputs, statpages.outputs, calendar_pages.outputs, guide.outputs, bank.outputs


def _jobs(site: Site, intro: str) -> list[tuple[str, object, int]]:
    """(name, producing call, process) in merge order: process 1 is the forked second core's.
    The records' own pages (two thirds of the work at any size) are split in two halves."""
    from generator.render import bank
    from generator.render import pages as render

    jobs: list[tuple[str, object, int]] = [
        ("render", lambda: render.outputs(site, intro, (0, 2)), 0),
        ("render", lambda: render.outputs(site, intro, (1, 2)), 1),
    ]
    second = {bank.outputs}
    for producer in producers()[1:]:
        jobs.append((producer.__module__.rsplit(".", 1)[-1], lambda p=producer: p(site), int(producer in second)))
    return jobs


def _run(jobs: list, site: Site, search_dir: Path | None) -> list[tuple[str, Outputs, float, list[str]]]:
    """Each job's (name, outputs, seconds, record pages written for search into `search_dir`)."""
    from generator.search.indexer import write_inputs

    results = []
    for name, call, _ in jobs:
        started = time.perf_counter()
        outputs = call()
        written = write_inputs(site, outputs.pages, search_dir) if search_dir else []
        results.append((name, outputs, time.perf_counter() - started, written))
    return results


#: Seconds the parent waits for the second process beyond its own share's time (see `_produce`).
_SECOND_CORE_GRACE = 60.0


def _produce(site: Site, intro: str, search_dir: Path | None = None) -> list[tuple[str, Outputs, float, list[str]]]:
    """Every producer's outputs, on both cores when the process may fork (one fork: half of the
    record pages and the bank in the child, pickled back, merged in the serial order). Should
    the child hang (see `forking`), the parent stops waiting after its own share's time plus
    `_SECOND_CORE_GRACE`, ends the child and makes its share itself."""
    from generator.derive.facets import facet_indexes

    jobs = _jobs(site, intro)
    # `kopilka serve` has server threads, and page production is its longest wait: see forking.py
    if not hasattr(os, "fork") or not worker_count(len(site.practices) + len(site.events), minimum=200,
                                                   in_threads=True):
        return _run(jobs, site, search_dir)
    facet_indexes(site)  # shared by both processes, computed once before the fork
    theirs_jobs = [job for job in jobs if job[2] == 1]
    child = Forked(lambda: _run(theirs_jobs, site, search_dir))
    started = time.perf_counter()
    try:
        mine = _run([job for job in jobs if job[2] == 0], site, search_dir)
    finally:
        status, theirs = child.result(time.perf_counter() - started + _SECOND_CORE_GRACE)
    if status == "hung":
        theirs = _run(theirs_jobs, site, search_dir)
    elif status != "ok":
        raise RuntimeError(f"Kopilka: ошибка при создании страниц во втором процессе:\n{theirs}")
    by_process = {0: iter(mine), 1: iter(theirs)}
    return [next(by_process[job[2]]) for job in jobs]


def generate(root: Path, today: dt.date | None = None, progress: Progress | None = None,
             use_cache: bool = True, remember: bool = False,
             search_dir: Path | None = None) -> tuple[Generated | None, Diagnostics]:
    """Check, then render every page. None when there are errors: nothing may be published.
    `remember`: keep this generation for the next one in this process (a preview, see `_LAST`).
    `search_dir`: write the record pages for Pagefind there as they are made, on both cores, so
    that indexing can start as soon as the pages exist."""
    from generator.render import pages as render
    from generator.build.outputs import Outputs

    root = root.resolve()
    progress = progress or Progress()
    site, diagnostics = check(root, today, progress, use_cache)
    if diagnostics.errors:
        return None, diagnostics
    intro = intro_text(root)
    with progress.stage("Страницы", unit="страниц", key="render") as stage:
        last = _LAST[0]
        searchable: set[str] = set()
        changes = (render.changed_records(last.site, site)
                   if last and last.intro == intro and last.site.root == site.root else None)
        if changes is not None and (changes.records or changes.removed):
            cancel_completion()  # it makes the pages of a Site that is no longer the newest
        kind, stale = "", False
        if changes is not None and not changes.records and not changes.removed and last.stale:
            # Nothing changed since the quick rebuild: take the completion if it is ready. The
            # Site is the same (its records are the same objects): keep the one it was made for.
            site = last.site
            difference = _take_completion(site)
            produced, stale = (_completed(last, difference), False) if difference else (last.produced, True)
            files, full_seconds, kind = last.files, last.full_seconds, "completed" if difference else "quick"
        elif changes is not None and (changes.bodies_only or last.full_seconds > _quick_after()) and (
                own := _own_pages(last, site, changes)) is not None:
            # A preview after a few records were edited, added or removed: their own pages
            # first. A record's text is shown on its own page only, so after a text edit every
            # other page and file is the previous build's; after any other change, the pages
            # that list or count the records are made again in the background and follow.
            produced = dataclasses.replace(last.produced, pages=own)
            files = last.files if changes.bodies_only else _material_files(site, root)
            full_seconds, stale = last.full_seconds, last.stale or not changes.bodies_only
            kind = "quick" if stale else ""
        else:
            started = time.perf_counter()
            produced = Outputs()
            for name, outputs, seconds, written in _produce(site, intro, search_dir):
                produced.merge(outputs)
                searchable.update(written)
                progress.add_time(f"render: {name}", seconds)
            files, full_seconds = _material_files(site, root), time.perf_counter() - started
        stage.advance(len(produced.pages))
    _LAST[0] = Remembered(site, intro, produced, files, full_seconds, stale) if remember else None
    return Generated(site, produced.pages, produced.assets, files, produced.json_ld,
                     search_dir, frozenset(searchable), kind), diagnostics


# --- a preview's quick rebuild, completed in the background ----------------------------------

def _own_pages(last: Remembered, site: Site, changes) -> dict[str, str] | None:
    """Every page of `last` with the changed records' own pages made again for `site`, from the
    previous Site's facets and lists; None if that fails (an edit the stale tables did not
    foresee): the caller then makes every page, from fresh tables."""
    from generator.render import network
    from generator.render import pages as render
    from generator.render.urls import page_uri

    render.carry_over(last.site, site)
    gone = {page_uri(kind, entity_id) for kind, entity_id in changes.removed}
    try:
        own = {**render.record_pages(site, changes.records), **network.record_pages(site, changes.records)}
    except Exception:  # noqa: BLE001 - a real fault shows again, and is reported, in the full run
        render.forget(site)
        return None
    return {**{uri: text for uri, text in last.produced.pages.items() if uri not in gone}, **own}


#: The child making every page of `site` again, or its result ("difference") once it is back.
_COMPLETION: dict = {"child": None, "site": None, "difference": None}
_COMPLETION_LOCK = threading.Lock()


def _quick_after() -> float:
    """Seconds of making every page above which a preview shows an edit of a record's fields
    on the record's own page first (KOPILKA_PREVIEW_QUICK_AFTER; 0: always)."""
    return float(os.environ.get("KOPILKA_PREVIEW_QUICK_AFTER", "2.0"))


@dataclasses.dataclass
class _Difference:
    """Every page and file made again, against the remembered generation: what changed (new
    text) and what is gone, for pages, files and structured data alike."""

    changed: tuple[dict, dict, dict]
    removed: tuple[set, set, set]
    #: The Site's fresh facets (`facets.values_of`): the next quick rebuild starts from them.
    facets: dict


def _difference(last: Remembered) -> _Difference:
    """Run in the forked child: every page of `last.site` made again from fresh facets."""
    from generator.derive import facets
    from generator.render import pages as render
    from generator.build.outputs import Outputs

    render.forget(last.site)  # the quick pages used the previous Site's facets and lists
    produced = Outputs()
    for _, outputs, _, _ in _produce(last.site, last.intro):
        produced.merge(outputs)
    pairs = [(last.produced.pages, produced.pages), (last.produced.assets, produced.assets),
             (last.produced.json_ld, produced.json_ld)]
    return _Difference(tuple({key: value for key, value in new.items() if old.get(key) != value} for old, new in pairs),
                       tuple(old.keys() - new.keys() for old, new in pairs), facets.values_of(last.site))


def _completed(last: Remembered, difference: _Difference) -> "Outputs":
    from generator.derive import facets
    from generator.render import pages as render
    from generator.build.outputs import Outputs

    parts = []
    for old, changed, removed in zip((last.produced.pages, last.produced.assets, last.produced.json_ld),
                                     difference.changed, difference.removed):
        part = {key: value for key, value in old.items() if key not in removed}
        part.update(changed)
        parts.append(part)
    # The next quick rebuild starts from this Site's own facets and lists, not carried ones.
    render.forget(last.site)
    facets.adopt(last.site, difference.facets)
    render.Renderer(last.site).related  # noqa: B018 - built and kept for the Site
    return Outputs(*parts)


def complete_in_background(on_done) -> bool:
    """After a quick rebuild (see `generate`): make every page of the remembered Site again in a
    forked process, unless that is under way. `on_done(error)` is called from a thread: with
    None when the next `generate` can take the result, with what went wrong if the process
    failed (not when it was cancelled). Returns whether a completion was started."""
    last = _LAST[0]
    if last is None or not last.stale or not hasattr(os, "fork"):
        return False
    with _COMPLETION_LOCK:
        if _COMPLETION["site"] is last.site:
            return False
        _cancel_locked()
        child = Forked(lambda: _difference(last))
        _COMPLETION.update(child=child, site=last.site, difference=None)
    threading.Thread(target=_wait_for, args=(child, on_done), daemon=True,
                     name="kopilka-completion").start()
    return True


#: Seconds a completion may take before it counts as hung and is ended.
_COMPLETION_PATIENCE = 30 * 60.0


def _wait_for(child: Forked, on_done) -> None:
    status, difference = child.result(_COMPLETION_PATIENCE)
    with _COMPLETION_LOCK:
        if _COMPLETION["child"] is not child:
            return  # cancelled: a newer edit has its own
        _COMPLETION["child"] = None
        ok = status == "ok"
        if ok:
            _COMPLETION["difference"] = difference
        else:
            _COMPLETION["site"] = None  # the next quick rebuild starts another
    on_done(None if ok else difference or "the background process did not answer")


def _take_completion(site: Site) -> _Difference | None:
    with _COMPLETION_LOCK:
        difference = _COMPLETION["difference"] if _COMPLETION["site"] is site else None
        if difference is not None:
            _COMPLETION.update(site=None, difference=None)
        return difference


def cancel_completion() -> None:
    """Stop the background completion, if any: its Site has been edited again (or the preview
    ends)."""
    with _COMPLETION_LOCK:
        _cancel_locked()


def _cancel_locked() -> None:
    child = _COMPLETION["child"]
    if child is not None:
        child.kill()
    _COMPLETION.update(child=None, site=None, difference=None)


def _material_files(site: Site, root: Path) -> dict[str, Path]:
    """Site URI -> file of everything published records and narrative pages attach or link to
    (attachments.py): the only contributors' files the site publishes."""
    from generator.corpus.attachments import published_files
    from generator.source.narrative import narrative_pages

    return published_files(site, root, narrative_pages(root)[0])

