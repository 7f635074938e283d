"""Atom 1.0 feeds (RFC 4287), written with `feedgen`: what a feed reader subscribes to.

Invariants a reader relies on:
- an entry's id is a tag URI (RFC 4151) made of the calendar domain and the record's kind and
  id: it stays the same when the site moves to another address, so a reader never shows one
  practice twice;
- `updated` is the day the record last changed in the site's history (or its own date, see
  `feeds.entry_day`), never the clock: the same content builds the same bytes;
- links are absolute (a feed is read away from the site), which is why feeds need `site_url`;
- text is given to feedgen as text: it escapes it; nothing from a record is markup here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from feedgen.feed import FeedGenerator

#: The date part of every tag URI: fixed, so that ids never change (RFC 4151 «taggingEntity»).
TAG_DATE = "2024"


@dataclasses.dataclass(frozen=True)
class Entry:
    """One record as a feed entry; `link` is absolute."""

    id: str
    title: str
    link: str
    updated: dt.date
    published: dt.date | None = None
    summary: str = ""
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class FeedHead:
    """A feed's own fields: `link` is the page it follows, `self_link` its own address."""

    id: str
    title: str
    link: str
    self_link: str
    author: str
    subtitle: str = ""


def tag_uri(domain: str, *parts: str) -> str:
    return f"tag:{domain},{TAG_DATE}:" + "/".join(parts)


def moment(day: dt.date) -> dt.datetime:
    """A day as an Atom date: its midnight in UTC (history knows days, not hours)."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def atom(head: FeedHead, entries: list[Entry], fallback: dt.date) -> bytes:
    """The feed of `entries` in their order; it was updated when its newest entry was, or on
    `fallback` (the build day) when it has none."""
    fg = FeedGenerator()
    fg.id(head.id)
    fg.title(head.title)
    if head.subtitle:
        fg.subtitle(head.subtitle)
    fg.link(href=head.link, rel="alternate", type="text/html")
    fg.link(href=head.self_link, rel="self", type="application/atom+xml")
    fg.author(name=head.author)
    fg.language("ru")
    fg.generator("Kopilka")
    fg.updated(moment(max((e.updated for e in entries), default=fallback)))
    for item in entries:
        _add(fg, item)
    return fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def _add(fg: FeedGenerator, item: Entry) -> None:
    entry = fg.add_entry(order="append")
    entry.id(item.id)
    entry.title(item.title)
    entry.link(href=item.link, rel="alternate", type="text/html")
    entry.updated(moment(item.updated))
    if item.published is not None:
        entry.published(moment(item.published))
    if item.summary:
        entry.summary(item.summary)
    for name in item.authors:
        entry.author(name=name)
    for term in item.categories:
        entry.category(term=term)
