"""What `check` can say about the statistics only once the records are read: a formula that
divides by zero for some records, and a published share that no count of the table's computed
denominator gives («99 %» of 4 districts, seed 003). Warnings: the tables are still built.

The definitions' own mistakes are found earlier, by `source/statdefs.py`; this step reads the
records the way a table does (`derive.stats`), so the figures it judges are the built ones.
"""

from __future__ import annotations

from typing import Callable

from generator.corpus.site import Site
from generator.diagnostics import Diagnostic
from generator.source.statformula import evaluate
from generator.source.statplausible import possible_share
from generator.source.statrules import NO_DATA_KEY, number_of
from generator.source.vocabularies import _key


def statistics_warnings(site: Site | None, definitions) -> list[Diagnostic]:
    """Every table's warnings, computed from the Site (a build reads the same from its graph:
    `derive.statqueries.statistics_warnings`)."""
    from generator.derive import stats

    if site is None or not definitions:
        return []
    tables = stats.compute_all(site, list(definitions))
    levels = {k: t.assignments for k, t in tables.items()}
    found: list[Diagnostic] = []
    for d in definitions:
        fields = stats.fields_read(d)
        records = site.by_kind(d.content)
        entries = [stats.entry_of(e, fields, site.municipality_of(e), site.vocabularies)
                   for e in records.values()] if reads_records(d) else []
        found += table_warnings(d, entries, levels, tables[d.id], lambda i, records=records: records[i].display_title)
    return found


def table_warnings(d, entries: list, levels: dict, table, name_of: Callable[[str], str]) -> list[Diagnostic]:
    """One table's warnings: `entries` its records as it reads them, in source order (needed
    only where `reads_records`); `name_of` a record's name for the message (asked only for the
    records a warning lists)."""
    found = _impossible_shares(d, table)
    if reads_records(d):
        from generator.derive import stats

        frame = stats.records_frame(d, entries, levels)  # once, for both kinds of warning
        found = _zero_divisors(d, frame, entries, name_of) + _text_in_measures(d, frame, entries, name_of) + found
    return found


def _numeric(d) -> list:
    return [m for m in d.measures if m.kind not in ("share", "length")]


def reads_records(d) -> bool:
    """Whether a table's warnings look at its records one by one (formulas, numeric measures)."""
    return bool(d.formulas) or bool(_numeric(d))


def _text_in_measures(d, frame, entries: list, name_of) -> list[Diagnostic]:
    """A measure over a field whose value is text in some records (not «нет данных»): those
    records are left out of it; the definition or the records may be wrong."""
    numeric = _numeric(d)
    get, found = frame.attrs["get"], []
    for m in numeric:
        for field in m.fields:
            texts = [name_of(entries[n].id) for n in frame["index"] if _is_text(get(n, field))]
            if texts:
                found.append(Diagnostic(
                    d.path, m.line, 0, "W304",
                    f"мера «{m.label}» считает числа, а в поле «{field}» у {len(texts)} записей текст — они не учтены",
                    ", ".join(texts[:10]) + (" …" if len(texts) > 10 else ""), "число (дробь — с запятой или точкой) или «нет данных»",
                    "исправьте значения в записях или выберите другую меру: share с правилом — для текстов",
                    severity="warning"))
    return found


def _is_text(value: object) -> bool:
    return (isinstance(value, str) and number_of(value) is None and _key(value) != NO_DATA_KEY) or isinstance(value, bool)


def _zero_divisors(d, frame, entries: list, name_of) -> list[Diagnostic]:
    get = frame.attrs["get"]
    found = []
    for formula in d.formulas:
        for divisor in formula.node.divisors():
            zero = [name_of(entries[n].id) for n in frame["index"]
                    if evaluate(divisor, lambda f, n=n: get(n, f)) == 0]
            if zero:
                found.append(Diagnostic(
                    d.path, formula.line, 0, "W303",
                    f"формула «{formula.name}» делит на ноль у {len(zero)} записей — у них значения не будет",
                    ", ".join(zero[:10]) + (" …" if len(zero) > 10 else ""), "делитель больше нуля",
                    "проверьте записи или отберите их фильтром: filter: {поле: \"> 0\"}", severity="warning"))
    return found


def _impossible_shares(d, table) -> list[Diagnostic]:
    if d.published is None or isinstance(d.denominator, int) or not table.denominator or d.mode not in ("count", "levels"):
        return []  # a stated denominator is judged with the definition; a cell's share has its own
    found = []
    for figure in d.published.figures:
        nearest = figure.percent and possible_share(figure.percent, table.denominator)
        if nearest:
            found.append(Diagnostic(
                d.path, figure.line, 0, "W302",
                f"опубликованная доля {figure.percent}% невозможна при знаменателе {table.denominator}",
                figure.text, f"доля вида k из {table.denominator}",
                "ближайшие возможные: " + ", ".join(nearest) + " — проверьте отчёт", severity="warning"))
    return found
