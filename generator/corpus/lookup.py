"""The corpus as the build graph sees it: its inputs, and the small queries every page reads.

Inputs, set anew each revision by `inputs_of` (see `build.incremental`):
- `("record", kind, id)`: a published (or archived) record, with its text; drafts never enter;
- `("ids", kind)`: the ids of a kind in source order;
- `("config",)`, `("vocabularies",)`, `("today",)`: settings, vocabularies, the build day;
- `("narrative",)`: the narrative pages of `content/` (their texts; `content/index.md` is the
  home page's intro), and `("files",)`: every file a record may attach;
- `("statdefs",)`: the site's own statistics definitions, as parsed by the check;
- `("freshness",)`: when the content last changed (from git, read once by the build);
- `("dates", kind, id)`: a record's days of addition and last change (`source.history`), and
  `("history",)`: whether those are known (`HistoryState`);
- `("publishing",)`: the site's own address and its repository's (`source.publishing`).

Pages read records through `fields` (everything but the text) unless they show the text: an
edit of one practice's text then makes only that practice's page again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from generator.build.incremental import INPUT, Graph, transient
from generator.corpus.site import Site
from generator.models import Entity
from generator.source.config import SiteConfig
from generator.source.history import FileDates, History
from generator.source.publishing import Publishing
from generator.source.vocabularies import Vocabularies

@dataclasses.dataclass(frozen=True)
class HistoryState:
    """What the build knows of the site's history as a whole (see `source.history.History`)."""

    available: bool
    shallow: bool
    #: Why some dates are missing, in Russian; None when all are known.
    notice: str | None


KINDS = ("practice", "association", "event", "program", "organization", "person", "consultation", "question")


def inputs_of(corpus, freshness: object, history: History | None = None) -> tuple[dict, dict]:
    """(values, fingerprints) of every input for `Graph.start`, from what the check read (a
    `corpus.check.Corpus`) and the site's git history: a record's fingerprint is the hash of its
    file and of everything its validation read (see `corpus.cache.context_key`)."""
    site = corpus.site
    history = history or History()
    values: dict = {(INPUT, "config"): site.config, (INPUT, "vocabularies"): site.vocabularies,
                    (INPUT, "today"): site.build_date, (INPUT, "narrative"): corpus.narrative,
                    (INPUT, "files"): corpus.files, (INPUT, "statdefs"): corpus.definitions,
                    (INPUT, "freshness"): freshness, (INPUT, "root"): site.root,
                    (INPUT, "publishing"): corpus.publishing,
                    (INPUT, "history"): HistoryState(history.available, history.shallow, history.notice)}
    fingerprints = corpus.fingerprints
    prints: dict = {}
    for kind in KINDS:
        records = site.by_kind(kind)
        values[(INPUT, "ids", kind)] = tuple(records)
        for entity_id, entity in records.items():
            key = (INPUT, "record", kind, entity_id)
            values[key] = entity
            values[(INPUT, "dates", kind, entity_id)] = history.of(entity.source)
            found = fingerprints.get((kind, entity_id))
            if found is not None:
                prints[key] = found
    return values, prints


# --- inputs ------------------------------------------------------------------------------

def record(g: Graph, kind: str, entity_id: str) -> Entity | None:
    """A published record with its text; None for an unknown id (or a draft's)."""
    return g.input("record", kind, entity_id)


def ids(g: Graph, kind: str) -> tuple[str, ...]:
    return g.input("ids", kind) or ()


def config(g: Graph) -> SiteConfig:
    return g.input("config")


def vocabularies(g: Graph) -> Vocabularies:
    return g.input("vocabularies")


def today(g: Graph) -> dt.date:
    return g.input("today")


def publishing(g: Graph) -> Publishing:
    return g.input("publishing") or Publishing()


def dates(g: Graph, kind: str, entity_id: str) -> FileDates:
    """When a record was added and last changed (None where the history does not reach)."""
    return g.input("dates", kind, entity_id) or FileDates(None, None)


def history_state(g: Graph) -> "HistoryState":
    return g.input("history") or HistoryState(False, False, None)


