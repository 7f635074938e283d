"""The search index built in shards and merged: the reader gets what one Pagefind run would give.

Every check decodes the bundle the way Pagefind's WebAssembly reads it (meta file -> word chunk ->
page numbers -> fragments), so a merge that lost a page, a word position or a filter value, or put
a word in a chunk the browser would not load for it, fails here.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import cbor2
import pytest

from generator.search.indexer import page_for_index, pagefind_binary
from generator.search.pagefind_bundle import (
    SIGNATURE,
    BundleFormatError,
    _Names,
    full_hash,
    index,
    merge,
    read,
)

WORDS = ("учитель урок методика практика наставник олимпиада школа проект исследование ученик "
         "ёлка всё café naïve функциональная грамотность педагог семинар район конкурс").split()


def _write_pages(folder: Path, count: int = 30) -> Path:
    """Record-like pages for Pagefind: a title, filters, Russian text (with letters Pagefind
    folds, «ё», «é»), an image's alt text (a meta field)."""
    for n in range(count):
        text = " ".join(WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(40 + n))
        marks = (f'<span data-pagefind-filter="Раздел">{"Практики" if n % 3 else "Мероприятия"}</span>'
                 f'<span data-pagefind-filter="Год описания">{2020 + n % 4}</span>')
        # an image (meta fields «image», «image_alt») on some pages: shards without one know fewer fields
        image = f'<img src="/img/{n}.png" alt="рисунок {WORDS[n % len(WORDS)]}">' if n % 13 == 0 else ""
        body = (f'<div data-pagefind-body><div hidden data-pagefind-ignore>{marks}</div>'
                f"<h1>Практика {n} {WORDS[n % len(WORDS)]}</h1>{image}<p>{text}</p></div>")
        target = folder / "practices" / f"p-{n:03d}" / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page_for_index(f"Практика {n}", body), encoding="utf-8")
    return folder


def _pagefind(site: Path, out: Path) -> Path:
    subprocess.run([str(pagefind_binary()), "--site", str(site), "--output-path", str(out),
                    "--force-language", "ru", "--silent"], check=True, capture_output=True)
    return out


def _fragment(bundle: Path, name: str) -> dict:
    data = gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes())
    assert data.startswith(SIGNATURE)
    return json.loads(data[len(SIGNATURE):])


def _in_range(word: str, start: str, end: str) -> bool:
    """Would the browser look for `word` in a chunk running from `start` to `end`?"""
    return start <= word[:len(start)] and word[:len(end)] <= end


