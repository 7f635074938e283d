"""Per-record formulas and plausibility warnings: the language, its errors with positions, a
table classified by a formula (pandas recomputes it; page, CSV and JSON compared cell by cell),
and the warnings `check` gives on bands with gaps, impossible shares and divisions by zero."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from generator.corpus.check import check
from generator.source.statdefs import STATISTICS_FILE
from generator.source.statformula import FormulaError, evaluate, parse_formula
from tests.conftest import EPOCH, run_kopilka, write_site
from tests.test_stats_defects import files_of, share
from tests.test_stats import tables_of

VALUES = {"a": "85,5", "b": 0, "c": [1, 2, 3], "m.x-1.k": "да", "n": "нет данных", "d": 4, "t": True}


@pytest.mark.parametrize("text, expected", [
    ("a / d * 100", Decimal("2137.5")),
    ("1 + 2 * 3", 7), ("(1 + 2) * 3", 9), ("-(d - 1) * 2", -6), ("10 / 4", Decimal("2.5")),
    ("len(c) + 1", 4), ("min(a, d)", 4), ("max(a, d, 100)", 100),
    ("a >= 85.5", 1), ("d < 4", 0), ("d != 4", 0), ("m.x-1.k = да", 1), ("m.x-1.k != да", 0),
    ("count_of(a >= 50, m.x-1.k, n, b, t, d > 10)", 3),
    ("a / b", None), ("n + 1", None), ("len(d)", None), ("n = да", None),
])
def test_a_formula_evaluates_as_written(text, expected):
    value = evaluate(parse_formula(text), VALUES.get)
    assert value == (None if expected is None else Decimal(expected))


@pytest.mark.parametrize("text, position, words", [
    ("a + * b", 4, "ожидалось число"), ("(a + b", 6, "не закрыта скобка"), ("foo(a)", 0, "неизвестная функция"),
    ("a b", 2, "лишнее «b»"), ("a ; b", 2, "непонятный знак «;»"), ("", 0, "пустая формула"),
    ("len(a + b)", 0, "len считает"), ("a = ", 4, "конец формулы"), ("1,5", 1, "лишнее «,»"),
    ("__import__('os')", 11, "непонятный знак"),
    ("(" * 200 + "1" + ")" * 200, 0, "слишком глубокая вложенность"), ("-" * 300 + "1", 0, "слишком глубокая"),
    ("1 + " * 200 + "1", 500, "длиннее 500 знаков"),
])
def test_a_formula_mistake_has_its_position(text, position, words):
    with pytest.raises(FormulaError) as error:
        parse_formula(text)
    assert error.value.position == position and words in error.value.message


#: no, heads, trained, k1, k2, staff_count
RECORDS = [(1, 10, 8, 60, "да", 5), (2, 4, 1, 40, "нет", 3), (3, "нет данных", 2, 55, "да", 7),
           (4, 0, 0, 90, "да", 1), (5, 6, 6, 10, "нет", 2)]
DEFINITIONS = """\
tables:
  - id: trained
    title: Обучение
    content: организации
    filter: {monitoring.t: есть}
    order: monitoring.t.no
    formulas:
      trained_share: "monitoring.t.trained / monitoring.t.heads * 100"
    classify: trained_share
    levels:
      - {id: all, label: все обучены, rule: ">= 100"}
      - {id: most, label: большинство, rule: ">= 50"}
      - {id: few, label: меньшинство, rule: "< 50"}
  - id: criteria
    title: Критерии
    content: организации
    filter: {monitoring.t: есть}
    order: monitoring.t.no
    formulas:
      k: "count_of(monitoring.t.k1 >= 50, monitoring.t.k2 = да)"
      percent: "k / 2 * 100"
    classify: percent
    levels:
      - {id: full, label: выполнены все, rule: ">= 100"}
      - {id: half, label: половина и больше, rule: ">= 50"}
      - {id: none, label: меньше половины, rule: "< 50"}
    published:
      figures:
        full: "2 (99,0%)"
  - id: bands
    title: Разрыв
    content: организации
    filter: {monitoring.t: есть}
    classify: monitoring.t.k1
    levels:
      - {id: low, label: низкий, rule: "0..49"}
      - {id: mid, label: средний, rule: "50..79"}
      - {id: high, label: высокий, rule: "80..100"}
    denominator: 4
    published:
      figures:
        low: "1 (30,0%)"
