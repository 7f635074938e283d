"""Measures of a statistics table: sums, averages, extremes, weighted shares and list lengths.

A table with `measures:` has one row per measure over the records its filter keeps, e.g.
«доля руководителей, прошедших обучение» = sum(trained) / sum(heads) across districts (seed 003,
2.2) — a share of people, not of municipalities. Each kind has its own denominator rule, stated
on the page (see `BASIS`): a record whose value is «нет данных», empty or not a number is left
out of that measure and named, never counted as zero. Pure values here; `derive/statmeasures.py`
computes them.
"""

from __future__ import annotations

import dataclasses
import typing

from generator.diagnostics import nearest
from generator.source.statrules import Rule, parse_rule
from generator.text import suggest_id

#: kind -> how many fields it takes (ratio: numerator and denominator).
KINDS = {"sum": 1, "mean": 1, "median": 1, "min": 1, "max": 1, "ratio": 2, "share": 1, "length": 1}
KIND_WORDS = {"sum": "сумма", "mean": "среднее", "median": "медиана", "min": "минимум", "max": "максимум",
              "ratio": "отношение сумм", "share": "доля записей", "length": "число элементов списков"}
#: What each kind is computed over: the page states it beside the figure.
BASIS = {"sum": "записи с числовым значением", "mean": "записи с числовым значением",
         "median": "записи с числовым значением", "min": "записи с числовым значением",
         "max": "записи с числовым значением",
         "ratio": "записи, где оба поля — числа; сумма первого поля делится на сумму второго",
         "share": "знаменатель таблицы", "length": "записи, где поле — список"}
MEASURE_KEYS = ("id", "label", *KINDS, "rule", "format", "places", "unit")
FORMATS = ("number", "percent")


@dataclasses.dataclass(frozen=True)
class Measure:
    id: str
    label: str
    kind: str                      # one of KINDS
    fields: tuple[str, ...]        # one, or (numerator, denominator) for ratio
    rule: Rule | None              # share: which records count
    format: str                    # number or percent (value × 100 with «%»)
    places: int                    # decimal places, comma decimal, half-up
    unit: str
    line: int


def parse_measures(raw: object, at: tuple, problems, check_field, model) -> tuple[Measure, ...]:
    """`measures: [{label, sum: field}, {label, ratio: [a, b], format: percent}, …]`."""
    if not isinstance(raw, list) or not raw:
        problems.add(at, "E302", "measures — непустой список мер", raw,
                     "список {label, sum|mean|median|min|max|ratio|share|length: поле}",
                     "measures:\n  - {label: Всего сотрудников, sum: staff_count}")
        return ()
    found: list[Measure] = []
    for index, item in enumerate(raw):
        measure = _measure(item, at + (index,), problems, check_field, model)
        if measure and any(m.id == measure.id for m in found):
            problems.add(at + (index,), "E201", f"мера «{measure.id}» указана дважды", measure.id,
                         hint="дайте мерам разные id или label")
        elif measure:
            found.append(measure)
    return tuple(found)


def _measure(item: object, at: tuple, problems, check_field, model) -> Measure | None:
    if not isinstance(item, dict) or not item.get("label"):
        problems.add(at, "E302", "мера — {label, вид: поле}", item,
                     ", ".join(KINDS), "{label: Среднее число сотрудников, mean: staff_count}")
        return None
    for key in item:
        if key not in MEASURE_KEYS:
            guess = nearest(str(key), MEASURE_KEYS)
            problems.add(at + (key,), "E302", f"неизвестное поле меры «{key}»", key, ", ".join(MEASURE_KEYS),
                         f"возможно, «{guess}»" if guess else None)
    kinds = [k for k in KINDS if k in item]
    if len(kinds) != 1:
        problems.add(at, "E302", "у меры нужен ровно один вид", ", ".join(kinds) or item.get("label"),
                     ", ".join(KINDS), "{label: …, sum: поле} или {label: …, ratio: [поле, поле]}")
        return None
    kind = kinds[0]
    fields = _fields(item[kind], kind, at + (kind,), problems)
    for field in fields:
        check_field(field, model, at + (kind,), problems)
        _check_numeric(field, kind, model, at + (kind,), problems)
    rule = None
    if kind == "share":
        if "rule" not in item:
            problems.add(at, "E302", "у доли записей нужно правило rule", item.get("label"),
                         hint='{label: …, share: staff_count, rule: ">= 5"}')
        else:
            rule = parse_rule(item["rule"], at + ("rule",), problems)
    elif "rule" in item:
        problems.add(at + ("rule",), "E302", "rule нужен только у share", item["rule"], "share: поле и rule")
    fmt = item.get("format", "percent" if kind == "ratio" else "number")
    if fmt not in FORMATS:
        problems.add(at + ("format",), "E302", "неизвестный формат меры", fmt,
                     "number (число) или percent (доля в процентах)", f"format: {nearest(str(fmt), FORMATS) or 'number'}")
        fmt = "number"
    places = item.get("places", 1 if kind in ("mean", "median", "ratio") or fmt == "percent" else 0)
    if not isinstance(places, int) or isinstance(places, bool) or not 0 <= places <= 4:
        problems.add(at + ("places",), "E302", "places — число знаков после запятой", places, "от 0 до 4",
                     "places: 1")
        places = 1
    label = str(item["label"])
    measure_id = str(item.get("id") or suggest_id(label))
    return Measure(measure_id, label, kind, fields, rule, fmt, places, str(item.get("unit") or ""),
                   problems.line(at))


def _fields(raw: object, kind: str, at: tuple, problems) -> tuple[str, ...]:
    wanted = KINDS[kind]
    values = raw if isinstance(raw, list) else [raw]
    if len(values) != wanted or not all(isinstance(v, str) and v for v in values):
        problems.add(at, "E302", f"{kind}: нужно {'два поля' if wanted == 2 else 'одно поле'}", raw,
                     "[числитель, знаменатель]" if wanted == 2 else "имя поля",
                     f"{kind}: [monitoring.x.trained, monitoring.x.heads]" if wanted == 2 else f"{kind}: staff_count")
        return ()
    return tuple(values)


def _check_numeric(field: str, kind: str, model, at: tuple, problems) -> None:
    """A typed field of the model must fit the measure: numbers for arithmetic, lists for length.
    Free mappings (monitoring) are known only from the records: `derive` names non-numbers."""
    head = field.split("|")[0]
    if model is None or "." in head or head not in model.model_fields or kind == "share":
        return
    annotation = model.model_fields[head].annotation
    inner = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    origins = {typing.get_origin(a) or a for a in inner}
    if kind == "length":
        if not origins & {list, tuple}:
            problems.add(at, "E304", f"length считает элементы списка, а «{head}» — не список", field,
                         "поле-список: levels, subjects, authors …", "для чисел — sum или mean")
    elif not origins & {int, float}:
        problems.add(at, "E304", f"мера «{KIND_WORDS[kind]}» над нечисловым полем «{head}»", field,
                     "числовое поле: staff_count, year, members_count или monitoring.<кампания>.<показатель>",
                     "для списков — length, для текстов — share с правилом")
