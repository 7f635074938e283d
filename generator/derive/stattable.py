"""The values a statistics table is made of: rows, members, comparisons, the table itself, and
the rules that order and label its rows. Pure values; `stats.py` computes them.
"""

from __future__ import annotations

import dataclasses

from generator.render.formatting import MONTHS_NOMINATIVE
from generator.source.statdefs import NO_DATA_KEY, Figure, StatDef
from generator.source.statplausible import possible_share
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
        if self.periods:
            return [c for _, period in self.periods for c in period.differences]
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
        if published and d.mode in ("count", "levels") and self.denominator:
            notes += [f"опубликованная доля {f.percent}% невозможна при знаменателе {self.denominator} "
                      f"(ближайшие возможные: {', '.join(possible)})" for f in published.figures
                      if f.percent and (possible := possible_share(f.percent, self.denominator))]
        return notes


@dataclasses.dataclass(frozen=True)
class Grouped:
    """A table with its members as ids: everything but the names (see `name`)."""

    table: StatTable
    #: row key -> member ids, in the table's order
    members: dict[str, tuple[str, ...]]


@dataclasses.dataclass(frozen=True)
class Entry:
    """A record as one table reads it: the values of the fields it reads (see `fields_read`).
    A table is computed from entries, so an edit that changes none of them (a title, for a
    table that counts levels) leaves its grouping as it was."""

    id: str
    values: tuple[tuple[str, object], ...]


def is_no_data(value: object) -> bool:
    return isinstance(value, str) and _key(value) == NO_DATA_KEY


def value_key(value: object) -> object:
    if value is None or value == ():
        return ABSENT
    if is_no_data(value):
        return NO_DATA
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else str(value)


def ordered(d: StatDef, index: int, keys, vocabularies) -> list[str]:
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


def cell_figure(count: int, percent: str) -> str:
    return str(count) if not percent else f"{count} (—)" if percent == "—" else f"{count} ({percent}%)"
