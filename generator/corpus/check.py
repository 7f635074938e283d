"""The check phase: every file read, validated and linked; every problem collected.

`kopilka check` stops here; a build goes on to derive and render only without errors.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.build.progress import Progress
from generator.corpus import consistency, statcheck, unchecked
from generator.corpus.attachments import attached_files as _attached_files  # noqa: F401 - the pipeline's
from generator.corpus.attachments import check_files as _check_files
from generator.corpus.attachments import foreign_files
from generator.corpus.cache import RecordCache, RecordMemory, committed_cache, context_key
from generator.corpus.link import LinkMemory, link
from generator.corpus.names import Names, with_id_hints
from generator.corpus.records import file_keys, validated_records
from generator.corpus.site import Site
from generator.diagnostics import Diagnostic, Diagnostics, display_path
from generator.models.common import ValidationContext
from generator.source import statdefs
from generator.source.config import load_config
from generator.source.discover import CONTENT_FOLDERS, discover, escaping_links, site_files
from generator.source.narrative import narrative_pages
from generator.source.publishing import Publishing, load_publishing, missing_site_url
from generator.source.vocabularies import load_vocabularies


def build_date(timezone: str) -> dt.date:
    """The day the site is built for: SOURCE_DATE_EPOCH (reproducible builds) or today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return now.astimezone(ZoneInfo(timezone)).date()


def start_of_today() -> int:
    """00:00 UTC of the current day as a Unix time: the default SOURCE_DATE_EPOCH of a build."""
    today = dt.datetime.now(dt.timezone.utc).date()
    return int(dt.datetime(today.year, today.month, today.day, tzinfo=dt.timezone.utc).timestamp())


@dataclasses.dataclass
class Corpus:
    """What the check phase found: the published Site (even with errors), every problem, and
    what the build graph needs beside the records."""

    site: Site | None
    diagnostics: Diagnostics
    #: (kind, id) -> what a published record's validation depended on: its file's hash and
    #: the context (data files, the generator's code).
    fingerprints: dict[tuple[str, str], tuple[str, str]]
    #: The site's own statistics definitions (data/statistics.yml), parsed once here.
    definitions: tuple = ()
    counts: dict[str, int] = dataclasses.field(default_factory=dict)
    #: The narrative pages of `content/` (source/narrative.py), read once here.
    narrative: tuple = ()
    #: Every file of the site a record may attach (source/discover.py `site_files`).
    files: frozenset[str] = frozenset()
    #: Where the site is published (mkdocs.yml's site_url, repo_url, edit_uri).
    publishing: Publishing = Publishing()


def check(root: Path, today: dt.date | None = None, progress: Progress | None = None,
          use_cache: bool = True) -> tuple[Site | None, Diagnostics]:
    """Validate a whole site; every problem is collected. Returns the Site even with errors.

    Unchanged files come from `.kopilka-cache/` (see cache.py) unless `use_cache` is False.
    """
    corpus = load_corpus(root, today, progress, use_cache)
    return corpus.site, corpus.diagnostics


def check_counts(root: Path, progress: Progress | None = None,
                 use_cache: bool = True) -> tuple[dict[str, int], Diagnostics]:
    """What `kopilka check` prints: the diagnostics and the number of published records by
    section. When no file changed since the last check, the answer comes from the cache."""
    corpus = _check(root, None, progress, use_cache, summary_ok=True)
    return corpus.counts, corpus.diagnostics


def load_corpus(root: Path, today: dt.date | None = None, progress: Progress | None = None,
                use_cache: bool = True, memory: RecordMemory | None = None, statistics: bool = True) -> Corpus:
    """Every file read, validated and linked; see `Corpus`. `memory`: a preview's records kept
    between its runs. `statistics=False`: the statistics tables' warnings are left to the caller
    (a build reads them from its graph: `derive.statqueries.statistics_warnings`)."""
    return _check(root, today, progress, use_cache, summary_ok=False, memory=memory, statistics=statistics)


