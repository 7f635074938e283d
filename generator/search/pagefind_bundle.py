"""Pagefind's search bundle, built in pieces and merged into one, in an order of our own.

Pagefind (1.5) holds every page it indexes in memory: about 0.2 MB per record page, 2.6 GB for a
bank of 10,000 practices, more than a CI runner or a laptop should give it. So the record pages
are indexed in shards of at most `SHARD_PAGES` pages, two Pagefind runs at a time, and the
shards are merged here into the bundle one run would have made: one meta file, one word index,
one filter index. The reader's browser sees a single index and downloads no more for a query
than before (Pagefind's own answer for big sites, `mergeIndex` in the browser, would fetch the
meta, a word chunk and the filters of every shard).

The merge also fixes what Pagefind leaves to chance: it numbers pages in the order the
file system lists them (a different order on another machine) and writes filter values in
hash-map order (Pagefind issue #638). Here pages are numbered in the order of their URLs and
named after their content alone, and filters, values and variants are sorted: the same pages
give the same bundle, byte for byte, whatever the machine and however many shards.

The files are gzip'd CBOR after a `pagefind_dcd` signature (read and written with cbor2); the
layout handled is Pagefind 1.5's, checked as it is read, and anything else is refused rather than
guessed (`BundleFormatError`). Run as `python -m generator.search.pagefind_bundle PAGES BUNDLE`, it
indexes and merges in a process of its own while MkDocs writes the site.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import hashlib
import heapq
import json
import math
import os
import re
import shutil
import subprocess
import sys
import zlib
from concurrent.futures import ThreadPoolExecutor
from itertools import groupby
from operator import itemgetter
from pathlib import Path

import cbor2

from generator.build.parallel import cores, in_shares

SIGNATURE = b"pagefind_dcd"
_URL = re.compile(rb'\{"url":("(?:[^"\\]|\\.)*")')
#: Positions per word chunk, as Pagefind 1.5 counts them (a chunk closes once it holds this many).
CHUNK_SIZE = 20_000
#: Pages per Pagefind run, at most (~0.1 GB of its memory). Shards are the unit a warm build
#: indexes again (search/indexer.py), and small ones are no slower: at 5,000 practices 13 runs of
#: 500 took 14.0 s and their merge 3.1 s, 4 runs of 2,000 16.6 s and 4.5 s.
#: `KOPILKA_SEARCH_SHARD_PAGES` overrides it.
SHARD_PAGES = 500
#: Where the word index is cut in two, to merge both halves at once: about half of a Russian
#: site's word positions are in words before «о». A chunk always ends before it.
SPLIT = ("о",)


class BundleFormatError(ValueError):
    """The bundle is not in the layout this module knows (a new Pagefind version?)."""


class PagefindFailed(RuntimeError):
    """Pagefind failed on a shard (its own message is kept)."""


def full_hash(data: bytes) -> str:
    """Pagefind's content hash: SHA-1, each byte in hex without its leading zero."""
    return "".join(f"{byte:x}" for byte in hashlib.sha1(data).digest())


