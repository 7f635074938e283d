"""What the render phase hands to the publish phase: typed outputs, one per page or file.

- `Page`: a generated page as finished HTML; MkDocs only puts the theme around it.
- `MarkdownPage`: a page whose text is Markdown for MkDocs to render (the contributor guide).
- `File`: a generated file published as it is (feeds, exports, charts).
- `Copy`: a contributor's file published from where it lies (a practice's material).

The type, not the navigation or a text format, decides how MkDocs treats an output.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import zlib
from pathlib import Path


class Text:
    """A page's HTML as the build keeps it: compressed UTF-8 and its digest.

    Every output stays in the build graph (an edit compares it with the previous build's), so a
    bank's page texts were most of a build's memory: at 10,000 practices 23,000 outputs, the
    practices' ~17,000 characters each held as UCS-2 strings (Cyrillic), about 0.7 GB, and again in
    every worker's pickle and the saved session. zlib at level 1 keeps a sixth of that (a practice
    page: 4.6× smaller than its UTF-8) for ~0.15 ms a page to compress, in the workers, and ~0.1 ms
    to read back, which happens only where a text is written out (MkDocs, Pagefind's input). The
    digest is taken once, here: equality and the published site's stamp use it."""

    __slots__ = ("data", "digest")

    def __init__(self, text: str) -> None:
        encoded = text.encode("utf-8", "surrogatepass")
        self.data = zlib.compress(encoded, 1)
        self.digest = hashlib.blake2b(encoded, digest_size=16).digest()

    def __str__(self) -> str:
        return zlib.decompress(self.data).decode("utf-8", "surrogatepass")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and self.digest == other.digest

    def __hash__(self) -> int:
        return hash(self.digest)

    def __repr__(self) -> str:  # the digest is the value: reprs of outputs name their content
        return f"Text({self.digest.hex()})"

    def __reduce__(self):
        return _text, (self.data, self.digest)


def _text(data: bytes, digest: bytes) -> Text:
    text = Text.__new__(Text)
    text.data, text.digest = data, digest
    return text


@dataclasses.dataclass(frozen=True)
class Page:
    #: Source URI inside MkDocs' docs folder: `practices/x.md` is published at `practices/x/`.
    uri: str
    #: Plain text; the MkDocs boundary escapes it for the theme.
    title: str
    #: The page's content, safe HTML: values escaped by the templates, record texts cleaned.
    #: Given as a string, kept as a `Text`; `html` reads it back.
    content: Text
    description: str | None = None
    #: The headings of the record's text, as Python-Markdown's toc tokens.
    toc: tuple = ()
    #: schema.org data, written as JSON-LD after the content.
    json_ld: dict | None = None
    #: The page is a record's own and goes into the search index (its html carries the marks).
    searchable: bool = False
    #: Safe HTML the page adds to its head (rich previews, a feed's link, its own styles) and
    #: after the theme's scripts (its own scripts).
    head: str = ""
    scripts: str = ""
    #: The day the page's record last changed (git history): the sitemap's `lastmod`.
    updated: dt.date | None = None

    def __post_init__(self) -> None:
        if isinstance(self.content, str):
            object.__setattr__(self, "content", Text(self.content))

    @property
    def html(self) -> str:
        return str(self.content)


@dataclasses.dataclass(frozen=True)
class MarkdownPage:
    uri: str
    markdown: str


@dataclasses.dataclass(frozen=True)
class File:
    #: Site URI, e.g. `events/feeds/all.ics`.
    uri: str
    content: str | bytes


@dataclasses.dataclass(frozen=True)
class Copy:
    uri: str
    path: Path


Output = Page | MarkdownPage | File | Copy


class DuplicateOutput(ValueError):
    """Two outputs claim one URI: a bug in the producers, never a contributor's mistake."""


def by_uri(outputs) -> dict[str, Output]:
    """Outputs by URI in their order; two with one URI are a bug."""
    found: dict[str, Output] = {}
    for output in outputs:
        if output.uri in found:
            raise DuplicateOutput(f"two outputs write {output.uri}")
        found[output.uri] = output
    return found
