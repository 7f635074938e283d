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
from generator.derive.statmeasures import EXCLUDED, MeasureRow, at_places, measure_rows
from generator.render.formatting import MONTHS_NOMINATIVE, percent_ru
from generator.models.organization import NO_DATA as NO_DATA_WORD
from generator.source.statdefs import NO_DATA_KEY, Figure, StatDef
from generator.source.statformula import evaluate
from generator.source.vocabularies import _key

PERIOD = "\x1e"   # between a campaign's index and a row key in a dynamics table's member keys
#: Keys of the rows kept apart from the levels.
NO_DATA, ABSENT, UNCLASSIFIED = "_no_data", "_absent", "_unclassified"
MISSING_LABELS = {NO_DATA: "нет данных (информация не предоставлена)", ABSENT: "нет значения",
                  UNCLASSIFIED: "не отнесены ни к одному уровню"}


@dataclasses.dataclass(frozen=True)
class Member:
    kind: str
    id: str
    name: str
    municipality: str | None


@dataclasses.dataclass(frozen=True)
class Row:
    key: str
    label: str
    count: int
    percent: str           # «35,3»; «—» without a denominator
    members: tuple[Member, ...]
    rule: str = ""
    #: Not part of the denominator («нет данных» and empty rows under «с данными»): no share, so
    #: that the shares of a table add up to 100 %, not 125 %.
    outside: bool = False

    @property
    def figure(self) -> str:
        if self.outside:
            return f"{self.count} (вне знаменателя)"
        return f"{self.count} (—)" if self.percent == "—" else f"{self.count} ({self.percent}%)"


@dataclasses.dataclass(frozen=True)
class Comparison:
    key: str
    label: str
    published: Figure
    computed: str
    differences: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class StatTable:
    definition: StatDef
    rows: tuple[Row, ...]                  # levels (in definition order) or values
    missing: tuple[Row, ...]               # нет данных, нет значения, не отнесены — when any
    total: int                             # records that passed the filter
    denominator: int
    denominator_text: str
    columns: tuple[tuple[str, str], ...]   # cross tables: (key, label) of each column
    matrix: tuple[tuple[int, ...], ...]    # cross tables: counts, rows × columns
    comparisons: tuple[Comparison, ...]
    assignments: dict[str, str]            # record id -> level key, for level.<table> fields
    measures: tuple = ()                   # mode measures: MeasureRow in definition order
    column_totals: tuple[int, ...] = ()    # cross tables: the sum of each column
    shares: tuple[tuple[str, ...], ...] = ()   # cross tables: each cell's percent («» without shares:)
    cell_members: tuple = ()               # cross tables: the members of each cell, rows × columns
    periods: tuple = ()                    # dynamics: ((campaign label, StatTable), …)
    changes: tuple = ()                    # dynamics: statdynamics.Change per row
    moves: tuple = ()                      # dynamics: statdynamics.Move per record that changed level

    @property
    def id(self) -> str:
        return self.definition.id

    @property
    def differences(self) -> list[Comparison]:
        return [c for c in self.comparisons if c.differences]

    def quality(self) -> list[str]:
        """What a careful reader of the report should know: gaps, empty levels, differences."""
        if self.periods:
            return [f"{label}: {note}" for label, period in self.periods for note in period.quality()]
        notes = []
        d = self.definition
        if d.mode == "levels":
            covered = sum(r.count for r in self.rows)
            if covered != self.denominator:
                notes.append(f"уровни охватывают {covered} из {self.denominator} (знаменатель)")
            notes += [f"уровень «{r.label}» пуст" for r in self.rows if not r.count]
        notes += [f"{r.label}: " + ", ".join(m.name for m in r.members) for r in self.missing]
        published = d.published
        if published and published.total is not None:
            level_figures = [f.count for f in published.figures
                             if f.count is not None and _key(f.key) != NO_DATA_KEY]
            if sum(level_figures) != published.total:
                notes.append(f"опубликованные уровни в сумме дают {sum(level_figures)}, "
                             f"а должны охватывать {published.total}")
        notes += [f"«{c.label}»: " + "; ".join(c.differences) for c in self.differences]
        return notes


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


def _is_no_data(value: object) -> bool:
    return isinstance(value, str) and _key(value) == NO_DATA_KEY


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


@dataclasses.dataclass(frozen=True)
class Entry:
    """A record as one table reads it: the values of the fields it reads (see `fields_read`).
    A table is computed from entries, so an edit that changes none of them (a title, for a
    table that counts levels) leaves its grouping as it was."""

    id: str
    values: tuple[tuple[str, object], ...]


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


