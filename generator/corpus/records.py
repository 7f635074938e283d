"""Load and validate every content file of a site: once per content, on every core when cold.

Each file's bytes are hashed; a file already validated with the same bytes and context comes
from the cache (`cache.py`). The rest are read and validated here, serially for a few files and
in shares on every core for many (a cold check of a large bank; `build/parallel.py`), keeping
the order of discovery.
"""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

from generator.build.progress import Progress
from generator.build.parallel import cores, in_shares
from generator.corpus.cache import RecordCache, file_key, pack
from generator.corpus.partial import raw_references
from generator.diagnostics import Diagnostic, display_path
from generator.models import Entity
from generator.models.common import ValidationContext
from generator.source.frontmatter import SourceFile, read_source
from generator.text import FILES
from generator.validate import validate_source

#: Below this many files to validate, starting worker processes costs more than it saves.
PARALLEL_FROM = 1500

Validated = tuple[SourceFile, Entity | None, list[Diagnostic]]


def validate_file(kind: str, path: str | Path, root: Path, raw: bytes, context: ValidationContext,
                  progress: Progress | None = None) -> Validated:
    """Read and validate one file; the time of each step goes to `progress` (load, validate)."""
    started = time.perf_counter()
    source, problems = read_source(kind, path, root, raw=raw)
    loaded = time.perf_counter()
    entity = None
    if source.data is not None:
        entity, more = validate_source(source, context)
        problems.extend(more)
        if entity is None:  # its fields have errors: its references are checked all the same
            source = dataclasses.replace(source, references=raw_references(kind, source.data))
    if progress is not None:
        progress.add_time("load", loaded - started)
        progress.add_time("validate", time.perf_counter() - loaded)
    return source, entity, problems


def _validate_share(root: Path, context: ValidationContext,
                    items: list[tuple[str, Path, str, bytes | None, str | None]]) -> list[tuple[str, bytes]]:
    """(cache key, packed entry) of each file: bytes cross the pipe and are saved as they are.
    A file not read yet (a cold cache) is read and hashed here, not in the parent."""
    done = []
    for kind, path, rel, raw, key in items:
        if raw is None:
            raw = Path(path).read_bytes()
            key = file_key(kind, rel, raw)
        done.append((key, pack(*validate_file(kind, path, root, raw, context))))
    return done


def worker_count(count: int, minimum: int = PARALLEL_FROM) -> int:
    """Processes worth using for `count` files: one when few; `KOPILKA_SERIAL=1` forbids more."""
    if count < minimum or os.environ.get("KOPILKA_SERIAL"):
        return 1
    return cores()


def file_keys(root: Path, files: list[tuple[str, Path]], cache: RecordCache) -> list[tuple[str | None, bytes | None]]:
    """The cache key of every file, with its bytes when they had to be read. With an empty cache
    and many files, the keys are left to the worker processes (None: see `validated_records`)."""
    defer = worker_count(len(files)) > 1 and cache.empty()
    if defer:
        _prefetch(path for _, path in files)
    return [cache.key_of(kind, path, display_path(path, root), defer) for kind, path in files]


def _prefetch(paths) -> None:
    """Ask the kernel to read every file ahead: when they are not in the page cache (a fresh CI
    runner, or pages reclaimed), the workers would otherwise wait on the disk one file at a
    time. Costs a tenth of a second for ten thousand files that are in memory already."""
    if not hasattr(os, "posix_fadvise"):
        return
    for path in paths:
        try:
            descriptor = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_WILLNEED)
        except OSError:
            pass
        finally:
            os.close(descriptor)


def validated_records(root: Path, files: list[tuple[str, Path]], keys: list[tuple[str, bytes | None]],
                      context: ValidationContext, cache: RecordCache, progress: Progress) -> list[Validated]:
    """Every file validated, in the order of `files`; unchanged files come from the cache.
    A key left to the workers (None) is filled in `keys` when the file has been read."""
    results: list[Validated | None] = [None] * len(files)
    todo: list[tuple[int, str, Path, str, bytes | None, str | None]] = []
    with progress.stage("Проверка файлов", total=len(files), unit=FILES, key="files"):
        for index, ((kind, path), (key, raw)) in enumerate(zip(files, keys)):
            hit = cache.get(key) if key is not None else None
            if hit is None:
                todo.append((index, kind, path, display_path(path, root), raw, key))
            else:
                results[index] = hit
                progress.advance()
        workers = worker_count(len(todo))
        if workers > 1:
            shares = [todo[n::workers] for n in range(workers)]  # strided: every kind in every share
            started = time.perf_counter()
            done = in_shares(lambda share: _validate_share(root, context, [item[1:] for item in share]), shares)
            for share, packed in zip(shares, done):
                for (index, _, _, rel, _, known), (key, blob) in zip(share, packed):
                    if known is None:
                        keys[index] = (key, None)
                        cache.remember(rel, key)
                    results[index] = cache.put_packed(key, blob)
                progress.advance(len(share))
            progress.add_time("load+validate (parallel)", time.perf_counter() - started)
        else:
            for index, kind, path, rel, raw, key in todo:
                if raw is None:
                    raw = Path(path).read_bytes()
                if key is None:
                    keys[index] = (key := file_key(kind, rel, raw), None)
                    cache.remember(rel, key)
                results[index] = found = validate_file(kind, path, root, raw, context, progress)
                cache.put(key, *found)
                progress.advance()
    return results  # type: ignore[return-value]
