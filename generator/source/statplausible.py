"""Plausibility of statistics definitions, checked before any record is read.

Reports contain errors (DOMAIN.md: «99 %» of 4 districts); a definition copied from one can
too. Two things are knowable from the definition alone: numeric level bands that leave values
in no level (79.5 between `50..79` and `80..100`; levels are matched first-match in order, so
overlaps are fine, gaps are not), and a published share that no count of a stated denominator
gives (of 4, only 0, 25, 50, 75 and 100 %). Both are warnings: the table is still computed.
"""

from __future__ import annotations

import math
import typing
from decimal import ROUND_HALF_UP, Decimal

INF = math.inf


def _interval(rule) -> tuple[float, bool, float, bool] | None:
    """(low, low included, high, high included) of a numeric rule, else None."""
    if rule.kind == "range":
        return rule.low, True, rule.high, True
    if rule.kind != "cmp":
        return None
    x = rule.low
    return {"=": (x, True, x, True), ">=": (x, True, INF, False), ">": (x, False, INF, False),
            "<=": (-INF, False, x, True), "<": (-INF, False, x, False)}[rule.op]


def band_gaps(levels, integers: bool) -> list[tuple[str, str, float, float]]:
    """(level before, level after, end of one, start of the next) for each uncovered stretch
    between numeric levels; `integers`: the field holds whole numbers, so 1..2 and 3..4 touch."""
    if not levels or any(lv.rest or _interval(lv.rule) is None for lv in levels):
        return []
    spans = sorted(((_interval(lv.rule), lv) for lv in levels), key=lambda s: (s[0][0], not s[0][1]))
    gaps, (end, closed), before = [], spans[0][0][2:], spans[0][1]
    for (low, low_in, high, high_in), level in spans[1:]:
        if low > end or (low == end and not closed and not low_in):
            if not (integers and _no_integer_between(end, closed, low, low_in)):
                gaps.append((before.label, level.label, end, low))
        if (high, high_in) > (end, closed):
            end, closed, before = high, high_in, level
    return gaps


def _no_integer_between(end: float, closed: bool, low: float, low_in: bool) -> bool:
    first = math.floor(end) + 1 if closed or end != math.floor(end) else end
    return not (first < low or (first == low and not low_in))


def integer_field(field: str, model) -> bool:
    """Whether the model types the field as whole numbers (staff_count: int)."""
    head = field.split("|")[0]
    if model is None or "." in head or head not in model.model_fields:
        return False
    annotation = model.model_fields[head].annotation
    return int in [a for a in typing.get_args(annotation)] + [annotation]


def possible_share(percent: str, whole: int) -> list[str]:
    """[] when some count out of `whole` prints as `percent` («35,3»), else the two nearest
    shares that can be printed."""
    printed = [_share(k, whole) for k in range(whole + 1)]
    if percent in printed:
        return []
    wanted = Decimal(percent.replace(",", "."))
    nearest = sorted(range(whole + 1), key=lambda k: abs(Decimal(printed[k].replace(",", ".")) - wanted))[:2]
    return [f"{k} из {whole} = {printed[k]}%" for k in sorted(nearest)]


def _share(part: int, whole: int) -> str:
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return str(value).replace(".", ",")


def number_text(value: float) -> str:
    return (str(int(value)) if value == int(value) else str(value)).replace(".", ",")


def plausibility(at, mode, fields, levels, denominator, published, model, problems) -> None:
    """Warnings: numeric bands with gaps; published shares a stated denominator cannot give."""
    if mode == "levels" and fields:
        for before, after, end, start in band_gaps(levels, integer_field(fields[0], model)):
            middle = number_text((end + start) / 2)
            problems.add(at + ("levels",), "W301", f"значения между {number_text(end)} и {number_text(start)} "
                         f"(например {middle}) не попадут ни в один уровень: между «{before}» и «{after}» разрыв",
                         middle, "уровни без разрывов: «50..79,9» и «80..100», или «>= 80» и «< 80»",
                         f"начните следующий уровень с «> {number_text(end)}» или добавьте {{label: остальные, "
                         f"rest: true}}; уровни проверяются по порядку, первый подходящий", severity="warning")
    if isinstance(denominator, int) and published and mode in ("count", "levels"):
        for figure in published.figures:
            nearest_shares = figure.percent and possible_share(figure.percent, denominator)
            if nearest_shares:
                problems.add(at + ("published", "figures", figure.key), "W302",
                             f"опубликованная доля {figure.percent}% невозможна при знаменателе {denominator}",
                             figure.text, "доля вида k из " + str(denominator),
                             "ближайшие возможные: " + ", ".join(nearest_shares) + " — проверьте отчёт",
                             severity="warning")