def _check(root: Path, today: dt.date | None, progress: Progress | None, use_cache: bool,
           summary_ok: bool, memory: RecordMemory | None = None, statistics: bool = True) -> Corpus:
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
    committed = committed_cache(root)
    for rel in committed:
        diagnostics.add(Diagnostic(
            rel, 0, 0, "E018", "файл кэша сборки добавлен в репозиторий: пока он там, кэш не читается, а сайт "
            "не собирается", value=rel, hint=f"удалите его из репозитория: git rm --cached {rel}"))
    use_cache = use_cache and not committed
    definitions, problems = statdefs.load_definitions(root, vocabularies)
    diagnostics.extend(problems)
    narrative, problems = narrative_pages(root)
    diagnostics.extend(problems)
    diagnostics.extend(input_problems(root))
    publishing = load_publishing(root)
    diagnostics.extend(missing_site_url(root, publishing))
    context = ValidationContext(vocabularies, config.timezone)
    today = today or build_date(config.timezone)
    # `kopilka check` (summary_ok) reports problems only: record texts stay packed in the cache
    context_hash = context_key(root)
    cache = RecordCache(root, context_hash, enabled=use_cache, bodies=not summary_ok, memory=memory)
    files = discover(root)
    keys = file_keys(root, files, cache)
    remembered = cache.summary(_site_key(today, keys)) if summary_ok and all(k for k, _ in keys) else None
    if remembered is not None:
        counts, problems, attached = remembered
        diagnostics.extend(problems)
        for source, entity in attached:  # attached files may come and go: look again
            diagnostics.extend(_check_files(source, entity, root))
        cache.save()
        return Corpus(None, diagnostics, {}, tuple(definitions), counts)
    records, failed, own, attached, fingerprints = [], [], [], [], {}
    validated = validated_records(root, files, keys, context, cache, progress)
    for (source, entity, problems), (key, _) in zip(validated, keys):
        own.extend(problems)
        if entity is None:
            failed.append(source)
        else:
            records.append((source, entity))
            fingerprints.setdefault((source.kind, entity.id), (context_hash, key))
            if _attached_files(entity):
                attached.append((source, entity))
                diagnostics.extend(_check_files(source, entity, root))
    with progress.stage("Связи между записями", key="link"):
        if memory is not None and memory.links is None:
            memory.links = LinkMemory()
        site, problems = link(records, root, config, vocabularies, today, tuple(failed),
                              memory.links if memory is not None else None)
        own.extend(problems)
        own.extend(consistency.check(site, records))
        if statistics:
            own.extend(statcheck.statistics_warnings(site, definitions))
    own = unchecked.summarise(own, diagnostics.items)  # a broken data file: one line, not one per record
    own = with_id_hints(own, Names(records))  # an id written as the record's title
    diagnostics.extend(own)
    counts = {kind: len(site.by_kind(kind)) for kind in CONTENT_FOLDERS}
    if statistics:  # else what `check` would say is not all here
        cache.set_summary(_site_key(today, keys), (counts, own, attached))
    cache.save()
    return Corpus(site, diagnostics, fingerprints, tuple(definitions), counts, tuple(narrative), site_files(root),
                  publishing)


def input_problems(root: Path) -> list[Diagnostic]:
    """The site's other inputs: mkdocs.yml (checked unparsed: MkDocs loads it) and files in
    `content/` on paths the site writes."""
    from generator.source.datafile import check_structure

    problems = check_structure(root / "mkdocs.yml", root) if (root / "mkdocs.yml").is_file() else []
    return problems + foreign_files(root)


def _site_key(today: dt.date, keys: list[tuple[str, bytes | None]]) -> str:
    """What a check's answer depends on: the day (upcoming events) and every file's key."""
    return hashlib.blake2b(f"{today}|".encode() + "|".join(k for k, _ in keys).encode(), digest_size=20).hexdigest()
