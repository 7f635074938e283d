"""Cross tables with shares and members: pandas recomputes every cell, row, column and share;
the page, the CSV and the JSON are compared cell by cell; published figures of a cross table
are compared (a cell, a row total, a key that names nothing), never dropped."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from generator.corpus.check import check
from generator.source.statdefs import STATISTICS_FILE
from tests.conftest import EPOCH, run_kopilka, write_site
from tests.test_stats import tables_of
from tests.test_stats_defects import files_of, share

#: no, staff_count, kind (город / район / село)
RECORDS = [(1, 2, "город"), (2, 4, "район"), (3, 1, "район"), (4, 3, "город"), (5, 2, "село"), (6, 6, "город")]
LEVELS = [("мало (1–2)", 0, 2), ("средне (3–4)", 2, 4), ("много (5 и более)", 4, 99)]
TABLES = """\
tables:
  - id: staff
    title: Штат
    content: организации
    filter: {monitoring.t: есть}
    classify: staff_count
    levels:
      - {id: malo, label: мало (1–2), rule: "1..2"}
      - {id: srednee, label: средне (3–4), rule: "3..4"}
      - {id: mnogo, label: много (5 и более), rule: ">= 5"}
"""
CROSS = """\
  - id: by-{of}
    title: Штат по видам ({word})
    content: организации
    filter: {{monitoring.t: есть}}
    order: monitoring.t.no
    cross: [level.staff, monitoring.t.kind]
    shares: {word}
"""
PUBLISHED = """\
    published:
      figures:
        мало (1–2) / город: {count: 1, members: [Служба 1]}
        мало (1–2) / район: "1 (33,3%)"
        средне (3–4): 2
        много / село: 1
"""


def org(no, staff, kind) -> str:
    return "\n".join(["---", f"title: Служба {no}", "kind: ММС", "municipality: penza", f"staff_count: {staff}",
                      "monitoring:", "  t:", f'    "no": {no}', f"    kind: {kind}", "---", ""])


def definitions() -> str:
    words = {"row": "строка", "column": "столбец", "total": "всего"}
    return TABLES + "".join(CROSS.format(of=of, word=w) + (PUBLISHED if of == "row" else "") for of, w in words.items())


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("cross")
    files = {f"content/organizations/o{r[0]}.md": org(*r) for r in RECORDS}
    files.update({"practices/.keep": "", STATISTICS_FILE: definitions()})
    root = write_site(base / "src", files)
    out = base / "site"
    result = run_kopilka("build", str(root), "--site-dir", str(out), env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stdout + result.stderr
    _, tables = tables_of(root)
    return tables, out


def frame() -> pd.DataFrame:
    data = pd.DataFrame(RECORDS, columns=["no", "staff", "kind"])
    data["name"] = [f"Служба {n}" for n in data["no"]]
    labels = [label for label, _, _ in LEVELS]
    data["level"] = pd.cut(data["staff"], [lo for _, lo, _ in LEVELS] + [99], labels=labels)
    return data


def expected(of: str) -> tuple[list[list[str]], list[str]]:
    """CSV rows (label, cells «N (P%)», row total) and the «итого» row; members per cell."""
    d = frame()
    labels = [label for label, _, _ in LEVELS]
    kinds = sorted(d["kind"].unique())
    counts = pd.crosstab(d["level"], d["kind"]).reindex(index=labels, columns=kinds, fill_value=0)
    rows = []
    for label in labels:
        cells = []
        for kind in kinds:
            n = int(counts.at[label, kind])
            whole = {"row": counts.loc[label].sum(), "column": counts[kind].sum(), "total": len(d)}[of]
            cells.append(f"{n} ({share(n, int(whole))}%)" if whole else f"{n} (—)")
        rows.append([label, *cells, str(int(counts.loc[label].sum()))])
    totals = ["итого", *[str(int(counts[k].sum())) for k in kinds], str(int(counts.values.sum()))]
    members = [f"{label} / {kind}: " + ", ".join(d[(d["level"] == label) & (d["kind"] == kind)]["name"])
               for label in labels for kind in kinds if counts.at[label, kind]]
    return rows + [totals], members


@pytest.mark.parametrize("of, word", [("row", "строка"), ("column", "столбец"), ("total", "всего")])
def test_every_cell_share_and_member_is_what_pandas_computes(built, of, word):
    tables, out = built
    rows, members = expected(of)
    csv_rows, data, page = files_of(out, f"by-{of}")
    assert csv_rows[1:] == rows
    assert [[r["label"]] + [f"{n} ({p}%)" for n, p in zip(cells, shares)] + [str(r["count"])]
            for r, cells, shares in zip(data["rows"], data["matrix"], data["shares"]["cells"])] == rows[:-1]
    assert data["shares"]["of"] == of
    labels = [r[0] for r in rows[:-1]] + ["Итого"]
    first = page[:next((i for i, r in enumerate(page) if r and r[0] == "Показатель"), len(page))]
    assert [r for r in first if r and r[0] in labels] == rows[:-1] + [["Итого", *rows[-1][1:]]]
    html = (out / "stats" / f"by-{of}" / "index.html").read_text(encoding="utf-8")
    listed = [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li>(.*?)</li>", html.split('id="sostav"')[1].split("</ul>")[0])]
    assert listed == members
    table = tables[f"by-{of}"]
    ids = {f"Служба {n}": f"o{n}" for n, _, _ in RECORDS}
    assert [[m.id for m in cell] for row in table.cell_members for cell in row if cell] == \
        [[ids[n] for n in m.split(": ")[1].split(", ")] for m in members]


def test_published_figures_of_a_cross_table_are_compared(built):
    tables, out = built
    d = frame()
    found = {c.key: c for c in tables["by-row"].comparisons}
    city = d[(d["level"] == "мало (1–2)") & (d["kind"] == "город")]
    assert list(city["name"]) == ["Служба 1"] and not found["мало (1–2) / город"].differences
    district = d[(d["level"] == "мало (1–2)") & (d["kind"] == "район")]
    row_total = int((d["level"] == "мало (1–2)").sum())
    assert found["мало (1–2) / район"].computed == f"{len(district)} ({share(len(district), row_total)}%)"
    assert bool(found["мало (1–2) / район"].differences) == (share(len(district), row_total) != "33,3")
    middle = int((d["level"] == "средне (3–4)").sum())
    assert found["средне (3–4)"].computed == f"{middle} ({share(middle, len(d))}%)"
    assert (found["средне (3–4)"].differences == ()) == (middle == 2)
    assert found["много / село"].differences == ("в таблице нет такой строки или столбца",)
    _, data, page = files_of(out, "by-row")
    assert [p["key"] for p in data["published"]] == list(found)
    assert any(r[0] == "много / село" and "расхождение" in r[3] for r in page)


def test_shares_outside_a_cross_table_is_an_error_with_a_hint(site_dir):
    text = TABLES + "    shares: строка\n"
    _, diagnostics = check(site_dir({STATISTICS_FILE: text}))
    found = [d for d in diagnostics.errors if d.path == STATISTICS_FILE]
    assert len(found) == 1 and found[0].hint == "shares нужен только вместе с cross" and found[0].line == 11


def test_a_cells_share_is_not_judged_against_the_tables_denominator(built):
    # «1 (33,3%)» of a row of three is possible, though no count of the table's six gives 33,3 %
    _, out = built
    root = out.parent / "src"
    _, diagnostics = check(root)
    assert not [d for d in diagnostics.items if d.code == "W302"]
