"""The network's pages in the built example site, checked against the records they come from.

Expectations are computed here from the records' own fields (who hosts, who organises, where),
not from the generator's side tables, so a wrong relation cannot confirm itself.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.corpus.check import check
from generator.render.formatting import number_ru
from generator.render.urls import SECTIONS, entity_url, region_id
from tests.conftest import REPO
from tests.sitefiles import body_text, links_of, page, resolve

BUILD_DAY = dt.date(2026, 11, 22)  # conftest.EPOCH
KIND_OF_SECTION = {folder: kind for kind, folder in SECTIONS.items()}


@pytest.fixture(scope="module")
def site():
    site, diagnostics = check(REPO)
    assert not diagnostics.errors
    return site


def linked(build: Path, url_path: str) -> dict[str, set[str]]:
    """{kind: ids} of entity pages the page's article links to."""
    text = page(build, url_path)
    article = text.split("<article", 1)[-1].split("</article>", 1)[0]
    found: dict[str, set[str]] = {}
    for _, _, href in links_of(article):
        target = resolve(build, build / url_path / "index.html", href)
        if target is None:
            continue
        parts = target.relative_to(build.resolve()).parts
        if len(parts) == 3 and parts[0] in KIND_OF_SECTION and parts[2] == "index.html":
            found.setdefault(KIND_OF_SECTION[parts[0]], set()).add(parts[1])
    return found


class _Tables(HTMLParser):
    """Rows of every table with a given class: lists of cell texts."""

    def __init__(self, css_class: str) -> None:
        super().__init__()
        self.css_class, self.depth, self.rows, self.cell = css_class, 0, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and self.css_class in (dict(attrs).get("class") or "").split():
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(text: str, css_class: str) -> list[list[str]]:
    parser = _Tables(css_class)
    parser.feed(text)
    return parser.rows


def municipality_of(site, entity) -> str | None:
    """Own municipality, else the host organisation's, else (events) the organising association's."""
    own = getattr(entity, "municipality", None)
    host = getattr(entity, "organization", None) or getattr(entity, "organizer", None)
    if own or host is None:
        return own
    if host in site.organizations:
        return site.organizations[host].municipality
    return municipality_of(site, site.associations[host]) if host in site.associations else None


# -- programs ----------------------------------------------------------------------------

