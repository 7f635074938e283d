"""«Контакты»: how to reach the service, its people and who looks after what.

Pages:
- `contacts/`: organisations with public contacts (address, phone, e-mail, hours), their
  departments and people, by municipality; who looks after each subject and level;
- `people/`: the register of the service's people by role (methodists, mentors, young teachers…);
- `people/<id>/`: one person: what they look after, contacts, consultations, answers, tasks.

Only people with `public: true` are in the Site: a page here cannot show anyone else. The
«Кто курирует» block of subject and level pages elsewhere is made by `curator_rows`.
"""

from __future__ import annotations

from generator.build.incremental import Graph
from generator.build.outputs import Page
from generator.corpus import lookup
from generator.derive import contacts, queries
from generator.derive.queries import title_sort_key
from generator.models.person import PERSON_ROLES
from generator.render import env
from generator.render.urls import page_uri

CONTACTS = "contacts/index.md"
PEOPLE = "people/index.md"


def plan(g: Graph) -> list[tuple]:
    keys: list[tuple] = [(contacts_page,), (people_index,)]
    keys += [(person_page, i) for i in lookup.ids(g, "person")]
    return keys


def curator_rows(g: Graph, facet: str, value: str) -> list[tuple[str | None, list]]:
    """«Кто курирует» a subject or level: [(municipality id or None, people's fields)]."""
    rows = g.query(contacts.curators, facet, value).rows
    return [(m, [g.query(lookup.fields, "person", i) for i in ids]) for m, ids in rows]


def _looked_after(g: Graph, facet: str) -> list[tuple[str, list]]:
    """[(value id, curator rows)] of every value of a vocabulary that someone looks after."""
    name = {"subjects": "subjects", "levels": "levels"}[facet]
    table = g.query(contacts.looked_after, facet)
    return [(e.id, curator_rows(g, facet, e.id)) for e in lookup.vocabularies(g)[name].entries if e.id in table]


def contacts_page(g: Graph) -> Page:
    directory = []
    for municipality, org_ids in g.query(contacts.contact_directory):
        orgs = [(g.query(lookup.fields, "organization", i), staff_view(g, i)) for i in org_ids]
        directory.append((municipality, orgs))
    return env.page(g, "contacts.md.j2", CONTACTS, "Контакты", "Как связаться с методической службой: адреса, "
                    "телефоны, почта, часы приёма и специалисты, которые курируют предметы",
                    directory=directory, subjects=_looked_after(g, "subjects"), levels=_looked_after(g, "levels"),
                    total=len(lookup.ids(g, "person")))


def staff_view(g: Graph, org_id: str):
    """(departments with their head and people as fields, other people as fields)."""
    found = g.query(contacts.staff, org_id)
    person = lambda i: g.query(lookup.fields, "person", i)  # noqa: E731
    departments = [(d, person(d.head) if d.head else None, [person(i) for i in d.people]) for d in found.departments]
    return departments, [person(i) for i in found.others]


def roles_of(person) -> str:
    return ", ".join(PERSON_ROLES.label(r) for r in person.roles)


def people_index(g: Graph) -> Page:
    people = sorted(g.query(lookup.records, "person").values(), key=title_sort_key)
    groups = [(e.label, [p for p in people if e.id in p.roles]) for e in PERSON_ROLES.entries]
    groups = [(label, items) for label, items in groups if items]
    others = [p for p in people if not p.roles]
    if others:
        groups.append(("другие специалисты", others))
    return env.page(g, "people_index.md.j2", PEOPLE, "Специалисты", "Методисты, руководители, наставники и молодые "
                    "педагоги, согласившиеся, чтобы их контакты были на сайте", groups=groups, total=len(people))


def person_page(g: Graph, person_id: str) -> Page:
    p = lookup.record(g, "person", person_id)
    related = lambda name: lookup.related_ids(g, name, person_id)  # noqa: E731
    places = [m for m in g.query(contacts.person_places, person_id) if m]
    from generator.render.office import tasks_of

    tasks = [(g.query(lookup.fields, "program", program_id), row)
             for program_id, row in g.query(tasks_of, "person", person_id)]
    return env.page(g, "person.md.j2", page_uri("person", person_id), p.title, p.summary, p=p, roles=roles_of(p),
                    places=places, consultations=queries.titled(g, "consultation", related("person_consultations")),
                    questions=queries.titled(g, "question", related("person_questions")), tasks=tasks,
                    record=("person", person_id))

