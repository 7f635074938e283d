"""Make Pagefind's search bundle byte-identical from build to build.

Pagefind (1.x) writes the values inside each filter chunk, and the list of filters in its meta
file, in hash-map order, which changes from run to run (Pagefind issue #638); the words index and
the page fragments are stable. This rewrites those files in sorted order and names them after
their content, as Pagefind does, then points the meta file and `pagefind-entry.json` at the new
names. The files are gzip'd CBOR after a `pagefind_dcd` signature; only the CBOR subset Pagefind
writes (integers, text, bytes, arrays, maps, booleans, null) is handled, and anything else is
refused rather than guessed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


class BundleFormatError(ValueError):
    """The bundle is not in the layout this module knows (a new Pagefind version?)."""


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise BundleFormatError(f"number too large: {value}")


def encode(value) -> bytes:
    if value is None or isinstance(value, bool):
        return bytes([0xF6 if value is None else 0xF5 if value else 0xF4])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _head(3, len(data)) + data
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(v) for v in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(encode(k) + encode(v) for k, v in value.items())
    raise BundleFormatError(f"cannot encode {type(value).__name__}")


def decode(data: bytes, at: int = 0):
    """(value, next position) of the CBOR item at `at`."""
    first = data[at]
    major, info = first >> 5, first & 31
    at += 1
    if major == 7:
        simple = {20: False, 21: True, 22: None}
        if info not in simple:
            raise BundleFormatError(f"unsupported CBOR simple value {info}")
        return simple[info], at
    if info < 24:
        value = info
    elif info <= 27:
        size = 1 << (info - 24)
        value, at = int.from_bytes(data[at:at + size], "big"), at + size
    else:
        raise BundleFormatError("indefinite-length CBOR is not expected in a Pagefind bundle")
    if major == 0:
        return value, at
    if major == 1:
        return -1 - value, at
    if major in (2, 3):
        chunk = bytes(data[at:at + value])
        return (chunk if major == 2 else chunk.decode("utf-8")), at + value
    items = []
    for _ in range(value * (2 if major == 5 else 1)):
        item, at = decode(data, at)
        items.append(item)
    if major == 4:
        return items, at
    if major == 5:
        return dict(zip(items[::2], items[1::2])), at
    raise BundleFormatError(f"unsupported CBOR major type {major}")


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise BundleFormatError(f"{path.name}: no Pagefind signature")
    value, end = decode(data, len(SIGNATURE))
    if end != len(data):
        raise BundleFormatError(f"{path.name}: trailing bytes")
    return value


def _write(folder: Path, prefix: str, digits: int, suffix: str, language: str, value) -> str:
    """Write `value` under a name made from its content; returns the hash part of the name."""
    data = SIGNATURE + encode(value)
    name = f"{language}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(data, 9, mtime=0))
    return name


def stabilise(bundle: Path) -> None:
    """Rewrite the filter chunks and meta files of `bundle` (the `pagefind/` folder) in sorted order."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        if not (isinstance(meta, list) and len(meta) >= 4 and isinstance(meta[3], list)):
            raise BundleFormatError(f"{meta_path.name}: unexpected layout")
        filters = []
        for name, chunk_hash in meta[3]:
            chunk_path = bundle / "filter" / f"{chunk_hash}.pf_filter"
            chunk = _read(chunk_path)
            chunk_path.unlink()
            if not (isinstance(chunk, list) and len(chunk) == 2 and chunk[0] == name):
                raise BundleFormatError(f"{chunk_path.name}: unexpected layout")
            values = sorted([[value, sorted(pages)] for value, pages in chunk[1]])
            filters.append([name, _write(bundle / "filter", "", 7, ".pf_filter", language, [name, values])])
        meta[3] = sorted(filters)
        meta_path.unlink()
        info["hash"] = _write(bundle, "pagefind.", 10, ".pf_meta", language, meta)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
