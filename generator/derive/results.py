"""What past events left: reports by month, winners by year, and the participants' satisfaction.

- A *report* is a past event (not cancelled) with results, materials or winners.
- *Winners* are those of every event that lists them, by the year of the event's first day.
- *Satisfaction* per year is the mean of the shares recorded for past events of that year (each
  event counts once), rounded half-up to one decimal. A program indicator with `source:
  удовлетворённость участников мероприятий` gets it as its actual for a year it has no written
  actual: over the events its organisation runs (directly or through its associations), else
  those of its municipality, else all.

Pure functions over events, and the same as queries of the build graph.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from generator.build.incremental import Graph
from generator.corpus import lookup
from generator.derive import calendar
from generator.models import Event, Program

SATISFACTION = "event_satisfaction"


def past(events, today: dt.date) -> list[Event]:
    """Past events (their whole series is over), not cancelled, newest first."""
    return [e for e in calendar.split(events, today)[1] if e.state != "otmeneno"]


def has_report(event: Event) -> bool:
    return bool(event.results or event.materials or event.winners)


def reports_by_month(events, today: dt.date) -> list[tuple[int, int, list[Event]]]:
    """[(year, month, reports newest first)], newest month first."""
    months: dict[tuple[int, int], list[Event]] = {}
    for event in past(events, today):
        if has_report(event):
            months.setdefault((event.first_day.year, event.first_day.month), []).append(event)
    return [(year, month, items) for (year, month), items in sorted(months.items(), reverse=True)]


def winners_by_year(events) -> list[tuple[int, list[Event]]]:
    """[(year, events with winners in start order)], newest year first; cancelled ones left out."""
    years: dict[int, list[Event]] = {}
    for event in calendar.events_in_order(events):
        if event.winners and event.state != "otmeneno":
            years.setdefault(event.first_day.year, []).append(event)
    return sorted(years.items(), reverse=True)


def mean(values: list[float]) -> float | None:
    if not values:
        return None
    total = sum(Decimal(repr(float(v))) for v in values)
    return float((total / len(values)).quantize(Decimal("0.1"), ROUND_HALF_UP))


@dataclasses.dataclass(frozen=True)
class SatisfactionYear:
    year: int
    #: the events of that year with a recorded share, newest first.
    events: tuple[str, ...]
    share: float | None


def satisfaction_by_year(events, today: dt.date) -> list[SatisfactionYear]:
    """Per year (newest first) the past events with a recorded satisfaction and their mean share."""
    years: dict[int, list[Event]] = {}
    for event in past(events, today):
        if event.satisfaction is not None:
            years.setdefault(event.first_day.year, []).append(event)
    return [SatisfactionYear(year, tuple(e.id for e in items), mean([e.satisfaction.share for e in items]))
            for year, items in sorted(years.items(), reverse=True)]


def in_scope(program: Program, event: Event, event_municipality: str | None, host_of) -> bool:
    """Whether an event counts for a program's satisfaction indicator (see the module docstring);
    `host_of(id)` is the organisation of an association id (None for anything else)."""
    if program.organization:
        return event.organizer == program.organization or (
            event.organizer is not None and host_of(event.organizer) == program.organization)
    if program.municipality:
        return event_municipality == program.municipality
    return True


# --- the same as queries of the build graph --------------------------------------------------

def report_months(g: Graph) -> tuple[tuple[int, int, tuple[str, ...]], ...]:
    events = g.query(lookup.records, "event").values()
    return tuple((y, m, tuple(e.id for e in items)) for y, m, items in reports_by_month(events, lookup.today(g)))


def winner_years(g: Graph) -> tuple[tuple[int, tuple[str, ...]], ...]:
    return tuple((y, tuple(e.id for e in items)) for y, items in winners_by_year(g.query(lookup.records, "event").values()))


def org_winners(g: Graph) -> dict[str, tuple[tuple[str, int], ...]]:
    """organisation id -> (event id, index of the winner) of the winners it sent, newest year first."""
    found: dict[str, list] = {}
    for _, ids in g.query(winner_years):
        for event_id in ids:
            for index, winner in enumerate(g.query(lookup.fields, "event", event_id).winners):
                if winner.organization:
                    found.setdefault(winner.organization, []).append((event_id, index))
    return {org: tuple(items) for org, items in found.items()}


def satisfaction_years(g: Graph) -> tuple[SatisfactionYear, ...]:
    """Over all events of the site."""
    return tuple(satisfaction_by_year(g.query(lookup.records, "event").values(), lookup.today(g)))


def _host(g: Graph, entity_id: str) -> str | None:
    association = g.query(lookup.fields, "association", entity_id)
    return association.organization if association is not None else None


def program_satisfaction(g: Graph, program_id: str) -> tuple[SatisfactionYear, ...]:
    """The satisfaction years over the events that count for one program."""
    program = g.query(lookup.fields, "program", program_id)
    events = [e for e in g.query(lookup.records, "event").values()
              if in_scope(program, e, g.query(lookup.municipality_of, "event", e.id), lambda i: _host(g, i))]
    return tuple(satisfaction_by_year(events, lookup.today(g)))


def computed_actuals(g: Graph, program_id: str) -> dict[str, dict[int, float]]:
    """indicator code -> {year: actual from the site's data} for indicators with a `source`."""
    program = g.query(lookup.fields, "program", program_id)
    found = {}
    for indicator in program.indicators:
        if indicator.source == SATISFACTION:
            found[indicator.code] = {y.year: y.share for y in g.query(program_satisfaction, program_id)}
    return found


def satisfaction_programs(g: Graph) -> tuple[tuple[str, str], ...]:
    """(program id, indicator code) of every indicator that takes its actuals from events."""
    return tuple((p.id, i.code) for p in g.query(lookup.records, "program").values()
                 for i in p.indicators if i.source == SATISFACTION)
