"""Full-text search with Pagefind: mark the record pages, then index them.

Material's own search (lunr) builds one index that every visitor downloads whole; Pagefind writes
a chunked index (`pagefind/`) with Russian stemming, and a query downloads only the chunks of its
words. Only record pages are indexed: their content is wrapped in `data-pagefind-body`, with the
title and filters as attributes (escaped, added after sanitising). Listing pages are not indexed,
so a practice is found once, on its own page.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.build.incremental import Graph, transient
from generator.derive.facets import FACETS, values_of
from generator.render.urls import SECTIONS, page_url

BUNDLE = "pagefind"
#: Kind of record -> the name of its section in the search filter «Раздел».
SECTION_TITLES = {"practice": "Практики", "event": "Мероприятия", "association": "Объединения",
                  "program": "Документы", "organization": "Организации", "person": "Специалисты",
                  "consultation": "Консультации", "question": "Вопросы и ответы"}


class SearchError(RuntimeError):
    """Pagefind could not index the site (missing binary or a failed run)."""


@transient
def search_filters(g: Graph, kind: str, entity_id: str) -> tuple[tuple[str, str], ...]:
    """(filter name, value) pairs of one record's page: its section, and a practice's small facets."""
    found = [("Раздел", SECTION_TITLES[kind])]
    if kind == "practice":
        for spec in FACETS:
            if spec.searchable:
                found += [(spec.title, v.label) for v in values_of(g, spec.key, entity_id)]
    elif kind == "question":  # answers are found by the bank's own filters (the same names)
        from generator.derive import collections

        for spec in collections.QUESTION_FACETS:
            found += [(spec.title, v.label) for v in g.query(collections.values_of, kind, spec.key, entity_id)]
    return tuple(found)


#: Markup characters and the lookalikes a filter value shows instead (see `marked`).
_MARKUP_LOOKALIKES = str.maketrans({"<": "‹", ">": "›", "&": "＆"})


def filter_text(value: str) -> str:
    """A search filter's value with no character that HTML reads as markup."""
    return value.translate(_MARKUP_LOOKALIKES)


def marked(title: str, filters: tuple[tuple[str, str], ...], content: str) -> str:
    """A record page's HTML wrapped for Pagefind: indexed part, hidden filters, the title."""
    # Element forms, not `name:value` attributes: a comma in a value would split it there.
    # Pagefind stores a filter's text with every entity decoded, and its UI (1.5) inserts filter
    # values as HTML: a label «<img onerror=…>» would run on the search page whatever the
    # escaping here. So the characters of markup are written as their lookalikes (see
    # `filter_text`); the filters' names are Kopilka's own words («Раздел», «Уровень»).
    marks = "".join(f'<span data-pagefind-filter="{html.escape(name)}">{html.escape(filter_text(value), quote=False)}</span>'
                    for name, value in filters)
    # The page's own <h1> moves inside the indexed part (Material adds one only when the content
    # has none), so the title is searched with a heading's weight and shown as the result title.
    return (f'<div data-pagefind-body><div hidden data-pagefind-ignore>{marks}</div>'
            f'<h1>{html.escape(title, quote=False)}</h1>{content}</div>')


def pagefind_binary() -> Path:
    try:
        from pagefind_bin import get_executable
        return get_executable()
    except (ImportError, FileNotFoundError) as error:
        raise SearchError("не найден Pagefind: установите пакет «pagefind[bin]»") from error


#: A heading's «¶» link (render/bodies.py): not a word of the page.
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>&para;</a>')
#: Pagefind joins the texts of neighbouring cells as one word: «Видкруглый стол Когда3 декабря».
_LABEL_END = re.compile(r"</dt>")
_VALUE_END = re.compile(r"</(dd|td|th|li|p|h[1-6]|caption|figcaption)>")


def readable_for_search(content: str) -> str:
    """A page's HTML whose excerpts read as text: no «¶», a label followed by a colon, cells
    and items apart. Only the index's copy: the published page keeps its own markup."""
    content = _HEADERLINK.sub("", content)
    content = _LABEL_END.sub(":</dt> ", content)
    return _VALUE_END.sub(lambda m: m.group(0) + " ", content)


