"""Vocabularies and municipalities are read through models, with the records' own messages."""

from __future__ import annotations

import shutil

from generator.source.vocabularies import load_vocabularies
from tests.conftest import REPO


def _data(tmp_path, vocabularies: str | None = None, municipalities: str | None = None):
    shutil.copytree(REPO / "data", tmp_path / "data")
    if vocabularies is not None:
        (tmp_path / "data" / "vocabularies.yml").write_text(vocabularies, encoding="utf-8")
    if municipalities is not None:
        (tmp_path / "data" / "municipalities.yml").write_text(municipalities, encoding="utf-8")
    return load_vocabularies(tmp_path)


def test_an_entry_with_a_misspelt_key_names_it_the_nearest_key_and_the_lines(tmp_path):
    text = (REPO / "data" / "vocabularies.yml").read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "label: математика" in row)
    vocabularies, problems = _data(tmp_path, vocabularies=text.replace("label: математика", "lable: математика", 1))
    unknown = next(p for p in problems if p.code == "E101")
    assert (unknown.line, unknown.value, unknown.hint) == (line, "lable", "возможно, вы имели в виду «label»")
    missing = next(p for p in problems if p.code == "E102")
    assert "label" in missing.message and missing.line in (line, line - 1)  # the entry, not line 1
    assert "математика" not in [e.label for e in vocabularies["subjects"].entries]


def test_a_wrong_municipality_type_is_reported_at_its_own_line(tmp_path):
    vocabularies, problems = _data(tmp_path, municipalities=(
        "municipalities:\n  - id: penza\n    title: г. Пенза\n    region: Пензенская область\n    type: ГОО\n"))
    (problem,) = [p for p in problems if p.severity == "error"]
    assert (problem.line, problem.value, problem.hint) == (5, "ГОО", "возможно, «ГО»")
    assert problem.allowed == "ГО, МР, МО, ЗАТО" and "penza" not in vocabularies.municipalities


def test_a_label_written_over_two_lines_reads_as_one(tmp_path):
    vocabularies, problems = _data(tmp_path, municipalities=(
        "municipalities:\n  - id: penza\n    title: \"г.\\nПенза\"\n    type: ГО\n"))
    assert not problems and vocabularies.municipalities["penza"].title == "г. Пенза"
