"""Resolve references between records and freeze the corpus into a Site with side tables.

Relations (an organisation's practices, an association's events, …) are side tables built once
here; models are never mutated. Only published and archived records enter the Site; drafts are
validated and their references checked, but nothing downstream can see them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from pathlib import Path

from generator.corpus.site import Site
from generator.corpus.names import Names
from generator.diagnostics import Diagnostic
from generator.models import MODELS, Entity
from generator.models.labels import field_name
from generator.source.config import SiteConfig
from generator.source.frontmatter import SourceFile
from generator.source.vocabularies import Vocabularies
from generator.validate import line_of

#: (content type, field) -> content types the id may name. Dotted fields go inside lists.
REFERENCES: dict[tuple[str, str], tuple[str, ...]] = {
    ("practice", "organization"): ("organization",),
    ("practice", "replicated_in"): ("organization",),
    ("practice", "association"): ("association",),
    ("practice", "events"): ("event",),
    ("association", "organization"): ("organization",),
    ("event", "organizer"): ("organization", "association"),
    ("event", "associations"): ("association",),
    ("event", "practices"): ("practice",),
    ("program", "organization"): ("organization",),
    ("program", "actions.organizations"): ("organization",),
    ("program", "actions.people"): ("person",),
    ("organization", "parent"): ("organization",),
    ("organization", "departments.head"): ("person",),
    ("association", "members.person"): ("person",),
    ("event", "winners.person"): ("person",),
    ("person", "organization"): ("organization",),
    ("consultation", "hosts"): ("person",),
    ("consultation", "organization"): ("organization",),
    ("question", "answered_by"): ("person",),
    ("question", "organization"): ("organization",),
    ("question", "practices"): ("practice",),
    ("question", "associations"): ("association",),
}
_KIND_TITLES = {"practice": "практика", "association": "объединение", "event": "мероприятие",
                "program": "документ", "organization": "организация", "person": "специалист",
                "consultation": "консультация", "question": "вопрос"}
#: «… не найден(а, о)»: the participle agrees with the kind's gender.
_NOT_FOUND = {"practice": "не найдена", "association": "не найдено", "event": "не найдено",
              "program": "не найден", "organization": "не найдена", "person": "не найден",
              "consultation": "не найдена", "question": "не найден"}
_GENITIVE = {"organization": "организации", "association": "объединения"}
#: Kinds a published record may name although they are not published: a person who has not
#: agreed to be on the site is still the one responsible; pages just never show them (W208).
UNSHOWN_OK = frozenset({"person"})


@dataclasses.dataclass
class LinkMemory:
    """What `link` found in the previous run of a long-lived process (a preview), so that while
    the records' ids, files and visibility stay the same only the records that changed, and
    those with problems (whose hints read every title), are checked again. At 10,000 practices
    checking every reference took 0.3 s of each rebuild. Lives on the session's RecordMemory."""

    universe: tuple | None = None
    #: (kind, id) -> the record as checked, and the problems of its references.
    checked: dict = dataclasses.field(default_factory=dict)


def _universe(records: list[tuple[SourceFile, Entity]], failed: tuple[SourceFile, ...]) -> tuple:
    """What a record's reference problems read of the other records: which ids exist, of which
    kind, in which file, published or not (and which files failed)."""
    return (tuple((source.kind, source.rel, entity.id, entity.visible) for source, entity in records),
            tuple((source.kind, source.rel, source.id) for source in failed))