_IGNORED = re.compile(r"<([a-z][a-z0-9]*)\b[^>]*\sdata-pagefind-ignore(?:[\s=>/])")
#: Where the indexed part of a marked page begins: the hidden filters before it are kept whole.
_BODY_TITLE = "</div><h1>"


def _without_ignored(content: str) -> str:
    """`content` without the elements Pagefind is told to ignore (lists of other records,
    similar practices, print-only lines): Pagefind would skip them anyway, and leaving them out
    of its input makes the input change only when the record's own text does (a title edit
    shows on the record pages that list it: in every search shard, were they kept)."""
    out, start = [], 0
    while (found := _IGNORED.search(content, start)) is not None:
        tag = found.group(1)
        tag_end = content.find(">", found.start()) + 1 or len(content)
        end = tag_end if tag in _VOID or content[tag_end - 2] == "/" else _element_end(content, tag, tag_end)
        out.append(content[start:found.start()] + " ")
        start = end
    out.append(content[start:])
    return "".join(out)


#: Elements without a closing tag.
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})


def _element_end(content: str, tag: str, start: int) -> int:
    """Where the `tag` element whose opening tag ends at `start` closes (nested ones counted);
    without a closing tag, only the opening tag goes (`start`): the rest is not lost."""
    opening, closing, depth, end = re.compile(rf"<{tag}\b"), f"</{tag}>", 1, start
    while depth:
        close = content.find(closing, end)
        if close < 0:
            return start
        depth += len(opening.findall(content, end, close)) - 1
        end = close + len(closing)
    return end


def page_for_index(title: str, content: str) -> str:
    """A record page as Pagefind needs it: the marked content alone (see `marked`), without
    the theme around it, which Pagefind would only parse to skip, and without what it ignores."""
    if "data-pagefind-ignore" in content:
        marks, _, body = content.partition(_BODY_TITLE)
        content = marks + _BODY_TITLE + _without_ignored(body) if body else _without_ignored(content)
    return (f'<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>{html.escape(title, quote=False)}'
            f"</title></head><body>{readable_for_search(content)}</body></html>")


#: The plan of an index (`write_inputs`), read by `pagefind_bundle.index`.
PLAN = "plan.json"


def _shard_of(uri: str, count: int) -> int:
    """A page's shard, by its URI alone: it stays in its shard whatever else is added or removed."""
    return int.from_bytes(hashlib.blake2b(uri.encode(), digest_size=8).digest(), "big") % count


def _shard_count(pages: int, limit: int) -> int:
    """Shards of about `limit` pages at most, in powers of two: the count, and so every page's
    shard, changes only when the bank doubles or halves."""
    return 1 << max(0, math.ceil(math.log2(pages / limit))) if pages > limit else 1


@dataclasses.dataclass(frozen=True)
class IndexPlan:
    """What `write_inputs` planned: each searchable page's input digest by URI (empty: nothing
    to index), the digest of the whole index's input, and how many shards must be indexed."""

    inputs: dict[str, str]
    key: str = ""
    todo: int = 0


