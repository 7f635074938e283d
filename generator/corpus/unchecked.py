"""One broken data file, one report: the records it left unchecked are counted, not listed.

A malformed `data/vocabularies.yml` would otherwise make every vocabulary value of every record
an error of its own (a thousand lines for a bank of fifty practices), hiding the one line to fix.
Values checked against a vocabulary that could not be read carry the code UNCHECKED and their
cause (`vocabularies.cause_key`); here they are replaced by one line at that cause.
"""

from __future__ import annotations

from collections import defaultdict

from generator.diagnostics import Diagnostic
from generator.models.common import UNCHECKED
from generator.text import plural
from generator.source.vocabularies import cause_key


def summarise(problems: list[Diagnostic], causes: list[Diagnostic]) -> list[Diagnostic]:
    """`problems` without the unchecked values, and a summary at each cause among `causes`."""
    affected: dict[str, set[str]] = defaultdict(set)
    kept = []
    for problem in problems:
        if problem.code == UNCHECKED:
            affected[problem.hint or ""].add(problem.path)
        else:
            kept.append(problem)
    by_key = {cause_key(d): d for d in causes}
    for key, files in sorted(affected.items()):
        cause = by_key.get(key)
        count = len(files)
        shown = ", ".join(sorted(files)[:3]) + (f" и ещё {count - 3}" if count > 3 else "")
        kept.append(Diagnostic(
            cause.path if cause else "data", cause.line if cause else 0, cause.column if cause else 0, "E301",
            f"{count} {plural(count, 'запись не проверена', 'записи не проверены', 'записей не проверены')} "
            "до конца из-за этой ошибки", value=shown,
            allowed="файл данных, который читается без ошибок",
            hint="исправьте эту ошибку и запустите kopilka check снова: значения словарей и "
                 "муниципалитетов в записях проверятся тогда"))
    return kept
