"""What changed and when: a record's dates of change and the links to its history.

The dates come from the site's git history (`source.history`), read once per build and given to
the graph as one input per record, so a page changes only when its own record's dates do. Where
the history does not reach (a shallow clone), the page says so instead of showing a wrong day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq

from markupsafe import escape

from generator.build.incremental import Graph, transient
from generator.build.outputs import Page
from generator.corpus import lookup
from generator.render.formatting import date_ru

#: What a record page says when its dates are beyond the history at hand.
UNKNOWN = "дата изменения неизвестна: сайт собран из неполной истории репозитория"


@transient
def record_footer(g: Graph, kind: str, entity_id: str) -> str:
    """The line under a record's page: added and updated days, edit and history links."""
    dates, state = lookup.dates(g, kind, entity_id), lookup.history_state(g)
    parts = []
    if dates.created is not None:
        parts.append(f"добавлено {date_ru(dates.created)}")
    if dates.changed is not None and dates.changed != dates.created:
        parts.append(f"обновлено {date_ru(dates.changed)}")
    if dates.changed is None and state.available:
        parts.append(UNKNOWN)
    record = lookup.record(g, kind, entity_id)
    publishing = lookup.publishing(g)
    for text, history in (("Исправить на GitHub", False), ("История изменений", True)):
        link = publishing.source_link(record.source, history) if record is not None else None
        if link:
            parts.append(f'<a href="{escape(link)}">{text}</a>')
    if not parts:
        return ""
    text = " · ".join(parts)
    return f'\n<p class="kp-changed" data-pagefind-ignore>{text[0].upper()}{text[1:]}</p>\n'


# --- «Что нового»: the latest additions and changes across the site, by week ---------------

WHATS_NEW = "changes.md"
#: How many changes the page lists: a few months of a busy service.
LIMIT = 100
KIND_LABELS = {"practice": "практика", "association": "объединение", "event": "мероприятие",
               "program": "документ", "organization": "организация", "person": "специалист",
               "consultation": "консультации", "question": "вопрос и ответ"}


@dataclasses.dataclass(frozen=True)
class Change:
    kind: str
    id: str
    title: str
    day: dt.date
    #: the change is the record's addition (else an edit of a record added before)
    added: bool


@dataclasses.dataclass(frozen=True)
class Week:
    """Monday to Sunday, the changes in it newest first."""

    monday: dt.date
    changes: tuple[Change, ...]

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)


WHATS_NEW_FEED = "changes/feed.xml"


def plan(g: Graph) -> list[tuple]:
    """The page, and its Atom feed where there can be one (with site_url)."""
    return [(whats_new_page,)] + ([(whats_new_feed,)] if lookup.publishing(g).site_url else [])


def recent_changes(g: Graph) -> tuple[Change, ...]:
    """The `LIMIT` latest changes of published records, newest first (by kind, then title)."""
    found = [Change(kind, entity_id, g.query(lookup.title, kind, entity_id), day, new)
             for day, _, kind, entity_id, new in g.query(latest_dated)]
    found.sort(key=lambda c: (-c.day.toordinal(), _KIND_ORDER[c.kind], c.title, c.id))
    return tuple(found[:LIMIT])


_KIND_ORDER = {kind: n for n, kind in enumerate(lookup.KINDS)}


def dated_records(g: Graph) -> tuple[tuple[dt.date, int, str, str, bool], ...]:
    """(day of last change, the kind's place, kind, id, whether it was new then) of every
    published record whose history is known."""
    found = []
    for n, kind in enumerate(lookup.KINDS):
        for entity_id in lookup.ids(g, kind):
            dates = lookup.dates(g, kind, entity_id)
            if dates.changed is not None:
                found.append((dates.changed, n, kind, entity_id, dates.created == dates.changed))
    return tuple(found)


def latest_dated(g: Graph) -> tuple[tuple[dt.date, int, str, str, bool], ...]:
    """The records changed on or after the day of the `LIMIT`-th latest change: the only ones
    that can be among the latest `LIMIT`, so that only their titles are read (a title edit of
    any other practice leaves the list alone; reading 10,000 titles took 0.1 s of a rebuild)."""
    found = g.query(dated_records)
    if len(found) <= LIMIT:
        return found
    cutoff = heapq.nlargest(LIMIT, (entry[0] for entry in found))[-1]
    return tuple(entry for entry in found if entry[0] >= cutoff)


def by_week(changes) -> list[Week]:
    weeks: dict[dt.date, list[Change]] = {}
    for change in changes:
        weeks.setdefault(change.day - dt.timedelta(days=change.day.weekday()), []).append(change)
    return [Week(monday, tuple(items)) for monday, items in weeks.items()]


def whats_new_page(g: Graph) -> Page:
    from generator.render import env
    from generator.render.statpages import fresh

    from generator.render.feeds import subscription

    changes = g.query(recent_changes)
    feed = subscription(g, WHATS_NEW, "что нового", WHATS_NEW_FEED)
    return env.page(g, "changes.md.j2", WHATS_NEW, "Что нового", "Последние добавления и изменения на сайте по неделям",
                    head=feed.head, subscribe=feed.line, weeks=by_week(changes), total=len(changes), limit=LIMIT, kinds=KIND_LABELS,
                    notice=lookup.history_state(g).notice, fresh=g.query(fresh))


def whats_new_feed(g: Graph):
    """The same changes as entries of one feed: an entry id per record, so an edit updates it."""
    from generator.build.outputs import File
    from generator.render import atom
    from generator.render.urls import entity_url

    config, publishing = lookup.config(g), lookup.publishing(g)
    entries = [atom.Entry(atom.tag_uri(config.calendar_domain, c.kind, c.id), c.title,
                          publishing.absolute(entity_url(c.kind, c.id)), c.day,
                          summary=f"{KIND_LABELS[c.kind]}: {'добавлено' if c.added else 'обновлено'} {date_ru(c.day)}")
               for c in g.query(recent_changes)]
    head = atom.FeedHead(atom.tag_uri(config.calendar_domain, "feed", WHATS_NEW_FEED), f"{config.title}: что нового",
                         publishing.absolute("changes/"), publishing.absolute(WHATS_NEW_FEED), config.title)
    return File(WHATS_NEW_FEED, atom.atom(head, entries, lookup.today(g)))
