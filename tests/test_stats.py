"""Tables computed from records: expectations are recomputed here from the records, never stored."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from generator.corpus.check import check
from generator.derive.stats import ABSENT, NO_DATA, compute_all
from generator.derive.statsite import definitions_of, freshness, indicator_fulfilment, indicator_years
from generator.source.statdefs import STATISTICS_FILE
from tests.conftest import REPO
from tests.sitefiles import page

CAMPAIGN = "primorye-2022"


def share(part: int, whole: int) -> str:
    """Independent half-up rounding for the checks: Decimal, not the generator's integers."""
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return str(value).replace(".", ",")


def tables_of(root: Path):
    site, diagnostics = check(root)
    assert not diagnostics.errors, [d.format() for d in diagnostics.errors]
    own, builtin = definitions_of(site)
    return site, compute_all(site, own + builtin)


@pytest.fixture(scope="module")
def example():
    return tables_of(REPO)


def monitored(site):
    """The campaign's records in the report's order (its column `no`)."""
    orgs = [o for o in site.organizations.values() if CAMPAIGN in o.monitoring]
    return sorted(orgs, key=lambda o: o.monitoring[CAMPAIGN]["no"])


def staff_level(count):
    if count is None:
        return None
    return "nedostatochnoe" if count <= 2 else "dopustimoe" if count <= 4 else "optimalnoe"


def test_staff_levels_are_derived_from_staff_count_by_the_rule(example):
    site, tables = example
    orgs = monitored(site)
    table = tables["primorye-2022-staff"]
    assert table.denominator == len(orgs) == 34
    for row in table.rows:
        members = [o for o in orgs if staff_level(o.staff_count) == row.key]
        assert row.count == len(members)
        assert row.figure == f"{len(members)} ({share(len(members), 34)}%)"
        assert [m.id for m in row.members] == [o.id for o in members]   # the report's order
    assert [r.figure for r in table.rows] == ["12 (35,3%)", "7 (20,6%)", "12 (35,3%)"]
    absent = {o.id for o in orgs if o.staff_count is None}
    assert {m.id for r in table.missing if r.key == ABSENT for m in r.members} == absent
    assert not table.differences


@pytest.mark.parametrize("table_id, indicator", [
    ("primorye-2022-staff-potential", "staff_potential"),
    ("primorye-2022-duties", "duties"),
    ("primorye-2022-associations", "associations"),
])
def test_levels_from_monitoring_facts_with_residual_and_no_data(example, table_id, indicator):
    site, tables = example
    orgs = monitored(site)
    table = tables[table_id]
    values = [o.monitoring[CAMPAIGN].get(indicator) for o in orgs]
    no_data = [o.id for o, v in zip(orgs, values) if v == "нет данных"]
    named = {lv.id: lv.rule for lv in table.definition.levels if lv.rule}
    for row in table.rows:
        level = table.definition.level(row.key)
        if level.rule:
            expected = [o.id for o, v in zip(orgs, values) if level.rule.matches(v)]
        else:  # «остальные»: what no named level takes, without «нет данных»
            expected = [o.id for o, v in zip(orgs, values)
                        if v != "нет данных" and not any(r.matches(v) for r in named.values())]
        assert [m.id for m in row.members] == expected
        assert row.percent == share(len(expected), 34)
    assert [m.id for r in table.missing if r.key == NO_DATA for m in r.members] == no_data
    assert not table.differences  # every published figure of these three is reproduced


def test_the_report_figures_the_records_support_are_reproduced(example):
    _, tables = example
    figures = {t: [r.figure for r in tables[t].rows] for t in tables if t.startswith("primorye")}
    assert figures["primorye-2022-staff-potential"] == ["11 (32,4%)", "5 (14,7%)", "18 (52,9%)"]
    assert figures["primorye-2022-duties"] == ["4 (11,8%)", "6 (17,6%)", "22 (64,7%)"]
    assert figures["primorye-2022-associations"][:2] == ["11 (32,4%)", "22 (64,7%)"]
    assert figures["primorye-2022-mms"] == ["31 (91,2%)", "3 (8,8%)"]
    for table_id, level in (("primorye-2022-oo-experience", "krasnyy"), ("primorye-2022-training", "siniy")):
        comparison = next(c for c in tables[table_id].comparisons if c.key == level)
        assert not comparison.differences   # count and the names listed by the report