@dataclasses.dataclass(frozen=True)
class Grouped:
    """A table with its members as ids: everything but the names (see `name`)."""

    table: StatTable
    #: row key -> member ids, in the table's order
    members: dict[str, tuple[str, ...]]


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
    return NO_DATA_WORD if any(_is_no_data(get(f)) for f in formula.node.fields()) else None


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
        frame["key"] = [_value_key(v) for v in frame["v0"]]
    without = int(frame["key"].map(lambda k: k in (NO_DATA, ABSENT)).sum()) if total else 0
    denominator = {"all": total, "with_value": total - without}.get(d.denominator, d.denominator)
    denominator_text = {"all": "все отобранные записи", "with_value": "записи со значением (без «нет данных» "
                        "и пустых)"}.get(d.denominator, "число, указанное в определении")
    if d.mode == "cross":
        return _cross(d, frame, total, denominator, denominator_text, vocabularies)
    exploded = frame.explode("key") if d.mode == "count" else frame
    groups = {key: tuple(part["id"]) for key, part in exploded.groupby("key", sort=False)}
    if d.mode == "levels":
        keys = [(lv.id, lv.label, lv.rule.text if lv.rule else "остальные") for lv in d.levels]
    else:
        keys = [(k, label_of(d, 0, k, vocabularies), "") for k in _ordered(d, 0, groups, vocabularies)]
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
        return _named_cross(table, grouped, members, vocabularies)
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
    if _is_no_data(value):
        return NO_DATA
    if value is None or value == ():
        return ABSENT
    return d.levels[-1].id if d.levels[-1].rest else UNCLASSIFIED


def _value_key(value: object) -> object:
    if value is None or value == ():
        return ABSENT
    if _is_no_data(value):
        return NO_DATA
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else str(value)


def _ordered(d: StatDef, index: int, keys, vocabularies) -> list[str]:
    """Values in vocabulary (or municipality list) order when there is one, else sorted; the
    levels of another table (`level.<table>`) all, in that table's order, empty ones included."""
    keys = [k for k in keys if k not in (NO_DATA, ABSENT, UNCLASSIFIED)]
    vocabulary = d.vocabularies[index] if index < len(d.vocabularies) else None
    linked = d.linked(d.fields[index])
    if linked is not None:
        order = [level_id for level_id, _ in linked]
        keys = order + [k for k in keys if k not in order]
    elif vocabulary:
        order = [e.id for e in vocabularies[vocabulary].entries]
    elif d.fields[index].split("|")[0] == "municipality":
        order = list(vocabularies.municipalities)
    else:
        order = []
    rank = {k: i for i, k in enumerate(order)}
    return sorted(keys, key=lambda k: (rank.get(k, len(rank)), str(k)))


def label_of(d: StatDef, index: int, key: str, vocabularies) -> str:
    vocabulary = d.vocabularies[index] if index < len(d.vocabularies) else None
    field = d.fields[index]
    linked = dict(d.linked(field) or ())
    if key in linked:
        return linked[key]
    if vocabulary and key in vocabularies[vocabulary].by_id:
        return vocabularies[vocabulary].label(key)
    if field.split("|")[0] == "municipality" and key in vocabularies.municipalities:
        return vocabularies.municipalities[key].title
    if field.endswith("|month") and len(key) == 7:
        return f"{MONTHS_NOMINATIVE[int(key[5:]) - 1]} {key[:4]}"
    return str(key)


def _cross(d: StatDef, frame: pd.DataFrame, total: int, denominator: int, denominator_text: str,
           vocabularies) -> Grouped:
    frame = frame.assign(k0=[_value_key(v) for v in frame["v0"]], k1=[_value_key(v) for v in frame["v1"]])
    frame = frame.explode("k0").explode("k1")
    frame = frame[~frame["k0"].isin([NO_DATA, ABSENT]) & ~frame["k1"].isin([NO_DATA, ABSENT])]
    counts = pd.crosstab(frame["k0"], frame["k1"]) if len(frame) else pd.DataFrame()
    row_keys = _ordered(d, 0, counts.index, vocabularies)
    col_keys = _ordered(d, 1, counts.columns, vocabularies)
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


def cell_figure(count: int, percent: str) -> str:
    return str(count) if not percent else f"{count} (—)" if percent == "—" else f"{count} ({percent}%)"


def _named_cross(table: StatTable, grouped: Grouped, members: dict[str, Member], vocabularies) -> StatTable:
    named = tuple(tuple(tuple(members[i] for i in grouped.members.get(cell_key(r.key, c), ()))
                        for c, _ in table.columns) for r in table.rows)
    table = dataclasses.replace(table, cell_members=named)
    return dataclasses.replace(table, comparisons=compare_cross(vocabularies, table))


