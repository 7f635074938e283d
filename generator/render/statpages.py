"""The statistics section: one page per table with its chart, CSV and JSON; the program
indicators; a data-quality page; an index with the freshness of the site.

URIs: `stats/index.md`, `stats/<id>.md`, `stats/<id>.csv|json|svg`, `stats/data-quality.md`,
`stats/program-indicators.md`. Each is a query of the build graph, and so is each table.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from json.encoder import encode_basestring

from generator.build.incremental import Graph
from generator.build.outputs import File, Page
from generator.corpus import lookup
from generator.derive.stats import StatTable, cell_figure
from generator.derive.stattable import Row
from generator.derive.statqueries import definitions, stat_table
from generator.derive.statsite import Freshness, indicator_years, percent_one_place
from generator.render import charts, csvcells, env


def plan(g: Graph) -> list[tuple]:
    """Every output of this module, in the order a full build makes them."""
    own, builtin = g.query(definitions)
    tables = own + builtin
    keys: list[tuple] = [(table_page, d.id) for d in tables]
    keys += [(index_page,), (quality_page,), (indicators_page,)]
    for d in tables:
        keys += [(table_file, d.id, "csv"), (table_file, d.id, "json")] + ([(table_file, d.id, "svg")] if d.chart else [])
    return keys


def table_page(g: Graph, table_id: str) -> Page:
    table = g.query(stat_table, table_id)
    return env.page(g, "stats_table.md.j2", f"stats/{table.id}.md", table.definition.title,
                    table.definition.description or None, t=table, alt=table_text(table))


def table_file(g: Graph, table_id: str, kind: str) -> File:
    table = g.query(stat_table, table_id)
    if kind == "csv":
        text = table_csv(table, lambda n: g.query(row_csv, table_id, n))
    elif kind == "json":
        text = table_json(table, lambda n: g.query(row_members_json, table_id, n))
    else:
        text = table_chart(table)
    return File(f"stats/{table.id}.{kind}", text)


# A row's text is a query of its own: a title edit names anew the members of every built-in
# table, and their files listed 80,000 names at 10,000 practices, all but one as before (0.24 s
# of the preview's rebuild when each file was written whole).

def stat_row(g: Graph, table_id: str, n: int) -> Row:
    """Row n of a table's rows and then its missing rows. Its members are the same objects while
    their records are (`statqueries.stat_member`), so comparing an unchanged row is cheap."""
    return _all_rows(g.query(stat_table, table_id))[n]


def stat_denominator(g: Graph, table_id: str) -> object:
    return g.query(stat_table, table_id).denominator


def row_csv(g: Graph, table_id: str, n: int) -> str:
    return _row_line(g.query(stat_row, table_id, n), g.query(stat_denominator, table_id))


def row_members_json(g: Graph, table_id: str, n: int) -> str:
    return _members_json(g.query(stat_row, table_id, n).members)


def index_page(g: Graph) -> Page:
    own, builtin = g.query(definitions)
    own_tables = [g.query(stat_table, d.id) for d in own]
    return env.page(g, "stats_index.md.j2", "stats/index.md", "Статистика", None, own=own_tables,
                    builtin=[g.query(stat_table, d.id) for d in builtin], fresh=g.query(fresh),
                    problems=sum(bool(t.quality()) for t in own_tables))


def fresh(g: Graph) -> Freshness:
    return Freshness(*g.input("freshness"), lookup.today(g), lookup.config(g).update_days)


def quality_page(g: Graph) -> Page:
    own, builtin = g.query(definitions)
    tables = [g.query(stat_table, d.id) for d in own + builtin]
    return env.page(g, "stats_quality.md.j2", "stats/data-quality.md", "Качество данных", None,
                    tables=[t for t in tables if t.quality()])


def indicators_page(g: Graph) -> Page:
    return env.page(g, "stats_indicators.md.j2", "stats/program-indicators.md", "Выполнение целевых показателей",
                    None, rows=indicator_years(g.query(lookup.site), _computed_actuals(g)), one_place=percent_one_place)


def _computed_actuals(g: Graph) -> dict:
    """Actuals a program indicator takes from the site's own data (its `source`)."""
    from generator.derive.results import computed_actuals

    return {i: g.query(computed_actuals, i) for i in lookup.ids(g, "program")}


def _all_rows(table: StatTable):
    return table.rows + table.missing


def table_text(table: StatTable) -> str:
    """The table as one line of text: the chart's alternative for screen readers."""
    if table.periods:
        return "; ".join(f"{c.label}: " + " → ".join(c.figures) for c in table.changes) + "."
    if table.measures:
        return "; ".join(f"{m.label} — {m.text}" for m in table.measures) + "."
    if table.columns:
        return "; ".join(f"{r.label}: " + ", ".join(f"{c} {n}" for (_, c), n in zip(table.columns, cells))
                         for r, cells in zip(table.rows, table.matrix))
    return "; ".join(f"{r.label} — {r.figure}" for r in _all_rows(table)) + \
        f". Знаменатель: {table.denominator}."


def table_chart(table: StatTable) -> str:
    title = table.definition.title
    if table.columns and len(table.columns) <= 6:
        width = max(720, 70 * len(table.rows) + 80)
        return charts.grouped_bar_chart(title, [r.label for r in table.rows],
                                        [(label, [float(cells[i]) for cells in table.matrix])
                                         for i, (_, label) in enumerate(table.columns)], width=width)
    if table.measures:
        return charts.bar_chart(title, [(m.label, float(m.value or 0)) for m in table.measures])
    return charts.bar_chart(title, [(r.label, float(r.count)) for r in _all_rows(table)])


