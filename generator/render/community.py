"""The associations' communities and members: where teachers talk, and who takes part.

- `associations/soobshchestva/`: every forum, chat, group or channel of an association, with the
  association, its subjects, level and municipality (a bare `community_url` counts as one);
- an association's page lists its members by name where they agreed (`members_view`).
"""

from __future__ import annotations

import dataclasses

from generator.build.incremental import Graph
from generator.build.outputs import Page
from generator.corpus import lookup
from generator.derive.queries import title_sort_key
from generator.models.association import COMMUNITY_KINDS, Association
from generator.render import env

DIRECTORY = "associations/soobshchestva.md"
#: What a bare `community_url` is called.
PLAIN = "сообщество"


@dataclasses.dataclass(frozen=True)
class CommunityRow:
    association: str
    kind: str  # its label
    url: str
    title: str | None


def communities_of(a: Association) -> list[CommunityRow]:
    rows = [CommunityRow(a.id, COMMUNITY_KINDS.label(c.kind), c.url, c.title) for c in a.communities]
    if a.community_url and a.community_url not in {c.url for c in a.communities}:
        rows.insert(0, CommunityRow(a.id, PLAIN, a.community_url, None))
    return rows


def directory_rows(g: Graph) -> tuple[CommunityRow, ...]:
    """Every community, by the association's title, then in the order the association lists them."""
    associations = sorted(g.query(lookup.records, "association").values(), key=title_sort_key)
    return tuple(row for a in associations for row in communities_of(a))


def plan(g: Graph) -> list[tuple]:
    return [(directory_page,)]


def directory_page(g: Graph) -> Page:
    rows = [(row, g.query(lookup.fields, "association", row.association)) for row in g.query(directory_rows)]
    municipalities = {a.id: g.query(lookup.municipality_of, "association", a.id) for _, a in rows}
    kinds = [e.label for e in COMMUNITY_KINDS.entries if any(r.kind == e.label for r, _ in rows)]
    if any(r.kind == PLAIN for r, _ in rows):
        kinds.append(PLAIN)
    return env.page(g, "communities.md.j2", DIRECTORY, "Сообщества объединений",
                    "Форумы, чаты и группы методических объединений и сетевых сообществ педагогов",
                    rows=rows, municipalities=municipalities, kinds=kinds)


@dataclasses.dataclass(frozen=True)
class Members:
    """What an association's page shows of its members: the published ones, and how many others."""

    #: ("person", person id) for a published person, ("name", member) for a named member who agreed.
    shown: tuple[tuple[str, object], ...]
    hidden: int


def members_view(g: Graph, a: Association) -> Members:
    shown, hidden = [], 0
    for member in a.members:
        if member.person and g.query(lookup.fields, "person", member.person) is not None:
            shown.append(("person", member.person))
        elif member.name and member.public and not member.person:
            shown.append(("name", member))
        else:
            hidden += 1
    return Members(tuple(shown), hidden)