def _unpacked(path: Path) -> bytes:
    """A bundle file's content: gzip'd after Pagefind's signature."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise BundleFormatError(f"{path.name}: no Pagefind signature")
    return data[len(SIGNATURE):]


def _packed(data: bytes, level: int = 6) -> bytes:
    return gzip.compress(SIGNATURE + data, level, mtime=0)


def read(path: Path):
    try:
        return cbor2.loads(_unpacked(path))
    except cbor2.CBORDecodeError as error:
        raise BundleFormatError(f"{path.name}: {error}") from error


class _Names:
    """File names made as Pagefind makes them: the language, then the content hash cut to
    `digits`, one character longer at a time while the name is taken."""

    def __init__(self, language: str, digits: int) -> None:
        self.language, self.digits, self.taken = language, digits, set()

    def name(self, digest: str) -> str:
        size = self.digits
        name = f"{self.language}_{digest[:size]}"
        while name in self.taken and size < len(digest):
            size += 1
            name = f"{self.language}_{digest[:size]}"
        if name in self.taken:
            raise BundleFormatError(f"two different files hash to {name}")
        self.taken.add(name)
        return name


def _check(condition: bool, where: str) -> None:
    if not condition:
        raise BundleFormatError(f"{where}: unexpected layout")


class _Shard:
    """One Pagefind run's bundle, for one language."""

    def __init__(self, folder: Path, language: str, version: str) -> None:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        self.folder = folder
        info = entry["languages"][language]
        meta_path = folder / f"pagefind.{info['hash']}.pf_meta"
        meta = read(meta_path)
        _check(isinstance(meta, list) and len(meta) == 6 and meta[0] == version, meta_path.name)
        _, self.pages, self.chunks, self.filters, sorts, self.fields = meta
        _check(all(isinstance(p, list) and len(p) == 2 for p in self.pages), meta_path.name)
        if sorts:  # sort orders need the sorted values, which the bundle does not keep
            raise BundleFormatError(f"{meta_path.name}: sort orders (data-pagefind-sort) cannot be merged")
        self.number: list[int] = []  # this shard's page number -> the merged bundle's
        self.field_ids: list[int] | None = None  # this shard's meta field id -> the bundle's, if not the same

    def words(self, low: str, high: str | None):
        """(word, pages, variants) for the words from `low` up to `high` (None: no end), in order,
        page numbers already the bundle's. A chunk's words all sort before the next chunk's
        `from`, so chunks wholly outside the range are not read."""
        number, fields = self.number, self.field_ids
        starts = [start for start, _, _ in self.chunks[1:]] + [None]
        for (start, _, chunk_hash), following in zip(self.chunks, starts):
            if (following is not None and following <= low) or (high is not None and start >= high):
                continue
            path = self.folder / "index" / f"{chunk_hash}.pf_index"
            chunk = read(path)
            _check(isinstance(chunk, list) and len(chunk) == 1, path.name)
            for word, pages, variants in chunk[0]:
                if word >= low and (high is None or word < high):
                    yield word, _renumber(pages, number, fields), [
                        (form, _renumber(forms, number, fields)) for form, forms in variants]


def _renumber(pages: list, number: list[int], fields: list[int] | None) -> list:
    """Pages of one word: delta-coded page numbers become the bundle's absolute numbers."""
    page = 0
    for posting in pages:
        page += posting[0]
        posting[0] = number[page]
        if fields is not None and posting[2]:  # negative entries switch the meta field
            posting[2] = [-fields[-x - 1] - 1 if x < 0 else x for x in posting[2]]
    return pages


def _delta(pages: list) -> list:
    pages.sort(key=itemgetter(0))
    last = 0
    for posting in pages:
        posting[0], last = posting[0] - last, posting[0]
    return pages


def _prefixes(a: str, b: str) -> tuple[str, str]:
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return a[:common + 1], b[:common + 1]


def _chunk_ranges(bounds: list[list[str]]) -> list[list[str]]:
    """Each chunk's [from, to], shortened to the prefixes that tell neighbours apart (Pagefind's
    `chunk_meta`, with its guard against a `to` shorter than the chunk's `from`)."""
    for left, right in zip(bounds, bounds[1:]):
        to, start = _prefixes(left[1], right[0])
        if to >= left[0]:
            left[1] = to
        right[0] = start
    return bounds


def merge(shards: list[Path], bundle: Path, keep: bool = False) -> None:
    """Merge the bundles in `shards` (Pagefind runs over disjoint pages) into `bundle`.
    Fragment files are moved, not copied (`keep`: hard-linked, the shards are a cache); the
    shards are left to the caller to delete."""
    entries = [json.loads((s / "pagefind-entry.json").read_text(encoding="utf-8")) for s in shards]
    version = entries[0]["version"]
    if any(e["version"] != version for e in entries):
        raise BundleFormatError("shards made by different Pagefind versions")
    bundle.mkdir(parents=True, exist_ok=True)
    for folder in ("fragment", "index", "filter"):
        (bundle / folder).mkdir(exist_ok=True)
    for asset in sorted(shards[0].iterdir()):  # Pagefind's scripts, styles and WebAssembly
        if asset.is_file() and asset.name != "pagefind-entry.json" and asset.suffix != ".pf_meta":
            shutil.copyfile(asset, bundle / asset.name)
    entry = dict(entries[0], languages={})
    languages = sorted({language for e in entries for language in e["languages"]})
    was_enabled = gc.isenabled()
    gc.disable()  # millions of small lists, no cycles: the collector would only walk them
    try:
        for language in languages:
            present = [s for s, e in zip(shards, entries) if language in e["languages"]]
            info = next(e["languages"][language] for e in entries if language in e["languages"])
            meta_hash, count = _merge_language([_Shard(s, language, version) for s in present], bundle, language,
                                               version, keep)
            entry["languages"][language] = dict(info, hash=meta_hash, page_count=count)
    finally:
        if was_enabled:
            gc.enable()
    (bundle / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                                encoding="utf-8")


