"""Statistics definitions: rules as data, and every mistake reported at its file and line."""

from __future__ import annotations

import json

import pytest

from generator.corpus.check import check
from generator.source.statdefs import (
    STATISTICS_FILE,
    DefinitionProblems,
    load_definitions,
)
from generator.source.statrules import parse_rule
from tests.conftest import REPO, run_kopilka


def rule(text):
    problems = DefinitionProblems("x.yml", {})
    parsed = parse_rule(text, (), problems)
    assert not problems.items, problems.items
    return parsed


@pytest.mark.parametrize("text, yes, no", [
    (">= 5", [5, 7, 5.0, "5", "5,5"], [4, "4,9", True, None, "нет данных", "5 человек", 10 ** 5000,
                                        float("inf"), float("nan"), "1" * 50]),
    ("3..4", [3, 4, "3,5"], [2, 5, None, "4,01"]),
    ("1–2", [1, 2], [0, 3]),
    ("< 3", [2, 0], [3]),
    (3, [3], [4]),
    ("Красный", ["красный", "КРАСНЫЙ"], ["Зеленый", None]),
    (["Зеленый", "Желтый"], ["желтый", "Зелёный"], ["Красный"]),
    ("есть", ["нет данных", 0, "x"], [None]),
    ("нет данных", ["Нет данных"], [None, 0, ""]),
])
def test_rules_match_as_written(text, yes, no):
    parsed = rule(text)
    assert all(parsed.matches(v) for v in yes)
    assert not any(parsed.matches(v) for v in no)


def test_a_rule_over_other_fields_any_and_all():
    values = {"a": "Красный", "b": "Зеленый", "c": None}
    any_red = rule({"any": ["a", "b", "c"], "in": ["красный"]})
    all_red = rule({"all": ["a", "b"], "in": "красный"})
    assert any_red.matches(None, values.get)
    assert not all_red.matches(None, values.get)
    assert not any_red.matches(None, {"a": "нет данных"}.get)


def test_the_example_definitions_are_valid():
    site, diagnostics = check(REPO)
    found = [d for d in diagnostics.items if d.path == STATISTICS_FILE]
    # the one deliberate warning: seed 003 prints «99 %» of 4 participants
    assert [(d.code, d.severity, d.value) for d in found] == [("W302", "warning", "99%")]
    definitions, problems = load_definitions(REPO, site.vocabularies)
    assert not problems and len(definitions) >= 10   # W302 comes from the records: the denominator is computed


BROKEN = """\
tables:
  - id: good
    title: Хорошая
    content: организации
    classify: staff_count
    levels:
      - {label: мало, rule: "1..2"}
  - id: Bad Id
    title: Плохой id
    content: организации
    count: kind
  - id: unknown-key
    title: Неизвестное поле
    content: организации
    count: kind
    denominatr: все
  - id: bad-rule
    title: Плохое правило
    content: организации
    classify: staff_count
    levels:
      - {label: много, rule: ">= пять"}
      - {label: обратный, rule: "5..3"}
  - id: bad-field
    title: Поле
    content: организации
    count: staf_count
  - id: bad-ref
    title: Ссылка
    content: организации
    filter: {level.nowhere: x}
    count: kind
  - id: bad-published
    title: Опубликовано
    content: организации
    classify: staff_count
    levels:
      - {label: мало, rule: "1..2"}
    published:
      figures:
        много: "3 (8,8%)"
  - id: good
    title: Дубль
    content: организации
    count: kind
"""


def test_every_definition_error_has_its_file_and_line(site_dir):
    root = site_dir({STATISTICS_FILE: BROKEN})
    _, diagnostics = check(root)
    found = {(d.line, d.code) for d in diagnostics.items if d.path == STATISTICS_FILE}
    lines = BROKEN.splitlines()

    def line_of(fragment, start=0):
        return next(n for n, text in enumerate(lines, 1) if n > start and fragment in text)

    assert (line_of("id: Bad Id"), "E302") in found
    assert (line_of("denominatr"), "E302") in found
    assert (line_of(">= пять"), "E303") in found
    assert (line_of("5..3"), "E303") in found
    assert (line_of("count: staf_count"), "E304") in found
    assert (line_of("level.nowhere") - 3, "E304") in found       # reported at the table
    assert (line_of("много: \"3"), "E304") in found
    assert (line_of("- id: good", 2), "E201") in found
    assert all(d.message and d.severity == "error" for d in diagnostics.items if d.path == STATISTICS_FILE)


def test_the_cli_reports_definition_errors_with_content_errors(site_dir):
    root = site_dir({STATISTICS_FILE: "tables:\n  - id: x\n    title: X\n    content: организации\n"
                                       "    classify: staff_count\n    levels:\n      - {label: a, rule: \">> 2\"}\n",
                     "content/organizations/bad.md": "---\ntitle: X\nkind: нечто\n---\n"})
    result = run_kopilka("check", str(root), "--format", "json")
    assert result.returncode == 1
    reported = {(d["path"], d["line"], d["code"]) for d in json.loads(result.stdout)}
    assert (STATISTICS_FILE, 7, "E303") in reported
    assert ("content/organizations/bad.md", 3, "E104") in reported
    text = run_kopilka("check", str(root)).stdout
    assert f"{STATISTICS_FILE}:7" in text and "правило" in text


def test_a_reserved_id_and_a_cycle_are_refused(site_dir):
    root = site_dir({STATISTICS_FILE: """\
tables:
  - id: data-quality
    title: X
    content: организации
    count: kind
  - id: a
    title: A
    content: организации
    classify: staff_count
    levels:
      - {label: x, rule: {any: [level.b], in: x}}
  - id: b
    title: B
    content: организации
    classify: staff_count
    levels:
      - {label: x, rule: {any: [level.a], in: x}}
"""})
    _, diagnostics = check(root)
    found = {(d.line, d.code) for d in diagnostics.items if d.path == STATISTICS_FILE}
    assert (2, "E302") in found
    assert {(6, "E304"), (12, "E304")} <= found