def write_inputs(outputs, folder: Path, cache: Path | None = None, salt: str = "",
                 known: dict[str, str] | None = None, unchanged: frozenset[str] = frozenset()) -> IndexPlan:
    """Plan the search index of the searchable pages among `outputs`, and write Pagefind's
    input pages for the shards that must be indexed.

    Pages go to shards by their URI (`_shard_of`). With a `cache` folder, each shard's Pagefind
    bundle is kept there under the digest of its pages' input (`salt`: the code and Pagefind that
    made it), and a later build indexes only the shards whose input changed: a text or title edit
    at 5,000 practices indexes one shard of ~400 pages (2 s) instead of all sixteen (14 s on two
    cores); the merge still reads them all. `known`: the input digests of the previous build, used
    for the pages in `unchanged` (their output is the same) instead of making their input again."""
    from generator.build.outputs import Page
    from generator.search.pagefind_bundle import shard_pages

    pages = [output for output in outputs if isinstance(output, Page) and output.searchable]
    if not pages:
        return IndexPlan({})
    known = known or {}
    texts: dict[str, str] = {}
    inputs: dict[str, str] = {}
    for output in pages:
        if output.uri in unchanged and output.uri in known:
            inputs[output.uri] = known[output.uri]
        else:
            text = texts[output.uri] = page_for_index(output.title, output.html)
            inputs[output.uri] = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
    count = _shard_count(len(pages), shard_pages())
    shards: list[list] = [[] for _ in range(count)]
    for output in pages:
        shards[_shard_of(output.uri, count)].append(output)
    plan = {"cache": str(cache) if cache else None, "shards": []}
    whole, todo = hashlib.blake2b(salt.encode(), digest_size=16), 0
    for n, members in enumerate(shards):
        if not members:
            continue
        digest = hashlib.blake2b(salt.encode(), digest_size=16)
        for uri in sorted(output.uri for output in members):
            digest.update(f"\0{uri}\0{inputs[uri]}".encode())
        whole.update(digest.digest())
        stored = cache / digest.hexdigest() if cache else None
        if stored is not None and (stored / "pagefind-entry.json").is_file():
            plan["shards"].append({"bundle": str(stored)})
            continue
        root, todo = folder / "shards" / str(n), todo + 1
        for output in members:
            text = texts.get(output.uri) or page_for_index(output.title, output.html)
            write_page(root, page_url(output.uri), text)
        plan["shards"].append({"pages": str(root), "store": str(stored) if stored else None})
    (folder / PLAN).write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    return IndexPlan(inputs, whole.hexdigest(), todo)


def write_page(folder: Path, url: str, text: str) -> None:
    """One page of Pagefind's input (`page_for_index`), at the URL path it is published under."""
    target = folder / url / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def start_index(pages_dir: Path, site_dir: Path) -> subprocess.Popen:
    """Index the record pages written into `pages_dir` (by `page_for_index`) into
    `<site_dir>/pagefind/`, in the background: MkDocs writes the site meanwhile. A process of
    its own runs Pagefind over shards of the pages and merges them (see `pagefind_bundle`)."""
    command = [sys.executable, "-m", "generator.search.pagefind_bundle", str(pages_dir), str(site_dir / BUNDLE),
               "--binary", str(pagefind_binary()), "--parent", str(os.getpid())]
    # a session of its own: `stop_index` stops it and the Pagefind run under it together
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def stop_index(process: subprocess.Popen) -> None:
    """Stop an index started by `start_index` (a failed build), Pagefind included."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.communicate()


def finish_index(process: subprocess.Popen, site_dir: Path) -> None:
    out, err = process.communicate(timeout=1800)
    if process.returncode != 0:  # the indexing process says what failed, in Russian
        raise SearchError(err.strip() or out.strip() or f"индексация завершилась с кодом {process.returncode}")


def index_site(site_dir: Path) -> None:
    """Index an already built site into `<site_dir>/pagefind/` (the builds use `start_index`)."""
    from generator.search.pagefind_bundle import (
        BundleFormatError,
        PagefindFailed,
        explain,
        merge,
        run_pagefind,
    )

    # Only record pages carry `data-pagefind-body`: reading just their folders' pages spares
    # Pagefind the facet, calendar and statistics pages.
    folders = ",".join(sorted({f"{SECTIONS[kind]}" for kind in SECTION_TITLES}))
    shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)  # a previous bundle's chunks would stay
    with tempfile.TemporaryDirectory(dir=site_dir) as run:
        try:
            merge([run_pagefind(str(pagefind_binary()), site_dir, Path(run), glob=f"{{{folders}}}/*/index.html")],
                  site_dir / BUNDLE)
        except (PagefindFailed, BundleFormatError) as error:
            raise SearchError(explain(error)) from error
