"""What past events left, gathered: «Итоги мероприятий», winners by year, participants' satisfaction.

Pages:
- `events/results/`: the years with reports and the latest reports; `events/results/<year>/`: a
  year's reports by month, each with its results, materials, winners and satisfaction;
- `events/winners/`: competition years; `events/winners/<year>/`: every winner of that year's
  events (a name only with `public: true`), with place, nomination and organisation;
- `events/satisfaction/`: the participants' satisfaction per year, over all events and against
  each program indicator that takes its actuals from it (`source` of the indicator).

Tables come from `derive/results.py`; each page is a query of the build graph.
"""

from __future__ import annotations

from generator.build.incremental import Graph
from generator.build.outputs import Page
from generator.corpus import lookup
from generator.derive import results
from generator.derive.programs import fulfilment
from generator.render import env

RESULTS = "events/results/index.md"
WINNERS = "events/winners/index.md"
SATISFACTION = "events/satisfaction.md"
#: How many of the newest reports the results' index page shows.
LATEST = 10


def plan(g: Graph) -> list[tuple]:
    keys: list[tuple] = [(results_index,)]
    keys += [(results_year, year) for year in g.query(report_years)]
    keys.append((winners_index,))
    keys += [(winners_year, year) for year, _ in g.query(results.winner_years)]
    keys.append((satisfaction_page,))
    return keys


def results_uri(year: int) -> str:
    return f"events/results/{year}.md"


def winners_uri(year: int) -> str:
    return f"events/winners/{year}.md"


def report_years(g: Graph) -> tuple[int, ...]:
    return tuple(dict.fromkeys(y for y, _, _ in g.query(results.report_months)))


def _events(g: Graph, ids) -> list:
    return [g.query(lookup.fields, "event", i) for i in ids]


def results_index(g: Graph) -> Page:
    months = g.query(results.report_months)
    latest = [i for _, _, ids in months for i in ids][:LATEST]
    counts = {}
    for year, _, ids in months:
        counts[year] = counts.get(year, 0) + len(ids)
    return env.page(g, "results_index.md.j2", RESULTS, "Итоги мероприятий",
                    "Отчёты о прошедших мероприятиях: итоги, материалы, победители", years=list(counts.items()),
                    latest=_events(g, latest), total=sum(counts.values()))


def results_year(g: Graph, year: int) -> Page:
    months = [(m, _events(g, ids)) for y, m, ids in g.query(results.report_months) if y == year]
    return env.page(g, "results_year.md.j2", results_uri(year), f"Итоги мероприятий {year} года", None,
                    year=year, months=months, years=g.query(report_years))


def winners_index(g: Graph) -> Page:
    years = [(year, _events(g, ids)) for year, ids in g.query(results.winner_years)]
    return env.page(g, "winners_index.md.j2", WINNERS, "Победители и призёры",
                    "Победители и призёры конкурсов профессионального мастерства по годам", years=years)


def winners_year(g: Graph, year: int) -> Page:
    ids = next(ids for y, ids in g.query(results.winner_years) if y == year)
    return env.page(g, "winners_year.md.j2", winners_uri(year), f"Победители и призёры {year} года", None,
                    year=year, events=_events(g, ids), years=[y for y, _ in g.query(results.winner_years)])


def satisfaction_page(g: Graph) -> Page:
    overall = [(y, _events(g, y.events)) for y in g.query(results.satisfaction_years)]
    programs = []
    for program_id, code in g.query(results.satisfaction_programs):
        program = g.query(lookup.fields, "program", program_id)
        indicator = next(i for i in program.indicators if i.code == code)
        years = {y.year: y for y in g.query(results.program_satisfaction, program_id)}
        rows = []
        for year in sorted(set(indicator.targets) | set(indicator.actuals) | set(years)):
            target, written = indicator.targets.get(year), indicator.actuals.get(year)
            computed = years[year] if year in years else None
            actual = written if written is not None else (computed.share if computed else None)
            rows.append((year, target, actual, written is None and computed is not None,
                         len(computed.events) if computed else 0, fulfilment(target, actual, indicator.better)[1]))
        programs.append((program, indicator, rows))
    return env.page(g, "satisfaction.md.j2", SATISFACTION, "Удовлетворённость участников мероприятий",
                    "Доля участников, довольных мероприятиями, по годам и в сравнении с целевыми показателями программ",
                    overall=overall, programs=programs)