def compare_cross(vocabularies, table: StatTable) -> tuple[Comparison, ...]:
    """Published figures of a cross table: «строка / столбец» for a cell, «строка» for a row's
    total; a key that names no cell is a difference, never dropped."""
    published = table.definition.published
    found = []
    for figure in published.figures if published else ():
        row_name, _, column_name = (part.strip() for part in figure.key.partition("/"))
        r = next((i for i, row in enumerate(table.rows) if _key(row_name) in (_key(row.key), _key(row.label))), None)
        c = next((i for i, (k, label) in enumerate(table.columns) if _key(column_name) in (_key(k), _key(label))), None)
        if r is None or (column_name and c is None):
            found.append(Comparison(figure.key, figure.key, figure, "—", ("в таблице нет такой строки или столбца",)))
            continue
        if column_name:
            count, percent = table.matrix[r][c], table.shares[r][c]
            label, names = f"{table.rows[r].label} / {table.columns[c][1]}", table.cell_members[r][c]
        else:
            row = table.rows[r]
            count, percent, label, names = row.count, row.percent, row.label, ()
        differences = []
        if figure.count is not None and figure.count != count:
            differences.append(f"число: опубликовано {figure.count}, по записям {count}")
        if figure.percent is not None and figure.percent != percent:
            differences.append(f"доля: опубликовано {figure.percent}%, по записям {percent or '—'}%")
        if figure.members:
            differences += _member_differences(vocabularies, figure.members, names)
        found.append(Comparison(figure.key, label, figure, cell_figure(count, percent), tuple(differences)))
    return tuple(found)


def compare(vocabularies, table: StatTable) -> tuple[Comparison, ...]:
    """Each published figure against the computed row of the same level (or value)."""
    published = table.definition.published
    if not published:
        return ()
    found = []
    for figure in published.figures:
        wanted = _key(figure.key)
        row = next((r for r in table.rows + table.missing
                    if wanted in (_key(r.key), _key(r.label)) or (wanted == NO_DATA_KEY and r.key == NO_DATA)),
                   None)
        label = row.label if row else figure.key
        row = row or Row(figure.key, label, 0, percent_ru(0, table.denominator), ())
        count, percent = row.count, row.percent
        differences = []
        if figure.count is not None and figure.count != count:
            differences.append(f"число: опубликовано {figure.count}, по записям {count}")
        if figure.percent is not None and figure.percent != percent:
            differences.append(f"доля: опубликовано {figure.percent}%, по записям "
                               + ("— (вне знаменателя)" if row.outside else f"{percent}%"))
        if figure.members:
            differences += _member_differences(vocabularies, figure.members, row.members)
        found.append(Comparison(figure.key, label, figure, row.figure, tuple(differences)))
    return tuple(found)


def _member_differences(vocabularies, names: tuple[str, ...], members: tuple[Member, ...]) -> list[str]:
    """Names match through the municipality list and its aliases (Лазовский МР = Лазовский МО)."""
    def identity(name: str) -> str:
        return vocabularies.municipality_lookup.resolve(name) or _key(name)
    computed = {m.municipality if m.municipality else _key(m.name): m.name for m in members}
    computed.update({_key(m.name): m.name for m in members})
    listed = [identity(n) for n in names]
    only_published = [n for n, i in zip(names, listed) if i not in computed]
    only_computed = [m.name for m in members if m.municipality not in listed and _key(m.name) not in listed]
    found = []
    if only_published:
        found.append("в опубликованном списке, но не по записям: " + ", ".join(only_published))
    if only_computed:
        found.append("по записям, но нет в опубликованном списке: " + ", ".join(only_computed))
    return found


def compare_measures(table: StatTable) -> tuple[Comparison, ...]:
    """Each published figure against its measure, at the precision the report printed: «12,5»
    matches 12,46; a share of records compares its count and percent like a level's."""
    published = table.definition.published
    found = []
    for figure in published.figures if published else ():
        row = next(r for r in table.measures if _key(figure.key) in (_key(r.key), _key(r.label)))
        found.append(Comparison(figure.key, row.label, figure, row.text, tuple(_measure_differences(row, figure, table))))
    return tuple(found)


def _measure_differences(row: MeasureRow, figure: Figure, table: StatTable) -> list[str]:
    measure = next(m for m in table.definition.measures if m.id == row.key)
    if measure.kind == "share":
        whole = row.whole
        found = [] if figure.count is None or figure.count == row.count else [
            f"число: опубликовано {figure.count}, по записям {row.count}"]
        if figure.percent is not None and figure.percent != percent_ru(row.count, whole):
            found.append(f"доля: опубликовано {figure.percent}%, по записям {percent_ru(row.count, whole)}%")
        return found
    printed = figure.percent if measure.format == "percent" and figure.percent else figure.number
    printed = printed if printed is not None else (None if figure.count is None else str(figure.count))
    if printed is None:
        return []
    computed = at_places(row.value, measure, printed)
    if computed != printed:
        sign = "%" if measure.format == "percent" else ""
        return [f"опубликовано {printed}{sign}, по записям {computed}{sign}"]
    return []
