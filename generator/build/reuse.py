"""A warm publish: the previous site, linked into the new one, with only what changed written again.

A `kopilka build` with a warm cache knows which outputs differ from its previous build (the build
graph's `changed`). If the site folder holds exactly what that build published, the new site is
made from it: every file that build wrote is hard-linked into the staging folder (`write.py`,
no bytes copied), MkDocs runs in its dirty mode and writes only the pages and files that changed,
and Pagefind's bundle is kept while its input is the same. A build that would publish what the
folder already holds (`unchanged_site`) leaves the folder as it is. The swap and
the guarantee stay those of a cold build: the old folder is never written (every file MkDocs will
write is unlinked in the staging folder first, so a write makes a new file and never reaches the
old one), and a failed build leaves it as it was.

Whether the folder holds what the previous build published is known from its *stamp*: a digest
of the frame (`mkdocs/frame.py`: whatever every page shows beside its own content — mkdocs.yml,
the theme and its overrides, the navigation's pages, the versions) and of every output, written
into the folder by the build that made it (`STAMP`) and kept in the build's session. The digest
is of the content alone, so the same content gives the same stamp, cold or warm, here or on CI.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
from pathlib import Path

#: The stamp of the content a site folder holds (see the module's docstring).
STAMP = ".kopilka-build"


@dataclasses.dataclass(frozen=True)
class Published:
    """What a build published: enough to tell its folder again and to build the next from it."""

    #: The frame every page was rendered in (None: the site cannot be published warm).
    frame: str | None
    #: URI -> digest of each output as the generator made it.
    outputs: dict[str, str]
    #: Every file the build wrote, by its path in the site folder (what a later build removes).
    files: frozenset[str]
    #: URIs of the outputs in the search index.
    searchable: frozenset[str] = frozenset()
    #: The digest of each searchable page's input to Pagefind, and of the whole index's input.
    indexed: dict[str, str] = dataclasses.field(default_factory=dict)
    search_key: str = ""
    #: The digest of what MkDocs publishes besides the outputs (`sources_digest`).
    sources: str = ""

    @functools.cached_property
    def stamp(self) -> str:
        """The digest of the folder's content: the frame and every output."""
        digest = hashlib.blake2b(f"{self.frame}".encode(), digest_size=16)
        for uri in sorted(self.outputs):
            digest.update(f"\0{uri}\0{self.outputs[uri]}".encode())
        return digest.hexdigest()


def output_digest(output) -> str:
    """An output's content as a short digest, field by field: a text as its UTF-8, a page's
    `Text` as its digest (its repr), anything else (a table of contents, JSON-LD, a date) as its
    repr, which for the tuples, dicts and dates of outputs is their value (pickle is not: it
    shares equal objects, or not, as they were made). A contributor's file (`Copy`) is named by
    its URI alone: every publish copies it again, and its absolute path would make the stamp
    differ between two checkouts of the same content."""
    from generator.build.outputs import Copy

    digest = hashlib.blake2b(type(output).__name__.encode(), digest_size=12)
    for field in ("uri",) if isinstance(output, Copy) else (f.name for f in dataclasses.fields(output)):
        value = getattr(output, field)
        data = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass") if isinstance(
            value, str) else repr(value).encode("utf-8", "surrogatepass")
        digest.update(f"\0{field}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def digests(outputs: dict, changed: set[str], known: Published | None) -> dict[str, str]:
    """Every output's digest; those of outputs that did not change since `known` (the session's
    previous build) are taken from it rather than computed again (0.6 s at 10,000 practices)."""
    previous = known.outputs if known is not None else {}
    return {uri: previous[uri] if uri in previous and uri not in changed else output_digest(output)
            for uri, output in outputs.items()}


def sources_digest(root: Path, outputs: dict, build_day: str) -> str:
    """What a published site holds besides the generator's outputs: the narrative pages and other
    files of `content/` outside the record folders (MkDocs renders them itself), the contributors'
    files it copies, and the build day (MkDocs dates narrative pages by it in the sitemap)."""
    from generator.build.outputs import Copy
    from generator.source.discover import CONTENT_FOLDERS

    records = {root / folder for folder in CONTENT_FOLDERS.values()}
    digest = hashlib.blake2b(build_day.encode(), digest_size=16)
    try:
        for folder, subfolders, names in os.walk(root / "content"):
            subfolders[:] = sorted(name for name in subfolders if Path(folder, name) not in records)
            for name in sorted(names):
                path = Path(folder, name)
                digest.update(f"\0{path.relative_to(root).as_posix()}\0".encode() + path.read_bytes())
        for output in outputs.values():
            if isinstance(output, Copy):
                digest.update(f"\0{output.uri}\0".encode() + output.path.read_bytes())
    except OSError:
        return ""  # unreadable now: MkDocs will say so; nothing is known to be the same
    return digest.hexdigest()


def unchanged_site(known: Published, outputs_digests: dict[str, str], sources: str) -> bool:
    """A build would publish exactly what `known` published: the same outputs, the same sources."""
    return bool(sources) and known.sources == sources and known.outputs == outputs_digests


def read_stamp(site_dir: Path) -> str | None:
    try:
        return (site_dir / STAMP).read_text(encoding="utf-8").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def write_stamp(folder: Path, published: Published) -> None:
    (folder / STAMP).write_text(published.stamp + "\n", encoding="utf-8")


def reusable(site_dir: Path, known: Published | None, frame: str | None) -> Published | None:
    """`known` if `site_dir` holds what it describes, in the same frame: the next site may be
    made from it. None means a cold publish into an empty folder."""
    if known is None or frame is None or known.frame != frame:
        return None
    return known if read_stamp(site_dir) == known.stamp else None
