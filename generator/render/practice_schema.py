"""schema.org `LearningResource` data for a practice page (serialised by the plugin, like events').

LRMI's properties, as OER Commons and search engines read them: the levels are
`educationalLevel`, subjects and topics `about`, the practice type `learningResourceType`. Only
authors who consented are named (`shown`); dates come from the site's history, else `added`.
Plain dicts of record values: escaping happens once, in `sanitize.json_ld_script`.
"""

from __future__ import annotations

from generator.build.incremental import Graph
from generator.corpus import lookup
from generator.render.urls import entity_url


def practice_data_query(g: Graph, practice_id: str) -> dict:
    p = g.query(lookup.fields, "practice", practice_id)
    vocab, dates = lookup.vocabularies(g), lookup.dates(g, "practice", practice_id)
    data: dict = {
        "@context": "https://schema.org",
        "@type": "LearningResource",
        "name": p.title,
        "description": p.summary,
        "inLanguage": "ru",
        # the level's full name («Основное общее образование»), not its abbreviation
        "educationalLevel": [_full_name(vocab["levels"], v) for v in p.levels],
        "about": [vocab["subjects"].label(v) for v in p.subjects] + [vocab["topics"].label(v) for v in p.topics],
        "learningResourceType": vocab["practice_types"].label(p.type),
        "author": [{"@type": "Person", "name": " ".join(a.name.split())} for a in p.authors if a.shown],
    }
    url = lookup.publishing(g).absolute(entity_url("practice", practice_id))
    if url is not None:
        data["url"] = url
    created = dates.created or p.added
    if created is not None:
        data["dateCreated"] = created.isoformat()
    if dates.changed is not None:
        data["dateModified"] = dates.changed.isoformat()
    organization = g.query(lookup.title, "organization", p.organization)
    if organization is not None:
        data["sourceOrganization"] = {"@type": "Organization", "name": organization}
    licenses = sorted({m.license for m in p.materials if m.license})
    if licenses:
        data["license"] = licenses[0] if len(licenses) == 1 else licenses
    if p.tags:
        data["keywords"] = ", ".join(p.tags)
    return data


def _full_name(vocabulary, value: str) -> str:
    entry = vocabulary.by_id.get(value)
    return (entry.title or entry.label) if entry is not None else value
