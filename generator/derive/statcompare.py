"""Published figures against the computed ones, for every kind of table: a level or value, a
measure (at the printed precision), a cell or a row of a cross table. Compared, never copied:
a difference is shown, not fixed; a key that names nothing is a difference too.
"""

from __future__ import annotations

from generator.derive.statmeasures import MeasureRow, at_places
from generator.derive.stattable import NO_DATA, Comparison, Member, Row, StatTable, cell_figure
from generator.render.formatting import percent_ru
from generator.source.statdefs import NO_DATA_KEY, Figure
from generator.source.vocabularies import _key


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
            differences += member_differences(vocabularies, figure.members, row.members)
        found.append(Comparison(figure.key, label, figure, row.figure, tuple(differences)))
    return tuple(found)


def member_differences(vocabularies, names: tuple[str, ...], members: tuple[Member, ...]) -> list[str]:
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
            differences += member_differences(vocabularies, figure.members, names)
        found.append(Comparison(figure.key, label, figure, cell_figure(count, percent), tuple(differences)))
    return tuple(found)