"""


def org(no, heads, trained, k1, k2, staff) -> str:
    return "\n".join(["---", f"title: Служба {no}", "kind: ММС", "municipality: penza", f"staff_count: {staff}",
                      "monitoring:", "  t:", f'    "no": {no}', f"    heads: {heads}", f"    trained: {trained}",
                      f"    k1: {k1}", f"    k2: {k2}", "---", ""])


def frame() -> pd.DataFrame:
    data = pd.DataFrame(RECORDS, columns=["no", "heads", "trained", "k1", "k2", "staff"])
    data["name"] = [f"Служба {n}" for n in data["no"]]
    heads = pd.to_numeric(data["heads"], errors="coerce")
    data["trained_share"] = (data["trained"] / heads.where(heads != 0)) * 100
    data["percent"] = ((data["k1"] >= 50).astype(int) + (data["k2"] == "да").astype(int)) / 2 * 100
    return data


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("formulas")
    files = {f"content/organizations/o{r[0]}.md": org(*r) for r in RECORDS}
    files.update({"practices/.keep": "", STATISTICS_FILE: DEFINITIONS})
    root = write_site(base / "src", files)
    out = base / "site"
    result = run_kopilka("build", str(root), "--site-dir", str(out), env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stdout + result.stderr
    return root, out


def expected_levels(values: pd.Series, bands, d: pd.DataFrame, missing) -> list[list[str]]:
    whole = len(d)
    rows = []
    for label, rule, mask in bands:
        rows.append([label, rule, f"{int(mask.sum())} ({share(int(mask.sum()), whole)}%)", ", ".join(d.loc[mask, "name"])])
    for label, mask in missing:
        if mask.any():
            rows.append([label, "", f"{int(mask.sum())} ({share(int(mask.sum()), whole)}%)", ", ".join(d.loc[mask, "name"])])
    return rows


def page_rows(page, labels):
    first = page[:next((i for i, r in enumerate(page) if r and r[0] == "Показатель"), len(page))]
    return [r for r in first if len(r) == 4 and r[0] in labels]


def test_a_table_classified_by_a_formula_is_what_pandas_computes(built):
    root, out = built
    d = frame()
    s = d["trained_share"]
    no_data = d["heads"] == "нет данных"
    expected = expected_levels(s, [("все обучены", ">= 100", s >= 100), ("большинство", ">= 50", (s >= 50) & (s < 100)),
                                   ("меньшинство", "< 50", s < 50)], d,
                               [("нет данных (информация не предоставлена)", no_data),
                                ("нет значения", s.isna() & ~no_data)])
    rows, data, page = files_of(out, "trained")
    assert [[r[0], r[1], f"{r[2]} ({r[3]}%)", r[5].replace("; ", ", ")] for r in rows[1:]] == expected
    assert [[r["label"], r["rule"], r["figure"], ", ".join(m["name"] for m in r["members"])]
            for r in data["rows"] + data["missing"]] == expected
    assert [[r[0], r[1], r[2], r[3]] for r in page_rows(page, [e[0] for e in expected])] == expected


def test_k_of_n_criteria_and_an_impossible_published_share(built):
    root, out = built
    d = frame()
    p = d["percent"]
    expected = expected_levels(p, [("выполнены все", ">= 100", p >= 100),  # first match: levels in order
                                   ("половина и больше", ">= 50", (p >= 50) & (p < 100)),
                                   ("меньше половины", "< 50", p < 50)], d, [])
    rows, data, page = files_of(out, "criteria")
    assert [[r[0], r[1], f"{r[2]} ({r[3]}%)", r[5].replace("; ", ", ")] for r in rows[1:]] == expected
    assert [[r[0], r[1], r[2], r[3]] for r in page_rows(page, [e[0] for e in expected])] == expected
    _, diagnostics = check(root)
    impossible = [x for x in diagnostics.items if x.code == "W302" and "знаменателе 5" in x.message]
    assert len(impossible) == 1 and impossible[0].severity == "warning"
    assert impossible[0].message == "опубликованная доля 99,0% невозможна при знаменателе 5"
    assert impossible[0].line == DEFINITIONS.splitlines().index('        full: "2 (99,0%)"') + 1
    assert "4 из 5 = 80,0%" in impossible[0].hint and "5 из 5 = 100,0%" in impossible[0].hint


def test_bands_with_gaps_a_stated_denominator_and_a_zero_divisor_are_warned(built):
    root, _ = built
    _, diagnostics = check(root)
    warnings = {x.code: [y for y in diagnostics.items if y.code == x.code] for x in diagnostics.items
                if x.path == STATISTICS_FILE}
    gaps = warnings["W301"]
    assert [g.value for g in gaps] == ["49,5", "79,5"]
    lines = DEFINITIONS.splitlines()
    assert all(g.line == lines.index("    levels:", lines.index("  - id: bands")) + 1 for g in gaps)
    assert "«низкий» и «средний»" in gaps[0].message and gaps[0].hint.startswith("начните следующий уровень с «> 49»")
    stated = [w for w in warnings["W302"] if "знаменателе 4" in w.message]
    assert stated and "1 из 4 = 25,0%" in stated[0].hint
    zero = warnings["W303"]
    assert len(zero) == 1 and zero[0].value == "Служба 4"   # heads: 0 (Служба 3 has «нет данных»)
    assert zero[0].line == DEFINITIONS.splitlines().index("    formulas:") + 2
    assert not diagnostics.errors


@pytest.mark.parametrize("formula, code, words, hint", [
    ("monitoring.t.trained / monitoring.t.heads *", "E303", "знак 44: ожидалось число", "проверьте знаки"),
    ("staf_count + 1", "E304", "знак 1: у записей нет поля «staf_count»", "возможно, «staff_count»"),
    ("monitoring.t.trained-staff_count", "E304", "читается как одно поле", "вычитание пишите с пробелами"),
    ("staff_count + 1,5", "E303", "лишнее «,»", "дробь пишется с точкой"),
])
def test_check_reports_a_formula_mistake_with_line_and_position(site_dir, formula, code, words, hint):
    text = DEFINITIONS.replace("monitoring.t.trained / monitoring.t.heads * 100", formula)
    _, diagnostics = check(site_dir({STATISTICS_FILE: text}))
    found = [x for x in diagnostics.errors if x.path == STATISTICS_FILE]
    assert len(found) == 1, [x.format() for x in found]   # and no cascade from the table that uses it
    assert found[0].code == code and words in found[0].message and hint in found[0].hint
    assert found[0].line == text.splitlines().index("    formulas:") + 2 and "⟨здесь⟩" in found[0].value


def _statistics_warnings(diagnostics) -> list[tuple]:
    return sorted((d.code, d.line, d.message, d.value, d.hint) for d in diagnostics.items if d.path == STATISTICS_FILE)


def test_a_build_reads_the_statistics_warnings_check_gives_and_follows_edits(tmp_path):
    """A build takes the tables' warnings from its graph (derive/statqueries.py), not from the
    check phase: the same warnings, and after an edit (a record that now divides by zero, a
    record renamed) a preview's rebuild says what a fresh build of the edited site says."""
    from generator.build.pipeline import Session, generate

    files = {f"content/organizations/o{r[0]}.md": org(*r) for r in RECORDS}
    files.update({"practices/.keep": "", STATISTICS_FILE: DEFINITIONS})
    root = write_site(tmp_path / "src", files)
    session = Session()
    _, built = generate(root, session=session, use_cache=False)
    _, checked = check(root, use_cache=False)
    assert _statistics_warnings(built) == _statistics_warnings(checked)
    assert {"W302", "W303"} <= {w[0] for w in _statistics_warnings(built)}
    first = RECORDS[0]
    renamed = org(*first).replace(f"title: Служба {first[0]}", "title: Служба переименованная")
    (root / f"content/organizations/o{first[0]}.md").write_text(renamed.replace(f"heads: {first[1]}", "heads: 0"),
                                                               encoding="utf-8")
    _, rebuilt = generate(root, session=session, use_cache=False)
    _, fresh = generate(root, use_cache=False)
    assert _statistics_warnings(rebuilt) == _statistics_warnings(fresh) != _statistics_warnings(built)
    assert any("Служба переименованная" in w[3] for w in _statistics_warnings(rebuilt) if w[0] == "W303")
