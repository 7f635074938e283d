"""Dynamics across campaigns: the same table for each monitoring year side by side.

For each row (a level, a value or a measure) the figure of every campaign, and the change from
the first campaign to the last: in records and, for shares, in percentage points («+5,9 п.п.»),
computed from the unrounded counts and rounded once, half-up. For a classification, the records
present in both campaigns whose level changed are listed («Назрановский район: допустимое →
оптимальное»); a record that is only in one campaign is not a move.
"""

from __future__ import annotations

import dataclasses
from decimal import ROUND_HALF_UP, Decimal

from generator.derive.statmeasures import format_value


@dataclasses.dataclass(frozen=True)
class Change:
    key: str
    label: str
    figures: tuple[str, ...]   # one per campaign, as each table prints it
    change: str                # «+2», «−1», «0»; for a measure, its value's change
    points: str                # «+5,9 п.п.» for a share; «» when undefined or not a share


@dataclasses.dataclass(frozen=True)
class Move:
    member: object             # Member
    before: str                # level label in the first campaign
    after: str                 # level label in the last


def changes(periods, measures=()) -> tuple[Change, ...]:
    """Rows in the first campaign's order, then any row only later campaigns have."""
    tables = [t for _, t in periods]
    if tables[0].measures:
        return tuple(_measure_change(m, tables, measures) for m in tables[0].measures)
    keys = list(dict.fromkeys(r.key for t in tables for r in t.rows + t.missing))
    return tuple(_row_change(key, tables) for key in keys)


def _row_change(key: str, tables) -> Change:
    rows = [next((r for r in t.rows + t.missing if r.key == key), None) for t in tables]
    label = next(r.label for r in rows if r)
    counts = [r.count if r else 0 for r in rows]
    figures = tuple(r.figure if r else "0" for r in rows)
    first, last = tables[0], tables[-1]
    outside = any(r is not None and r.outside for r in (rows[0], rows[-1]))
    points = "" if outside or not first.denominator or not last.denominator else _signed(
        (Decimal(counts[-1]) / last.denominator - Decimal(counts[0]) / first.denominator) * 100, 1) + " п.п."
    return Change(key, label, figures, _signed(Decimal(counts[-1] - counts[0]), 0), points)


def _measure_change(row, tables, measures) -> Change:
    rows = [next(r for r in t.measures if r.key == row.key) for t in tables]
    measure = next(m for m in measures if m.id == row.key)
    values = [r.value for r in rows]
    if values[0] is None or values[-1] is None:
        change, points = "—", ""
    elif measure.format == "percent" or measure.kind == "share":
        change, points = "", _signed((values[-1] - values[0]) * 100, 1) + " п.п."
    else:
        difference = format_value(abs(values[-1] - values[0]), measure)
        change, points = ("−" if values[-1] < values[0] else "+") + difference, ""
    return Change(row.key, row.label, tuple(r.text for r in rows), change, points)


def _signed(value: Decimal, places: int) -> str:
    rounded = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    text = str(abs(rounded)).replace(".", ",")
    return ("+" if rounded > 0 else "−" if rounded < 0 else "") + text


def moves(periods, members: dict) -> tuple[Move, ...]:
    """Records in both the first and the last classification whose level differs, in the last
    table's order. `members`: id -> Member."""
    first, last = periods[0][1], periods[-1][1]
    if not first.assignments or not last.assignments:
        return ()
    labels = {r.key: r.label for t in (first, last) for r in t.rows + t.missing}
    return tuple(Move(members[i], labels.get(first.assignments[i], first.assignments[i]), labels.get(key, key))
                 for i, key in last.assignments.items()
                 if i in first.assignments and first.assignments[i] != key and i in members)
