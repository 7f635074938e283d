"""Validated records by content hash, so an unchanged file is never parsed twice.

The cache lives in `.kopilka-cache/` at the site root (never published, gitignored). An entry is
found by the hash of the file's bytes, its path and kind; the whole cache belongs to one
*context*: the bytes of every file in `data/` (vocabularies, municipalities, settings), the
site's folder and the generator's own code. Any change to any of them starts an empty cache, so
the cache is never stale. A cache that cannot be read (cut short, another version, garbage) is
ignored and rewritten: it is only ever a shortcut.

Entries hold what validation produced: the SourceFile (without its body: the record keeps the
body), the record or None, and the file's own diagnostics, each entry pickled on its own
(`pack`). The worker processes of a cold check pack their files themselves, so the parent neither
receives objects to pickle again nor pickles ten thousand records to save the cache: it writes the
blobs it got. Reference checks, attached files and linking run on every check, because they
depend on other files.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import time
from collections.abc import Mapping
from pathlib import Path

from generator.build.runtime import process_alive
from generator import __version__

CACHE_DIR = ".kopilka-cache"


def committed_cache(root: Path) -> list[str]:
    """Cache files committed to the site's repository. The cache is pickles, and unpickling runs
    code: a file that came in with a pull request (forced past the folder's `.gitignore`) could
    run anything in the publish workflow, so with any such file no cache file is read at all
    (`kopilka check` reports them: E018)."""
    from generator.source.history import tracked

    return tracked(root, CACHE_DIR)
_FILE = "records.pickle"
_INDEX = "index.pickle"
_RACY_NS = 3_000_000_000
#: Entries that may be new or gone before the records file is written again.
_FEW = 20
_FORMAT = 3


class PackedPositions(Mapping):
    """A file's key positions, unpickled when first looked up: only a diagnostic needs them, and
    unpickling the positions of ten thousand files costs a cold check most of a second."""

    __slots__ = ("_blob", "_map")

    def __init__(self, blob: bytes) -> None:
        self._blob = blob
        self._map: dict | None = None

    def _loaded(self) -> dict:
        if self._map is None:
            self._map = pickle.loads(self._blob)
        return self._map

    def __getitem__(self, key):  # noqa: ANN001, ANN204 - a key path
        return self._loaded()[key]

    def __iter__(self):  # noqa: ANN204
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())

    def __reduce__(self):
        return PackedPositions, (self._blob,)


def pack(source, entity, problems) -> bytes:
    """One cache entry as bytes. The body is kept once, as UTF-8 beside the record (a check does
    not decode it); of the frontmatter data only whether there was any (validation is done with
    it), and the positions packed."""
    positions = source.positions
    if not isinstance(positions, PackedPositions):
        positions = PackedPositions(pickle.dumps(positions, protocol=pickle.HIGHEST_PROTOCOL))
    light = dataclasses.replace(source, body="", data=None if source.data is None else {},
                                positions=positions)
    if entity is None:
        return pickle.dumps((light, None, tuple(problems), b""), protocol=pickle.HIGHEST_PROTOCOL)
    fields = entity.__dict__  # the record without its body, and put back: no copy of the model
    body = fields["body"]
    fields["body"] = ""
    try:
        return pickle.dumps((light, entity, tuple(problems), body.encode()), protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        fields["body"] = body


def unpack(blob: bytes, bodies: bool = True) -> tuple:
    """-> (SourceFile, record or None, problems): what validation returned; without `bodies` the
    texts stay empty (`kopilka check` needs none of them once files are validated)."""
    source, entity, problems, body = pickle.loads(blob)
    if entity is not None and bodies and body:
        text = body.decode()
        entity.__dict__["body"] = text
        source = dataclasses.replace(source, body=text)
    return source, entity, list(problems)


def context_key(root: Path) -> str:
    """What every entry depends on besides its own file: data files, the site, the code."""
    digest = hashlib.blake2b(f"{_FORMAT}|{__version__}|{root.resolve()}".encode(), digest_size=16)
    data = root / "data"
    for path in sorted(data.rglob("*")) if data.is_dir() else ():
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    package = Path(__file__).resolve().parent.parent  # the whole generator package, not corpus/ alone
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()



def file_key(kind: str, rel: str, raw: bytes) -> str:
    return hashlib.blake2b(kind.encode() + b"\0" + rel.encode() + b"\0" + raw, digest_size=20).hexdigest()


@dataclasses.dataclass
class RecordMemory:
    """The entries of a cache kept in memory between the runs of one long-lived process (a
    preview): unchanged files are neither read from disk nor unpickled again, and keep their
    record objects. Lives on the preview's session, never in a module."""

    folder: Path | None = None
    context: str | None = None
    blobs: dict = dataclasses.field(default_factory=dict)
    objects: dict = dataclasses.field(default_factory=dict)
    #: what the link step found last time (`corpus.link.LinkMemory`), set by the check phase
    links: object = None


class RecordCache:
    """file key -> packed (SourceFile without body, record or None, problems), and two shortcuts.

    * stat memo: a file whose size, mtime and inode are those of the last run keeps its last key
      without being read (as git's index does); any other file is read and hashed.
    * check summary: when the keys of all files and the context equal the last run's, the last
      check's diagnostics and counts are the answer (`check.check_counts`).
    Records are unpickled only when a caller asks for one (a build needs them, a check of an
    unchanged site does not).
    """

    def __init__(self, root: Path, context: str, enabled: bool = True, bodies: bool = True,
                 memory: RecordMemory | None = None) -> None:
        self.folder = root / CACHE_DIR
        self.memory = memory
        self.context = context
        self.enabled = enabled
        #: records come with their texts; without, entries are not kept in memory for a preview
        self.bodies = bodies
        index = self._read(self.folder / _INDEX) if enabled else None
        index = index if isinstance(index, dict) else {}
        self._stats: dict[str, tuple] = index.get("stats", {})
        self._summary: tuple = index.get("summary", (None, None))
        self._new_stats: dict[str, tuple] = {}
        self._pending: dict[str, tuple] = {}  # rel -> stat of a file whose key is not known yet
        self._entries: dict[str, bytes] | None = None if enabled else {}
        self._used: dict[str, bytes] = {}
        #: key -> unpacked entry, kept for the next run of a long-lived process (mkdocs serve).
        self._objects: dict[str, tuple] = {}
        self._known_objects: dict[str, tuple] = {}
        self._changed = False
        self.hits = 0
        self.misses = 0

    def _read(self, path: Path) -> object:
        try:
            with open(path, "rb") as stream:
                if pickle.load(stream) != (_FORMAT, self.context):
                    return None
                return pickle.load(stream)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError,
                TypeError, IndexError, KeyError, MemoryError):
            return None  # a cut-short or foreign file is a miss, never a failure

    def _write(self, path: Path, payload: object) -> None:
        self.folder.mkdir(exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
        for stale in self.folder.glob("*.tmp"):  # a write cut short by a killed process
            pid = stale.suffixes[-2].lstrip(".") if len(stale.suffixes) >= 2 else ""
            if pid.isdigit() and int(pid) != os.getpid() and not process_alive(int(pid)):
                stale.unlink(missing_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with open(temporary, "wb") as stream:
            pickle.dump((_FORMAT, self.context), stream, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(payload, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)

    def key_of(self, kind: str, path: str | Path, rel: str, defer: bool = False) -> tuple[str | None, bytes | None]:
        """(file key, the bytes if they had to be read). With `defer`, a file not known by its
        stat is not read: (None, None), and whoever reads it calls `remember` with its key."""
        stat = os.stat(path)
        fingerprint = (stat.st_size, stat.st_mtime_ns, stat.st_ino, kind)
        known = self._stats.get(rel)
        if known is not None and known[:4] == fingerprint:
            self._new_stats[rel] = known
            return known[4], None
        if defer:
            self._pending[rel] = fingerprint
            return None, None
        with open(path, "rb") as stream:
            raw = stream.read()
        key = file_key(kind, rel, raw)
        self.remember(rel, key, fingerprint)
        return key, raw

    def remember(self, rel: str, key: str, fingerprint: tuple | None = None) -> None:
        """The stat memo of a file read for `key`."""
        fingerprint = fingerprint or self._pending.pop(rel)
        # A file written in the last seconds may change again within the clock's resolution
        # without changing size or mtime ("racily clean" in git): hash it again next time.
        if time.time_ns() - fingerprint[1] > _RACY_NS:
            self._new_stats[rel] = (*fingerprint, key)

    def empty(self) -> bool:
        """No entry to find: every file is validated, so reading it to look it up is wasted."""
        self._load_entries()
        return not self._entries

    def summary(self, site_key: str) -> object | None:
        return self._summary[1] if self.enabled and self._summary[0] == site_key else None

    def set_summary(self, site_key: str, payload: object) -> None:
        if self.enabled and self._summary[0] != site_key:
            self._summary = (site_key, payload)
            self._changed = True

    def _load_entries(self) -> None:
        if self._entries is None:
            remembered = self.memory
            if remembered is not None and remembered.folder == self.folder and remembered.context == self.context:
                self._entries, self._known_objects = remembered.blobs, remembered.objects
            else:
                entries = self._read(self.folder / _FILE)
                self._entries = entries if isinstance(entries, dict) else {}

    def get(self, key: str) -> tuple | None:
        self._load_entries()
        blob = self._entries.get(key)
        if blob is None:
            self.misses += 1
            return None
        self.hits += 1
        self._used[key] = blob
        entry = self._known_objects.get(key)
        if entry is None:
            entry = unpack(blob, self.bodies)
        if self.bodies:
            self._objects[key] = entry
        source, entity, problems = entry
        return source, entity, list(problems)

    def put(self, key: str, source, entity, problems) -> None:
        if self.enabled:
            self._used[key] = pack(source, entity, problems)
            self._changed = True
        if self.bodies:
            self._objects[key] = (source, entity, tuple(problems))

    def put_packed(self, key: str, blob: bytes) -> tuple:
        """Keep a packed entry; returns it unpacked."""
        if self.enabled:
            self._used[key] = blob
            self._changed = True
        entry = unpack(blob, self.bodies)
        if self.bodies:
            self._objects[key] = entry
        source, entity, problems = entry
        return source, entity, list(problems)

    def save(self) -> None:
        """Keep only this run's entries; files are replaced atomically, and only when changed."""
        if not self.enabled:
            return
        # The records file (a hundred megabytes at 10k practices) is rewritten for many new or
        # removed entries, not for each edit of a preview: an entry missing from it only means
        # that file is validated again next time.
        records_changed = self._entries is not None and (
            not self._entries or self.misses > _FEW + len(self._entries) // 100
            or len(self._entries) - (len(self._used) - self.misses) > _FEW + len(self._entries) // 10)
        if self._entries is not None and self.bodies and self.memory is not None:  # a preview keeps them
            self.memory.folder, self.memory.context = self.folder, self.context
            self.memory.blobs, self.memory.objects = self._used, self._objects
        if records_changed:
            self._write(self.folder / _FILE, self._used)
        if records_changed or self._changed or self._new_stats != self._stats:
            self._write(self.folder / _INDEX, {"stats": self._new_stats, "summary": self._summary})
            self._stats = dict(self._new_stats)
            self._changed = False
