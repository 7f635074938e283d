"""Named queries over the Site: the sorting and filtering that templates must not do."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from generator.build.incremental import Graph
from generator.corpus import lookup
from generator.corpus.site import Site
from generator.derive import calendar
from generator.models import Association, Event, Organization, Practice


def title_sort_key(entity) -> tuple[str, str]:
    """How lists by title sort: case, «ё» and opening quotes aside; the id breaks ties."""
    return entity.title.lower().replace("ё", "е").lstrip("«\"'"), entity.id


def by_title(entities) -> list:
    return sorted(entities, key=title_sort_key)


def newest_practices(site: Site, limit: int) -> list[Practice]:
    """Newest first by the date added to the bank, then by year; ties by title."""
    ordered = by_title(site.practices.values())
    ordered.sort(key=lambda p: (p.added or dt.date(p.year, 1, 1)), reverse=True)
    return ordered[:limit]


def events_in_order(events) -> list[Event]:
    return sorted(events, key=lambda e: (e.start_at, e.title, e.id))


def split_events(events, today: dt.date) -> tuple[list[Event], list[Event]]:
    """(upcoming in start order, past newest first). Past once the last day of the series ended."""
    return calendar.split(events, today)


def upcoming_events(site: Site, today: dt.date, limit: int | None = None) -> list[Event]:
    upcoming = [e for e in split_events(site.events.values(), today)[0] if e.state != "otmeneno"]
    return upcoming[:limit] if limit else upcoming


def events_by_ids(site: Site, ids) -> list[Event]:
    return events_in_order(site.events[i] for i in ids if i in site.events)


def practices_by_ids(site: Site, ids) -> list[Practice]:
    return by_title(site.practices[i] for i in ids if i in site.practices)


def group_by(entities, key, order: list[str] | None = None) -> list[tuple[str, list]]:
    """[(key, entities sorted by title)], keys in `order` (vocabulary order) or sorted."""
    groups: dict[str, list] = defaultdict(list)
    for entity in entities:
        keys = key(entity)
        for k in (keys if isinstance(keys, (list, tuple)) else [keys]):
            groups[k].append(entity)
    keys = [k for k in order if k in groups] if order else sorted(groups, key=lambda k: (k is None, str(k)))
    keys += [k for k in groups if k not in keys]
    return [(k, by_title(groups[k])) for k in keys]


def practice_facet_counts(site: Site, field: str, vocabulary: str) -> list[tuple[str, int]]:
    """[(entry id, number of practices)] in vocabulary order, only entries in use."""
    counts: Counter = Counter()
    for practice in site.practices.values():
        value = getattr(practice, field)
        for item in value if isinstance(value, tuple) else [value]:
            if item:
                counts[item] += 1
    return [(e.id, counts[e.id]) for e in site.vocabularies[vocabulary].entries if counts[e.id]]


def organizations_by_municipality(site: Site) -> list[tuple[str, list[Organization]]]:
    order = list(site.vocabularies.municipalities)
    return group_by(site.organizations.values(), lambda o: o.municipality, order)


def associations_by_kind(site: Site) -> list[tuple[str, list[Association]]]:
    order = [e.id for e in site.vocabularies["association_kinds"].entries]
    return group_by(site.associations.values(), lambda a: a.kind, order)


def entities_by_ids(site: Site, kind: str, ids) -> list:
    """Published records of `kind` among `ids`, by title."""
    pool = site.by_kind(kind)
    return by_title(pool[i] for i in ids if i in pool)


def events_by_year(events: list[Event]) -> list[tuple[int, list[Event]]]:
    """[(year, events in the given order)], years in the order they first appear."""
    years: dict[int, list[Event]] = {}
    for event in events:
        years.setdefault(event.first_day.year, []).append(event)
    return list(years.items())


# --- the same as queries of the build graph --------------------------------------------------

def practices_by_title(g: Graph) -> tuple[str, ...]:
    """Every practice id in the bank's title order."""
    return tuple(p.id for p in by_title(g.query(lookup.records, "practice").values()))


def newest_practice_ids(g: Graph) -> tuple[str, ...]:
    """The home page's newest practices (see `newest_practices`)."""
    site_practices = g.query(lookup.records, "practice")
    ordered = [site_practices[i] for i in g.query(practices_by_title)]  # sorted once for the bank
    ordered.sort(key=lambda p: (p.added or dt.date(p.year, 1, 1)), reverse=True)
    return tuple(p.id for p in ordered[:lookup.config(g).home_practices])


def ordered_practice_ids(g: Graph, ids) -> list[str]:
    """Published practices among `ids`, by title."""
    return [p.id for p in by_title(f for f in (g.query(lookup.fields, "practice", i) for i in ids) if f is not None)]


def titled(g: Graph, kind: str, ids) -> list:
    """Published records of `kind` among `ids` (without texts), by title."""
    return by_title(f for f in (g.query(lookup.fields, kind, i) for i in ids) if f is not None)


def events_split(g: Graph, ids) -> tuple[list[Event], list[Event]]:
    """Published events among `ids`: (upcoming in start order, past newest first)."""
    events = [f for f in (g.query(lookup.fields, "event", i) for i in ids) if f is not None]
    return split_events(events_in_order(events), lookup.today(g))
