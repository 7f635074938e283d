"""What `kopilka build` keeps between runs: the build graph and what the build published.

A build with the graph of the previous one makes only the outputs whose inputs changed (see
`incremental.py`), and with the record of what it published (`reuse.Published`) writes only those
into a linked copy of the previous site. Both files belong to one version of the generator's
code, templates and assets: with any other, they are ignored and made anew. A file that cannot be
read (cut short, another version, garbage) is ignored too: it is only a shortcut, and each is
written atomically, so an interrupted build never leaves half of one.

They are two files so that the graph (240 MB at 5,000 practices, 2.5 s to write) can be written
while the search index is still being made (`save_graph`), and the small record only once the
site is published (`save_published`). Each names the graph it belongs to by a token: a record
that does not belong to the graph beside it (a build that ended between the two) is not used,
and the next build publishes cold.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import pickle
import secrets
import sys
from pathlib import Path

from generator import __version__
from generator.build.pipeline import Session, queried
from generator.corpus.cache import CACHE_DIR, committed_cache

GRAPH_FILE = "graph.pickle"
PUBLISHED_FILE = "published.pickle"
_FORMAT = 3  # 3: the published site's record in a file of its own, naming its graph by a token

#: Whatever a load of a cache file may raise: the file is then ignored.
_UNREADABLE = (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError,
               IndexError, KeyError, MemoryError)


@functools.lru_cache(maxsize=1)
def code_key() -> str:
    """The generator's code, templates and assets, and the Python that runs them."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(f"{_FORMAT}|{__version__}|{sys.version}".encode(), digest_size=16)
    for path in sorted(p for p in package.rglob("*") if p.is_file() and p.suffix in (".py", ".j2", ".js", ".css")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def load_session(root: Path) -> Session:
    """The session of the previous build of the site at `root`, or a new one."""
    folder = root / CACHE_DIR
    if committed_cache(root):  # unpickling runs code: never a file that came with a commit
        return Session()
    # The graph is a million objects that all live on: the collector would only walk them
    # (5,000 practices: loaded in 1.65 s with it, 1.05 s without).
    collecting = gc.isenabled()
    gc.disable()
    try:
        token, graph = _read(folder / GRAPH_FILE, root)
        if graph is None:
            return Session()
        try:
            mark, published = _read(folder / PUBLISHED_FILE, root)
        except _UNREADABLE:  # the graph still serves; the site is published cold
            mark = published = None
    except _UNREADABLE:
        return Session()
    finally:
        if collecting:
            gc.enable()
    return Session(graph=graph, published=published if mark == token else None, saved=token)


def _read(path: Path, root: Path) -> tuple[str | None, object]:
    """(token, value) of one cache file; (None, None) if it is of another code or site."""
    try:
        stream = open(path, "rb")
    except FileNotFoundError:
        return None, None
    with stream:
        header = pickle.load(stream)
        if not (isinstance(header, tuple) and len(header) == 3 and header[:2] == (code_key(), str(root.resolve()))):
            return None, None
        return header[2], pickle.load(stream)


def save_graph(root: Path, session: Session) -> None:
    """Keep `session`'s graph for the next build, without what no output of this one reads,
    under a new token; the record of what this build publishes follows (`save_published`)."""
    graph = session.graph
    graph.forget_unreachable(queried(graph))
    session.saved = secrets.token_hex(8)
    _write(root, GRAPH_FILE, session.saved, graph)


def save_published(root: Path, session: Session) -> None:
    """Keep what this build published, naming the graph it belongs to."""
    if session.saved is not None:
        _write(root, PUBLISHED_FILE, session.saved, session.published)


def save_session(root: Path, session: Session) -> None:
    """The graph and the record of what was published, one after the other."""
    save_graph(root, session)
    save_published(root, session)


def _write(root: Path, name: str, token: str, value: object) -> None:
    folder = root / CACHE_DIR
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")
    temporary = folder / f"{name}.{os.getpid()}.tmp"
    try:
        with open(temporary, "wb") as stream:
            pickle.dump((code_key(), str(root.resolve()), token), stream, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, folder / name)
    finally:
        temporary.unlink(missing_ok=True)
