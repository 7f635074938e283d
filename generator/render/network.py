"""The methodological network's pages: associations, organisations, municipalities, regions, programs.

A producer: `outputs(site)` renders every page of these sections and the indicator charts of
program documents (SVG assets beside the program's page). Grouping and counting happen here or
in `programs.py`; templates only lay the results out.
"""

from __future__ import annotations

import dataclasses

from generator.build.outputs import Outputs
from generator.corpus.site import Site
from generator.derive import programs, queries
from generator.models import Association, Program
from generator.render.charts import grouped_bar_chart
from generator.render.formatting import number_ru
from generator.render.legacy import Renderer
from generator.render.urls import facet_uri, page_uri, page_url, region_id
from generator.source.vocabularies import Municipality

#: Facets of the association directory: (URL folder, title, vocabulary of its values or None).
ASSOCIATION_FACETS: tuple[tuple[str, str, str | None], ...] = (
    ("uroven", "Уровень", "association_levels"),
    ("predmet", "Предмет", "subjects"),
    ("munitsipalitet", "Муниципалитет", None),
)


@dataclasses.dataclass(frozen=True)
class AssociationGroup:
    id: str
    label: str
    items: list[Association]
    uri: str

    @property
    def path(self) -> str:
        """The page's URL path, for links."""
        return page_url(self.uri)


@dataclasses.dataclass(frozen=True)
class MunicipalityCounts:
    """A municipality with the number of its published records of each kind."""

    m: Municipality
    organizations: int
    practices: int
    associations: int
    events: int
    programs: int


@dataclasses.dataclass(frozen=True)
class Region:
    id: str
    title: str
    rows: list[MunicipalityCounts]


@dataclasses.dataclass(frozen=True)
class IndicatorView:
    """An indicator with its yearly values and its chart (site URI of the SVG)."""

    indicator: object
    values: list[programs.YearValue]
    chart: str
    alt: str


def association_facets(site: Site) -> list[tuple[str, str, list[AssociationGroup]]]:
    """[(facet folder, facet title, values in vocabulary order, each with its associations)]."""
    vocab = site.vocabularies
    facets = []
    for folder, title, vocabulary in ASSOCIATION_FACETS:
        if vocabulary == "association_levels":
            groups = queries.group_by(site.associations.values(), lambda a: a.level,
                                      [e.id for e in vocab[vocabulary].entries])
        elif vocabulary == "subjects":
            groups = queries.group_by([a for a in site.associations.values() if a.subjects],
                                      lambda a: list(a.subjects), [e.id for e in vocab[vocabulary].entries])
        else:
            groups = queries.group_by([a for a in site.associations.values() if site.municipality_of(a)],
                                      site.municipality_of, list(vocab.municipalities))
        values = []
        for value_id, items in groups:
            label = (vocab[vocabulary].by_id[value_id].label if vocabulary
                     else vocab.municipalities[value_id].title)
            values.append(AssociationGroup(value_id, label, items, facet_uri("association", folder, value_id)))
        facets.append((folder, title, values))
    return facets


def municipality_counts(site: Site, municipality: Municipality) -> MunicipalityCounts:
    return MunicipalityCounts(municipality, *(
        len(site.related(name, municipality.id)) for name in (
            "municipality_orgs", "municipality_practices", "municipality_associations",
            "municipality_events", "municipality_programs")))


def regions(site: Site) -> list[Region]:
    """Regions by title, their municipalities in the order of data/municipalities.yml."""
    grouped: dict[str, list[MunicipalityCounts]] = {}
    for municipality in site.vocabularies.municipalities.values():
        grouped.setdefault(municipality.region or "Регион не указан", []).append(
            municipality_counts(site, municipality))
    return [Region(region_id(title), title, rows) for title, rows in sorted(grouped.items())]


def chart_uri(program: Program, index: int) -> str:
    """Beside the program's page: `programs/<id>/pokazatel-<n>.svg`, n counted from 1."""
    return f"{page_uri('program', program.id)[:-3]}/pokazatel-{index + 1}.svg"