def intro(g: Graph) -> str:
    """The home page's own text: `content/index.md` without its frontmatter (none if a draft)."""
    page = next((p for p in g.input("narrative") or () if p.src_uri == "index.md"), None)
    return page.body.lstrip("\n") if page is not None and page.visible else ""


# --- queries ------------------------------------------------------------------------------

@transient
def fields(g: Graph, kind: str, entity_id: str) -> Entity | None:
    """A record without its text: what every page but the record's own shows of it."""
    entity = record(g, kind, entity_id)
    if entity is None or not entity.body:
        return entity
    return entity.model_copy(update={"body": ""})


def records(g: Graph, kind: str) -> dict[str, Entity]:
    """Every published record of a kind, without texts, in source order."""
    return {entity_id: g.query(fields, kind, entity_id) for entity_id in ids(g, kind)}


def site(g: Graph) -> Site:
    """The whole corpus without texts, with its side tables: what tables over all records read
    (facets, the calendar, statistics). A page reads the narrower queries below instead."""
    by_kind = {kind: g.query(records, kind) for kind in KINDS}
    site = Site(g.input("root"), config(g), vocabularies(g), today(g), by_kind["practice"], by_kind["association"],
                by_kind["event"], by_kind["program"], by_kind["organization"], by_kind["person"],
                by_kind["consultation"], by_kind["question"])
    return site


def events_site(g: Graph) -> Site:
    """The events with what places them (organisers, associations, municipalities), without
    the other records: what the calendar's tables read, so that a practice's edit leaves them
    alone (at 10,000 practices they took 0.4 s of every preview rebuild). Its relations between
    events, associations, organisations and municipalities are those of the whole `site`."""
    return Site(g.input("root"), config(g), vocabularies(g), today(g), {}, g.query(records, "association"),
                g.query(records, "event"), {}, g.query(records, "organization"))


def relations(g: Graph) -> dict[tuple[str, str], list[str]]:
    """The side tables (`link.relate`), from each record's entries: not made again after an
    edit that changes no record's entries."""
    from generator.corpus.link import RELATION_KINDS, merged_relations

    return merged_relations((entry for kind in RELATION_KINDS for entity_id in ids(g, kind)
                             for entry in g.query(record_relations, kind, entity_id)),
                            {kind: frozenset(ids(g, kind)) for kind in RELATION_KINDS})


def record_relations(g: Graph, kind: str, entity_id: str) -> tuple[tuple[str, str, str], ...]:
    from generator.corpus import link

    return link.record_relations(kind, entity_id, g.query(fields, kind, entity_id),
                                 g.query(municipality_of, kind, entity_id))


def related_ids(g: Graph, relation: str, key: str | None) -> tuple[str, ...]:
    """One side table's ids for one key (`("org_practices", "penza-tsko")` → practice ids)."""
    if not key:
        return ()
    return g.query(relation_entry, relation, key)


@transient
def relation_entry(g: Graph, relation: str, key: str) -> tuple[str, ...]:
    """A query of its own: the side tables change with every edit, one key's ids seldom."""
    return tuple(g.query(relations).get((relation, key), ()))


@transient
def title(g: Graph, kind: str, entity_id: str | None) -> str | None:
    """The title links and lists show; None for an unknown id."""
    if not entity_id:
        return None
    if kind == "municipality":
        item = vocabularies(g).municipalities.get(entity_id)
        return item.title if item else None
    entity = g.query(fields, kind, entity_id)
    return entity.display_title if entity is not None else None


@transient
def municipality_of(g: Graph, kind: str, entity_id: str) -> str | None:
    """A record's own municipality, else that of its organisation (or organiser)."""
    entity = g.query(fields, kind, entity_id)
    if entity is None:
        return None
    own = entity.__dict__  # not getattr: a missing field costs pydantic an exception
    if own.get("municipality"):
        return own["municipality"]
    host = own.get("organization") or own.get("organizer")
    if not host:
        return None
    if g.query(fields, "organization", host) is not None:
        return g.query(municipality_of, "organization", host)
    if g.query(fields, "association", host) is not None:
        return g.query(municipality_of, "association", host)
    return None