def _move(source: Path, target: Path, keep: bool) -> None:
    if not keep:
        os.replace(source, target)
        return
    try:
        os.link(source, target)  # a cached shard's file is never written again: sharing it is safe
    except OSError:
        shutil.copyfile(source, target)


def _merge_language(shards: list[_Shard], bundle: Path, language: str, version: str, keep: bool = False) -> tuple[str, int]:
    fields = sorted({field for shard in shards for field in shard.fields})
    for shard in shards:
        if shard.fields != fields:
            shard.field_ids = [fields.index(field) for field in shard.fields]

    # Pages, numbered in the order of their fragment names: the content hash cut to 7 digits.
    # Pages whose hashes start alike got longer names in the order Pagefind read them, which
    # is the file system's; such a group is named again in the order of the full hashes.
    cut = len(language) + 8
    groups: dict[str, list[tuple[int, int, str]]] = {}
    for s, shard in enumerate(shards):
        for local, (name, _) in enumerate(shard.pages):
            groups.setdefault(name[:cut], []).append((s, local, name))
    names: dict[tuple[int, int], str] = {}
    fragments = _Names(language, 7)
    fragments.taken = {found[0][2] for found in groups.values() if len(found) == 1 and len(found[0][2]) == cut}
    for found in groups.values():
        if len(found) == 1 and len(found[0][2]) == cut:
            names[found[0][:2]] = found[0][2]
            continue
        digests = sorted((full_hash(_fragment_text(shards[s], name)), s, local) for s, local, name in found)
        if len({digest for digest, _, _ in digests}) < len(digests):
            raise BundleFormatError(f"the same page is in two shards ({found[0][2]})")
        for digest, s, local in digests:
            names[(s, local)] = fragments.name(digest)
    # Numbered in the order of the pages' URLs: pages of one section side by side, which makes
    # the page-number gaps in the word index regular (3 % smaller gzip'd than in hash order).
    urls = {key: _fragment_url(shards[key[0]], shards[key[0]].pages[key[1]][0]) for key in names}
    order = sorted(names.items(), key=lambda item: urls[item[0]])
    pages = []
    for shard in shards:
        shard.number = [0] * len(shard.pages)
    for number, ((s, local), name) in enumerate(order):
        shards[s].number[local] = number
        pages.append([name, shards[s].pages[local][1]])
        _move(shards[s].folder / "fragment" / f"{shards[s].pages[local][0]}.pf_fragment",
              bundle / "fragment" / f"{name}.pf_fragment", keep)

    # Filters: values sorted, pages in order.
    values: dict[str, dict[str, list[int]]] = {}
    for shard in shards:
        for filter_name, chunk_hash in shard.filters:
            path = shard.folder / "filter" / f"{chunk_hash}.pf_filter"
            chunk = read(path)
            _check(isinstance(chunk, list) and len(chunk) == 2 and chunk[0] == filter_name, path.name)
            into = values.setdefault(filter_name, {})
            for value, numbers in chunk[1]:
                into.setdefault(value, []).extend(shard.number[n] for n in numbers)
    names_of = _Names(language, 7)
    filters = []
    for filter_name in sorted(values):
        chunk = [filter_name, [[value, sorted(numbers)] for value, numbers in sorted(values[filter_name].items())]]
        data = cbor2.dumps(chunk)
        name = names_of.name(full_hash(data))
        (bundle / "filter" / f"{name}.pf_filter").write_bytes(_packed(data))
        filters.append([filter_name, name])

    # Words: the shards' sorted word lists merged, each word's pages joined, chunked anew; the
    # word ranges (split at `SPLIT`) on both cores, each range's chunks starting afresh.
    parts = list(zip(("",) + SPLIT, SPLIT + (None,)))
    shares = parts if cores() > 1 else [tuple(parts)]
    made = [chunk for found in in_shares(lambda share: _chunks_of(shards, bundle, share), shares) for chunk in found]
    names_of = _Names(language, 7)
    bounds, chunks = [], []
    for first, last, digest in made:
        name = names_of.name(digest)
        os.replace(bundle / "index" / f"{digest}.pf_index", bundle / "index" / f"{name}.pf_index")
        bounds.append([first, last])
        chunks.append(name)
    ranges = _chunk_ranges(bounds)
    meta = [version, pages, [[a, b, name] for (a, b), name in zip(ranges, chunks)], filters, [], fields]
    data = cbor2.dumps(meta)
    meta_name = _Names(language, len(language) + 8).name(full_hash(data))
    (bundle / f"pagefind.{meta_name}.pf_meta").write_bytes(_packed(data, 9))
    return meta_name, len(pages)


