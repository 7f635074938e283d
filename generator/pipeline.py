"""The script of phases: load -> validate -> link -> render. MkDocs and the CLI both call it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import pickle
import select
import signal
import time
import traceback
import warnings
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from generator.cache import RecordCache, context_key
from generator.config import load_config
from generator.diagnostics import Diagnostic, Diagnostics, display_path
from generator.link import Site, link
from generator.load import CONTENT_FOLDERS, discover, escaping_links
from generator.models.common import ValidationContext
from generator import consistency, statdefs
from generator.progress import Progress
from generator.records import file_keys, validated_records, worker_count
from generator.validate import line_of
from generator.vocabularies import load_vocabularies

if TYPE_CHECKING:  # imported where used: `kopilka check` needs no producer
    from generator.outputs import Outputs

INTRO_FILE = "content/index.md"
#: The last generation of this process: (site, intro, outputs, material files). `kopilka serve`
#: generates again after every edit; see `render.changed_bodies`.
_LAST: list = [None]


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


def producers() -> tuple:
    """Producers of pages and files from the Site, in order; each owns its own URIs. Imported
    here, not at the top: `kopilka check` needs none of them (templates, iCalendar, charts)."""
    from generator import bank, calendar_pages, guide, network, render, statpages

    return render.outputs, network.outputs, statpages.outputs, calendar_pages.outputs, guide.outputs, bank.outputs


def _jobs(site: Site, intro: str) -> list[tuple[str, object, int]]:
    """(name, producing call, process) in merge order: process 1 is the forked second core's.
    The records' own pages (two thirds of the work at any size) are split in two halves."""
    from generator import bank, render

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
    from generator.search import write_inputs

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
    record pages and the bank in the child, pickled back, merged in the serial order).

    Forking a threaded process (the preview's) is safe here as long as the child takes no lock
    another thread held at the fork: it only renders templates and writes a pipe, and every
    module it needs is imported before the fork. Should it still hang, the parent stops waiting
    after its own share's time plus `_SECOND_CORE_GRACE`, ends the child and makes its share."""
    from generator.facets import facet_indexes

    jobs = _jobs(site, intro)
    # `kopilka serve` has server threads, and page production is its longest wait: see above
    if not hasattr(os, "fork") or not worker_count(len(site.practices) + len(site.events), minimum=200,
                                                   in_threads=True):
        return _run(jobs, site, search_dir)
    facet_indexes(site)  # shared by both processes, computed once before the fork
    theirs_jobs = [job for job in jobs if job[2] == 1]
    read, write = os.pipe()
    with warnings.catch_warnings():  # Python 3.12+ warns of any fork beside threads: see above
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the second core: its share of jobs, pickled back through the pipe
        os.close(read)
        try:
            answer = ("ok", _run(theirs_jobs, site, search_dir))
        except BaseException:  # noqa: BLE001 - reported by the parent
            answer = ("error", traceback.format_exc())
        with os.fdopen(write, "wb") as pipe:
            pickle.dump(answer, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        os._exit(0)
    os.close(write)
    started = time.perf_counter()
    try:
        mine = _run([job for job in jobs if job[2] == 0], site, search_dir)
    finally:
        status, theirs = _answer(read, pid, time.perf_counter() - started + _SECOND_CORE_GRACE)
    if status == "hung":
        theirs = _run(theirs_jobs, site, search_dir)
    elif status != "ok":
        raise RuntimeError(f"Kopilka: ошибка при создании страниц во втором процессе:\n{theirs}")
    by_process = {0: iter(mine), 1: iter(theirs)}
    return [next(by_process[job[2]]) for job in jobs]


def _answer(read: int, pid: int, patience: float) -> tuple[str, object]:
    """The second process's (status, outputs or error). "hung": it sent nothing in `patience`
    seconds and was ended."""
    ready, _, _ = select.select([read], [], [], max(0.0, patience))
    if not ready:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read)
        return "hung", None
    with os.fdopen(read, "rb") as pipe:
        try:
            answer = pickle.load(pipe)
        except EOFError:
            answer = ("error", "the second process ended without an answer")
    os.waitpid(pid, 0)
    return answer


def build_date(timezone: str) -> dt.date:
    """The day the site is built for: SOURCE_DATE_EPOCH (reproducible builds) or today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return now.astimezone(ZoneInfo(timezone)).date()


def start_of_today() -> int:
    """00:00 UTC of the current day as a Unix time: the default SOURCE_DATE_EPOCH of a build."""
    today = dt.datetime.now(dt.timezone.utc).date()
    return int(dt.datetime(today.year, today.month, today.day, tzinfo=dt.timezone.utc).timestamp())


def check(root: Path, today: dt.date | None = None, progress: Progress | None = None,
          use_cache: bool = True) -> tuple[Site | None, Diagnostics]:
    """Validate a whole site; every problem is collected. Returns the Site even with errors.

    Unchanged files come from `.kopilka-cache/` (see cache.py) unless `use_cache` is False.
    """
    site, diagnostics, _ = _check(root, today, progress, use_cache, summary_ok=False)
    return site, diagnostics


def check_counts(root: Path, progress: Progress | None = None,
                 use_cache: bool = True) -> tuple[dict[str, int], Diagnostics]:
    """What `kopilka check` prints: the diagnostics and the number of published records by
    section. When no file changed since the last check, the answer comes from the cache."""
    _, diagnostics, counts = _check(root, None, progress, use_cache, summary_ok=True)
    return counts, diagnostics


def _check(root: Path, today: dt.date | None, progress: Progress | None, use_cache: bool,
           summary_ok: bool) -> tuple[Site | None, Diagnostics, dict[str, int]]:
    root = root.resolve()
    progress = progress or Progress()
    diagnostics = Diagnostics()
    config, problems = load_config(root)
    diagnostics.extend(problems)
    vocabularies, problems = load_vocabularies(root)
    diagnostics.extend(problems)
    for escaped in escaping_links(root):
        diagnostics.add(Diagnostic(
            display_path(escaped, root), 0, 0, "E012",
            "символическая ссылка ведёт за пределы папки сайта; такой файл не публикуется",
            value=str(escaped.readlink()), hint="положите сам файл в папку сайта вместо ссылки"))
    diagnostics.extend(statdefs.load_definitions(root, vocabularies)[1])
    context = ValidationContext(vocabularies, config.timezone)
    today = today or build_date(config.timezone)
    # `kopilka check` (summary_ok) reports problems only: record texts stay packed in the cache
    cache = RecordCache(root, context_key(root), enabled=use_cache, bodies=not summary_ok)
    files = discover(root)
    keys = file_keys(root, files, cache)
    remembered = cache.summary(_site_key(today, keys)) if summary_ok and all(k for k, _ in keys) else None
    if remembered is not None:
        counts, problems, attached = remembered
        diagnostics.extend(problems)
        for source, entity in attached:  # attached files may come and go: look again
            diagnostics.extend(_check_files(source, entity, root))
        cache.save()
        return None, diagnostics, counts
    records, own, attached = [], [], []
    for source, entity, problems in validated_records(root, files, keys, context, cache, progress):
        own.extend(problems)
        if entity is not None:
            records.append((source, entity))
            if _attached_files(entity):
                attached.append((source, entity))
                diagnostics.extend(_check_files(source, entity, root))
    with progress.stage("Связи между записями", key="link"):
        site, problems = link(records, root, config, vocabularies, today)
        own.extend(problems)
        own.extend(consistency.check(site, records))
    diagnostics.extend(own)
    counts = {kind: len(site.by_kind(kind)) for kind in CONTENT_FOLDERS}
    cache.set_summary(_site_key(today, keys), (counts, own, attached))
    cache.save()
    return site, diagnostics, counts


def _site_key(today: dt.date, keys: list[tuple[str, bytes | None]]) -> str:
    """What a check's answer depends on: the day (upcoming events) and every file's key."""
    return hashlib.blake2b(f"{today}|".encode() + "|".join(k for k, _ in keys).encode(), digest_size=20).hexdigest()


def _attached_files(entity) -> list[tuple[tuple, str]]:
    fields = entity.__dict__  # not getattr: a missing field costs pydantic an exception
    found = [(("materials", i), m.file) for i, m in enumerate(fields.get("materials") or ()) if m.file]
    for key in ("regulation", "plan", "file"):
        value = fields.get(key)
        if value and ":" not in value:
            found.append(((key,), value))
    return found


def _check_files(source, entity, root: Path) -> list[Diagnostic]:
    """An attached file must exist and stay inside the site folder (no `../../etc/passwd`)."""
    problems = []
    for path, file in _attached_files(entity):
        target = (source.path.parent / file).resolve()  # follows links: a link out is refused
        inside = target.is_relative_to(root) and not any(
            part.startswith(".") for part in target.relative_to(root).parts)
        if not inside or not target.is_file() or target.suffix == ".md":
            line, column = line_of(source, path)
            problems.append(Diagnostic(
                source.rel, line, column, "E204",
                "файл вне папки сайта" if not inside else "файл не найден" if not target.is_file()
                else "материал не может быть файлом .md",
                value=file, allowed="путь к файлу внутри папки сайта, относительно файла записи",
                hint="положите файл рядом с записью, например materials/plan.pdf"))
    return problems


def generate(root: Path, today: dt.date | None = None, progress: Progress | None = None,
             use_cache: bool = True, remember: bool = False,
             search_dir: Path | None = None) -> tuple[Generated | None, Diagnostics]:
    """Check, then render every page. None when there are errors: nothing may be published.
    `remember`: keep this generation for the next one in this process (a preview, see `_LAST`).
    `search_dir`: write the record pages for Pagefind there as they are made, on both cores, so
    that indexing can start as soon as the pages exist."""
    from generator import network, render
    from generator.outputs import Outputs

    root = root.resolve()
    progress = progress or Progress()
    site, diagnostics = check(root, today, progress, use_cache)
    if diagnostics.errors:
        return None, diagnostics
    intro_path = root / INTRO_FILE
    intro = _body(intro_path.read_text(encoding="utf-8-sig")) if intro_path.is_file() else ""
    with progress.stage("Страницы", unit="страниц", key="render") as stage:
        last = _LAST[0]
        searchable: set[str] = set()
        changed = (render.changed_bodies(last[0], site)
                   if last and last[1] == intro and last[0].root == site.root else None)
        if changed is not None:
            # A preview after editing the text of a few records: a record's text is shown on
            # its own page only, so every other page and file is the previous build's.
            render.carry_over(last[0], site)
            produced = dataclasses.replace(last[2], pages={
                **last[2].pages, **render.record_pages(site, changed), **network.record_pages(site, changed)})
        else:
            produced = Outputs()
            for name, outputs, seconds, written in _produce(site, intro, search_dir):
                produced.merge(outputs)
                searchable.update(written)
                progress.add_time(f"render: {name}", seconds)
        stage.advance(len(produced.pages))
    files = _material_files(site, root) if changed is None else last[3]  # a text edit keeps them
    _LAST[0] = (site, intro, produced, files) if remember else None
    return Generated(site, produced.pages, produced.assets, files, produced.json_ld,
                     search_dir, frozenset(searchable)), diagnostics


def _material_files(site: Site, root: Path) -> dict[str, Path]:
    """Site URI -> file of every practice's attached material (files of `content/` are MkDocs'
    own docs already)."""
    from generator import render

    files = {}
    for entity in site.practices.values():
        for _, file in _attached_files(entity):
            files[render.material_uri(entity.source, file)] = (root / entity.source).parent.joinpath(file).resolve()
    return files


def _body(text: str) -> str:
    """A narrative page's Markdown without its frontmatter."""
    text = text.replace("\r\n", "\n")
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            return text[end + 4:].lstrip("\n")
    return text