def link(records: list[tuple[SourceFile, Entity]], root: Path, config: SiteConfig,
         vocabularies: Vocabularies, build_date: dt.date,
         failed: tuple[SourceFile, ...] = (), memory: LinkMemory | None = None) -> tuple[Site, list[Diagnostic]]:
    """`failed`: the files whose fields have errors. Their ids exist (a reference to one is not
    «not found»: its own errors are reported) and the ids they name are checked as well.
    `memory`: the previous run's findings (see `LinkMemory`); the answer is the same without."""
    universe = _universe(records, failed) if memory is not None else None
    known = memory.checked if memory is not None and memory.universe == universe else {}
    checked: dict = {}
    problems: list[Diagnostic] = []
    everything: dict[str, dict[str, tuple[SourceFile, Entity]]] = defaultdict(dict)
    for source, entity in records:
        seen = everything[source.kind].get(entity.id)
        # `organizer` names an organisation or an association: one id may not be both
        other = {"organization": "association", "association": "organization"}.get(source.kind)
        seen = seen or (everything[other].get(entity.id) if other else None)
        if seen:
            problems.append(Diagnostic(source.rel, 0, 0, "E201",
                                       f"id «{entity.id}» уже занят: {_KIND_TITLES[seen[0].kind]} "
                                       f"с таким именем файла есть в {seen[0].rel}",
                                       value=entity.id, allowed="у каждой организации и объединения свой id",
                                       hint="переименуйте один из файлов"))
            continue
        everything[source.kind][entity.id] = (source, entity)
    names = Names(records)
    unchecked: dict[str, set[str]] = defaultdict(set)
    for source in failed:
        unchecked[source.kind].add(source.id)
    for kind, entries in everything.items():
        for source, entity in entries.values():
            before = known.get((kind, entity.id))
            if before is not None and before[0] is entity and not before[1]:
                found = []  # the same record among the same others, and it had no problems
            else:
                named = [(field, path, target) for field, _ in _REFERENCES_OF.get(kind, ())
                         for path, target in _values(entity, field)]
                found = _check_references(kind, source, named, entity.visible, everything, unchecked, names)
            checked[(kind, entity.id)] = (entity, found)
            problems.extend(found)
    for source in failed:  # only what exists can be told: visibility needs the valid record
        problems.extend(_check_references(source.kind, source, source.references, False, everything,
                                          unchecked, names))

    if memory is not None:
        memory.universe, memory.checked = universe, checked
    visible = {kind: {i: e for i, (_, e) in entries.items() if e.visible}
               for kind, entries in everything.items()}
    site = Site(root, config, vocabularies, build_date,
                visible.get("practice", {}), visible.get("association", {}), visible.get("event", {}),
                visible.get("program", {}), visible.get("organization", {}), visible.get("person", {}),
                visible.get("consultation", {}), visible.get("question", {}))
    return site, problems


#: content type -> [(field, content types its ids may name)]
_REFERENCES_OF: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    kind: [(field, targets) for (owner, field), targets in REFERENCES.items() if owner == kind]
    for kind in dict.fromkeys(owner for owner, _ in REFERENCES)}


def _values(entity: Entity, field: str) -> list[tuple[tuple, str]]:
    """(key path, id) of every id a field holds; `members.person` reads `person` of each member."""
    name, _, inner = field.partition(".")
    value = entity.__dict__.get(name)  # not getattr: a missing field costs pydantic an exception
    if value is None:
        return []
    if inner:
        return [((name, index) + path, item) for index, part in enumerate(value)
                for path, item in _values(part, inner)]
    if isinstance(value, tuple):
        return [((name, index), item) for index, item in enumerate(value)]
    return [((name,), value)]


def _check_references(kind: str, source: SourceFile, named: list[tuple[str, tuple, str]], visible: bool,
                      everything: dict, unchecked: dict[str, set[str]], names: Names) -> list[Diagnostic]:
    """`named`: (field, key path, id) of every id the record names; `visible`: whether the record
    is published (a published record may not name a draft)."""
    problems = []
    targets_of = dict(_REFERENCES_OF.get(kind, ()))
    for field, path, target_id in named:
        targets = targets_of[field]
        hits = [everything[t][target_id] for t in targets if target_id in everything.get(t, {})]
        if not hits and any(target_id in unchecked.get(t, ()) for t in targets):
            continue  # that file has errors of its own, reported at it
        if not hits:
            problems.append(_missing(source, path, target_id, targets, names))
        elif visible and not any(target.visible for _, target in hits) and set(targets) <= UNSHOWN_OK:
            line, column = line_of(source, path)
            problems.append(Diagnostic(source.rel, line, column, "W208",
                                       f"специалист «{target_id}» не публикуется: на сайте его имя не появится",
                                       value=target_id, severity="warning",
                                       allowed="id специалиста с public: true",
                                       hint=f"если человек согласен, добавьте public: true в {hits[0][0].rel}"))
        elif visible and not any(target.visible for _, target in hits):
            line, column = line_of(source, path)
            problems.append(Diagnostic(source.rel, line, column, "E203",
                                       f"поле {field_name(MODELS[source.kind], path)}: "
                                       f"ссылка на неопубликованную запись «{target_id}»",
                                       value=target_id, allowed="id опубликованной записи",
                                       hint=f"опубликуйте {hits[0][0].rel} или уберите ссылку"))
    return problems


def _missing(source: SourceFile, path: tuple, target_id: str, targets: tuple[str, ...], names: Names) -> Diagnostic:
    """E202 in words that agree: «организация … не найдена», «объединение … не найдено»."""
    guess = names.meant(target_id, targets)
    what = " или ".join(_KIND_TITLES[t] for t in targets)
    message = (f"нет ни {', ни '.join(_GENITIVE[t] for t in targets)} с id «{target_id}»" if len(targets) > 1
               else f"{what} с id «{target_id}» {_NOT_FOUND[targets[0]]}")
    message = f"поле {field_name(MODELS[source.kind], path)}: {message}"
    line, column = line_of(source, path)  # only now: positions are unpacked on demand
    return Diagnostic(source.rel, line, column, "E202", message,
                      value=target_id, allowed=f"id существующего файла ({what})",
                      hint=f"возможно, «{guess}»" if guess else "проверьте имя файла, на который ссылаетесь")


