"""Defects of the statistics tables found on a report the project had never seen, each fixed with
a test: expectations are recomputed here with pandas and compared with page, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest

from generator.corpus.check import check
from generator.source.statdefs import STATISTICS_FILE
from tests.conftest import EPOCH, run_kopilka, write_site
from tests.test_statmeasures import table_rows
from tests.test_stats import tables_of

#: no, staff_count, kind, score — score written as in reports: a comma decimal, «нет данных», none.
RECORDS = [(1, 2, "город", "85,5"), (2, 4, "район", "49,5"), (3, 1, "район", "нет данных"),
           (4, 3, "город", None), (5, 2, "район", 90)]
LEVELS = [("malo", "мало (1–2)", 1, 2), ("srednee", "средне (3–4)", 3, 4), ("mnogo", "много (5 и более)", 5, 99)]
DEFINITIONS = """\
tables:
  - id: staff
    title: Штат
    content: организации
    filter: {monitoring.t: есть}
    order: monitoring.t.no
    classify: staff_count
    levels:
      - {id: malo, label: мало (1–2), rule: "1..2"}
      - {id: srednee, label: средне (3–4), rule: "3..4"}
      - {id: mnogo, label: много (5 и более), rule: ">= 5"}
  - id: staff-by-kind
    title: Штат по видам
    content: организации
    filter: {monitoring.t: есть}
    cross: [level.staff, monitoring.t.kind]
  - id: staff-count
    title: Штат, счёт по уровням
    content: организации
    filter: {monitoring.t: есть}
    count: level.staff
  - id: score
    title: Баллы
    content: организации
    filter: {monitoring.t: есть}
    order: monitoring.t.no
    classify: monitoring.t.score
    levels:
      - {id: high, label: высокий, rule: "80..100"}
      - {id: low, label: низкий, rule: "0..79,9"}
    denominator: с данными
    published:
      figures:
        high: {percent: 100}
  - id: nobody
    title: Никого
    content: организации
    filter: {monitoring.nothing: есть}
    classify: staff_count
    levels:
      - {id: any, label: любые, rule: ">= 0"}
