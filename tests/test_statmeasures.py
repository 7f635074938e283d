"""Measures beside counts: every figure recomputed here from the records with pandas (not the
generator's code), compared cell by cell with the page, the CSV and the JSON of a real build."""

from __future__ import annotations

import csv
import io
import json
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser

import pandas as pd
import pytest

from generator.corpus.check import check
from generator.source.statdefs import STATISTICS_FILE
from tests.conftest import EPOCH, run_kopilka, write_site
from tests.test_stats import tables_of

#: no, heads, trained, staff_count, projects, rate — «нет данных», a zero, a comma decimal, gaps.
RECORDS = [
    (1, 10, 8, 5, ["а", "б"], "85,5"),
    (2, 4, 1, 3, ["а"], 60),
    (3, "нет данных", 2, 7, [], 79.5),
    (4, 0, 0, None, None, "нет данных"),
    (5, 6, 6, 2, ["x", "y", "z"], 100),
]
DEFINITIONS = """\
tables:
  - id: m
    title: Меры
    content: организации
    filter: {monitoring.t: есть}
    order: monitoring.t.no
    measures:
      - {label: Всего руководителей, sum: monitoring.t.heads}
      - {label: Доля прошедших обучение, ratio: [monitoring.t.trained, monitoring.t.heads]}
      - {label: Среднее число сотрудников, mean: staff_count, unit: чел.}
      - {label: Медиана сотрудников, median: staff_count}
      - {label: Минимум сотрудников, min: staff_count}
      - {label: Максимум сотрудников, max: staff_count}
      - {label: Проектов всего, length: monitoring.t.projects}
      - {label: Служб с оптимальным штатом, share: staff_count, rule: ">= 5"}
      - {label: Средний процент выполнения, mean: monitoring.t.rate, places: 2, unit: "%"}
    published:
      figures:
        Доля прошедших обучение: "77,0%"
        Среднее число сотрудников: "4,3"
        Служб с оптимальным штатом: "2 (40,0%)"
"""


def org(no, heads, trained, staff, projects, rate) -> str:
    lines = ["---", f"title: Служба {no}", "kind: ММС", "municipality: penza"]
    if staff is not None:
        lines.append(f"staff_count: {staff}")
    lines += ["monitoring:", "  t:", f'    "no": {no}', f"    heads: {heads}", f"    trained: {trained}",
              f'    rate: "{rate}"' if isinstance(rate, str) else f"    rate: {rate}"]
    if projects is not None:
        lines.append(f"    projects: [{', '.join(projects)}]")
    return "\n".join(lines + ["---", ""])


def make_site(root):
    files = {f"content/organizations/o{r[0]}.md": org(*r) for r in RECORDS}
    files["practices/.keep"] = ""
    files[STATISTICS_FILE] = DEFINITIONS
    return write_site(root, files)


def frame() -> pd.DataFrame:
    data = pd.DataFrame(RECORDS, columns=["no", "heads", "trained", "staff", "projects", "rate"])
    data["id"] = [f"o{n}" for n in data["no"]]
    data["name"] = [f"Служба {n}" for n in data["no"]]
    for column in ("heads", "trained", "staff", "rate"):
        data[column] = pd.to_numeric(data[column].map(lambda v: str(v).replace(",", ".")), errors="coerce")
    return data


def fmt(value, places: int, percent: bool = False, unit: str = "") -> str:
    if value is None or pd.isna(value):
        return "—"
    number = Decimal(repr(float(value))) * (100 if percent else 1)
    text = str(number.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)).replace(".", ",")
    return text + ("%" if percent else "") + (unit if unit == "%" else f" {unit}" if unit else "")