def test_contradictions_of_the_report_are_shown_not_hidden(example):
    site, tables = example
    by_type = {c.key: c for c in tables["primorye-2022-optimal-by-type"].comparisons}
    assert by_type["ГО"].differences and by_type["МО"].differences and not by_type["МР"].differences
    optimal = [o for o in monitored(site) if staff_level(o.staff_count) == "optimalnoe"]
    types = Counter(site.vocabularies.municipalities[o.municipality].type for o in optimal)
    assert {r.key: r.count for r in tables["primorye-2022-optimal-by-type"].rows} == dict(types)
    everywhere = tables["primorye-2022-mmo-everywhere"]
    assert everywhere.differences and [m.name for r in everywhere.missing for m in r.members] == ["Анучинский МО"]
    training = tables["primorye-2022-training"].quality()
    assert any("в сумме дают 31" in note and "32" in note for note in training)


def test_changing_one_staff_count_moves_one_municipality_and_the_published_figure(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "content" / "organizations").mkdir(parents=True)
    for path in (REPO / "content" / "organizations").glob("mms-*.md"):
        shutil.copy(path, root / "content" / "organizations" / path.name)
    site, before = tables_of(root)
    small = next(o for o in monitored(site) if o.staff_count == 2)
    record = root / "content" / "organizations" / f"{small.id}.md"
    record.write_text(record.read_text(encoding="utf-8").replace("staff_count: 2", "staff_count: 3"),
                      encoding="utf-8")
    _, after = tables_of(root)
    old = {r.key: [m.id for m in r.members] for r in before["primorye-2022-staff"].rows}
    new = {r.key: [m.id for m in r.members] for r in after["primorye-2022-staff"].rows}
    assert small.id in old["nedostatochnoe"] and small.id not in new["nedostatochnoe"]
    assert small.id in new["dopustimoe"]
    assert len(new["nedostatochnoe"]) == len(old["nedostatochnoe"]) - 1
    assert len(new["dopustimoe"]) == len(old["dopustimoe"]) + 1
    differences = {c.key: c.differences for c in after["primorye-2022-staff"].comparisons}
    n = len(new["nedostatochnoe"])
    assert any(f"по записям {n}" in d for d in differences["nedostatochnoe"])
    assert any(f"по записям {share(n, 34)}%" in d for d in differences["nedostatochnoe"])
    assert differences["dopustimoe"] and not differences["optimalnoe"]


def org(no, value, staff=None):
    lines = ["---", f"title: Служба {no}", "kind: ММС", "municipality: penza"]
    if staff is not None:
        lines.append(f"staff_count: {staff}")
    lines += ["monitoring:", "  test:", f"    \"no\": {no}"]
    if value is not None:
        lines.append(f"    value: {value}")
    return "\n".join(lines + ["---", ""])


def test_rounding_is_half_up_on_a_x5_case_and_no_data_is_kept_apart(site_dir):
    files = {f"content/organizations/o{n:02d}.md": org(n, v)
             for n, v in enumerate(["0", "нет данных", None, "1", "1", "1"], 1)}
    files[STATISTICS_FILE] = """\
tables:
  - id: t
    title: Т
    content: организации
    filter: {monitoring.test: есть}
    order: monitoring.test.no
    classify: monitoring.test.value
    levels:
      - {id: zero, label: ноль, rule: 0}
      - {id: one, label: один, rule: 1}
    denominator: 16
  - id: with-value
    title: Со значением
    content: организации
    filter: {monitoring.test: есть}
    classify: monitoring.test.value
    levels:
      - {id: one, label: один, rule: 1}
    denominator: с данными
"""
    _, tables = tables_of(site_dir(files))
    table = tables["t"]
    rows = {r.key: r for r in table.rows + table.missing}
    assert rows["zero"].figure == "1 (6,3%)"      # 6,25 → 6,3 (banker's rounding would give 6,2)
    assert rows["one"].figure == "3 (18,8%)"      # 18,75 → 18,8
    assert rows[NO_DATA].count == 1 and rows[ABSENT].count == 1
    assert rows["zero"].members[0].id == "o01"    # zero is a value, not «no data»
    assert tables["with-value"].denominator == 4  # six records, one «нет данных», one without value
    assert tables["with-value"].rows[0].figure == "3 (75,0%)"


