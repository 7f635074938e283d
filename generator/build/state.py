"""What `kopilka build` keeps between runs: the build graph, in `.kopilka-cache/graph.pickle`.

A build with the graph of the previous one makes only the outputs whose inputs changed (see
`incremental.py`); MkDocs still writes the whole site. The file belongs to one version of the
generator's code, templates and assets: with any other, it is ignored and made anew. A file that
cannot be read (cut short, another version, garbage) is ignored too: it is only a shortcut, and
it is written atomically, so an interrupted build never leaves half of one.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import pickle
import sys
from pathlib import Path

from generator import __version__
from generator.build.pipeline import Session, plan
from generator.corpus.cache import CACHE_DIR

GRAPH_FILE = "graph.pickle"
_FORMAT = 2  # 2: the published site's record follows the graph


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
    path = root / CACHE_DIR / GRAPH_FILE
    # The graph is a million objects that all live on: the collector would only walk them
    # (5,000 practices: loaded in 1.65 s with it, 1.05 s without).
    collecting = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as stream:
            if pickle.load(stream) != (code_key(), str(root.resolve())):
                return Session()
            graph = pickle.load(stream)
            published = pickle.load(stream)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError,
            IndexError, KeyError, MemoryError):
        return Session()
    finally:
        if collecting:
            gc.enable()
    return Session(graph=graph, published=published)


def save_session(root: Path, session: Session) -> None:
    """Keep `session`'s graph for the next build, without what no output of this one reads."""
    graph = session.graph
    graph.forget_unreachable([*graph.query(plan), (plan,)])
    folder = root / CACHE_DIR
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")
    temporary = folder / f"{GRAPH_FILE}.{os.getpid()}.tmp"
    try:
        with open(temporary, "wb") as stream:
            pickle.dump((code_key(), str(root.resolve())), stream, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(session.graph, stream, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(session.published, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, folder / GRAPH_FILE)
    finally:
        temporary.unlink(missing_ok=True)
