"""Statistics tables computed from the records with pandas, in the field's own format.

A table is recomputed from the Site on every build: counts are `N (P%)` over a stated
denominator (comma decimal, one place, half-up), members of each level keep the report's row
order, and «нет данных» (information not provided) is a row of its own, never zero or absent.
Published figures are compared, never copied: a difference is shown, not fixed.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from generator.corpus.site import Site
from generator.render.formatting import MONTHS_NOMINATIVE, percent_ru
from generator.source.statdefs import NO_DATA_KEY, Figure, StatDef
from generator.source.vocabularies import _key

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

    @property
    def figure(self) -> str:
        return f"{self.count} ({self.percent}%)"


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

    @property
    def id(self) -> str:
        return self.definition.id

    @property
    def differences(self) -> list[Comparison]:
        return [c for c in self.comparisons if c.differences]

    def quality(self) -> list[str]:
        """What a careful reader of the report should know: gaps, empty levels, differences."""
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
    base, _, transform = field.partition("|")
    if base.startswith("level."):
        value = levels.get(base[6:], {}).get(entity.id)
        return None if value in (NO_DATA, ABSENT, UNCLASSIFIED) else value
    if base.startswith("municipality"):
        municipality = site.municipality_of(entity)
        item = site.vocabularies.municipalities.get(municipality) if municipality else None
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


def _is_no_data(value: object) -> bool:
    return isinstance(value, str) and _key(value) == NO_DATA_KEY


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


def records_frame(site: Site, d: StatDef, levels: dict[str, dict[str, str]]) -> pd.DataFrame:
    """One row per record that passes the filter, in the report's order (then source order)."""
    entities = list(site.by_kind(d.content).values())
    frame = pd.DataFrame({"entity": entities, "id": [e.id for e in entities],
                          "position": range(len(entities))})
    for field, rule in d.filter:
        mask = frame["entity"].map(
            lambda e, f=field, r=rule: r.matches(field_value(site, e, f, levels),
                                                 lambda g: field_value(site, e, g, levels)))
        frame = frame[mask.astype(bool)] if len(frame) else frame
    for index, field in enumerate(d.fields):  # object dtype: None must not become NaN
        frame[f"v{index}"] = pd.Series([field_value(site, e, field, levels) for e in frame["entity"]],
                                       index=frame.index, dtype=object)
    if d.order:
        frame["order"] = [_sortable(field_value(site, e, d.order, levels)) for e in frame["entity"]]
        frame = frame.sort_values(["order", "position"], kind="stable")
    return frame.reset_index(drop=True)


def _sortable(value: object) -> tuple:
    return (value is None, not isinstance(value, (int, float)), value if isinstance(value, (int, float)) else str(value))


def compute(site: Site, d: StatDef, levels: dict[str, dict[str, str]] | None = None) -> StatTable:
    levels = levels or {}
    frame = records_frame(site, d, levels)
    total = len(frame)
    if d.mode == "levels":
        frame["key"] = [_classify(site, d, e, v, levels) for e, v in zip(frame["entity"], frame["v0"])]
    else:
        frame["key"] = [_value_key(v) for v in frame["v0"]]
    without = int(frame["key"].map(lambda k: k in (NO_DATA, ABSENT)).sum()) if total else 0
    denominator = {"all": total, "with_value": total - without}.get(d.denominator, d.denominator)
    denominator_text = {"all": "все отобранные записи", "with_value": "записи со значением (без «нет данных» "
                        "и пустых)"}.get(d.denominator, "число, указанное в определении")
    member = lambda e: _member(site, d, e)  # noqa: E731
    if d.mode == "cross":
        return _cross(site, d, frame, total, denominator, denominator_text)
    exploded = frame.explode("key") if d.mode == "count" else frame
    groups = {key: [member(e) for e in part["entity"]] for key, part in exploded.groupby("key", sort=False)}
    if d.mode == "levels":
        keys = [(lv.id, lv.label, lv.rule.text if lv.rule else "остальные") for lv in d.levels]
    else:
        keys = [(k, label_of(site, d, 0, k), "") for k in _ordered(site, d, 0, groups)]
    rows = tuple(Row(k, label, len(groups.get(k, [])), percent_ru(len(groups.get(k, [])), denominator),
                     tuple(groups.get(k, [])), rule) for k, label, rule in keys)
    missing = tuple(Row(k, MISSING_LABELS[k], len(groups[k]), percent_ru(len(groups[k]), denominator),
                        tuple(groups[k])) for k in (NO_DATA, ABSENT, UNCLASSIFIED) if k in groups)
    assignments = dict(zip(frame["id"], frame["key"])) if d.mode == "levels" else {}
    table = StatTable(d, rows, missing, total, denominator, denominator_text, (), (), (), assignments)
    return dataclasses.replace(table, comparisons=compare(site, table))


