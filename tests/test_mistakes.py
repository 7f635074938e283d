"""A corpus of what real contributors produce: each mistake reported once, at its file and line."""

import json
import shutil
from pathlib import Path

import yaml

from generator.corpus.cache import CACHE_DIR
from tests.conftest import FIXTURES, REPO, run_kopilka


def test_every_mistake_is_reported_at_its_file_and_line_in_one_run(tmp_path: Path):
    corpus = tmp_path / "mistakes"
    shutil.copytree(FIXTURES / "mistakes", corpus)
    shutil.copytree(REPO / "data", corpus / "data")
    before = {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()}

    result = run_kopilka("check", str(corpus), "--format", "json")

    assert result.returncode == 1
    reported = {(d["path"], d["line"], d["code"]) for d in json.loads(result.stdout) if d["severity"] == "error"}
    expected = {tuple(item) for item in yaml.safe_load((corpus / "expected.yml").read_text(encoding="utf-8"))}
    assert len({code for _, _, code in expected}) >= 20
    assert reported == expected
    # the checker never edits, moves or deletes content (it only adds its cache folder)
    assert before == {p: p.read_bytes() for p in corpus.rglob("*")
                      if p.is_file() and CACHE_DIR not in p.relative_to(corpus).parts}


def test_text_report_is_grouped_by_file_and_in_russian(tmp_path: Path):
    corpus = tmp_path / "mistakes"
    shutil.copytree(FIXTURES / "mistakes", corpus)
    shutil.copytree(REPO / "data", corpus / "data")
    out = run_kopilka("check", str(corpus)).stdout
    assert "practices/unknown-key.md\n  practices/unknown-key.md:7:1: ошибка E101: неизвестное поле «subjetc»" in out
    assert "подсказка: возможно, вы имели в виду «subjects»" in out
    assert "Ошибок: 28" in out


def test_example_site_has_no_errors():
    result = run_kopilka("check", str(REPO))
    assert result.returncode == 0, result.stdout
    assert "Ошибок: 0" in result.stdout