def test_built_in_tables_count_the_records(example):
    site, tables = example
    levels = Counter(level for p in site.practices.values() for level in p.levels)
    assert {r.key: r.count for r in tables["site-practices-levels"].rows} == dict(levels)
    formats = Counter(e.format for e in site.events.values())
    assert {r.key: r.count for r in tables["site-events-formats"].rows} == dict(formats)
    months = Counter(p.added.strftime("%Y-%m") for p in site.practices.values() if p.added)
    assert {r.key: r.count for r in tables["site-practices-added"].rows} == dict(months)
    cross = tables["site-practices-subject-level"]
    pairs = Counter((s, lv) for p in site.practices.values() for s in p.subjects for lv in p.levels)
    cols = [k for k, _ in cross.columns]
    for row, cells in zip(cross.rows, cross.matrix):
        assert list(cells) == [pairs[(row.key, c)] for c in cols]
    kinds = Counter(a.kind for a in site.associations.values())
    assert {r.key: r.count for r in tables["site-associations-kinds"].rows} == dict(kinds)


def test_indicator_fulfilment_respects_better():
    assert indicator_fulfilment(80, 60, "higher") == 75
    assert indicator_fulfilment(10, 20, "lower") == 50
    assert indicator_fulfilment(None, 5, "higher") is None
    assert indicator_fulfilment(0, 5, "higher") is None


def test_indicator_rows_come_from_the_programs(example):
    site, _ = example
    rows = indicator_years(site)
    assert rows
    for row in rows:
        program = site.programs[row.program]
        indicator = next(i for i in program.indicators if i.code == row.code)
        assert row.target == indicator.targets.get(row.year) and row.actual == indicator.actuals.get(row.year)


def test_freshness_without_git_uses_the_newest_added_date(site_dir):
    practice = "---\ntitle: П\nsummary: С\nauthors: [А Б В]\norganization: school\nlevels: [ООО]\n" \
               "subjects: [математика]\ntype: урок\nyear: 2026\nadded: {}\n---\n"
    root = site_dir({"practices/a.md": practice.format("2026-11-01"), "practices/b.md": practice.format("2026-10-01")})
    import datetime as dt
    site, _ = check(root, today=dt.date(2026, 11, 10))
    fresh = freshness(site)
    assert fresh.latest == dt.date(2026, 11, 1) and not fresh.stale
    site, _ = check(root, today=dt.date(2026, 11, 16))
    assert freshness(site).age_days == 15 and freshness(site).stale


def test_the_built_site_has_pages_downloads_and_charts(example_build, example):
    _, tables = example
    built = page(example_build, "stats/")
    assert "Свежесть данных" in built
    staff = tables["primorye-2022-staff"]
    data = json.loads((example_build / "stats" / "primorye-2022-staff.json").read_text(encoding="utf-8"))
    assert [r["figure"] for r in data["rows"]] == [r.figure for r in staff.rows]
    assert data["denominator"]["value"] == 34
    csv_text = (example_build / "stats" / "primorye-2022-staff.csv").read_text(encoding="utf-8")
    assert f'{staff.rows[0].count},"{staff.rows[0].percent}",34' in csv_text
    svg = (example_build / "stats" / "primorye-2022-staff.svg").read_text(encoding="utf-8")
    assert "<title" in svg and "<script" not in svg
    html = page(example_build, "stats/primorye-2022-staff/")
    alt = re.search(r'<img[^>]*src="[^"]*primorye-2022-staff\.svg"[^>]*alt="([^"]+)"', html) or \
        re.search(r'<img[^>]*alt="([^"]+)"[^>]*src="[^"]*primorye-2022-staff\.svg"', html)
    assert alt and "12 (35,3%)" in alt[1]
    assert "Знаменатель: 34" in html
    quality = page(example_build, "stats/data-quality/")
    assert "6 ГО" in quality or "6 ММС городских округов" in quality
    assert "Анучинский МО" in quality and "в сумме дают 31" in quality
    assert "stats/" in page(example_build, "")   # the section is in the navigation
