"""Where every generated page lives. One rule, used by pages, links, feeds and tests."""

from __future__ import annotations

#: content type -> folder of its pages in the built site.
SECTIONS: dict[str, str] = {
    "practice": "practices",
    "association": "associations",
    "event": "events",
    "program": "programs",
    "organization": "organizations",
    "municipality": "municipalities",
}


def page_uri(kind: str, entity_id: str) -> str:
    """Source URI of an entity page inside MkDocs' docs: `practices/<id>.md`."""
    return f"{SECTIONS[kind]}/{entity_id}.md"


def page_url(src_uri: str) -> str:
    """The URL path MkDocs gives a page (use_directory_urls): `practices/x/`, `` for index.md."""
    stem = src_uri[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def entity_url(kind: str, entity_id: str) -> str:
    return page_url(page_uri(kind, entity_id))


def relative(target_url: str, from_src_uri: str) -> str:
    """A link from one page to another that works on any host and path, even from a file."""
    depth = page_url(from_src_uri).count("/")
    return "../" * depth + target_url if (depth or target_url) else "./"


def facet_page_uri(facet: str, value: str | None = None, page: int = 1, column: str | None = None) -> str:
    """Pages of the bank's facets: `practices/<facet>.md` (all values), `practices/<facet>/<value>.md`
    (its practices), `…/<value>/page-2.md`; `column` adds a second value (subject × level cell)."""
    if value is None:
        return f"practices/{facet}.md"
    stem = f"practices/{facet}/{value}" + (f"/{column}" if column else "")
    return f"{stem}.md" if page == 1 else f"{stem}/page-{page}.md"
