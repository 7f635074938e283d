"""The statistics section: one page per table with its chart, CSV and JSON; the program
indicators; a data-quality page; an index with the freshness of the site.

URIs: `stats/index.md`, `stats/<id>.md`, `stats/<id>.csv|json|svg`, `stats/data-quality.md`,
`stats/program-indicators.md`. Everything is recomputed from the Site on every build.
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING

from generator.build.outputs import Outputs
from generator.corpus.site import Site
from generator.render import csvcells, charts
from generator.render import legacy as render
from generator.source.statdefs import StatDef, load_definitions

if TYPE_CHECKING:
    from generator.derive.stats import StatTable
from generator.derive.statsite import (
    builtin_definitions,
    freshness,
    indicator_years,
    percent_one_place,
)


def definitions(site: Site) -> tuple[list[StatDef], list[StatDef]]:
    """(the site's own tables from data/statistics.yml, the built-in ones)."""
    own, problems = load_definitions(site.root, site.vocabularies)
    if any(p.severity == "error" for p in problems):  # `check` reports them; generate never gets here
        raise ValueError("statistics definitions have errors")
    return own, builtin_definitions(site, {d.id for d in own})


def outputs(site: Site) -> Outputs:
    own, builtin = definitions(site)
    from generator.derive.stats import (
        compute_all,  # pandas: imported by builds only, `check` stays quick
    )

    tables = compute_all(site, own + builtin)
    result = Outputs()
    renderer = render.Renderer(site)
    for table in tables.values():
        uri = f"stats/{table.id}"
        result.assets[f"{uri}.csv"] = table_csv(table)
        result.assets[f"{uri}.json"] = table_json(table)
        if table.definition.chart:
            result.assets[f"{uri}.svg"] = table_chart(table)
        renderer.render("stats_table.md.j2", f"{uri}.md", table.definition.title,
                        table.definition.description or None, t=table, alt=table_text(table))
    own_tables = [tables[d.id] for d in own]
    renderer.render("stats_index.md.j2", "stats/index.md", "Статистика", None,
                    own=own_tables, builtin=[tables[d.id] for d in builtin], fresh=freshness(site),
                    problems=sum(bool(t.quality()) for t in own_tables))
    renderer.render("stats_quality.md.j2", "stats/data-quality.md", "Качество данных", None,
                    tables=[t for t in tables.values() if t.quality()])
    renderer.render("stats_indicators.md.j2", "stats/program-indicators.md", "Выполнение целевых показателей",
                    None, rows=indicator_years(site), one_place=percent_one_place)
    result.pages.update(renderer.pages)
    return result


def _all_rows(table: StatTable):
    return table.rows + table.missing


def table_text(table: StatTable) -> str:
    """The table as one line of text: the chart's alternative for screen readers."""
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
    return charts.bar_chart(title, [(r.label, float(r.count)) for r in _all_rows(table)])


def table_csv(table: StatTable) -> str:
    """Comma-separated, one row per level (value); percentages as printed («35,3»)."""
    out = io.StringIO()
    writer = csvcells.Writer(out, lineterminator="\n")
    if table.columns:
        writer.writerow(["", *[label for _, label in table.columns], "итого"])
        for row, cells in zip(table.rows, table.matrix):
            writer.writerow([row.label, *cells, row.count])
        return out.getvalue()
    writer.writerow(["показатель", "правило", "число", "доля, %", "знаменатель", "состав"])
    for row in _all_rows(table):
        writer.writerow([row.label, row.rule, row.count, row.percent, table.denominator,
                         "; ".join(m.name for m in row.members)])
    return out.getvalue()


def table_json(table: StatTable) -> str:
    d = table.definition

    def row(r):
        return {"key": r.key, "label": r.label, "rule": r.rule, "count": r.count, "percent": r.percent,
                "figure": r.figure, "members": [{"id": m.id, "name": m.name} for m in r.members]}

    data = {
        "id": d.id, "title": d.title, "content": d.content, "mode": d.mode, "fields": list(d.fields),
        "total": table.total,
        "denominator": {"value": table.denominator, "rule": table.denominator_text},
        "rows": [row(r) for r in table.rows], "missing": [row(r) for r in table.missing],
        "published": [{"key": c.key, "label": c.label, "published": c.published.text,
                       "computed": c.computed, "differences": list(c.differences)} for c in table.comparisons],
        "quality": table.quality(),
    }
    if table.columns:
        data["columns"] = [{"key": k, "label": label} for k, label in table.columns]
        data["matrix"] = [list(cells) for cells in table.matrix]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
