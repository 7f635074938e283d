import time
import tracemalloc

from generator.source.yamlsource import parse_yaml


def test_every_key_and_item_has_its_line_and_column():
    doc = parse_yaml("title: Урок\nlevels:\n  - ООО\n  - СОО\nreview: {decision: x}\n", line_offset=1)
    assert doc.positions[("title",)] == (2, 1)
    assert doc.positions[("levels", 1)] == (5, 5)
    assert doc.positions[("review", "decision")] == (6, 10)


def test_duplicate_key_is_reported_with_both_lines_and_first_value_kept():
    doc = parse_yaml("title: Первое\nyear: 2024\ntitle: Второе\n", line_offset=1)
    [problem] = doc.problems
    assert (problem.code, problem.line) == ("E008", 4)
    assert "строке 2" in problem.hint
    assert doc.data["title"] == "Первое"


def test_alias_bomb_is_refused_quickly_without_expanding():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20))
    tracemalloc.start()
    started = time.perf_counter()
    doc = parse_yaml(bomb)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [p.code for p in doc.problems] == ["E009"]
    assert doc.data is None
    assert peak < 5_000_000 and time.perf_counter() - started < 2


def test_tabs_are_reported_on_every_line_and_parsing_goes_on():
    doc = parse_yaml("review:\n\tdecision: рекомендовано\n\tscore: 90\nyear: 2024\n")
    assert [(p.code, p.line) for p in doc.problems] == [("E007", 2), ("E007", 3)]
    assert doc.data["year"] == 2024 and doc.data["review"]["score"] == 90


def test_scalars_stay_what_people_mean():
    data = parse_yaml("d: 2024-03-15\nn: 013\nno: 5\nok: true\nword: нет\nf: 12.5\n").data
    assert data == {"d": "2024-03-15", "n": "013", "no": 5, "ok": True, "word": "нет", "f": 12.5}


def test_syntax_error_names_line_and_explains_in_russian():
    doc = parse_yaml("title: Урок: дроби\n", line_offset=1)
    [problem] = doc.problems
    assert problem.code == "E006" and problem.line == 2
    assert "кавычки" in problem.hint
