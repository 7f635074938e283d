"""The contributor guide: generated from the models, in step with CONTRIBUTING.md, and its
example practice passes the check."""

from __future__ import annotations

import json
import re

from generator.diagnostics import CODES
from generator.models import MODELS
from generator.render.guide import EXAMPLE_PRACTICE, contributing_file, markdown
from generator.tools.fieldref import field_refs
from tests.conftest import ORG, REPO, run_kopilka
from tests.sitefiles import body_text, page


def test_contributing_md_is_up_to_date():
    assert (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8") == contributing_file(REPO), \
        "run: python -m generator.render.guide CONTRIBUTING.md"


def test_every_field_and_code_is_documented():
    text = markdown(None)
    for kind, model in MODELS.items():
        for ref in field_refs(model):
            assert re.search(rf"^\| `{ref.name}` \| ", text, re.MULTILINE), (kind, ref.name)
            for sub in ref.fields:
                assert f"| `{ref.name}.{sub.name}` |" in text
    for code in CODES:
        assert re.search(rf"^\| {code} \| ", text, re.MULTILINE), code


def test_example_practice_passes_check(site_dir):
    root = site_dir({"content/organizations/penza-sosh-57.md": ORG,
                     "practices/nastavnichestvo-v-shkole.md": EXAMPLE_PRACTICE + "\n"})
    result = run_kopilka("check", str(root), "--format", "json")
    assert result.returncode == 0, result.stdout
    assert [d for d in json.loads(result.stdout) if d["path"].startswith("practices/")] == []
    assert EXAMPLE_PRACTICE in markdown(None)


def test_guide_page_is_on_the_site_with_its_vocabularies(example_build):
    text = body_text(page(example_build, "contributing"))
    assert "Как добавить практику" in text and "веб-редакторе" in text
    assert "функциональная грамотность" in text  # a topic from data/vocabularies.yml
    assert "E202" in text
