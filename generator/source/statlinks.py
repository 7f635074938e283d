"""Links between statistics tables: `level.<table>` fields read another table's levels. Checked
after every table is read: the target exists, counts the same records and has levels; no cycle;
and a table that reads a table left out is left out too, without a second message.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from generator.diagnostics import Diagnostic

if TYPE_CHECKING:
    from generator.source.statdefs import DefinitionProblems, StatDef


def check_links(found: dict[str, StatDef], failed: set[str], problems: DefinitionProblems) -> None:
    """`level.<table>` must name a table of the same content type, without cycles. A table that
    reads a table with errors of its own is left out without a second message: fixing that
    table fixes both."""
    for definition in list(found.values()):
        for other in definition.depends_on():
            target = found.get(other)
            if other in failed:
                found.pop(definition.id, None)
                break
            if target is None or target.content != definition.content or target.mode != "levels":
                problems.items.append(Diagnostic(
                    definition.path, definition.line, 0, "E304",
                    f"таблица «{definition.id}» ссылается на уровни неизвестной таблицы «{other}»", other,
                    hint="level.<id> — id таблицы с classify по тем же записям (content)"))
                found.pop(definition.id, None)
                break
    for table_id, definition in list(found.items()):
        linked = tuple((other, tuple((lv.id, lv.label) for lv in found[other].levels))
                       for other in dict.fromkeys(definition.depends_on()) if other in found)
        periods = tuple((label, dataclasses.replace(p, linked_levels=linked)) for label, p in definition.periods)
        found[table_id] = dataclasses.replace(definition, linked_levels=linked, periods=periods)
    cyclic = []
    for start in list(found):
        seen, stack = set(), [start]
        while stack:
            current = stack.pop()
            for other in found.get(current).depends_on() if current in found else ():
                if other == start:
                    problems.items.append(Diagnostic(found[start].path, found[start].line, 0, "E304",
                                                     f"таблица «{start}» по кругу зависит от себя", start,
                                                     hint="уберите ссылку level.<id> на одну из таблиц круга"))
                    cyclic.append(start)
                    stack = []
                    break
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
    for table_id in cyclic:  # never computed: a cycle has no first table
        found.pop(table_id, None)
    while orphans := [i for i, d in found.items() if any(o not in found for o in d.depends_on())]:
        for table_id in orphans:  # read a table left out above: its error is already reported
            found.pop(table_id)