def _contents(bundle: Path) -> dict:
    """What a reader can find: per word and page URL its positions, per filter value its URLs,
    every page's fragment and word count."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    info = entry["languages"]["ru"]
    meta = read(bundle / f"pagefind.{info['hash']}.pf_meta")
    assert info["page_count"] == len(meta[1])
    urls = [_fragment(bundle, name)["url"] for name, _ in meta[1]]
    pages = {url: (_fragment(bundle, name), count) for url, (name, count) in zip(urls, meta[1])}
    words = {}
    for start, end, name in meta[2]:
        for word, postings, variants in read(bundle / "index" / f"{name}.pf_index")[0]:
            assert _in_range(word, start, end), (word, start, end)
            found, page = {}, 0
            for delta, locs, meta_locs in postings:
                page += delta
                found[urls[page]] = (locs, meta_locs)
            for form, form_postings in variants:
                page = 0
                for delta, locs, meta_locs in form_postings:
                    page += delta
                    found[(form, urls[page])] = (locs, meta_locs)
            words[word] = found
    filters = {name: {value: sorted(urls[n] for n in numbers)
                      for value, numbers in read(bundle / "filter" / f"{chunk}.pf_filter")[1]}
               for name, chunk in meta[3]}
    return {"fields": meta[5], "pages": pages, "words": words, "filters": filters}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    return _write_pages(tmp_path_factory.mktemp("pages"))


def test_shards_merge_into_what_one_pagefind_run_holds(pages, tmp_path):
    single = _pagefind(pages, tmp_path / "single")
    shutil.copytree(pages, tmp_path / "in-shards")
    index(tmp_path / "in-shards", tmp_path / "sharded", str(pagefind_binary()), limit=7)  # five shards
    assert (tmp_path / "in-shards" / ".shards" / "4").is_dir()
    merged = _contents(tmp_path / "sharded")
    assert merged == _contents(single)
    assert len(merged["pages"]) == 30 and "учител" in merged["words"]  # stemmed
    assert any(isinstance(key, tuple) for found in merged["words"].values() for key in found)  # «ё», «é» kept
    assert merged["filters"]["Год описания"]["2021"]  # values still lead to their pages


def test_the_bundle_is_the_same_however_many_shards_and_in_whatever_order_pagefind_read(pages, tmp_path):
    bundles = []
    for limit in (1000, 7, 11):
        copy = tmp_path / f"in-{limit}"
        shutil.copytree(pages, copy)
        index(copy, tmp_path / f"out-{limit}", str(pagefind_binary()), limit=limit)
        bundles.append(_files(tmp_path / f"out-{limit}"))
    assert bundles[0] == bundles[1] == bundles[2]
    # pages are numbered in the order of their URLs (one section's pages side by side)
    out = tmp_path / "out-7"
    meta = read(next(out.glob("*.pf_meta")))
    urls = [_fragment(out, name)["url"] for name, _ in meta[1]]
    assert urls == sorted(urls) and len(urls) == 30
    assert not any(name.startswith(".shards") for name in bundles[0])  # the runs' own output is gone


def test_fragment_names_follow_the_content_not_the_order_pagefind_read_pages(pages, tmp_path):
    halves = [tmp_path / "a", tmp_path / "b"]
    for n, page in enumerate(sorted(pages.rglob("index.html"))):
        target = halves[n % 2] / page.relative_to(pages)
        target.parent.mkdir(parents=True)
        shutil.copyfile(page, target)
    runs = [_pagefind(half, tmp_path / f"run-{half.name}") for half in halves]
    expected = {**_contents(runs[0])["pages"], **_contents(runs[1])["pages"]}
    # Give a page of the second shard the name a page of the first has (as two hashes that
    # start alike would): the merge must keep both pages apart.
    first = read(runs[0] / f"pagefind.{json.loads((runs[0] / 'pagefind-entry.json').read_text())['languages']['ru']['hash']}.pf_meta")
    entry_b = json.loads((runs[1] / "pagefind-entry.json").read_text())
    meta_b_path = runs[1] / f"pagefind.{entry_b['languages']['ru']['hash']}.pf_meta"
    meta_b = read(meta_b_path)
    taken, old = first[1][0][0], meta_b[1][0][0]
    (runs[1] / "fragment" / f"{old}.pf_fragment").rename(runs[1] / "fragment" / f"{taken}.pf_fragment")
    meta_b[1][0][0] = taken
    # and give another page the longer name Pagefind gives the later of two pages whose hashes
    # start alike: which one is later depends on the order the file system lists them
    other = meta_b[1][1][0]
    longer = "ru_" + full_hash(gzip.decompress((runs[1] / "fragment" / f"{other}.pf_fragment").read_bytes())[12:])[:9]
    (runs[1] / "fragment" / f"{other}.pf_fragment").rename(runs[1] / "fragment" / f"{longer}.pf_fragment")
    meta_b[1][1][0] = longer
    meta_b_path.write_bytes(gzip.compress(SIGNATURE + cbor2.dumps(meta_b)))
    merge(runs, tmp_path / "merged")
    merged = _contents(tmp_path / "merged")
    assert merged["pages"] == expected
    files = sorted((tmp_path / "merged" / "fragment").iterdir())
    assert len(files) == 30  # no page overwrote another
    for file in files:  # each is named after its own content, as Pagefind names it, 7 digits
        content = gzip.decompress(file.read_bytes())[len(SIGNATURE):]  # when no other starts alike
        assert file.stem == "ru_" + full_hash(content)[:7]
    # and two hashes that start alike get names one character longer, as in Pagefind
    names = _Names("ru", 7)
    assert [names.name("abcdef0123"), names.name("abcdef0999")] == ["ru_abcdef0", "ru_abcdef09"]


def test_what_cannot_be_merged_is_refused_with_the_reason(tmp_path):
    site = _write_pages(tmp_path / "pages", 3)
    page = site / "practices" / "p-000" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("<h1>", '<h1 data-pagefind-sort="date:2024">'),
                    encoding="utf-8")
    with pytest.raises(BundleFormatError, match="sort"):
        merge([_pagefind(site, tmp_path / "sorted")], tmp_path / "out")
    run = _pagefind(_write_pages(tmp_path / "other", 3), tmp_path / "run")
    meta_path = next(run.glob("*.pf_meta"))
    meta_path.write_bytes(gzip.compress(SIGNATURE + cbor2.dumps(["1.5.2", []])))
    with pytest.raises(BundleFormatError, match="unexpected layout"):
        merge([run], tmp_path / "out2")


def test_a_failed_pagefind_run_is_reported_by_the_indexing_process(tmp_path):
    (tmp_path / "empty").mkdir()
    done = subprocess.run([sys.executable, "-m", "generator.search.pagefind_bundle", str(tmp_path / "empty"),
                           str(tmp_path / "out"), "--binary", str(pagefind_binary())], capture_output=True, text=True)
    assert done.returncode == 1
    assert "index" in done.stderr  # Pagefind's own words: it found no pages to index
    assert not (tmp_path / "out" / "pagefind-entry.json").exists()

