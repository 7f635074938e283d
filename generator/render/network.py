"""The methodological network's pages: associations, organisations, municipalities, regions, programs.

Every page is a query of the build graph (see `pages.py`), and so is each program's indicator
chart (an SVG beside the program's page). Grouping and counting happen here or in
`derive/programs.py`; templates only lay the results out.
"""

from __future__ import annotations

import dataclasses

from generator.build.incremental import Graph
from generator.build.outputs import File, Page
from generator.corpus import lookup
from generator.corpus.site import Site
from generator.derive import programs, queries, results
from generator.models import Association, Program
from generator.render import community, env, office
from generator.render.feeds import DOCUMENTS_FEED, group_subscription, subscription
from generator.render.charts import grouped_bar_chart
from generator.render.contacts import curator_rows
from generator.render.formatting import number_ru
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


def municipality_counts(related, municipality: Municipality) -> MunicipalityCounts:
    """`related(relation, key)`: the side table's ids (`Site.related`, `lookup.related_ids`)."""
    return MunicipalityCounts(municipality, *(
        len(related(name, municipality.id)) for name in (
            "municipality_orgs", "municipality_practices", "municipality_associations",
            "municipality_events", "municipality_programs")))


def regions(vocabularies, related) -> list[Region]:
    """Regions by title, their municipalities in the order of data/municipalities.yml."""
    grouped: dict[str, list[MunicipalityCounts]] = {}
    for municipality in vocabularies.municipalities.values():
        grouped.setdefault(municipality.region or "Регион не указан", []).append(
            municipality_counts(related, municipality))
    return [Region(region_id(title), title, rows) for title, rows in sorted(grouped.items())]


def chart_uri(program: Program, index: int) -> str:
    """Beside the program's page: `programs/<id>/pokazatel-<n>.svg`, n counted from 1."""
    return f"{page_uri('program', program.id)[:-3]}/pokazatel-{index + 1}.svg"


def indicator_views(program: Program, years: list[int],
                    computed: dict[str, dict[int, float]] | None = None) -> tuple[list[IndicatorView], dict[str, str]]:
    """Each indicator's yearly values and its chart, target against actual per year; `computed`:
    actuals from the site's data by indicator code, for years without a written one."""
    views, charts = [], {}
    for index, indicator in enumerate(program.indicators):
        values = programs.indicator_values(indicator, years, (computed or {}).get(indicator.code))
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


def _value(value: float | None) -> str:
    return "нет данных" if value is None else number_ru(value)


def _labels(g: Graph, vocabulary: str) -> dict[str, str]:
    """Readable names of monitoring campaigns or facts from the optional vocabularies
    `monitoring_campaigns` and `monitoring_fields` of data/vocabularies.yml; pages fall back to the key."""
    vocabularies = lookup.vocabularies(g)
    if vocabulary not in vocabularies.vocabularies:
        return {}
    return {e.id: e.long_label for e in vocabularies[vocabulary].entries}


# --- tables over the whole network -------------------------------------------------------

def directory(g: Graph) -> list[tuple[str, str, list[AssociationGroup]]]:
    return association_facets(g.query(lookup.site))


def all_regions(g: Graph) -> list[Region]:
    # the side tables' entries, not the whole site: a practice's edit that moves it between no
    # municipalities leaves the regions alone (0.15 s of a title edit at 10,000 practices)
    return regions(lookup.vocabularies(g), lambda relation, key: lookup.related_ids(g, relation, key))


def in_force_ids(g: Graph) -> tuple[str, ...]:
    return tuple(p.id for p in programs.in_force(g.query(lookup.site), lookup.today(g)))


# --- the pages ---------------------------------------------------------------------------

def plan(g: Graph) -> list[tuple]:
    """Every output of this module, in the order a full build makes them."""
    keys: list[tuple] = [(association_page, i) for i in lookup.ids(g, "association")]
    keys += [(organization_page, i) for i in lookup.ids(g, "organization")]
    for region in g.query(all_regions):
        keys += [(municipality_page, row.m.id) for row in region.rows]
        keys.append((region_page, region.id))
    keys += [(program_page, i) for i in lookup.ids(g, "program")]
    keys.append((associations_index,))
    keys += [(association_facet_page, folder, value.id) for folder, _, values in g.query(directory)
             for value in values]
    keys += [(organizations_index,), (municipalities_index,), (regions_index,), (programs_index,)]
    for program_id in lookup.ids(g, "program"):
        program = g.query(lookup.fields, "program", program_id)
        keys += [(program_chart, program_id, n) for n in range(len(program.indicators))]
    return keys


def association_page(g: Graph, association_id: str) -> Page:
    a = lookup.record(g, "association", association_id)
    event_ids = lookup.related_ids(g, "association_events", a.id)
    upcoming, past = queries.events_split(g, event_ids)
    feeds = group_subscription(g, "association", a.id, bool(event_ids))
    return env.page(g, "association.md.j2", page_uri("association", a.id), a.title, a.summary, a=a,
                    head=feeds.head, subscribe=feeds.line,
                    municipality=g.query(lookup.municipality_of, "association", a.id), upcoming=upcoming, past=past,
                    practices=queries.titled(g, "practice", lookup.related_ids(g, "association_practices", a.id)),
                    communities=[c for c in community.communities_of(a) if c.url != a.community_url],
                    members=community.members_view(g, a),
                    questions=queries.titled(g, "question", lookup.related_ids(g, "association_questions", a.id)),
                    record=("association", a.id))


