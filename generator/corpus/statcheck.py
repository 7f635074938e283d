"""What `check` can say about the statistics only once the records are read: a formula that
divides by zero for some records, and a published share that no count of the table's computed
denominator gives («99 %» of 4 districts, seed 003). Warnings: the tables are still built.

The definitions' own mistakes are found earlier, by `source/statdefs.py`; this step reads the
records the way a table does (`derive.stats`), so the figures it judges are the built ones.
"""

from __future__ import annotations

from generator.corpus.site import Site
from generator.diagnostics import Diagnostic
from generator.source.statformula import evaluate
from generator.source.statplausible import possible_share


def statistics_warnings(site: Site | None, definitions) -> list[Diagnostic]:
    from generator.derive import stats

    if site is None or not definitions:
        return []
    tables = stats.compute_all(site, list(definitions))
    found: list[Diagnostic] = []
    for d in definitions:
        found += _zero_divisors(site, d, {k: t.assignments for k, t in tables.items()})
        found += _impossible_shares(d, tables[d.id])
    return found


def _zero_divisors(site: Site, d, levels) -> list[Diagnostic]:
    from generator.derive import stats

    if not d.formulas:
        return []
    records = list(site.by_kind(d.content).values())
    entries = [stats.entry_of(e, stats.fields_read(d), site.municipality_of(e), site.vocabularies) for e in records]
    frame = stats.records_frame(d, entries, levels)
    get, names = frame.attrs["get"], {e.id: e.display_title for e in records}
    found = []
    for formula in d.formulas:
        for divisor in formula.node.divisors():
            zero = [names[entries[n].id] for n in frame["index"]
                    if evaluate(divisor, lambda f, n=n: get(n, f)) == 0]
            if zero:
                found.append(Diagnostic(
                    d.path, formula.line, 0, "W303",
                    f"формула «{formula.name}» делит на ноль у {len(zero)} записей — у них значения не будет",
                    ", ".join(zero[:10]) + (" …" if len(zero) > 10 else ""), "делитель больше нуля",
                    "проверьте записи или отберите их фильтром: filter: {поле: \"> 0\"}", severity="warning"))
    return found


def _impossible_shares(d, table) -> list[Diagnostic]:
    if d.published is None or isinstance(d.denominator, int) or not table.denominator:
        return []  # a stated denominator is judged with the definition (statdefs)
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
