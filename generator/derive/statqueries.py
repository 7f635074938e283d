"""The statistics tables as queries of the build graph, and what `check` warns of them.

A table is made from one entry per record (what it reads of the record), so that a title edit
leaves its grouping alone and only names its members anew (`stat_table`). The warnings are read
from the same values (`statistics_warnings`), so that a preview's rebuild does not compute every
table again from the Site (0.4 s at 10,000 practices) for an edit no table reads.
"""

from __future__ import annotations

from generator.build.incremental import Graph
from generator.corpus import lookup
from generator.derive.stats import StatTable
from generator.derive.statsite import builtin_definitions
from generator.diagnostics import Diagnostic
from generator.source.statdefs import StatDef


def definitions(g: Graph) -> tuple[tuple[StatDef, ...], tuple[StatDef, ...]]:
    """(the site's own tables from data/statistics.yml, the built-in ones)."""
    own = tuple(g.input("statdefs") or ())
    return own, tuple(builtin_definitions(lookup.vocabularies(g), {d.id for d in own}))


def _definition(g: Graph, table_id: str) -> StatDef:
    own, builtin = g.query(definitions)
    return next(d for d in own + builtin if d.id == table_id)


def stat_entry(g: Graph, table_id: str, kind: str, entity_id: str):
    """One record as one table reads it (see `derive.stats.Entry`)."""
    from generator.derive.stats import entry_of, fields_read

    entity = g.query(lookup.fields, kind, entity_id)
    definition = g.query(_definition, table_id)
    return entry_of(entity, fields_read(definition), g.query(lookup.municipality_of, kind, entity_id),
                    lookup.vocabularies(g))


def stat_grouped(g: Graph, table_id: str):
    """A table's rows and counts with members as ids, after the tables whose levels it reads."""
    from generator.derive.stats import group

    definition = g.query(_definition, table_id)
    levels = {other: g.query(stat_grouped, other).table.assignments for other in definition.depends_on()}
    entries = [g.query(stat_entry, table_id, definition.content, i) for i in lookup.ids(g, definition.content)]
    return group(definition, entries, levels, lookup.vocabularies(g))


def stat_members(g: Graph, kind: str, names: str) -> dict:
    """Every record of a kind as a table's member, by id: one value for all tables of the kind
    (a title edit names it anew once, not once per table)."""
    return {i: g.query(stat_member, kind, names, i) for i in lookup.ids(g, kind)}


def stat_member(g: Graph, kind: str, names: str, entity_id: str):
    """One record as a member: the same object while the record is unchanged, so that a row's
    members compare at the cost of their identity (see `render.statpages.stat_row`)."""
    from generator.derive.stats import make_member

    return make_member(kind, g.query(lookup.fields, kind, entity_id), g.query(lookup.municipality_of, kind, entity_id),
                       names, lookup.vocabularies(g))


def stat_table(g: Graph, table_id: str) -> StatTable:
    """One table with its members named: an edit of a title changes this, not the grouping."""
    from generator.derive.stats import name

    grouped = g.query(stat_grouped, table_id)
    definition = grouped.table.definition
    return name(grouped, g.query(stat_members, definition.content, definition.names), lookup.vocabularies(g))


def statistics_warnings(g: Graph) -> tuple[Diagnostic, ...]:
    """What `corpus.statcheck` finds in the site's own tables, from the graph's entries."""
    from generator.corpus import statcheck

    own, _ = g.query(definitions)
    found: list[Diagnostic] = []
    for d in own:
        levels = {other: g.query(stat_grouped, other).table.assignments for other in d.depends_on()}
        entries = [g.query(stat_entry, d.id, d.content, i)
                   for i in lookup.ids(g, d.content)] if statcheck.reads_records(d) else []

        def name_of(entity_id: str, kind: str = d.content) -> str:
            return g.query(lookup.fields, kind, entity_id).display_title

        found += statcheck.table_warnings(d, entries, levels, g.query(stat_grouped, d.id).table, name_of)
    return tuple(found)