def table_csv(table: StatTable, line: Callable[[int], str] | None = None) -> str:
    """Comma-separated, one row per level (value); percentages as printed («35,3»). `line(n)`:
    the text of row n of the rows and missing rows (a query in a build)."""
    out = io.StringIO()
    writer = csvcells.Writer(out, lineterminator="\n")
    if table.columns:
        writer.writerow(["", *[label for _, label in table.columns], "итого"])
        for row, cells, shares in zip(table.rows, table.matrix, table.shares):
            writer.writerow([row.label, *[cell_figure(n, p) for n, p in zip(cells, shares)], row.count])
        if table.definition.shares:
            writer.writerow(["итого", *table.column_totals, sum(table.column_totals)])
        return out.getvalue()
    if table.periods:
        writer.writerow(["показатель", *[label for label, _ in table.periods], "изменение", "изменение доли"])
        for c in table.changes:
            writer.writerow([c.label, *c.figures, c.change, c.points])
        for m in table.moves:
            writer.writerow([f"переход: {m.member.name}", m.before, *[""] * (len(table.periods) - 2), m.after, "", ""])
        return out.getvalue()
    if table.measures:
        writer.writerow(["показатель", "мера", "значение", "считается по", "учтено записей", "не учтены"])
        for m in table.measures:
            writer.writerow([m.label, m.kind, m.text, m.basis, m.count, "; ".join(x.name for x in m.excluded)])
        return out.getvalue()
    writer.writerow(["показатель", "правило", "число", "доля, %", "знаменатель", "состав"])
    rows = _all_rows(table)
    line = line or (lambda n: _row_line(rows[n], table.denominator))
    return out.getvalue() + "".join(line(n) for n in range(len(rows)))


def _row_line(row: Row, denominator) -> str:
    """One row of a table's CSV, as the table's writer writes it."""
    out = io.StringIO()
    csvcells.Writer(out, lineterminator="\n").writerow(
        [row.label, row.rule, row.count, row.percent, denominator, "; ".join([m.name for m in row.members])])
    return out.getvalue()


def table_json(table: StatTable, members: Callable[[int], str] | None = None) -> str:
    """The table as JSON, indented. Member lists (10,000 names in a bank's built-in tables) are
    written apart and put in place, byte for byte what `json.dumps` would write: its indented
    form runs in Python, and took 0.1 s a table at 10,000 practices for the members alone.
    `members(n)`: the list of row n of the rows and missing rows (a query in a build)."""
    d = table.definition
    lists: list[str] = []
    members = members or (lambda n: _members_json(_all_rows(table)[n].members))

    def row(r):
        lists.append(members(len(lists)))
        return {"key": r.key, "label": r.label, "rule": r.rule, "count": r.count, "percent": r.percent,
                "figure": r.figure, "members": f"\x00{len(lists) - 1}\x00"}

    data = {
        "id": d.id, "title": d.title, "content": d.content, "mode": d.mode, "fields": list(d.fields),
        "total": table.total,
        "denominator": {"value": table.denominator, "rule": table.denominator_text},
        "rows": [row(r) for r in table.rows], "missing": [row(r) for r in table.missing],
        "published": [{"key": c.key, "label": c.label, "published": c.published.text,
                       "computed": c.computed, "differences": list(c.differences)} for c in table.comparisons],
        "quality": table.quality(),
    }
    if table.periods:
        data["periods"] = [{"label": label, "denominator": p.denominator, "total": p.total} for label, p in table.periods]
        data["changes"] = [{"key": c.key, "label": c.label, "figures": list(c.figures), "change": c.change,
                            "points": c.points} for c in table.changes]
        data["moves"] = [{"id": m.member.id, "name": m.member.name, "before": m.before, "after": m.after}
                         for m in table.moves]
    if table.measures:
        data["measures"] = [{"key": m.key, "label": m.label, "kind": m.kind, "basis": m.basis,
                             "value": None if m.value is None else _json_number(m.value), "text": m.text,
                             "count": m.count, "detail": m.detail,
                             "members": [x.id for x in m.members], "excluded": [x.id for x in m.excluded]}
                            for m in table.measures]
    if table.columns:
        data["columns"] = [{"key": k, "label": label} for k, label in table.columns]
        data["matrix"] = [list(cells) for cells in table.matrix]
        if table.definition.shares:
            data["shares"] = {"of": table.definition.shares, "cells": [list(p) for p in table.shares],
                              "column_totals": list(table.column_totals)}
        if table.definition.list_members:
            data["cell_members"] = [[[m.id for m in names] for names in cells] for cells in table.cell_members]
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _PLACE.sub(lambda m: '"members": ' + lists[int(m.group(1))], text) + "\n"


def _json_number(value) -> str:
    """A measure's exact value for machines: a point decimal string, at most 6 places («0.769231»)."""
    return format(value.quantize(Decimal("0.000001"), ROUND_HALF_UP).normalize(), "f")


#: Where `table_json` puts a row's member list: the placeholder string as `json.dumps` writes it.
_PLACE = re.compile(r'"members": "\\u0000(\d+)\\u0000"')
_MEMBER_PAD = " " * 8  # a member of a row of a list of the table: the fourth level, two spaces each


def _members_json(members) -> str:
    if not members:
        return "[]"
    items = ",\n".join([_member_json(m.id, m.name) for m in members])
    return f"[\n{items}\n{_MEMBER_PAD[:-2]}]"


def _member_json(member_id: str, name: str) -> str:
    """One member as `json.dumps(..., indent=2)` writes it in a row's list."""
    pad = _MEMBER_PAD
    return f'{pad}{{\n{pad}  "id": {encode_basestring(member_id)},\n{pad}  "name": {encode_basestring(name)}\n{pad}}}'
