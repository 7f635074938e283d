"""Dynamics across two campaigns: pandas recomputes each year's levels and measures, the change
in records and in percentage points and who moved; the page, CSV and JSON are compared cell by
cell, and an incremental rebuild after an edit gives what a full computation gives."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest

from generator.corpus.check import check
from generator.source.statdefs import STATISTICS_FILE
from tests.conftest import EPOCH, run_kopilka, write_site
from tests.test_stats import tables_of
from tests.test_stats_defects import files_of, share

#: no, (heads, trained) in 2022, (heads, trained) in 2023 — None: not in that campaign.
RECORDS = [(1, (10, 8), (12, 12)), (2, (4, 1), (4, 3)), (3, ("нет данных", 2), (6, 2)),
           (4, (3, 0), None), (5, (6, 6), (7, 1)), (6, None, (2, 2))]
CAMPAIGNS = (("y22", "2022"), ("y23", "2023"))
DEFINITIONS = """\
tables:
  - id: heads
    title: Руководители по годам
    content: организации
    campaigns: [{id: y22, label: "2022"}, {id: y23, label: "2023"}]
    filter: {monitoring.$campaign: есть}
    order: monitoring.$campaign.no
    formulas:
      share: "monitoring.$campaign.trained / monitoring.$campaign.heads * 100"
    classify: share
    levels:
      - {id: all, label: все обучены, rule: ">= 100"}
      - {id: most, label: большинство, rule: ">= 50"}
      - {id: few, label: меньшинство, rule: "< 50"}
  - id: heads-measures
    title: Обучение руководителей по годам
    content: организации
    campaigns: [y22, y23]
    filter: {monitoring.$campaign: есть}
    measures:
      - {label: Руководителей, sum: monitoring.$campaign.heads}
      - {label: Доля прошедших обучение, ratio: [monitoring.$campaign.trained, monitoring.$campaign.heads]}
