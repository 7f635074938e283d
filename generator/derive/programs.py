"""Program documents derived from the Site: yearly fulfilment of indicators and program indexes.

Fulfilment is the share of the target reached, in percent, and respects `better`: for a
«higher is better» indicator it is actual / target; for «lower is better» (dropouts, vacancies)
it is target / actual, so 100 % and above always means «the target is met». A year without an
actual is not zero: it has no fulfilment at all. Pure functions; nothing here reads files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from generator.corpus.site import Site
from generator.derive.queries import by_title, group_by
from generator.models import Program
from generator.models.program import Action, Indicator


@dataclasses.dataclass(frozen=True)
class YearValue:
    """One year of an indicator: target, actual and what follows from them."""

    year: int
    target: float | None
    actual: float | None
    #: Percent of the target reached (see module docstring); None when it cannot be computed.
    percent: float | None
    #: Whether the target is met; None when there is no target or no actual.
    met: bool | None
    #: The actual comes from the site's own data (the indicator's `source`), not from `actuals`.
    computed: bool = False


def fulfilment(target: float | None, actual: float | None, better: str = "higher") -> tuple[float | None, bool | None]:
    """(percent of the target reached, met) for one year.

    A zero on the divisor side leaves the percent undefined but still says whether the target
    is met: a lower-is-better indicator with actual 0 meets any non-negative target.
    """
    if target is None or actual is None:
        return None, None
    met = actual >= target if better == "higher" else actual <= target
    numerator, divisor = (actual, target) if better == "higher" else (target, actual)
    if divisor <= 0:
        return (100.0 if numerator == divisor else None), met
    # Decimal arithmetic and half-up rounding, as the field's reports round (92,25 -> 92,3).
    percent = (Decimal(repr(numerator)) * 100 / Decimal(repr(divisor))).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return float(percent), met


def indicator_years(program: Program) -> list[int]:
    """Columns of the indicator table: the program's period and every year with a value."""
    years = set(range(program.period.start, program.period.end + 1)) if program.period else set()
    for indicator in program.indicators:
        years |= set(indicator.targets) | set(indicator.actuals)
    return sorted(years)


def indicator_values(indicator: Indicator, years: list[int], computed: dict[int, float] | None = None) -> list[YearValue]:
    """One row per year; a year without a written actual takes the computed one, if any."""
    rows = []
    for year in years:
        target, actual = indicator.targets.get(year), indicator.actuals.get(year)
        derived = actual is None and (computed or {}).get(year) is not None
        if derived:
            actual = computed[year]
        percent, met = fulfilment(target, actual, indicator.better)
        rows.append(YearValue(year, target, actual, percent, met, derived))
    return rows


@dataclasses.dataclass(frozen=True)
class ActionRow:
    """A task of a roadmap as its table shows it on the build day."""

    number: int
    action: Action
    #: the deadline has passed and the task is neither done nor cancelled.
    overdue: bool
    #: done, but after the deadline.
    late: bool


def action_rows(program: Program, today: dt.date) -> list[ActionRow]:
    return [ActionRow(n, a, a.overdue(today), bool(a.done and a.deadline and a.done > a.deadline))
            for n, a in enumerate(program.actions, 1)]


def overdue_actions(programs, today: dt.date) -> list[tuple[str, int]]:
    """(program id, task number from 1) of every task overdue on `today`, in source order."""
    return [(p.id, row.number) for p in programs for row in action_rows(p, today) if row.overdue]


def in_force(site: Site, today: dt.date) -> list[Program]:
    """Published (not archived) programs whose period includes this year, by title."""
    return by_title(p for p in site.programs.values()
                    if p.period and p.period.start <= today.year <= p.period.end and p.status == "published")


def by_kind(site: Site) -> list[tuple[str, list[Program]]]:
    order = [e.id for e in site.vocabularies["document_kinds"].entries]
    return group_by(site.programs.values(), lambda p: p.kind, order)


def by_organization(site: Site) -> list[tuple[str | None, list[Program]]]:
    """Grouped by the organisation's title; programs without one come last."""
    groups = group_by(site.programs.values(), lambda p: p.organization)
    titled = sorted((g for g in groups if g[0]), key=lambda g: (site.organizations[g[0]].title.lower(), g[0]))
    return titled + [g for g in groups if not g[0]]


def period_label(program: Program) -> str | None:
    if not program.period:
        return None
    start, end = program.period.start, program.period.end
    return str(start) if start == end else f"{start}–{end}"


def by_period(site: Site) -> list[tuple[str | None, list[Program]]]:
    """Grouped by period, the newest start first; programs without a period come last."""
    groups = group_by(site.programs.values(), period_label)
    periods = {period_label(p): p.period for p in site.programs.values() if p.period}
    dated = sorted((g for g in groups if g[0]), key=lambda g: (-periods[g[0]].start, -periods[g[0]].end))
    return dated + [g for g in groups if not g[0]]
