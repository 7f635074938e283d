"""Cross-field and cross-record consistency: warnings, never errors.

Source documents contradict themselves (001 starts its first stage a year before the program;
its П2 has a target for one year only) and the site must show them as written. So these checks
do not stop a build: they tell the owner where a record disagrees with itself or with the
network, at the file and line to look at, and leave the fix to people.
"""

from __future__ import annotations

from generator.corpus.site import Site
from generator.diagnostics import Diagnostic
from generator.models import Association, Entity, Practice, Program, Specialist
from generator.models.organization import department_key
from generator.models.common import ID_RE
from generator.source.frontmatter import SourceFile
from generator.source.vocabularies import MUNICIPALITIES_FILE
from generator.validate import line_of


def check(site: Site, records: list[tuple[SourceFile, Entity]]) -> list[Diagnostic]:
    """Warnings for every validated record (drafts too: their authors run `check`) and the network."""
    org_ids = {entity.id for source, entity in records if source.kind == "organization"}
    departments = {entity.id: entity.departments for source, entity in records if source.kind == "organization"}
    published = set(site.organizations) if site else org_ids  # once: made per record it was 0.1 s at 10,000
    problems: list[Diagnostic] = []
    for source, entity in records:
        if isinstance(entity, Program):
            problems.extend(program_warnings(source, entity))
        if isinstance(entity, Specialist):
            problems.extend(department_warnings(source, entity, departments))
        problems.extend(person_warnings(source, entity, org_ids, published))
    problems.extend(municipality_warnings(site))
    return problems


def _warning(source: SourceFile, path: tuple, code: str, message: str, **extra) -> Diagnostic:
    line, column = line_of(source, _written(source, path))
    return Diagnostic(source.rel, line, column, code, message, severity="warning", **extra)


def _written(source: SourceFile, path: tuple) -> tuple:
    """A year key may be written `2021:` (an int) or `"2021":` (a string): find either."""
    if path and isinstance(path[-1], int) and path not in source.positions:
        as_text = path[:-1] + (str(path[-1]),)
        if as_text in source.positions:
            return as_text
    return path


def _years(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"


def program_warnings(source: SourceFile, program: Program) -> list[Diagnostic]:
    problems = []
    period = program.period
    allowed = f"годы {_years(period.start, period.end)} (поле period)" if period else None
    for index, indicator in enumerate(program.indicators):
        where = ("indicators", index)
        name = f"показатель {indicator.code}"
        if period:
            for year in sorted(indicator.targets):
                if not period.start <= year <= period.end:
                    problems.append(_warning(
                        source, where + ("targets", year), "W201",
                        f"{name}: целевое значение на {year} год вне срока документа",
                        value=str(year), allowed=allowed,
                        hint="проверьте год или срок документа (period)"))
        for year in sorted(set(indicator.actuals) - set(indicator.targets)):
            problems.append(_warning(
                source, where + ("actuals", year), "W202",
                f"{name}: выполнение за {year} год указано, а целевого значения на этот год нет",
                value=str(year), allowed="годы из targets: " + (", ".join(map(str, sorted(indicator.targets))) or "нет"),
                hint="добавьте целевое значение в targets или проверьте год"))
        ordered = sorted(indicator.targets.items())
        for (_, before), (year, value) in zip(ordered, ordered[1:]):
            if (value < before) if indicator.better == "higher" else (value > before):
                way = "снижается" if indicator.better == "higher" else "растёт"
                better = "выше — лучше" if indicator.better == "higher" else "ниже — лучше"
                problems.append(_warning(
                    source, where + ("targets", year), "W204",
                    f"{name}: целевое значение {way} к {year} году, а для показателя «{better}»",
                    value=f"{_number(before)} → {_number(value)}",
                    hint="проверьте значения или поле better (higher — выше лучше, lower — ниже лучше)"))
                break
    if period:
        for index, stage in enumerate(program.stages):
            if stage.period and (stage.period.start < period.start or stage.period.end > period.end):
                problems.append(_warning(
                    source, ("stages", index, "period"), "W203",
                    f"этап «{stage.title}» выходит за срок документа",
                    value=_years(stage.period.start, stage.period.end), allowed=allowed,
                    hint="проверьте годы этапа или срок документа (period)"))
    return problems


def _number(value: float) -> str:
    return (str(int(value)) if float(value).is_integer() else str(value)).replace(".", ",")


def person_warnings(source: SourceFile, entity: Entity, org_ids: set[str],
                    published: set[str] | None = None) -> list[Diagnostic]:
    """A leader's or author's organisation written as an id must name an existing organisation.

    Written as text («МБОУ СОШ № 3») it is just text; only a slug-like value is taken as an id.
    """
    if isinstance(entity, Association):
        people = [(("leader",), entity.leader, "руководителя")] if entity.leader else []
    elif isinstance(entity, Practice):
        people = [(("authors", i), a, "автора") for i, a in enumerate(entity.authors)]
    else:
        return []
    problems = []
    for path, person, whose in people:
        org = person.organization
        if org and ID_RE.match(org) and org not in org_ids:
            problems.append(_warning(
                source, path + ("organization",), "W205", f"организация {whose} «{org}» не найдена",
                value=org, allowed="id файла из content/organizations/ или название текстом",
                hint="напишите id существующей организации или название текстом"))
        elif org and published is not None and org in org_ids and org not in published:
            problems.append(_warning(
                source, path + ("organization",), "W207",
                f"организация {whose} «{org}» не опубликована: на сайте она не показана",
                value=org, allowed="id опубликованной организации или название текстом",
                hint="опубликуйте запись организации или напишите её название текстом"))
    return problems


def municipality_warnings(site: Site) -> list[Diagnostic]:
    """A municipality without a published organisation has an empty page: say so at its line."""
    with_organizations = {o.municipality for o in site.organizations.values()}
    return [Diagnostic(MUNICIPALITIES_FILE, m.line, 0, "W206",
                       f"у муниципалитета «{m.title}» нет ни одной организации",
                       value=m.id, severity="warning", allowed="муниципалитет, у которого есть организация",
                       hint="добавьте организацию в content/organizations/ (municipality: "
                            f"{m.id}) или уберите муниципалитет из списка")
            for m in site.vocabularies.municipalities.values()
            if m.id not in with_organizations]


def department_warnings(source: SourceFile, person: Specialist, departments: dict) -> list[Diagnostic]:
    """A person's `department` must be one of their organisation's `departments` (by title)."""
    known = departments.get(person.organization)
    if not person.department or known is None:
        return []
    titles = [d.title for d in known]
    if department_key(person.department) in {department_key(t) for t in titles}:
        return []
    return [_warning(source, ("department",), "W210", f"у организации «{person.organization}» нет отдела "
                     f"«{person.department}»", value=person.department,
                     allowed=", ".join(titles) or "отделы в поле departments организации",
                     hint="напишите название отдела так же, как в departments организации, или добавьте отдел")]