def _chunks_of(shards: list[_Shard], bundle: Path, share) -> list[tuple[str, str, str]]:
    """The word chunks of one range of words, or of several in order (one process, one core)."""
    ranges = share if isinstance(share[0], tuple) else (share,)
    return [chunk for low, high in ranges for chunk in _word_chunks(shards, bundle, low, high)]


def _word_chunks(shards: list[_Shard], bundle: Path, low: str, high: str | None) -> list[tuple[str, str, str]]:
    """Write the word chunks of the words from `low` up to `high`, each under its full hash;
    returns (first word, last word, hash) of each."""
    gc.disable()  # a forked worker: see `merge`
    made, current, size = [], [], 0

    def close() -> None:
        data = cbor2.dumps([current])
        digest = full_hash(data)
        (bundle / "index" / f"{digest}.pf_index").write_bytes(_packed(data))
        made.append((current[0][0], current[-1][0], digest))

    streams = [shard.words(low, high) for shard in shards]
    merged = streams[0] if len(streams) == 1 else heapq.merge(*streams, key=itemgetter(0))
    for word, group in groupby(merged, key=itemgetter(0)):
        group = list(group)
        if len(group) == 1:
            _, word_pages, variants = group[0]
        else:
            word_pages = [posting for _, part, _ in group for posting in part]
            forms: dict[str, list] = {}
            for _, _, part in group:
                for form, form_pages in part:
                    forms.setdefault(form, []).extend(form_pages)
            variants = list(forms.items())
        current.append([word, _delta(word_pages), [[form, _delta(form_pages)] for form, form_pages in sorted(variants)]])
        size += sum(len(posting[1]) + len(posting[2]) + 1 for posting in word_pages)
        if size >= CHUNK_SIZE:
            close()
            current, size = [], 0
    if current:
        close()
    return made


def _fragment_url(shard: _Shard, name: str) -> str:
    """The URL a fragment starts with (`{"url":"…",`): only its first bytes are unpacked."""
    head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(
        (shard.folder / "fragment" / f"{name}.pf_fragment").read_bytes(), 4096)
    match = _URL.match(head, len(SIGNATURE))
    if match is None:
        raise BundleFormatError(f"{name}.pf_fragment: no URL at its start")
    return json.loads(match.group(1))


def _fragment_text(shard: _Shard, name: str) -> bytes:
    return _unpacked(shard.folder / "fragment" / f"{name}.pf_fragment")


# --- Indexing in shards -------------------------------------------------------------------------

def shard_pages() -> int:
    value = os.environ.get("KOPILKA_SEARCH_SHARD_PAGES", "")
    return int(value) if value.isdigit() and int(value) > 0 else SHARD_PAGES