def satisfaction_of(site, program, year) -> float | None:
    """What an indicator with `source: удовлетворённость…` takes for a year without a written
    actual: the mean share of that year's past events run by the program's organisation or its
    associations, half-up to one decimal."""
    def runs(event) -> bool:
        host = site.associations[event.organizer].organization if event.organizer in site.associations else None
        return program.organization in (event.organizer, host)
    shares = [e.satisfaction.share for e in site.events.values()
              if e.satisfaction and runs(e) and e.first_day.year == year and e.state != "otmeneno"
              and e.last_day < BUILD_DAY]
    if not shares:
        return None
    return float((Fraction(str(sum(shares))) / len(shares) * 10 + Fraction(1, 2)) // 1) / 10


def expected_cells(indicator, year, program=None, site=None) -> tuple[str, str, str]:
    target, actual = indicator.targets.get(year), indicator.actuals.get(year)
    computed = actual is None and indicator.source is not None and satisfaction_of(site, program, year) is not None
    if computed:
        actual = satisfaction_of(site, program, year)
    share = ""
    if target is not None and actual is not None:
        top, bottom = (actual, target) if indicator.better == "higher" else (target, actual)
        met = actual >= target if indicator.better == "higher" else actual <= target
        # the field rounds half up: 81 of 80 is 101,3 %, not Python's 101,2
        tenths = (Fraction(str(top)) * 1000 / Fraction(str(bottom)) + Fraction(1, 2)) // 1
        share = ("✓ " if met else "✗ ") + number_ru(float(tenths) / 10) + " %"
    return (number_ru(target) if target is not None else "",
            (number_ru(actual) + ("*" if computed else "")) if actual is not None else "", share)


def test_murom_program_shows_eleven_indicators_with_targets_actuals_and_fulfilment(example_build, site):
    program = site.programs["murom-programma-razvitiya-2021-2025"]
    text = page(example_build, entity_url("program", program.id))
    rows = table_rows(text, "kp-indicators")
    header, body = rows[0], rows[2:]
    years = [int(y) for y in header[4:]]
    assert years == list(range(2021, 2026))
    assert [r[0] for r in body] == [i.code for i in program.indicators] and len(body) == 11
    for row, indicator in zip(body, program.indicators):
        cells = [tuple(row[4 + 3 * k: 7 + 3 * k]) for k in range(len(years))]
        assert cells == [expected_cells(indicator, y, program, site) for y in years], indicator.code
    p5 = next(r for r in body if r[0] == "П5")
    assert [p5[4 + 3 * k] for k in range(5)] == ["50", "60", "65", "75", "80"]  # seed 001, 2021–2025
    assert p5[6] == "✗ 92 %"  # 46 of 50


def test_every_indicator_has_a_titled_chart_with_a_text_alternative(example_build, site):
    for program in site.programs.values():
        url = entity_url("program", program.id)
        text = page(example_build, url)
        charts = [(src, alt) for src, alt in re.findall(r'<img src="([^"]+)" alt="([^"]+)"', text)
                  if src.endswith(".svg")]
        assert len(charts) == len(program.indicators)
        for (src, alt), indicator in zip(charts, program.indicators):
            svg = resolve(example_build, example_build / url / "index.html", src).read_text(encoding="utf-8")
            assert svg.startswith("<svg") and "<title" in svg and "<desc" in svg and "https://" not in svg.replace(
                "http://www.w3.org/2000/svg", "")
            assert f"{indicator.code}: план и факт" in svg
            assert html.escape(indicator.title, quote=False) in html.unescape(alt) or indicator.title in html.unescape(alt)
            for year, target in indicator.targets.items():
                assert f"{year}: план {number_ru(target)}" in html.unescape(alt)


def test_penza_concept_shows_its_passport_and_structure(example_build, site):
    concept = next(p for p in site.programs.values() if p.id.startswith("penza-kontseptsiya"))
    text = page(example_build, entity_url("program", concept.id))
    passport = {row[0]: row[1] for row in table_rows(text, "kp-passport")}
    assert passport["Наименование программы"] == " ".join(html.escape(concept.title, quote=False).split()) or \
        passport["Наименование программы"] == concept.title
    assert passport["Цель программы"] == concept.goal
    assert passport["Сроки реализации Программы"] == f"{concept.period.start}–{concept.period.end} гг."
    for field, name in (("tasks", "Задачи Программы"), ("directions", "Ведущие направления Программы"),
                        ("expected_results", "Ожидаемые значения показателей конечных результатов"),
                        ("legal_basis", "Основания разработки")):
        for item in getattr(concept, field):
            assert " ".join(item.split()) in passport[name], (name, item)
    shown = body_text(text)
    assert concept.approved.number in passport["Утверждение"]
    for stage in concept.stages:
        assert " ".join(stage.title.split()) in html.unescape(shown)
    for risk in concept.risks:
        assert risk.type in html.unescape(shown)


def test_programs_index_lists_those_in_force_and_every_grouping(example_build, site):
    text = page(example_build, "programs/")
    section = text.split('id="deystvuyut-segodnya"', 1)[1].split("<h2", 1)[0]
    in_force = {p.id for p in site.programs.values()
                if p.period and p.period.start <= BUILD_DAY.year <= p.period.end and p.status == "published"}
    listed = {t.parts[-2] for _, _, h in links_of(section)
              if (t := resolve(example_build, example_build / "programs" / "index.html", h))}
    assert listed == in_force
    for heading in ("По виду", "По организации", "По сроку"):
        assert heading in text
    for program in site.programs.values():
        assert text.count(f'/{program.id}/"') >= 3  # listed by kind, by organisation and by period


# -- associations, organisations, municipalities -------------------------------------

def test_every_association_page_shows_its_host_leader_events_and_practices(example_build, site):
    for association in site.associations.values():
        url = entity_url("association", association.id)
        links = linked(example_build, url)
        events = {e.id for e in site.events.values()
                  if e.organizer == association.id or association.id in e.associations}
        practices = {p.id for p in site.practices.values() if p.association == association.id}
        assert links.get("event", set()) == events, association.id
        assert links.get("practice", set()) == practices, association.id
        if association.organization:
            assert association.organization in links["organization"]
        if municipality_of(site, association):
            assert municipality_of(site, association) in links["municipality"]
        shown = html.unescape(body_text(page(example_build, url)))
        if association.leader:
            assert association.leader.name in shown
        if association.members_count is not None:
            assert str(association.members_count) in shown


def test_every_organisation_page_shows_its_network(example_build, site):
    for org in site.organizations.values():
        url = entity_url("organization", org.id)
        links = linked(example_build, url)
        children = {o.id for o in site.organizations.values() if o.parent == org.id}
        practices = {p.id for p in site.practices.values()
                     if p.organization == org.id or org.id in p.replicated_in}
        associations = {a.id for a in site.associations.values() if a.organization == org.id}
        # its own events, and those where it sent a winner (the winners' table links them)
        events = {e.id for e in site.events.values()
                  if e.organizer == org.id or any(w.organization == org.id for w in e.winners)}
        # its own programs, and those whose tasks it is responsible for
        programs = {p.id for p in site.programs.values()
                    if p.organization == org.id or any(org.id in a.organizations for a in p.actions)}
        assert links.get("practice", set()) == practices, org.id
        assert links.get("event", set()) == events, org.id
        assert links.get("program", set()) == programs, org.id
        assert links.get("association", set()) >= associations, org.id
        assert links.get("organization", set()) >= children | ({org.parent} if org.parent else set()), org.id
        if org.municipality:
            assert org.municipality in links["municipality"]


def test_monitoring_facts_say_when_information_was_not_provided(example_build, site):
    with_gaps = [o for o in site.organizations.values()
                 if any(v == "нет данных" for facts in o.monitoring.values() for v in facts.values())]
    assert with_gaps
    for org in with_gaps:
        text = page(example_build, entity_url("organization", org.id))
        rows = table_rows(text, "kp-monitoring")
        for facts in org.monitoring.values():
            gaps = [k for k, v in facts.items() if v == "нет данных"]
            assert sum(row[1] == "информация не предоставлена" for row in rows) >= len(gaps)
        assert "нет данных" not in body_text(text).split("Данные мониторингов", 1)[1]


def test_every_municipality_page_shows_its_organisations_associations_practices_events(example_build, site):
    for municipality in site.vocabularies.municipalities.values():
        url = entity_url("municipality", municipality.id)
        links = linked(example_build, url)
        orgs = {o.id for o in site.organizations.values() if o.municipality == municipality.id}
        associations = {a.id for a in site.associations.values() if municipality_of(site, a) == municipality.id}
        practices = {p.id for p in site.practices.values() if municipality_of(site, p) == municipality.id}
        events = {e.id for e in site.events.values() if municipality_of(site, e) == municipality.id}
        assert links.get("organization", set()) >= orgs, municipality.id
        assert links.get("association", set()) == associations, municipality.id
        assert links.get("practice", set()) == practices, municipality.id
        assert links.get("event", set()) == events, municipality.id
        assert region_id(municipality.region) in links["region"]
        stats = re.findall(r"<strong>(\d+)</strong>", page(example_build, url).split('class="kp-stats"', 1)[1].split("</ul>", 1)[0])
        assert [int(n) for n in stats] == [len(orgs), len(associations), len(practices), len(events)]


def test_region_pages_list_their_municipalities_with_counts(example_build, site):
    regions = {}
    for m in site.vocabularies.municipalities.values():
        regions.setdefault(m.region, []).append(m)
    for region, members in regions.items():
        text = page(example_build, entity_url("region", region_id(region)))
        rows = table_rows(text, "kp-table")[1:]
        assert [r[0] for r in rows] == [m.title for m in members]
        for row, m in zip(rows, members):
            orgs = sum(o.municipality == m.id for o in site.organizations.values())
            practices = sum(municipality_of(site, p) == m.id for p in site.practices.values())
            associations = sum(municipality_of(site, a) == m.id for a in site.associations.values())
            events = sum(municipality_of(site, e) == m.id for e in site.events.values())
            assert row[2:6] == [str(orgs), str(practices), str(associations), str(events)], m.id


def test_association_directory_counts_by_kind_level_subject_and_municipality(example_build, site):
    text = page(example_build, "associations/")
    vocab = site.vocabularies
    for folder, values in (("uroven", lambda a: [a.level]), ("predmet", lambda a: list(a.subjects)),
                           ("munitsipalitet", lambda a: [municipality_of(site, a)] if municipality_of(site, a) else [])):
        expected: dict[str, set[str]] = {}
        for a in site.associations.values():
            for value in values(a):
                expected.setdefault(value, set()).add(a.id)
        assert expected
        for value, ids in expected.items():
            assert re.search(rf'href="[^"]*{folder}/{value}/">[^<]+</a>&nbsp;\({len(ids)}\)', text), (folder, value)
            facet = linked(example_build, f"associations/{folder}/{value}/")
            assert facet.get("association", set()) == ids, (folder, value)
    for kind in {a.kind for a in site.associations.values()}:
        count = sum(a.kind == kind for a in site.associations.values())
        label = vocab['association_kinds'].by_id[kind].long_label
        assert f"{label[0].upper()}{label[1:]} ({count})" in html.unescape(text)  # headings alike
