"""Who to ask: the service's people by what they look after, and its contacts by municipality.

Only people who agreed to be published (`public: true`) are in the Site, so every table here is
made of them alone. A person looks after a subject (or level, or topic) in a municipality when
the subject is among theirs and the municipality is among their `municipalities` — or, when they
name none, is their organisation's municipality. Pure functions of a Site, and the same as
queries of the build graph (tests compare the two).
"""

from __future__ import annotations

import dataclasses

from generator.build.incremental import Graph
from generator.corpus import lookup
from generator.corpus.site import Site
from generator.derive.queries import title_sort_key
from generator.models import Specialist
from generator.models.organization import department_key

#: The fields a person looks after, by the facet key pages use for them.
LOOKS_AFTER = {"subjects": "subjects", "levels": "levels", "topics": "topics"}


@dataclasses.dataclass(frozen=True)
class Curators:
    """The people who look after one value (a subject, a level), municipality by municipality."""

    #: (municipality id, person ids by name); municipalities in the order of the data file, then
    #: `None` for people whose organisation has no municipality.
    rows: tuple[tuple[str | None, tuple[str, ...]], ...]

    @property
    def people(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i for _, ids in self.rows for i in ids))


def covered(person: Specialist, own_municipality: str | None) -> tuple[str | None, ...]:
    """The municipalities a person looks after: named, else that of their organisation."""
    return person.municipalities or (own_municipality,)


def curators_of(site: Site, facet: str, value: str) -> Curators:
    """Who looks after `value` of `facet` ("subjects", "levels", "topics"), by municipality."""
    people = sorted((p for p in site.people.values() if value in getattr(p, LOOKS_AFTER[facet])), key=title_sort_key)
    return _by_municipality([(p.id, covered(p, site.municipality_of(p))) for p in people],
                            list(site.vocabularies.municipalities))


def _by_municipality(people: list[tuple[str, tuple]], order: list[str]) -> Curators:
    table: dict[str | None, list[str]] = {}
    for person_id, places in people:
        for place in places:
            table.setdefault(place, []).append(person_id)
    keys = [m for m in order if m in table] + ([None] if None in table else [])
    return Curators(tuple((m, tuple(table[m])) for m in keys))


@dataclasses.dataclass(frozen=True)
class Department:
    """A department as the contacts show it: its fields and the published people in it."""

    title: str
    summary: str | None
    head: str | None  # a published person's id, else None
    email: str | None
    phone: str | None
    hours: str | None
    people: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Staff:
    """An organisation's departments and the published people outside any department."""

    departments: tuple[Department, ...]
    others: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.departments and not self.others


def staff_of(organization, people: list[Specialist], published) -> Staff:
    """Departments in the order written, each with its people by name; `published(id)` says
    whether a person id names a published person (a department head may not be)."""
    people = sorted(people, key=title_sort_key)
    keys = {department_key(d.title) for d in organization.departments}
    departments = tuple(
        Department(d.title, d.summary, d.head if d.head and published(d.head) else None, d.email, d.phone, d.hours,
                   tuple(p.id for p in people if p.department and p.id != d.head
                         and department_key(p.department) == department_key(d.title)))
        for d in organization.departments)
    heads = {d.head for d in organization.departments}
    others = tuple(p.id for p in people if not (p.department and department_key(p.department) in keys) and p.id not in heads)
    return Staff(departments, others)


# --- the same as queries of the build graph --------------------------------------------------

def person_places(g: Graph, person_id: str) -> tuple[str | None, ...]:
    person = g.query(lookup.fields, "person", person_id)
    return covered(person, g.query(lookup.municipality_of, "person", person_id))


def looked_after(g: Graph, facet: str) -> dict[str, tuple[str, ...]]:
    """value -> the published people who look after it, by name (one table per facet)."""
    table: dict[str, list] = {}
    for person in sorted(g.query(lookup.records, "person").values(), key=title_sort_key):
        for value in getattr(person, LOOKS_AFTER[facet]):
            table.setdefault(value, []).append(person.id)
    return {value: tuple(ids) for value, ids in table.items()}


def curators(g: Graph, facet: str, value: str) -> Curators:
    """What a subject's or level's page shows under «Кто курирует» (see `curators_of`)."""
    ids = g.query(looked_after, facet).get(value, ())
    return _by_municipality([(i, g.query(person_places, i)) for i in ids], list(lookup.vocabularies(g).municipalities))


def staff(g: Graph, org_id: str) -> Staff:
    organization = g.query(lookup.fields, "organization", org_id)
    people = [g.query(lookup.fields, "person", i) for i in lookup.related_ids(g, "org_people", org_id)]
    return staff_of(organization, people, lambda i: g.query(lookup.fields, "person", i) is not None)


def contact_directory(g: Graph) -> tuple[tuple[str | None, tuple[str, ...]], ...]:
    """The «Контакты» page: organisations with public contacts or people, by municipality
    (the data file's order; those without one last), each municipality's by title."""
    # the organisations and their people, not the whole site: a practice's edit leaves it alone
    organizations = g.query(lookup.records, "organization").values()
    shown = [o for o in organizations if o.has_contacts or lookup.related_ids(g, "org_people", o.id)]
    grouped: dict[str | None, list] = {}
    for org in sorted(shown, key=title_sort_key):
        grouped.setdefault(org.municipality, []).append(org.id)
    order = [m for m in lookup.vocabularies(g).municipalities if m in grouped] + ([None] if None in grouped else [])
    return tuple((m, tuple(grouped[m])) for m in order)
