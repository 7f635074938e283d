"""Where every generated page lives. One rule, used by pages, links, feeds and tests."""

from __future__ import annotations

import functools

from generator.text import suggest_id

#: content type -> folder of its pages in the built site.
SECTIONS: dict[str, str] = {
    "practice": "practices",
    "association": "associations",
    "event": "events",
    "program": "programs",
    "organization": "organizations",
    "municipality": "municipalities",
    "region": "regions",
    "person": "people",
    "consultation": "consultations",
    "question": "questions",
}


#: Sections whose pages belong under another section of the site's menu.
_SECTION_OF = {"regions": "municipalities"}


def section_uri(src_uri: str) -> str | None:
    """The section page (`practices/index.md`) whose menu tab a page belongs to: its first
    folder's index page; None for a page at the top (the home page, search)."""
    folder, slash, _ = src_uri.partition("/")
    if not slash:
        return None
    return f"{_SECTION_OF.get(folder, folder)}/index.md"


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


@functools.lru_cache(maxsize=65536)
def entity_url(kind: str, entity_id: str) -> str:
    """A record's page from the site's root; asked a million times in a bank of 10,000."""
    return page_url(page_uri(kind, entity_id))


def region_id(title: str) -> str:
    """A region has no record of its own: its id is its title, transliterated."""
    return suggest_id(title)


def facet_uri(kind: str, facet: str, value: str) -> str:
    """A list of one section filtered by one facet value: `associations/uroven/munitsipalnyy.md`."""
    return f"{SECTIONS[kind]}/{facet}/{value}.md"


def relative(target_url: str, from_src_uri: str) -> str:
    """A link from one page to another that works on any host and path, even from a file."""
    depth = page_url(from_src_uri).count("/")
    return "../" * depth + target_url if (depth or target_url) else "./"


# --- the calendar: month pages, past years, event groups and iCalendar feeds ------------------

EVENT_GROUPS = ("association", "organization", "municipality", "subject", "type")


def month_uri(year: int, month: int) -> str:
    """`events/2026-12.md` -> /events/2026-12/"""
    return f"events/{year:04d}-{month:02d}.md"


def past_year_uri(year: int) -> str:
    return f"events/past/{year}.md"


def event_group_uri(kind: str, key: str) -> str:
    """Event list of a subject or type (associations, organisations, municipalities have pages)."""
    return f"events/{kind}/{key}.md"


FEEDS_PAGE = "events/feeds.md"


def feed_uri(kind: str | None = None, key: str | None = None) -> str:
    """The whole site's feed, or that of one group: `events/feeds/subject/matematika.ics`."""
    return "events/feeds/all.ics" if kind is None else f"events/feeds/{kind}/{key}.ics"


def event_ics_uri(event_id: str) -> str:
    """One event's file, behind «Добавить в календарь»."""
    return f"events/{event_id}.ics"
def facet_page_uri(facet: str, value: str | None = None, page: int = 1, column: str | None = None) -> str:
    """Pages of the bank's facets: `practices/<facet>.md` (all values), `practices/<facet>/<value>.md`
    (its practices), `…/<value>/page-2.md`; `column` adds a second value (subject × level cell)."""
    if value is None:
        return f"practices/{facet}.md"
    stem = f"practices/{facet}/{value}" + (f"/{column}" if column else "")
    return f"{stem}.md" if page == 1 else f"{stem}/page-{page}.md"
