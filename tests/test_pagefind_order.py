"""Pagefind's filter chunks are rewritten in sorted order: the same bundle whatever the run's order."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from generator.pagefind_order import SIGNATURE, BundleFormatError, decode, encode, stabilise


def test_encode_and_decode_round_trip():
    value = ["1.5.2", [["ru_abc", 1222], ["ru_def", 70000]], {"k": [True, False, None, -3]}, "Темы", b"\x00"]
    data = encode(value)
    assert decode(data) == (value, len(data))


def _bundle(folder: Path, values: list) -> Path:
    (folder / "filter").mkdir(parents=True)
    filters = []
    for n, (name, items) in enumerate(values):
        (folder / "filter" / f"ru_{n:07d}.pf_filter").write_bytes(gzip.compress(SIGNATURE + encode([name, items])))
        filters.append([name, f"ru_{n:07d}"])
    meta = ["1.5.2", [["ru_page", 10]], [["a", "z", "ru_index"]], filters, [], ["title"]]
    (folder / "pagefind.ru_0000000000.pf_meta").write_bytes(gzip.compress(SIGNATURE + encode(meta)))
    (folder / "pagefind-entry.json").write_text(json.dumps(
        {"version": "1.5.2", "languages": {"ru": {"hash": "ru_0000000000", "wasm": "ru", "page_count": 1}}}))
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_order_of_a_run_does_not_change_the_bundle(tmp_path):
    one = _bundle(tmp_path / "one", [("Темы", [["ФГОС", [3, 1]], ["ИОМ", [2]]]), ("Год", [["2024", [0]]])])
    two = _bundle(tmp_path / "two", [("Год", [["2024", [0]]]), ("Темы", [["ИОМ", [2]], ["ФГОС", [1, 3]]])])
    stabilise(one)
    stabilise(two)
    assert _files(one) == _files(two)
    entry = json.loads((one / "pagefind-entry.json").read_text())
    meta, _ = decode(gzip.decompress((one / f"pagefind.{entry['languages']['ru']['hash']}.pf_meta").read_bytes()),
                     len(SIGNATURE))
    assert [name for name, _ in meta[3]] == ["Год", "Темы"]
    chunk, _ = decode(gzip.decompress((one / "filter" / f"{meta[3][1][1]}.pf_filter").read_bytes()), len(SIGNATURE))
    assert chunk == ["Темы", [["ИОМ", [2]], ["ФГОС", [1, 3]]]]


def test_an_unknown_layout_is_refused(tmp_path):
    folder = _bundle(tmp_path / "b", [])
    (folder / "pagefind.ru_0000000000.pf_meta").write_bytes(gzip.compress(SIGNATURE + encode(["1.5.2"])))
    with pytest.raises(BundleFormatError):
        stabilise(folder)