"""
LEVELS = [("все обучены", lambda s: s >= 100), ("большинство", lambda s: (s >= 50) & (s < 100)),
          ("меньшинство", lambda s: s < 50)]


def org(no, first, second) -> str:
    lines = ["---", f"title: Служба {no}", "kind: ММС", "municipality: penza", "monitoring:"]
    for (campaign, _), facts in zip(CAMPAIGNS, (first, second)):
        if facts:
            lines += [f"  {campaign}:", f'    "no": {no}', f"    heads: {facts[0]}", f"    trained: {facts[1]}"]
    return "\n".join(lines + ["---", ""])


def make_site(root):
    files = {f"content/organizations/o{r[0]}.md": org(*r) for r in RECORDS}
    files.update({"practices/.keep": "", STATISTICS_FILE: DEFINITIONS})
    return write_site(root, files)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("dynamics")
    root = make_site(base / "src")
    out = base / "site"
    result = run_kopilka("build", str(root), "--site-dir", str(out), env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stdout + result.stderr
    return root, out


def year(index: int) -> pd.DataFrame:
    rows = [(no, facts[index]) for no, *facts in RECORDS if facts[index]]
    d = pd.DataFrame([(no, h, t) for no, (h, t) in rows], columns=["no", "heads", "trained"])
    d["name"] = [f"Служба {n}" for n in d["no"]]
    d["id"] = [f"o{n}" for n in d["no"]]
    heads = pd.to_numeric(d["heads"], errors="coerce")
    d["share"] = d["trained"] / heads * 100
    d["level"] = None
    for label, test in LEVELS:
        d.loc[test(d["share"]) & d["level"].isna(), "level"] = label
    d.loc[d["heads"] == "нет данных", "level"] = "нет данных (информация не предоставлена)"
    return d


def signed(value: Decimal, places: int) -> str:
    rounded = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return ("+" if rounded > 0 else "−" if rounded < 0 else "") + str(abs(rounded)).replace(".", ",")


def expected_changes() -> list[list[str]]:
    first, last = year(0), year(1)
    labels = [label for label, _ in LEVELS] + ["нет данных (информация не предоставлена)"]
    rows = []
    for label in labels:
        counts = [int((d["level"] == label).sum()) for d in (first, last)]
        figures = [f"{n} ({share(n, len(d))}%)" for n, d in zip(counts, (first, last))]
        if label.startswith("нет данных") and not counts[1]:
            figures[1] = "0"
        points = (Decimal(counts[1]) / len(last) - Decimal(counts[0]) / len(first)) * 100
        rows.append([label, *figures, signed(Decimal(counts[1] - counts[0]), 0), signed(points, 1) + " п.п."])
    return rows


def expected_moves() -> list[str]:
    first, last = year(0).set_index("id"), year(1).set_index("id")
    both = [i for i in last.index if i in first.index and first.at[i, "level"] != last.at[i, "level"]]
    return [f"{last.at[i, 'name']}: {first.at[i, 'level']} → {last.at[i, 'level']}" for i in both]


def test_levels_side_by_side_with_changes_and_moves(built):
    root, out = built
    rows, data, page = files_of(out, "heads")
    assert rows[0] == ["показатель", "2022", "2023", "изменение", "изменение доли"]
    expected = expected_changes()
    # a CSV cell that begins with «+» is written «'+» so that a spreadsheet never runs it as a formula
    assert [[c.lstrip("'") for c in r] for r in rows[1:len(expected) + 1]] == expected
    assert [[c["label"], *c["figures"], c["change"], c["points"]] for c in data["changes"]] == expected
    assert [r for r in page if r and r[0] in [e[0] for e in expected] and len(r) == 5] == expected
    html = (out / "stats" / "heads" / "index.html").read_text(encoding="utf-8")
    listed = [re.sub(r"<[^>]+>", "", li) for li in re.findall(r"<li>(.*?)</li>", html.split('id="perekhody"')[1].split("</ul>")[0])]
    assert listed == expected_moves() and listed
    assert [f"{m['name']}: {m['before']} → {m['after']}" for m in data["moves"]] == expected_moves()
    assert [p["denominator"] for p in data["periods"]] == [len(year(0)), len(year(1))]


def test_measures_side_by_side_with_the_change_in_points(built):
    root, out = built
    rows, data, _ = files_of(out, "heads-measures")
    values = []
    for index in (0, 1):
        d = year(index)
        heads = pd.to_numeric(d["heads"], errors="coerce")
        both = heads.notna()
        values.append((int(heads.sum()), Decimal(int(d.loc[both, "trained"].sum())) / Decimal(int(heads[both].sum()))))
    ratio = [str((v * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)).replace(".", ",") + "%" for _, v in values]
    assert [[c.lstrip("'") for c in r] for r in rows[1:]] == [
        ["Руководителей", str(values[0][0]), str(values[1][0]), signed(Decimal(values[1][0] - values[0][0]), 0), ""],
        ["Доля прошедших обучение", *ratio, "", signed((values[1][1] - values[0][1]) * 100, 1) + " п.п."]]
    assert [p["label"] for p in data["periods"]] == ["y22", "y23"]


def test_an_edit_of_one_campaign_changes_only_its_column(tmp_path):
    root = make_site(tmp_path / "site")
    _, before = tables_of(root)
    path = root / "content" / "organizations" / "o2.md"
    path.write_text(path.read_text(encoding="utf-8").replace("    trained: 3", "    trained: 4"), encoding="utf-8")
    _, after = tables_of(root)
    old = {c.key: c.figures for c in before["heads"].changes}
    new = {c.key: c.figures for c in after["heads"].changes}
    assert all(old[k][0] == new[k][0] for k in old)          # 2022 is as it was
    assert old["all"][1] != new["all"][1] and old["most"][1] != new["most"][1]


def test_a_dynamics_definition_without_the_placeholder_is_refused(site_dir):
    text = DEFINITIONS.replace("$campaign", "y22", 4)
    text = re.sub(r"monitoring\.\$campaign", "monitoring.y22", text.split("  - id: heads-measures")[0])
    _, diagnostics = check(site_dir({STATISTICS_FILE: text}))
    found = [d for d in diagnostics.errors if d.path == STATISTICS_FILE]
    assert len(found) == 1 and "нет $campaign" in found[0].message and found[0].hint