def organization_page(g: Graph, org_id: str) -> Page:
    o = lookup.record(g, "organization", org_id)
    related = lambda name: lookup.related_ids(g, name, o.id)  # noqa: E731
    upcoming, past = queries.events_split(g, related("org_events"))
    feeds = group_subscription(g, "organization", o.id, bool(related("org_events")))
    return env.page(g, "organization.md.j2", page_uri("organization", o.id), o.title, o.summary, o=o,
                    head=feeds.head, subscribe=feeds.line,
                    campaigns=_labels(g, "monitoring_campaigns"), fields=_labels(g, "monitoring_fields"),
                    children=queries.titled(g, "organization", related("org_children")),
                    practices=queries.titled(g, "practice", related("org_practices")),
                    replicated=queries.titled(g, "practice", related("org_replicated")),
                    associations=queries.titled(g, "association", related("org_associations")),
                    upcoming=upcoming, past=past, programs=queries.titled(g, "program", related("org_programs")),
                    **office.organization_view(g, o.id),
                    record=("organization", o.id))


def _region_of(g: Graph, region_id_: str) -> Region:
    return next(r for r in g.query(all_regions) if r.id == region_id_)


def municipality_place(g: Graph, municipality_id: str) -> tuple[str, MunicipalityCounts]:
    """A municipality's region and its row there: what its page shows of the regions, equal
    after an edit elsewhere (every municipality's page was made again when one count changed)."""
    region = next(r for r in g.query(all_regions) if any(row.m.id == municipality_id for row in r.rows))
    return region.id, next(row for row in region.rows if row.m.id == municipality_id)


def municipality_page(g: Graph, municipality_id: str) -> Page:
    region_id, row = g.query(municipality_place, municipality_id)
    related = lambda name: lookup.related_ids(g, name, municipality_id)  # noqa: E731
    events = [f for f in (g.query(lookup.fields, "event", i) for i in related("municipality_events")) if f]
    events = queries.events_in_order(events)
    upcoming, past = queries.split_events(events, lookup.today(g))
    feeds = group_subscription(g, "municipality", municipality_id, bool(related("municipality_events")))
    return env.page(g, "municipality.md.j2", page_uri("municipality", municipality_id), row.m.title, None,
                    head=feeds.head, subscribe=feeds.line,
                    m=row.m, counts=row, region_id=region_id,
                    orgs=queries.titled(g, "organization", related("municipality_orgs")),
                    practices=queries.titled(g, "practice", related("municipality_practices")),
                    associations=queries.titled(g, "association", related("municipality_associations")),
                    events=events, upcoming=upcoming, past=past,
                    programs=queries.titled(g, "program", related("municipality_programs")))


def region_page(g: Graph, region_id_: str) -> Page:
    region = _region_of(g, region_id_)
    return env.page(g, "region.md.j2", page_uri("region", region.id), region.title, None, region=region)


def _program_view(g: Graph, program_id: str) -> tuple[list[IndicatorView], dict[str, str], list[int]]:
    program = g.query(lookup.fields, "program", program_id)
    years = programs.indicator_years(program)
    views, charts = indicator_views(program, years, g.query(results.computed_actuals, program_id))
    return views, charts, years


def program_page(g: Graph, program_id: str) -> Page:
    p = lookup.record(g, "program", program_id)
    views, _, years = g.query(_program_view, program_id)
    return env.page(g, "program.md.j2", page_uri("program", p.id), p.title, p.summary, p=p, years=years,
                    indicators=views, in_force=p.id in g.query(in_force_ids),
                    municipality=g.query(lookup.municipality_of, "program", p.id),
                    actions=programs.action_rows(p, lookup.today(g)),
                    record=("program", p.id))


def program_chart(g: Graph, program_id: str, index: int) -> File:
    program = g.query(lookup.fields, "program", program_id)
    uri = chart_uri(program, index)
    return File(uri, g.query(_program_view, program_id)[1][uri])


def associations_index(g: Graph) -> Page:
    site = g.query(lookup.site)
    return env.page(g, "associations_index.md.j2", "associations/index.md", "Методические объединения", None,
                    groups=queries.associations_by_kind(site), facets=g.query(directory),
                    total=len(lookup.ids(g, "association")))


def association_facet_page(g: Graph, folder: str, value_id: str) -> Page:
    facet_title, value = next((title, v) for f, title, values in g.query(directory) if f == folder
                              for v in values if v.id == value_id)
    kinds = [e.id for e in lookup.vocabularies(g)["association_kinds"].entries]
    return env.page(g, "associations_facet.md.j2", value.uri, f"Объединения: {value.label}", None,
                    facet_title=facet_title, value=value, groups=queries.group_by(value.items, lambda a: a.kind, kinds),
                    curators=curator_rows(g, "subjects", value_id) if folder == "predmet" else [])


def organizations_index(g: Graph) -> Page:
    return env.page(g, "organizations_index.md.j2", "organizations/index.md", "Организации", None,
                    groups=queries.organizations_by_municipality(g.query(lookup.site)),
                    total=len(lookup.ids(g, "organization")))


def municipalities_index(g: Graph) -> Page:
    return env.page(g, "municipalities_index.md.j2", "municipalities/index.md", "Муниципалитеты", None,
                    regions=g.query(all_regions))


def regions_index(g: Graph) -> Page:
    return env.page(g, "regions_index.md.j2", "regions/index.md", "Регионы", None, regions=g.query(all_regions))


def programs_index(g: Graph) -> Page:
    site = g.query(lookup.site)
    current = [site.programs[i] for i in g.query(in_force_ids)]
    feeds = subscription(g, "programs/index.md", "новые и изменённые документы", DOCUMENTS_FEED)
    return env.page(g, "programs_index.md.j2", "programs/index.md", "Программные документы", None,
                    head=feeds.head, subscribe=feeds.line,
                    items=queries.by_title(site.programs.values()), in_force=current,
                    by_kind=programs.by_kind(site), by_organization=programs.by_organization(site),
                    by_period=programs.by_period(site))
