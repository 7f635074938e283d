"""The rows of a `measures:` table: sums, means, medians, extremes, weighted shares, list lengths.

Arithmetic is in `Decimal` on the numbers as written («85,5» is 85.5, see `statrules.number_of`),
so a figure rounds half-up the way a report's spreadsheet does and never drifts by a binary
fraction; pandas keeps the records' order and masks, the sums are exact. A record left out of
a measure (its value is «нет данных», empty or not a number) is named under the measure, never
taken as zero.
"""

from __future__ import annotations

import dataclasses
import statistics
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pandas as pd

from generator.render.formatting import percent_ru
from generator.source.statdefs import StatDef
from generator.source.statmeasures import BASIS, KIND_WORDS, Measure
from generator.source.statrules import number_of
from generator.source.vocabularies import _key

EXCLUDED = "#excluded"   # suffix of a measure's key for the ids it leaves out


@dataclasses.dataclass(frozen=True)
class MeasureRow:
    key: str
    label: str
    kind: str              # a word of KIND_WORDS: «сумма», «среднее», …
    basis: str             # what it is computed over (BASIS)
    value: Decimal | None  # unrounded; None when undefined (no records, a zero denominator)
    text: str              # as printed: «52,9%», «12,5 чел.», «4 (66,7%)», «—»
    count: int             # records the measure took
    detail: str            # «Σ trained = 40; Σ heads = 52» for a ratio, else ""
    whole: int | None = None  # a share's denominator
    members: tuple = ()    # the records it took (Member), in the table's order
    excluded: tuple = ()   # the records it left out (Member)

    @property
    def figure(self) -> str:
        return self.text


def decimal_of(value: object) -> Decimal | None:
    number = number_of(value)
    return None if number is None else Decimal(repr(number)) if isinstance(number, float) else Decimal(number)


def format_value(value: Decimal | None, m: Measure) -> str:
    """Comma decimal, `places` places, half-up; ×100 with «%» for a percent; then the unit."""
    if value is None:
        return "—"
    with localcontext(prec=400):  # a ratio over a tiny denominator: exact, never InvalidOperation
        shown = value * 100 if m.format == "percent" else value
        text = format(shown.quantize(Decimal(1).scaleb(-m.places), ROUND_HALF_UP), "f").replace(".", ",")
    if text.startswith("-") and not text.strip("-0,"):
        text = text[1:]  # -0,0 is 0,0
    return text + ("%" if m.format == "percent" else "") + (m.unit if m.unit == "%" else f" {m.unit}" if m.unit else "")


def measure_rows(d: StatDef, frame: pd.DataFrame, denominator_of) -> tuple[tuple[MeasureRow, ...], dict]:
    """Rows in definition order, and row key -> member ids (taken, and under key+EXCLUDED the
    ones left out). `frame` has the table's records in order and `attrs["get"](n, field)`;
    `denominator_of(count_without_value)` gives the table's denominator for a share."""
    get, rows, members = frame.attrs["get"], [], {}
    for m in d.measures:
        row, taken, left = _measure(m, frame, get, denominator_of)
        rows.append(row)
        members[m.id], members[m.id + EXCLUDED] = taken, left
    return tuple(rows), members


def _measure(m: Measure, frame: pd.DataFrame, get, denominator_of):
    columns = {f: pd.Series([get(n, f) for n in frame["index"]], index=frame.index, dtype=object)
               for f in m.fields}
    if m.kind == "share":
        return _share(m, frame, columns[m.fields[0]], get, denominator_of)
    if m.kind == "length":
        values = columns[m.fields[0]].map(lambda v: Decimal(len(v)) if isinstance(v, (list, tuple)) else None)
    else:
        values = {f: c.map(decimal_of) for f, c in columns.items()}
    if m.kind == "ratio":
        top, bottom = values[m.fields[0]], values[m.fields[1]]
        took = top.notna() & bottom.notna()
        sums = Decimal(sum(top[took], Decimal(0))), Decimal(sum(bottom[took], Decimal(0)))
        value = sums[0] / sums[1] if sums[1] else None
        detail = f"Σ {m.fields[0]} = {_plain(sums[0])}; Σ {m.fields[1]} = {_plain(sums[1])}"
    else:
        series = values if m.kind == "length" else values[m.fields[0]]
        took = series.notna()
        value, detail = _aggregate(m.kind, list(series[took])), ""
    row = MeasureRow(m.id, m.label, KIND_WORDS[m.kind], BASIS[m.kind], value, format_value(value, m),
                     int(took.sum()), detail)
    return row, tuple(frame["id"][took]), tuple(frame["id"][~took])


def _aggregate(kind: str, numbers: list[Decimal]) -> Decimal | None:
    if kind in ("sum", "length"):
        return Decimal(sum(numbers, Decimal(0)))
    if not numbers:
        return None
    if kind == "mean":
        return sum(numbers, Decimal(0)) / len(numbers)
    if kind == "median":
        return Decimal(statistics.median(numbers))
    return min(numbers) if kind == "min" else max(numbers)


def _share(m: Measure, frame: pd.DataFrame, column: pd.Series, get, denominator_of):
    """Records whose field passes the rule, over the table's denominator («N (P%)»)."""
    passes = pd.Series([bool(m.rule.matches(v, lambda f, n=n: get(n, f))) for n, v in zip(frame["index"], column)],
                       index=frame.index, dtype=bool)
    without = int(column.map(lambda v: v is None or v == () or _key(v) == "нет данных"
                             if not isinstance(v, (list, tuple)) else not v).sum())
    count, whole = int(passes.sum()), denominator_of(without)
    value = Decimal(count) / whole if whole else None
    text = f"{count} ({percent_ru(count, whole)}%)" if whole else f"{count} (—)"
    row = MeasureRow(m.id, m.label, KIND_WORDS[m.kind], f"{BASIS['share']}: {whole}", value, text, count, "", whole)
    return row, tuple(frame["id"][passes]), ()


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def at_places(value: Decimal | None, m: Measure, printed: str) -> str:
    """`value` as `m` prints it, but with as many places as `printed` has («12,5» → one)."""
    places = len(printed.partition(",")[2])
    return format_value(value, dataclasses.replace(m, places=places, unit="")).rstrip("%")