"""


def org(no, staff, kind, score) -> str:
    lines = ["---", f"title: Служба {no}", "kind: ММС", "municipality: penza", f"staff_count: {staff}",
             "monitoring:", "  t:", f'    "no": {no}', f"    kind: {kind}"]
    if score is not None:
        lines.append(f'    score: "{score}"' if isinstance(score, str) else f"    score: {score}")
    return "\n".join(lines + ["---", ""])


def make_site(root, definitions: str = DEFINITIONS):
    files = {f"content/organizations/o{r[0]}.md": org(*r) for r in RECORDS}
    files["practices/.keep"] = ""
    files[STATISTICS_FILE] = definitions
    return write_site(root, files)


def frame() -> pd.DataFrame:
    data = pd.DataFrame(RECORDS, columns=["no", "staff", "kind", "score"])
    data["name"] = [f"Служба {n}" for n in data["no"]]
    data["number"] = pd.to_numeric(data["score"].map(lambda v: str(v).replace(",", ".")), errors="coerce")
    bands = pd.cut(data["staff"], [0, 2, 4, 99], labels=[label for _, label, _, _ in LEVELS])
    data["level"] = bands.astype(str)
    return data


def share(part: int, whole: int) -> str:
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return str(value).replace(".", ",")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("defects")
    root = make_site(base / "src")
    out = base / "site"
    result = run_kopilka("build", str(root), "--site-dir", str(out), env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stdout + result.stderr
    _, tables = tables_of(root)
    return tables, out


def files_of(out, table_id):
    text = (out / "stats" / f"{table_id}.csv").read_text(encoding="utf-8")
    data = json.loads((out / "stats" / f"{table_id}.json").read_text(encoding="utf-8"))
    html = (out / "stats" / table_id / "index.html").read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text))), data, table_rows(html)


def test_a_cross_table_over_levels_shows_their_titles_and_keeps_an_empty_level(built):
    tables, out = built
    d = frame()
    labels = [label for _, label, _, _ in LEVELS]
    counts = pd.crosstab(pd.Categorical(d["level"], categories=labels), d["kind"]).reindex(labels, fill_value=0)
    kinds = sorted(d["kind"].unique())
    expected = [[label, *[str(counts.at[label, k]) for k in kinds], str(counts.loc[label].sum())] for label in labels]
    rows, data, page = files_of(out, "staff-by-kind")
    assert rows[0] == ["", *kinds, "итого"] and rows[1:] == expected
    assert [[r["label"]] for r in data["rows"]] == [[label] for label in labels]
    assert [[str(n) for n in cells] for cells in data["matrix"]] == [e[1:-1] for e in expected]
    assert [r for r in page if r and r[0] in labels] == expected
    assert expected[2][-1] == "0"   # «много» is empty and still a row


def test_a_count_over_levels_keeps_the_empty_level_with_a_share(built):
    tables, out = built
    d = frame()
    rows, data, page = files_of(out, "staff-count")
    expected = [[label, str(n), share(n, len(d))] for _, label, _, _ in LEVELS
                for n in [int((d["level"] == label).sum())]]
    assert [[r[0], r[2], r[3]] for r in rows[1:]] == expected
    assert [[r["label"], str(r["count"]), r["percent"]] for r in data["rows"]] == expected
    assert [[r[0], r[1]] for r in page if len(r) >= 2 and r[0] in [e[0] for e in expected]] == \
        [[e[0], f"{e[1]} ({e[2]}%)"] for e in expected]


def test_a_comma_decimal_is_a_number_and_shares_outside_the_denominator_are_not_printed(built):
    tables, out = built
    d = frame()
    numeric = d[d["number"].notna()]
    high = numeric[(numeric["number"] >= 80) & (numeric["number"] <= 100)]
    low = numeric[(numeric["number"] >= 0) & (numeric["number"] <= 79.9)]
    whole = len(numeric)
    no_data = d[d["score"] == "нет данных"]
    absent = d[d["score"].isna()]
    expected = [["высокий", f"{len(high)} ({share(len(high), whole)}%)", ", ".join(high["name"])],
                ["низкий", f"{len(low)} ({share(len(low), whole)}%)", ", ".join(low["name"])],
                ["нет данных (информация не предоставлена)", f"{len(no_data)} (вне знаменателя)",
                 ", ".join(no_data["name"])],
                ["нет значения", f"{len(absent)} (вне знаменателя)", ", ".join(absent["name"])]]
    rows, data, page = files_of(out, "score")
    assert [[r[0], f"{r[2]} ({r[3]}%)" if r[3] != "—" else f"{r[2]} (вне знаменателя)", r[5].replace("; ", ", ")]
            for r in rows[1:]] == expected
    assert [[r["label"], r["figure"], ", ".join(m["name"] for m in r["members"])]
            for r in data["rows"] + data["missing"]] == expected
    first = page[:next(i for i, r in enumerate(page) if r and r[0] == "Показатель")]
    assert [[r[0], r[2], r[3]] for r in first if len(r) == 4 and r[0] in [e[0] for e in expected]] == expected
    shares = [Decimal(r[3].replace(",", ".")) for r in rows[1:] if r[3] != "—"]
    assert sum(shares) == 100       # not 125: «нет данных» is outside «с данными»
    assert "Служба 1" in expected[0][2]   # «85,5» is classified, not text


def test_a_published_percent_alone_is_printed_as_a_percent(built):
    tables, out = built
    comparison = tables["score"].comparisons[0]
    assert comparison.published.text == "100%"
    _, data, page = files_of(out, "score")
    assert data["published"][0]["published"] == "100%"
    compared = next(r for r in page if len(r) == 4 and r[0] == "высокий" and r[1] == "100%")
    assert "расхождение" in compared[3]


def test_an_empty_denominator_prints_no_percent_sign(built):
    tables, out = built
    rows, data, page = files_of(out, "nobody")
    assert tables["nobody"].denominator == 0
    assert data["rows"][0]["figure"] == "0 (—)" and rows[1][3] == "—"
    assert any(r[:3] == ["любые", ">= 0", "0 (—)"] for r in page)


def test_a_zero_denominator_is_one_clear_error_not_a_cascade(site_dir):
    definitions = DEFINITIONS.replace("    denominator: с данными\n", "    denominator: 0\n").replace(
        "    cross: [level.staff, monitoring.t.kind]", "    cross: [level.score, monitoring.t.kind]")
    _, diagnostics = check(make_site(site_dir({}).parent / "zero", definitions))
    found = [d for d in diagnostics.items if d.path == STATISTICS_FILE]
    assert len(found) == 1, [d.format() for d in found]
    assert found[0].message == "знаменатель 0: доли от него не определены" and found[0].value == "0"
    assert found[0].line == definitions.splitlines().index("    denominator: 0") + 1
    assert found[0].allowed and found[0].hint
