"""Built-in statistics of the site itself: what the bank holds, program indicators, freshness.

The tables are ordinary definitions (the same rules and pages as `data/statistics.yml`); the
indicator fulfilment and the freshness check are small functions of their own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from generator.corpus.site import Site
from generator.derive import programs
from generator.source.history import History, read_history
from generator.source.statdefs import DefinitionProblems, StatDef, parse_definitions

#: Seed 001 promises the site is updated at least every two weeks.
FRESHNESS_DAYS = 14
BUILTIN_SOURCE = "встроенная статистика Kopilka"


def _count(table_id: str, title: str, content: str, field: str, vocabulary: str | None = None) -> dict:
    return {"id": table_id, "title": title, "content": content, "count": field, "vocabulary": vocabulary,
            "members": False}


BUILTIN: list[dict] = [
    _count("site-practices-levels", "Практики по уровням образования", "practice", "levels", "levels"),
    _count("site-practices-subjects", "Практики по предметам", "practice", "subjects", "subjects"),
    _count("site-practices-types", "Практики по типам", "practice", "type", "practice_types"),
    _count("site-practices-municipalities", "Практики по муниципалитетам", "practice", "municipality"),
    _count("site-practices-years", "Практики по годам описания", "practice", "year"),
    _count("site-practices-evidence", "Практики по доказанности", "practice", "evidence", "evidence_levels"),
    {"id": "site-practices-subject-level", "title": "Практики: предмет × уровень образования",
     "content": "practice", "cross": ["subjects", "levels"], "vocabulary": ["subjects", "levels"], "members": False},
    _count("site-practices-added", "Новые практики по месяцам", "practice", "added|month"),
    _count("site-events-months", "Мероприятия по месяцам", "event", "start|month"),
    _count("site-events-types", "Мероприятия по видам", "event", "type", "event_types"),
    _count("site-events-formats", "Мероприятия по формату", "event", "format", "event_formats"),
    _count("site-associations-kinds", "Объединения по видам", "association", "kind", "association_kinds"),
    _count("site-associations-subjects", "Объединения по предметам", "association", "subjects", "subjects"),
]


def builtin_definitions(vocabularies, taken: set[str]) -> list[StatDef]:
    """The built-in tables, minus any whose id the site's own file already uses."""
    items = [{k: v for k, v in item.items() if v is not None} for item in BUILTIN if item["id"] not in taken]
    definitions, problems = parse_definitions(items, DefinitionProblems(BUILTIN_SOURCE, {}), vocabularies)
    if problems:  # a bug in BUILTIN, not a user error
        raise ValueError("; ".join(p.format() for p in problems))
    return definitions


def definitions_of(site: Site) -> tuple[list[StatDef], list[StatDef]]:
    """(the site's own tables from data/statistics.yml, the built-in ones), read anew: for tools
    and tests; a build reads the definitions the check parsed (`derive.statqueries.definitions`)."""
    from generator.source.statdefs import load_definitions

    own, problems = load_definitions(site.root, site.vocabularies)
    if any(p.severity == "error" for p in problems):
        raise ValueError("statistics definitions have errors")
    return own, builtin_definitions(site.vocabularies, {d.id for d in own})


def indicator_fulfilment(target: float | None, actual: float | None, better: str) -> float | None:
    """Per cent of the target reached: actual/target when higher is better, target/actual when
    lower is better. None when either is missing or the division is undefined."""
    return programs.fulfilment(target, actual, better)[0]


def percent_one_place(value: float | None) -> str:
    """104,2 — one decimal, comma, half-up (Decimal, so 12.25 gives 12,3)."""
    if value is None:
        return "—"
    return str(Decimal(repr(value)).quantize(Decimal("0.1"), ROUND_HALF_UP)).replace(".", ",")


@dataclasses.dataclass(frozen=True)
class IndicatorYear:
    program: str
    code: str
    title: str
    unit: str
    year: int
    target: float | None
    actual: float | None
    better: str
    fulfilment: float | None

    @property
    def reached(self) -> bool | None:
        return None if self.fulfilment is None else self.fulfilment >= 100


def indicator_years(site: Site, computed: dict[str, dict[str, dict[int, float]]] | None = None) -> list[IndicatorYear]:
    """Every (program, indicator, year) that has a target or an actual value, in source order;
    `computed`: program id -> code -> {year: actual from the site's data} (`derive/results.py`),
    for the years without a written actual."""
    rows = []
    for program in site.programs.values():
        for indicator in program.indicators:
            derived = ((computed or {}).get(program.id) or {}).get(indicator.code) or {}
            for year in sorted(set(indicator.targets) | set(indicator.actuals)):
                target, actual = indicator.targets.get(year), indicator.actuals.get(year, derived.get(year))
                rows.append(IndicatorYear(program.id, indicator.code, indicator.title, indicator.unit or "",
                                          year, target, actual, indicator.better,
                                          indicator_fulfilment(target, actual, indicator.better)))
    return rows


@dataclasses.dataclass(frozen=True)
class Freshness:
    latest: dt.date | None
    how: str
    build_date: dt.date
    #: The service's own rule: content changes at least every this many days (site.yml update_days).
    days: int = FRESHNESS_DAYS

    @property
    def age_days(self) -> int | None:
        return None if self.latest is None else (self.build_date - self.latest).days

    @property
    def stale(self) -> bool:
        return self.age_days is None or self.age_days > self.days


def freshness(site: Site, history: History | None = None) -> Freshness:
    """The date of the newest change of the records, against the build date.

    From git when the site is a checkout (the last commit touching content, practices or data,
    read once per build by `source.history`), else from the newest `added` date of a practice;
    never from file times, which a copy resets. A shallow clone knows its newest commits, so its
    latest change is right even where older dates are not.
    """
    history = history if history is not None else read_history(site.root)
    if history.latest is not None:
        return Freshness(history.latest, "последний коммит, изменивший practices, content или data",
                         site.build_date)
    dates = [p.added for p in site.practices.values() if p.added]
    return Freshness(max(dates) if dates else None, "самая поздняя дата добавления практики (added)",
                     site.build_date)
