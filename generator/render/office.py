"""What an organisation's page shows of the methodological office: its departments and people,
consultations, the winners it sent, and the roadmap tasks it is responsible for."""

from __future__ import annotations

from generator.build.incremental import Graph
from generator.corpus import lookup
from generator.derive import queries, results
from generator.derive.programs import action_rows
from generator.render.contacts import staff_view


def responsible(g: Graph) -> dict[tuple[str, str], tuple[tuple[str, object], ...]]:
    """(kind, id) of a responsible organisation or person -> (program id, task row) of its
    roadmap tasks, in source order: one table for every page that lists them."""
    found: dict[tuple[str, str], list] = {}
    for program in g.query(lookup.records, "program").values():
        for row in action_rows(program, lookup.today(g)):
            for kind, ids in (("organization", row.action.organizations), ("person", row.action.people)):
                for entity_id in dict.fromkeys(ids):
                    found.setdefault((kind, entity_id), []).append((program.id, row))
    return {key: tuple(rows) for key, rows in found.items()}


def tasks_of(g: Graph, kind: str, entity_id: str) -> tuple[tuple[str, object], ...]:
    return g.query(responsible).get((kind, entity_id), ())


def organization_view(g: Graph, org_id: str) -> dict:
    departments, others = staff_view(g, org_id)
    winners = [(g.query(lookup.fields, "event", event_id), index)
               for event_id, index in g.query(results.org_winners).get(org_id, ())]
    return dict(departments=departments, staff=others,
                consultations=queries.titled(g, "consultation", lookup.related_ids(g, "org_consultations", org_id)),
                winners=[(e, e.winners[index]) for e, index in winners],
                tasks=[(g.query(lookup.fields, "program", p), row) for p, row in g.query(tasks_of, "organization", org_id)])
