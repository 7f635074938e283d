"""Cross tables: counts of two keys, each cell's share of its row, its column or the table's
denominator, and the members of each cell.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from generator.derive.statcompare import compare_cross
from generator.derive.stattable import ABSENT, NO_DATA, Grouped, Member, Row, StatTable, label_of, ordered, value_key
from generator.render.formatting import percent_ru
from generator.source.statdefs import StatDef


def cross(d: StatDef, frame: pd.DataFrame, total: int, denominator: int, denominator_text: str,
           vocabularies) -> Grouped:
    frame = frame.assign(k0=[value_key(v) for v in frame["v0"]], k1=[value_key(v) for v in frame["v1"]])
    frame = frame.explode("k0").explode("k1")
    frame = frame[~frame["k0"].isin([NO_DATA, ABSENT]) & ~frame["k1"].isin([NO_DATA, ABSENT])]
    counts = pd.crosstab(frame["k0"], frame["k1"]) if len(frame) else pd.DataFrame()
    row_keys = ordered(d, 0, counts.index, vocabularies)
    col_keys = ordered(d, 1, counts.columns, vocabularies)
    counts = counts.reindex(index=row_keys, columns=col_keys, fill_value=0)
    matrix = tuple(tuple(int(counts.at[r, c]) for c in col_keys) for r in row_keys)
    rows = tuple(Row(r, label_of(d, 0, r, vocabularies), sum(cells), percent_ru(sum(cells), denominator), ())
                 for r, cells in zip(row_keys, matrix))
    columns = tuple((c, label_of(d, 1, c, vocabularies)) for c in col_keys)
    column_totals = tuple(sum(cells[i] for cells in matrix) for i in range(len(col_keys)))
    shares = tuple(tuple(cell_share(d, n, row.count, column_totals[i], denominator) for i, n in enumerate(cells))
                   for row, cells in zip(rows, matrix))
    members = {cell_key(r, c): tuple(part["id"]) for (r, c), part in frame.groupby(["k0", "k1"], sort=False)}
    table = StatTable(d, rows, (), total, denominator, denominator_text, columns, matrix, (), {},
                      column_totals=column_totals, shares=shares)
    return Grouped(table, members)


def cell_key(row: str, column: str) -> str:
    return f"{row}\x1f{column}"


def cell_share(d: StatDef, count: int, row_total: int, column_total: int, denominator: int) -> str:
    """A cell's percent over its row, its column or the table's denominator («—» without one)."""
    whole = {"row": row_total, "column": column_total, "total": denominator}.get(d.shares)
    return "" if whole is None else percent_ru(count, whole)


def named_cross(table: StatTable, grouped: Grouped, members: dict[str, Member], vocabularies) -> StatTable:
    named = tuple(tuple(tuple(members[i] for i in grouped.members.get(cell_key(r.key, c), ()))
                        for c, _ in table.columns) for r in table.rows)
    table = dataclasses.replace(table, cell_members=named)
    return dataclasses.replace(table, comparisons=compare_cross(vocabularies, table))
