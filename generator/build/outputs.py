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
    #: Safe HTML the page adds to its head (rich previews, a feed's link, its own styles) and
    #: after the theme's scripts (its own scripts).
    head: str = ""
    scripts: str = ""
    #: The day the page's record last changed (git history): the sitemap's `lastmod`.
    updated: dt.date | None = None


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