def expected_rows() -> list[list[str]]:
    """[label, kind, value, count, excluded names] computed with pandas."""
    d = frame()
    names = lambda mask: "; ".join(d.loc[mask, "name"])  # noqa: E731
    both = d["trained"].notna() & d["heads"].notna()
    staff = d["staff"].notna()
    lists = d["projects"].map(lambda v: isinstance(v, list))
    optimal = int((d["staff"] >= 5).sum())
    return [
        ["Всего руководителей", "сумма", fmt(d["heads"].sum(), 0), d["heads"].notna().sum(), names(d["heads"].isna())],
        ["Доля прошедших обучение", "отношение сумм",
         fmt(d.loc[both, "trained"].sum() / d.loc[both, "heads"].sum(), 1, percent=True), both.sum(), names(~both)],
        ["Среднее число сотрудников", "среднее", fmt(d["staff"].mean(), 1, unit="чел."), staff.sum(), names(~staff)],
        ["Медиана сотрудников", "медиана", fmt(d["staff"].median(), 1), staff.sum(), names(~staff)],
        ["Минимум сотрудников", "минимум", fmt(d["staff"].min(), 0), staff.sum(), names(~staff)],
        ["Максимум сотрудников", "максимум", fmt(d["staff"].max(), 0), staff.sum(), names(~staff)],
        ["Проектов всего", "число элементов списков", str(d.loc[lists, "projects"].map(len).sum()), lists.sum(),
         names(~lists)],
        ["Служб с оптимальным штатом", "доля записей", f"{optimal} ({fmt(optimal / len(d), 1, percent=True)})", optimal, ""],
        ["Средний процент выполнения", "среднее", fmt(d["rate"].mean(), 2, unit="%"), d["rate"].notna().sum(),
         names(d["rate"].isna())],
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("measures")
    root = make_site(base / "src")
    out = base / "site"
    result = run_kopilka("build", str(root), "--site-dir", str(out), env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stdout + result.stderr
    return root, out


class Cells(HTMLParser):
    """The text of every cell of every table row of a page."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str) -> list[list[str]]:
    parser = Cells()
    parser.feed(html)
    return parser.rows


def test_every_measure_is_what_pandas_computes_from_the_records(built):
    root, _ = built
    _, tables = tables_of(root)
    got = [[r.label, r.kind, r.text, r.count, "; ".join(m.name for m in r.excluded)] for r in tables["m"].measures]
    assert got == expected_rows()


def test_page_csv_and_json_show_every_cell(built):
    _, out = built
    expected = expected_rows()
    rows = list(csv.reader(io.StringIO((out / "stats" / "m.csv").read_text(encoding="utf-8"))))
    assert rows[0] == ["показатель", "мера", "значение", "считается по", "учтено записей", "не учтены"]
    assert [[r[0], r[1], r[2], int(r[4]), r[5]] for r in rows[1:]] == expected
    data = json.loads((out / "stats" / "m.json").read_text(encoding="utf-8"))
    ids = dict(zip(frame()["name"], frame()["id"]))
    assert [[m["label"], m["kind"], m["text"], m["count"], "; ".join(m["excluded"])] for m in data["measures"]] == \
        [[*e[:4], "; ".join(ids[n] for n in e[4].split("; ") if n)] for e in expected]
    html = (out / "stats" / "m" / "index.html").read_text(encoding="utf-8")
    page = [r for r in table_rows(html) if len(r) == 6 and r[0] != "Показатель"]
    assert [[r[0], r[1], r[2], int(r[4]), r[5].replace(", ", "; ")] for r in page] == expected


def test_published_measures_are_compared_at_the_printed_precision(built):
    root, out = built
    _, tables = tables_of(root)
    found = {c.key: c.differences for c in tables["m"].comparisons}
    d = frame()
    both = d["trained"].notna() & d["heads"].notna()
    share = fmt(d.loc[both, "trained"].sum() / d.loc[both, "heads"].sum(), 1, percent=True)
    assert found["Доля прошедших обучение"] == (f"опубликовано 77,0%, по записям {share}",)
    assert found["Среднее число сотрудников"] == ()    # 4,25 printed with one place is 4,3
    assert found["Служб с оптимальным штатом"] == ()
    html = (out / "stats" / "m" / "index.html").read_text(encoding="utf-8")
    compared = [r for r in table_rows(html) if len(r) == 4 and r[0] != "Показатель"]
    assert compared[0][:3] == ["Доля прошедших обучение", "77,0%", share]
    assert "расхождение" in compared[0][3] and "совпадает" in compared[1][3]


@pytest.mark.parametrize("measure, code, words", [
    ("{label: Сумма названий, sum: title}", "E304", "нечисловым полем «title»"),
    ("{label: Длина, length: staff_count}", "E304", "не список"),
    ("{label: Отношение, ratio: staff_count}", "E302", "нужно два поля"),
    ("{label: Два вида, sum: staff_count, mean: staff_count}", "E302", "ровно один вид"),
    ("{label: Доля, share: staff_count}", "E302", "нужно правило rule"),
    ("{label: Формат, sum: staff_count, format: percents}", "E302", "неизвестный формат"),
    ("{label: Опечатка, summ: staff_count}", "E302", "неизвестное поле меры «summ»"),
    ("{label: Поле, sum: staf_count}", "E304", "нет поля «staf_count»"),
])
def test_a_malformed_measure_is_reported_at_its_line(site_dir, measure, code, words):
    definitions = f"tables:\n  - id: m\n    title: М\n    content: организации\n    measures:\n      - {measure}\n"
    _, diagnostics = check(site_dir({STATISTICS_FILE: definitions}))
    found = [d for d in diagnostics.items if d.path == STATISTICS_FILE]
    assert any(d.code == code and words in d.message and d.line == 6 and (d.allowed or d.hint) for d in found), \
        [d.format() for d in found]


def test_a_published_figure_for_an_unknown_measure_names_the_nearest(site_dir):
    definitions = DEFINITIONS.replace("Среднее число сотрудников: \"4,3\"", "Средне число сотрудников: \"4,3\"")
    _, diagnostics = check(make_site(site_dir({}).parent / "other"))
    assert not diagnostics.errors
    root = site_dir({STATISTICS_FILE: definitions})
    _, diagnostics = check(root)
    found = [d for d in diagnostics.errors if d.path == STATISTICS_FILE]
    assert found and found[0].hint == "возможно, «Среднее число сотрудников»"


def test_a_measure_over_text_in_the_records_is_warned_with_the_records(site_dir):
    files = {f"content/organizations/o{r[0]}.md": org(*r) for r in RECORDS}
    files["content/organizations/o9.md"] = org(9, "много", 1, 1, None, 1)
    files[STATISTICS_FILE] = DEFINITIONS
    _, diagnostics = check(site_dir(files))
    found = [d for d in diagnostics.items if d.code == "W304"]
    heads = DEFINITIONS.splitlines().index("      - {label: Всего руководителей, sum: monitoring.t.heads}") + 1
    ratio = heads + 1
    assert [(d.line, d.value, d.severity) for d in found] == [(heads, "Служба 9", "warning"), (ratio, "Служба 9", "warning")]
    assert "в поле «monitoring.t.heads» у 1 записей текст" in found[0].message and found[0].hint


def test_a_number_beyond_any_report_is_left_out_not_a_crash():
    from generator.derive.statmeasures import decimal_of

    assert decimal_of(10 ** 30) is None and decimal_of("1" * 5000) is None and decimal_of(1e300) is None
    assert decimal_of("85,5") == Decimal("85.5") and decimal_of(10 ** 15) == Decimal(10 ** 15)
