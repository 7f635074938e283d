"""Statistics tables computed from the records with pandas, in the field's own format.

A table is recomputed from the Site on every build: counts are `N (P%)` over a stated
denominator (comma decimal, one place, half-up), members of each level keep the report's row
order, and «нет данных» (information not provided) is a row of its own, never zero or absent.
Published figures are compared, never copied: a difference is shown, not fixed.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pandas as pd

from generator.corpus.site import Site
from generator.derive import statdynamics
from generator.derive.statcompare import compare, compare_measures
from generator.derive.statcross import cross, named_cross
from generator.derive.statmeasures import EXCLUDED, measure_rows
from generator.derive.stattable import (  # noqa: F401 - the table's values, re-exported for callers
    ABSENT, MISSING_LABELS, NO_DATA, PERIOD, UNCLASSIFIED, Comparison, Entry, Grouped, Member, Row, StatTable,
    cell_figure, is_no_data, label_of, ordered, value_key)
from generator.models.organization import NO_DATA as NO_DATA_WORD
from generator.render.formatting import percent_ru
from generator.source.statdefs import StatDef
from generator.source.statformula import evaluate
from generator.source.vocabularies import _key

def field_value(site: Site, entity, field: str, levels: dict[str, dict[str, str]]) -> object:
    """A record's value of a field path: `staff_count`, `monitoring.primorye-2022.no`,
    `municipality.type`, `level.<table>` (its level there), `added|month`."""
    base = field.partition("|")[0]
    if base.startswith("level."):
        return level_value(entity.id, field, levels)
    return own_value(entity, field, site.municipality_of(entity), site.vocabularies)


def own_value(entity, field: str, municipality: str | None, vocabularies) -> object:
    """`field_value` of a field the record itself holds (or its municipality's)."""
    base, _, transform = field.partition("|")
    if base.startswith("municipality"):
        item = vocabularies.municipalities.get(municipality) if municipality else None
        value = municipality if base == "municipality" else getattr(item, base.split(".")[1], None)
    else:
        value = entity
        for part in base.split("."):
            value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
            if value is None:
                break
    if value is not None and transform == "month":
        value = f"{value.year:04d}-{value.month:02d}"
    elif value is not None and transform == "year":
        value = value.year
    return value


def level_value(entity_id: str, field: str, levels: dict[str, dict[str, str]]) -> object:
    value = levels.get(field.partition("|")[0][6:], {}).get(entity_id)
    return None if value in (NO_DATA, ABSENT, UNCLASSIFIED) else value


def fields_read(d: StatDef) -> tuple[str, ...]:
    """Every field a definition reads of a record itself (not `level.<table>`: other tables')."""
    found = [f for f, _ in d.filter] + list(d.fields) + ([d.order] if d.order else [])
    found += [f for _, rule in d.filter for f in rule.fields]
    found += [f for lv in d.levels if lv.rule for f in (lv.rule.fields or ())]
    found += [f for m in d.measures for f in m.fields + (m.rule.fields if m.rule else ())]
    found += [f for formula in d.formulas for f in formula.node.fields()]
    found += [f for _, period in d.periods for f in fields_read(period)]
    names = {formula.name for formula in d.formulas}
    return tuple(dict.fromkeys(f for f in found if not f.startswith("level.") and f.partition("|")[0] not in names))


def entry_of(entity, fields: tuple[str, ...], municipality: str | None, vocabularies) -> Entry:
    return Entry(entity.id, tuple((f, own_value(entity, f, municipality, vocabularies)) for f in fields))


def member_of(site: Site, d: StatDef, entity) -> Member:
    municipality = site.municipality_of(entity)
    return make_member(d.content, entity, municipality, d.names, site.vocabularies)


def make_member(kind: str, entity, municipality: str | None, names: str, vocabularies) -> Member:
    name = entity.display_title
    if names == "municipality" and municipality in vocabularies.municipalities:
        name = vocabularies.municipalities[municipality].title
    return Member(kind, entity.id, name, municipality)


def compute_all(site: Site, definitions: list[StatDef]) -> dict[str, StatTable]:
    """Every table, each after the tables whose levels it reads."""
    by_id = {d.id: d for d in definitions}
    tables: dict[str, StatTable] = {}

    def ensure(definition: StatDef) -> None:
        for other in definition.depends_on():
            if other not in tables:
                ensure(by_id[other])
        tables[definition.id] = compute(site, definition,
                                        {k: t.assignments for k, t in tables.items()})

    for definition in definitions:
        if definition.id not in tables:
            ensure(definition)
    return {d.id: tables[d.id] for d in definitions}


def compute(site: Site, d: StatDef, levels: dict[str, dict[str, str]] | None = None) -> StatTable:
    """One table of the Site (a build computes the same from entries in its graph)."""
    fields = fields_read(d)
    records = list(site.by_kind(d.content).values())
    entries = [entry_of(e, fields, site.municipality_of(e), site.vocabularies) for e in records]
    grouped = group(d, entries, levels or {}, site.vocabularies)
    return name(grouped, {e.id: member_of(site, d, e) for e in records}, site.vocabularies)


def records_frame(d: StatDef, entries: list[Entry], levels: dict[str, dict[str, str]]) -> pd.DataFrame:
    """One row per record that passes the filter, in the report's order (then source order)."""
    values = [dict(e.values) for e in entries]

    def get(index: int, field: str) -> object:
        formula = d.formula(field)
        if formula is not None:
            return formula_value(formula, lambda f: get(index, f))
        return level_value(entries[index].id, field, levels) if field.startswith("level.") else values[index].get(field)

    frame = pd.DataFrame({"index": range(len(entries)), "id": [e.id for e in entries],
                          "position": range(len(entries))})
    for field, rule in d.filter:
        mask = frame["index"].map(lambda n, f=field, r=rule: r.matches(get(n, f), lambda g, n=n: get(n, g)))
        frame = frame[mask.astype(bool)] if len(frame) else frame
    for index, field in enumerate(d.fields):  # object dtype: None must not become NaN
        frame[f"v{index}"] = pd.Series([get(n, field) for n in frame["index"]], index=frame.index, dtype=object)
    if d.order:
        frame["order"] = [_sortable(get(n, d.order)) for n in frame["index"]]
        frame = frame.sort_values(["order", "position"], kind="stable")
    frame = frame.reset_index(drop=True)
    frame.attrs["get"] = get
    return frame


def formula_value(formula, get) -> float | str | None:
    """A formula's value for one record, as a float (what rules and measures read); «нет данных»
    when it is empty because an input is, so that the record is counted apart as such; else None
    (a missing input, a division by zero)."""
    value = evaluate(formula.node, get)
    if isinstance(value, Decimal):
        return float(value)
    return NO_DATA_WORD if any(is_no_data(get(f)) for f in formula.node.fields()) else None


def _sortable(value: object) -> tuple:
    return (value is None, not isinstance(value, (int, float)), value if isinstance(value, (int, float)) else str(value))


def group(d: StatDef, entries: list[Entry], levels: dict[str, dict[str, str]], vocabularies) -> Grouped:
    """Rows, counts, shares and the members of each row as ids (entries in source order)."""
    if d.periods:
        return _periods(d, entries, levels, vocabularies)
    frame = records_frame(d, entries, levels)
    get = frame.attrs["get"]
    total = len(frame)
    if d.mode == "measures":
        return _measures(d, frame, total)
    if d.mode == "levels":
        frame["key"] = [_classify(d, v, lambda field, n=n: get(n, field)) for n, v in zip(frame["index"], frame["v0"])]
    else:
        frame["key"] = [value_key(v) for v in frame["v0"]]
    without = int(frame["key"].map(lambda k: k in (NO_DATA, ABSENT)).sum()) if total else 0
    denominator = {"all": total, "with_value": total - without}.get(d.denominator, d.denominator)
    denominator_text = {"all": "все отобранные записи", "with_value": "записи со значением (без «нет данных» "
                        "и пустых)"}.get(d.denominator, "число, указанное в определении")
    if d.mode == "cross":
        return cross(d, frame, total, denominator, denominator_text, vocabularies)
    exploded = frame.explode("key") if d.mode == "count" else frame
    groups = {key: tuple(part["id"]) for key, part in exploded.groupby("key", sort=False)}
    if d.mode == "levels":
        keys = [(lv.id, lv.label, lv.rule.text if lv.rule else "остальные") for lv in d.levels]
    else:
        keys = [(k, label_of(d, 0, k, vocabularies), "") for k in ordered(d, 0, groups, vocabularies)]
    rows = tuple(Row(k, label, len(groups.get(k, ())), percent_ru(len(groups.get(k, ())), denominator), (), rule)
                 for k, label, rule in keys)
    missing = tuple(_missing_row(d, k, len(groups[k]), denominator) for k in (NO_DATA, ABSENT, UNCLASSIFIED)
                    if k in groups)
    assignments = dict(zip(frame["id"], frame["key"])) if d.mode == "levels" else {}
    table = StatTable(d, rows, missing, total, denominator, denominator_text, (), (), (), assignments)
    return Grouped(table, {row.key: groups.get(row.key, ()) for row in rows + missing})


def _periods(d: StatDef, entries: list[Entry], levels, vocabularies) -> Grouped:
    """A dynamics table: each campaign's table, with members keyed by the campaign's index."""
    grouped = [group(p, entries, levels, vocabularies) for _, p in d.periods]
    last = grouped[-1].table
    table = StatTable(d, (), (), last.total, last.denominator, last.denominator_text, (), (), (), {},
                      periods=tuple((label, g.table) for (label, _), g in zip(d.periods, grouped)))
    return Grouped(table, {f"{i}{PERIOD}{k}": ids for i, g in enumerate(grouped) for k, ids in g.members.items()})


def _named_periods(grouped: Grouped, members: dict[str, Member], vocabularies) -> StatTable:
    table, periods = grouped.table, []
    for i, (label, period) in enumerate(table.periods):
        prefix = f"{i}{PERIOD}"
        own = {k[len(prefix):]: v for k, v in grouped.members.items() if k.startswith(prefix)}
        periods.append((label, name(Grouped(period, own), members, vocabularies)))
    return dataclasses.replace(table, periods=tuple(periods), changes=statdynamics.changes(periods, table.definition.measures),
                               moves=statdynamics.moves(periods, members))


def _measures(d: StatDef, frame: pd.DataFrame, total: int) -> Grouped:
    def denominator_of(without: int) -> int:
        return {"all": total, "with_value": total - without}.get(d.denominator, d.denominator)

    rows, members = measure_rows(d, frame, denominator_of)
    table = StatTable(d, (), (), total, total, "у каждой меры — свой (см. столбец «Считается по»)",
                      (), (), (), {}, rows)
    return Grouped(table, members)


def _missing_row(d: StatDef, key: str, count: int, denominator: int) -> Row:
    if d.denominator == "with_value" and key in (NO_DATA, ABSENT):
        return Row(key, MISSING_LABELS[key], count, "—", (), outside=True)
    return Row(key, MISSING_LABELS[key], count, percent_ru(count, denominator), ())


def name(grouped: Grouped, members: dict[str, Member], vocabularies) -> StatTable:
    """The table with its members named, and the published figures compared."""
    table = grouped.table
    if table.periods:
        return _named_periods(grouped, members, vocabularies)
    if table.definition.mode == "cross":
        return named_cross(table, grouped, members, vocabularies)
    if table.measures:
        rows = tuple(dataclasses.replace(r, members=tuple(members[i] for i in grouped.members[r.key]),
                                         excluded=tuple(members[i] for i in grouped.members[r.key + EXCLUDED]))
                     for r in table.measures)
        table = dataclasses.replace(table, measures=rows)
        return dataclasses.replace(table, comparisons=compare_measures(table))
    named = lambda rows: tuple(dataclasses.replace(r, members=tuple(members[i] for i in grouped.members[r.key]))  # noqa: E731
                               for r in rows)
    table = dataclasses.replace(table, rows=named(table.rows), missing=named(table.missing))
    return dataclasses.replace(table, comparisons=compare(vocabularies, table))


def _classify(d: StatDef, value, get) -> str:
    for level in d.levels:
        if level.rule and level.rule.matches(value, get):
            return level.id
    if is_no_data(value):
        return NO_DATA
    if value is None or value == ():
        return ABSENT
    return d.levels[-1].id if d.levels[-1].rest else UNCLASSIFIED