def indicator_views(program: Program, years: list[int]) -> tuple[list[IndicatorView], dict[str, str]]:
    """Each indicator's yearly values and its chart, target against actual per year."""
    views, charts = [], {}
    for index, indicator in enumerate(program.indicators):
        values = programs.indicator_values(indicator, years)
        shown = [v for v in values if v.target is not None or v.actual is not None]
        unit = indicator.unit or ""
        suffix = unit if unit == "%" else f" {unit}" if unit else ""
        uri = chart_uri(program, index)
        charts[uri] = grouped_bar_chart(
            f"{indicator.code}: план и факт по годам" + (f", {unit}" if unit else ""),
            [str(v.year) for v in shown],
            [("План", [v.target for v in shown]), ("Факт", [v.actual for v in shown])], unit=suffix)
        facts = "; ".join(f"{v.year}: план {_value(v.target)}, факт {_value(v.actual)}" for v in shown)
        alt = f"Диаграмма «{indicator.code}. {indicator.title}»: план и факт по годам ({unit or 'без единиц'}). {facts}."
        views.append(IndicatorView(indicator, values, uri, alt))
    return views, charts


def _association_page(renderer: Renderer, association) -> None:
    renderer.render("association.md.j2", page_uri("association", association.id), association.title,
                    association.summary, a=association)


def _organization_page(renderer: Renderer, org) -> None:
    site = renderer.site
    renderer.render("organization.md.j2", page_uri("organization", org.id), org.title, org.summary, o=org,
                    campaigns=_labels(site, "monitoring_campaigns"), fields=_labels(site, "monitoring_fields"))


def _program_page(renderer: Renderer, program, current) -> dict:
    """The program's page; returns its indicator charts (files of their own)."""
    years = programs.indicator_years(program)
    views, charts = indicator_views(program, years)
    renderer.render("program.md.j2", page_uri("program", program.id), program.title, program.summary,
                    p=program, years=years, indicators=views, in_force=program in current)
    return charts


def outputs(site: Site) -> Outputs:
    renderer = Renderer(site)
    assets: dict[str, str | bytes] = {}
    render = renderer.render
    for association in site.associations.values():
        _association_page(renderer, association)
    for org in site.organizations.values():
        _organization_page(renderer, org)
    all_regions = regions(site)
    for region in all_regions:
        for row in region.rows:
            render("municipality.md.j2", page_uri("municipality", row.m.id), row.m.title, None,
                   m=row.m, counts=row, region=region)
        render("region.md.j2", page_uri("region", region.id), region.title, None, region=region)
    current = programs.in_force(site, site.build_date)
    for program in site.programs.values():
        assets.update(_program_page(renderer, program, current))

    facets = association_facets(site)
    render("associations_index.md.j2", "associations/index.md", "Методические объединения", None,
           groups=queries.associations_by_kind(site), facets=facets)
    for folder, facet_title, values in facets:
        for value in values:
            render("associations_facet.md.j2", value.uri, f"Объединения: {value.label}", None,
                   facet_title=facet_title, value=value,
                   groups=queries.group_by(value.items, lambda a: a.kind,
                                           [e.id for e in site.vocabularies["association_kinds"].entries]))
    render("organizations_index.md.j2", "organizations/index.md", "Организации", None,
           groups=queries.organizations_by_municipality(site))
    render("municipalities_index.md.j2", "municipalities/index.md", "Муниципалитеты", None,
           regions=all_regions)
    render("regions_index.md.j2", "regions/index.md", "Регионы", None, regions=all_regions)
    render("programs_index.md.j2", "programs/index.md", "Программные документы", None,
           items=queries.by_title(site.programs.values()), in_force=current,
           by_kind=programs.by_kind(site), by_organization=programs.by_organization(site),
           by_period=programs.by_period(site))
    return Outputs(pages=renderer.pages, assets=assets)


def _value(value: float | None) -> str:
    return "нет данных" if value is None else number_ru(value)


def _labels(site: Site, vocabulary: str) -> dict[str, str]:
    """Readable names of monitoring campaigns or facts from the optional vocabularies
    `monitoring_campaigns` and `monitoring_fields` of data/vocabularies.yml; pages fall back to the key."""
    if vocabulary not in site.vocabularies.vocabularies:
        return {}
    return {e.id: e.long_label for e in site.vocabularies[vocabulary].entries}