def _input_pages(pages_dir: Path) -> list[str]:
    """The input pages (`<url>/index.html`), relative to `pages_dir`, sorted."""
    found = []
    for folder, dirs, files in os.walk(pages_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        if "index.html" in files:
            found.append(os.path.relpath(os.path.join(folder, "index.html"), pages_dir))
    return sorted(found)


def split(pages_dir: Path, limit: int) -> list[Path]:
    """Sites of at most `limit` pages each for Pagefind: the input pages of `pages_dir`, moved
    into `pages_dir/.shards/<n>/` in sorted order when there are more than `limit`."""
    pages = _input_pages(pages_dir)
    count = math.ceil(len(pages) / limit) if pages else 1
    if count <= 1:
        return [pages_dir]
    roots = []
    for n in range(count):
        root = pages_dir / ".shards" / str(n)
        for relative in pages[n * len(pages) // count:(n + 1) * len(pages) // count]:
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(pages_dir / relative, target)
        roots.append(root)
    return roots


def index(pages_dir: Path, bundle: Path, binary: str, language: str = "ru", limit: int | None = None) -> None:
    """Index the pages written into `pages_dir` into `bundle`: by the plan `indexer.write_inputs`
    wrote there, or else (one `<url>/index.html` each) in shards of at most `limit` pages. One
    Pagefind run per shard to index, as many at once as there are cores, then the merge."""
    plan_file = pages_dir / "plan.json"
    if plan_file.is_file():
        return _index_planned(json.loads(plan_file.read_text(encoding="utf-8")), bundle, binary, language)
    roots = split(pages_dir, limit or shard_pages())
    runs = bundle / ".shards"
    shutil.rmtree(runs, ignore_errors=True)

    def run(n: int) -> Path:
        return run_pagefind(binary, roots[n], runs / str(n), language)

    try:
        # Pagefind runs are processes of their own: as many at once as there are cores to run them
        with ThreadPoolExecutor(min(len(roots), cores())) as pool:
            outputs = list(pool.map(run, range(len(roots))))
        merge(outputs, bundle)
    finally:
        shutil.rmtree(runs, ignore_errors=True)


def _index_planned(plan: dict, bundle: Path, binary: str, language: str) -> None:
    """Index the shards of `plan` that have no bundle yet, keep their bundles in the plan's cache
    (written aside, then renamed: a killed build never leaves half of one), merge them all, and
    remove from the cache the bundles this index no longer uses."""
    shards, cache = plan["shards"], Path(plan["cache"]) if plan["cache"] else None
    runs = bundle / ".shards"
    shutil.rmtree(runs, ignore_errors=True)

    def run(n: int) -> Path:
        shard = shards[n]
        if "bundle" in shard:
            return Path(shard["bundle"])
        if shard["store"] is None:
            return run_pagefind(binary, Path(shard["pages"]), runs / str(n), language)
        store = Path(shard["store"])
        made = run_pagefind(binary, Path(shard["pages"]), store.with_name(f"{store.name}.{os.getpid()}.tmp"), language)
        shutil.rmtree(store, ignore_errors=True)
        os.replace(made, store)
        return store

    try:
        todo = [n for n, shard in enumerate(shards) if "bundle" not in shard]
        with ThreadPoolExecutor(max(1, min(len(todo), cores()))) as pool:
            made = dict(zip(todo, pool.map(run, todo)))
        merge([made.get(n) or Path(shard["bundle"]) for n, shard in enumerate(shards)], bundle, keep=cache is not None)
    finally:
        shutil.rmtree(runs, ignore_errors=True)
    if cache is not None:
        used = {Path(shard.get("bundle") or shard["store"]).name for shard in shards}
        for old in cache.iterdir():
            if old.name not in used:
                shutil.rmtree(old, ignore_errors=True)


def run_pagefind(binary: str, site: Path, output: Path, language: str = "ru", glob: str | None = None) -> Path:
    """One Pagefind run over the HTML pages of `site` (those matching `glob`) into `output`."""
    command = [binary, "--site", str(site), "--output-path", str(output), "--force-language", language, "--silent"]
    done = subprocess.run(command + (["--glob", glob] if glob else []), capture_output=True, text=True)
    if done.returncode != 0:
        raise PagefindFailed((done.stderr or done.stdout).strip())
    return output


def explain(error: PagefindFailed | BundleFormatError) -> str:
    """What a site owner reads when indexing failed."""
    if isinstance(error, PagefindFailed):
        return f"Pagefind завершился с ошибкой: {error}"
    return f"неизвестный формат индекса Pagefind (нужен Pagefind 1.5): {error}"


def _end_with(parent: int) -> None:
    """A killed build must not leave its indexing running (writing into a folder the next build
    removes): when the build's process ends, this process group ends with it (Linux)."""
    import signal

    def stop(signum, frame) -> None:  # noqa: ANN001 - a signal handler
        os.killpg(os.getpgrp(), signal.SIGKILL)  # this process and its Pagefind runs

    signal.signal(signal.SIGTERM, stop)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the build ended before the request took effect
        stop(signal.SIGTERM, None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.search.pagefind_bundle")
    parser.add_argument("pages", type=Path)
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--parent", type=int, help="end, with every Pagefind run, when this process ends")
    args = parser.parse_args(argv)
    if args.parent:
        _end_with(args.parent)
    try:
        index(args.pages, args.bundle, args.binary)
    except (PagefindFailed, BundleFormatError) as error:
        print(explain(error), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