#: The kinds in the order their records add to the side tables (a list keeps that order).
RELATION_KINDS = ("organization", "practice", "association", "event", "program", "person", "consultation", "question")

#: relation -> the kind of the ids it lists.
TARGET_KIND = {"org_children": "organization", "municipality_orgs": "organization",
               "org_practices": "practice", "org_replicated": "practice",
               "association_practices": "practice", "municipality_practices": "practice",
               "practice_events": "event", "event_practices": "practice",
               "subject_practices": "practice", "topic_practices": "practice",
               "org_associations": "association", "municipality_associations": "association",
               "org_events": "event", "association_events": "event", "municipality_events": "event",
               "org_programs": "program", "municipality_programs": "program",
               "org_people": "person", "org_consultations": "consultation",
               "person_consultations": "consultation", "person_questions": "question",
               "practice_questions": "question", "association_questions": "question"}


def relate(site: Site) -> dict[tuple[str, str], list[str]]:
    """Side tables of the published corpus; each list keeps source order and has no repeats."""
    return merged_relations(
        (entry for kind in RELATION_KINDS for entity_id, entity in site.by_kind(kind).items()
         for entry in record_relations(kind, entity_id, entity, site.municipality_of(entity))),
        {kind: site.by_kind(kind) for kind in RELATION_KINDS})


def merged_relations(entries, published: dict) -> dict[tuple[str, str], list[str]]:
    """The side tables from every record's `record_relations`, in the kinds' order; `published`:
    kind -> the ids published (a draft named by a published record must not leak through a
    relation)."""
    table: dict[tuple[str, str], dict[str, None]] = defaultdict(dict)
    for relation, key, value in entries:
        table[(relation, key)][value] = None
    return {key: [i for i in values if i in published[TARGET_KIND[key[0]]]] for key, values in table.items()}


def record_relations(kind: str, entity_id: str, entity: Entity, municipality: str | None) -> tuple[tuple[str, str, str], ...]:
    """(relation, key, id) of every entry one record adds to the side tables, in order: a build
    keeps them per record, so that an edit that changes none of them (a title) leaves the side
    tables as they were (remaking them took 0.15 s of a preview's rebuild at 10,000 practices)."""
    found: list[tuple[str, str, str]] = []

    def add(relation: str, key: str | None, value: str) -> None:
        if key:
            found.append((relation, key, value))

    def linked(practice_id: str, event_id: str) -> None:
        """A practice and an event that name each other (either side may name the other)."""
        add("practice_events", practice_id, event_id)
        add("event_practices", event_id, practice_id)

    if kind == "organization":
        add("org_children", entity.parent, entity_id)
        add("municipality_orgs", entity.municipality, entity_id)
    elif kind == "practice":
        add("org_practices", entity.organization, entity_id)
        for org_id in entity.replicated_in:
            add("org_replicated", org_id, entity_id)
        add("association_practices", entity.association, entity_id)
        add("municipality_practices", municipality, entity_id)
        for subject in entity.subjects:
            add("subject_practices", subject, entity_id)
        for topic in entity.topics:
            add("topic_practices", topic, entity_id)
        for event_id in entity.events:
            linked(entity_id, event_id)
    elif kind == "association":
        add("org_associations", entity.organization, entity_id)
        add("municipality_associations", municipality, entity_id)
    elif kind == "event":
        add("org_events", entity.organizer, entity_id)
        add("association_events", entity.organizer, entity_id)
        for assoc_id in entity.associations:
            add("association_events", assoc_id, entity_id)
        for practice_id in entity.practices:
            linked(practice_id, entity_id)
        add("municipality_events", municipality, entity_id)
    elif kind == "program":
        add("org_programs", entity.organization, entity_id)
        add("municipality_programs", municipality, entity_id)
    elif kind == "person":
        add("org_people", entity.organization, entity_id)
    elif kind == "consultation":
        add("org_consultations", entity.organization, entity_id)
        for person_id in entity.hosts:
            add("person_consultations", person_id, entity_id)
    elif kind == "question":
        add("person_questions", entity.answered_by, entity_id)
        for practice_id in entity.practices:
            add("practice_questions", practice_id, entity_id)
        for assoc_id in entity.associations:
            add("association_questions", assoc_id, entity_id)
    return tuple(found)
