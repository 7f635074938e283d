"""What the render phase hands to the publish phase: typed outputs, one per page or file.

- `Page`: a generated page as finished HTML; MkDocs only puts the theme around it.
- `MarkdownPage`: a page whose text is Markdown for MkDocs to render (the contributor guide).
- `File`: a generated file published as it is (feeds, exports, charts).
- `Copy`: a contributor's file published from where it lies (a practice's material).

The type, not the navigation or a text format, decides how MkDocs treats an output.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path


@dataclasses.dataclass(frozen=True)
class Page:
    #: Source URI inside MkDocs' docs folder: `practices/x.md` is published at `practices/x/`.
    uri: str
    #: Plain text; the MkDocs boundary escapes it for the theme.
    title: str
    #: The page's content, safe HTML: values escaped by the templates, record texts cleaned.
    html: str
    description: str | None = None
    #: The headings of the record's text, as Python-Markdown's toc tokens.
    toc: tuple = ()
    #: schema.org data, written as JSON-LD after the content.
    json_ld: dict | None = None
    #: The page is a record's own and goes into the search index (its html carries the marks).
    searchable: bool = False


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


@dataclasses.dataclass
class Outputs:
    """The producers' former shape (Markdown texts with a meta header, files, JSON-LD), kept
    while producers move to typed outputs one by one."""

    pages: dict[str, str] = dataclasses.field(default_factory=dict)
    assets: dict[str, str | bytes] = dataclasses.field(default_factory=dict)
    json_ld: dict[str, dict] = dataclasses.field(default_factory=dict)

    def merge(self, other: "Outputs") -> None:
        for mine, theirs in ((self.pages, other.pages), (self.assets, other.assets),
                             (self.json_ld, other.json_ld)):
            clash = mine.keys() & theirs.keys()
            if clash:
                raise ValueError(f"two producers write the same files: {sorted(clash)[:5]}")
            mine.update(theirs)
