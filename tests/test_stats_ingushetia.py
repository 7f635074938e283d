"""The example's second report, the Ingushetia monitoring (seed 003): every figure recomputed here
with pandas from the records, compared cell by cell with the built page, CSV and JSON; the
report's contradictions (five districts grouped, four taking part; «99 %» of four) are shown."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from generator.corpus.check import check
from tests.conftest import REPO
from tests.test_stats_defects import files_of, share
from tests.test_statmeasures import fmt

CAMPAIGN = "ingushetia"


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    site, _ = check(REPO)
    rows = []
    for o in site.organizations.values():
        facts = o.monitoring.get(CAMPAIGN)
        if facts is not None:
            rows.append({"id": o.id, "name": site.vocabularies.municipalities[o.municipality].title, **facts})
    return pd.DataFrame(rows).sort_values("no").reset_index(drop=True)


def level_rows(d: pd.DataFrame, levels, whole: int | None = None) -> list[list[str]]:
    """[label, rule, count, percent, denominator, members] as the CSV writes a level table."""
    whole = len(d) if whole is None else whole
    taken = pd.Series(False, index=d.index)
    rows = []
    for label, rule, test in levels:
        mask = test(d) & ~taken if test is not None else ~taken
        taken |= mask
        rows.append([label, rule, str(int(mask.sum())), share(int(mask.sum()), whole), str(whole),
                     "; ".join(d.loc[mask, "name"])])
    return rows


def test_participants_and_the_fifth_district(example_build, records):
    d = records
    rows, data, page = files_of(example_build, "ingushetia-participants")
    expected = level_rows(d, [("участник мониторинга", "да", lambda x: x["participant"] == "да"),
                              ("нет в таблице участников", "нет", lambda x: x["participant"] == "нет")])
    assert rows[1:] == expected and len(d) == 5
    assert [r["figure"] for r in data["rows"]] == [f"{e[2]} ({e[3]}%)" for e in expected]
    assert [r[:3] for r in page if r and r[0] in ("участник мониторинга", "нет в таблице участников")][:2] == \
        [[e[0], e[1], f"{e[2]} ({e[3]}%)"] for e in expected]


def test_criterion_2_groups_more_districts_than_took_part(example_build, records):
    d = records
    rows, data, _ = files_of(example_build, "ingushetia-criterion-2")
    expected = level_rows(d, [("1 группа (80–100 %)", "80–100 %", lambda x: x["criterion2_group"] == "80–100 %"),
                              ("2 группа (50–79 %)", "50–79 %", lambda x: x["criterion2_group"] == "50–79 %")])
    assert rows[1:] == expected
    grouped, took_part = sum(int(e[2]) for e in expected), int((d["participant"] == "да").sum())
    assert (grouped, took_part) == (5, 4)
    assert f"опубликованные уровни в сумме дают {grouped}, а должны охватывать {took_part}" in data["quality"]


def test_the_cross_table_shows_where_the_fifth_district_comes_from(example_build, records):
    d = records
    groups = ["1 группа (80–100 %)", "2 группа (50–79 %)"]
    d = d.assign(group=d["criterion2_group"].map({"80–100 %": groups[0], "50–79 %": groups[1]}),
                 part=d["participant"].map({"да": "участник мониторинга", "нет": "нет в таблице участников"}))
    columns = ["участник мониторинга", "нет в таблице участников"]
    counts = pd.crosstab(d["group"], d["part"]).reindex(index=groups, columns=columns, fill_value=0)
    expected = [[g, *[f"{counts.at[g, c]} ({share(int(counts.at[g, c]), int(counts.loc[g].sum()))}%)" for c in columns],
                 str(int(counts.loc[g].sum()))] for g in groups]
    rows, data, page = files_of(example_build, "ingushetia-criterion-2-by-participation")
    assert rows[1:3] == expected
    assert rows[3] == ["итого", *[str(int(counts[c].sum())) for c in columns], str(int(counts.values.sum()))]
    assert [r for r in page if r and r[0] in groups][:2] == expected
    assert not [p for p in data["published"] if p["differences"]]


def test_individual_programmes_leave_no_data_outside_the_denominator(example_build, records):
    d = records[records["participant"] == "да"]
    values = d["individual_programs"].astype(str)
    with_data = d[values != "нет данных"]
    rows, data, _ = files_of(example_build, "ingushetia-individual-programs")
    expected = level_rows(with_data, [("у всех педагогов (100 %)", "100", lambda x: x["individual_programs"].astype(str) == "100"),
                                      ("менее 35 % педагогов", "менее 35",
                                       lambda x: x["individual_programs"].astype(str) == "менее 35")])
    assert rows[1:3] == expected
    no_data = d[values == "нет данных"]
    assert rows[3] == ["нет данных (информация не предоставлена)", "", str(len(no_data)), "—", str(len(with_data)),
                       "; ".join(no_data["name"])]
    assert data["missing"][0]["figure"] == f"{len(no_data)} (вне знаменателя)"


def test_the_impossible_99_percent_is_flagged_in_check_and_on_the_page(example_build, records):
    d = records[records["participant"] == "да"]
    rows, data, page = files_of(example_build, "ingushetia-attestation-plan")
    planned = int((d["attestation_plan"] == "разработан").sum())
    assert rows[1][2:5] == [str(planned), share(planned, 4), "4"]
    assert data["published"][0]["differences"] == [f"доля: опубликовано 99,0%, по записям {share(planned, 4)}%"]
    assert "опубликованная доля 99,0% невозможна при знаменателе 4 (ближайшие возможные: 3 из 4 = 75,0%, " \
        "4 из 4 = 100,0%)" in data["quality"]
    _, diagnostics = check(REPO)
    warning = next(x for x in diagnostics.items if x.code == "W302")
    assert "99,0% невозможна при знаменателе 4" in warning.message and "4 из 4 = 100,0%" in warning.hint


def test_innovation_sites_as_measures(example_build, records):
    d = records
    counts = d["sites"].map(len)
    rows, data, page = files_of(example_build, "ingushetia-innovation")
    expected = [["Площадок и проектов всего", str(int(counts.sum()))],
                ["Районов с площадками", f"{int((counts > 0).sum())} ({share(int((counts > 0).sum()), len(d))}%)"],
                ["В среднем на район", fmt(counts.mean(), 1, unit="площадки")],
                ["Медиана на район", fmt(counts.median(), 1)],
                ["Больше всего в одном районе", fmt(counts.max(), 0)],
                ["Меньше всего в одном районе", fmt(counts.min(), 0)]]
    assert [r[::2][:2] for r in rows[1:]] == expected
    assert [[m["label"], m["text"]] for m in data["measures"]] == expected
    assert [[r[0], r[2]] for r in page if len(r) == 6 and r[0] != "Показатель"] == expected
    assert json.loads((example_build / "stats" / "ingushetia-innovation.json").read_text(encoding="utf-8"))["total"] == 5


def test_the_example_dynamics_table_of_two_years(example_build):
    site, _ = check(REPO)
    practices = pd.DataFrame([{"year": p.year, "evidence": p.evidence} for p in site.practices.values()])
    order = [e.id for e in site.vocabularies["evidence_levels"].entries]
    years = [practices[practices["year"] == y] for y in (2022, 2023)]
    counts = [y["evidence"].value_counts() for y in years]
    keys = [k for k in order if any(k in c.index for c in counts)]
    rows, data, page = files_of(example_build, "bank-evidence-2022-2023")
    from decimal import Decimal
    from tests.test_statdynamics import signed
    expected = []
    for key in keys:
        n = [int(c.get(key, 0)) for c in counts]
        points = (Decimal(n[1]) / len(years[1]) - Decimal(n[0]) / len(years[0])) * 100
        expected.append([site.vocabularies["evidence_levels"].label(key),
                         *[f"{k} ({share(k, len(y))}%)" for k, y in zip(n, years)],
                         signed(Decimal(n[1] - n[0]), 0), signed(points, 1) + " п.п."])
    assert [[c.lstrip("'") for c in r] for r in rows[1:]] == expected
    assert [[c["label"], *c["figures"], c["change"], c["points"]] for c in data["changes"]] == expected
    assert [r for r in page if len(r) == 5 and r[0] in [e[0] for e in expected]] == expected