def _classify(site: Site, d: StatDef, entity, value, levels) -> str:
    get = lambda field: field_value(site, entity, field, levels)  # noqa: E731
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


def _ordered(site: Site, d: StatDef, index: int, keys) -> list[str]:
    """Values in vocabulary (or municipality list) order when there is one, else sorted."""
    keys = [k for k in keys if k not in (NO_DATA, ABSENT, UNCLASSIFIED)]
    vocabulary = d.vocabularies[index] if index < len(d.vocabularies) else None
    if vocabulary:
        order = [e.id for e in site.vocabularies[vocabulary].entries]
    elif d.fields[index].split("|")[0] == "municipality":
        order = list(site.vocabularies.municipalities)
    else:
        order = []
    rank = {k: i for i, k in enumerate(order)}
    return sorted(keys, key=lambda k: (rank.get(k, len(rank)), str(k)))


def label_of(site: Site, d: StatDef, index: int, key: str) -> str:
    vocabulary = d.vocabularies[index] if index < len(d.vocabularies) else None
    field = d.fields[index]
    if vocabulary and key in site.vocabularies[vocabulary].by_id:
        return site.vocabularies[vocabulary].label(key)
    if field.split("|")[0] == "municipality" and key in site.vocabularies.municipalities:
        return site.vocabularies.municipalities[key].title
    if field.endswith("|month") and len(key) == 7:
        return f"{MONTHS_NOMINATIVE[int(key[5:]) - 1]} {key[:4]}"
    return str(key)


def _member(site: Site, d: StatDef, entity) -> Member:
    municipality = site.municipality_of(entity)
    name = getattr(entity, "display_title", None) or entity.title
    if d.names == "municipality" and municipality in site.vocabularies.municipalities:
        name = site.vocabularies.municipalities[municipality].title
    return Member(d.content, entity.id, name, municipality)


def _cross(site: Site, d: StatDef, frame: pd.DataFrame, total: int, denominator: int,
           denominator_text: str) -> StatTable:
    frame = frame.assign(k0=[_value_key(v) for v in frame["v0"]], k1=[_value_key(v) for v in frame["v1"]])
    frame = frame.explode("k0").explode("k1")
    frame = frame[~frame["k0"].isin([NO_DATA, ABSENT]) & ~frame["k1"].isin([NO_DATA, ABSENT])]
    counts = pd.crosstab(frame["k0"], frame["k1"]) if len(frame) else pd.DataFrame()
    row_keys = _ordered(site, d, 0, counts.index)
    col_keys = _ordered(site, d, 1, counts.columns)
    matrix = tuple(tuple(int(counts.at[r, c]) for c in col_keys) for r in row_keys)
    rows = tuple(Row(r, label_of(site, d, 0, r), sum(cells), percent_ru(sum(cells), denominator), ())
                 for r, cells in zip(row_keys, matrix))
    columns = tuple((c, label_of(site, d, 1, c)) for c in col_keys)
    return StatTable(d, rows, (), total, denominator, denominator_text, columns, matrix, (), {})


def compare(site: Site, table: StatTable) -> tuple[Comparison, ...]:
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
        count = row.count if row else 0
        percent = percent_ru(count, table.denominator)
        differences = []
        if figure.count is not None and figure.count != count:
            differences.append(f"число: опубликовано {figure.count}, по записям {count}")
        if figure.percent is not None and figure.percent != percent:
            differences.append(f"доля: опубликовано {figure.percent}%, по записям {percent}%")
        if figure.members:
            differences += _member_differences(site, figure.members, row.members if row else ())
        found.append(Comparison(figure.key, label, figure, f"{count} ({percent}%)", tuple(differences)))
    return tuple(found)


def _member_differences(site: Site, names: tuple[str, ...], members: tuple[Member, ...]) -> list[str]:
    """Names match through the municipality list and its aliases (Лазовский МР = Лазовский МО)."""
    def identity(name: str) -> str:
        return site.vocabularies.municipality_lookup.resolve(name) or _key(name)
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
