"""`kopilka schema`: the exported JSON Schemas accept the example site and refuse mistakes,
checked by independent validators (check-jsonschema's CLI and the jsonschema library)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.models import MODELS
from generator.source.discover import discover
from generator.source.frontmatter import split_frontmatter
from tests.conftest import PRACTICE, REPO, run_kopilka


class _NoDates(yaml.SafeLoader):
    """YAML as an editor's language server reads it: dates stay text."""


_NoDates.yaml_implicit_resolvers = {
    key: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def frontmatter(path: Path) -> object:
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    yaml_text, *_ = split_frontmatter(text, path.name)
    return yaml.load(yaml_text, Loader=_NoDates)


@pytest.fixture(scope="module")
def schemas(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("schemas")
    site = tmp_path_factory.mktemp("copy")
    (site / "data").mkdir()
    for name in ("vocabularies.yml", "municipalities.yml", "site.yml"):
        (site / "data" / name).write_bytes((REPO / "data" / name).read_bytes())
    result = run_kopilka("schema", str(site), "--out", str(out))
    assert result.returncode == 0, result.stderr
    settings = json.loads((site / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert len(settings["yaml.schemas"]) == len(MODELS)
    return out


def test_every_example_record_validates_with_check_jsonschema(schemas, tmp_path):
    by_kind: dict[str, list[Path]] = {}
    for kind, found in discover(REPO):
        path = Path(found)
        as_json = tmp_path / kind / (path.stem + ".json")
        as_json.parent.mkdir(exist_ok=True)
        as_json.write_text(json.dumps(frontmatter(path), ensure_ascii=False), encoding="utf-8")
        by_kind.setdefault(kind, []).append(as_json)
    assert set(by_kind) == set(MODELS)
    for kind, files in by_kind.items():
        result = subprocess.run(
            [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schemas / f"{kind}.schema.json"),
             *map(str, files)], capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr


def validator(schemas: Path, kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((schemas / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("change, field", [
    (("levels: [ООО]", "levels: [ЖЖЖ]"), "levels"),
    (("type: наставничество", "type: наставничествоо"), "type"),
    (("year: 2024", "year: 1812"), "year"),
    (("year: 2024", "year: 2024\nsubjetc: [математика]"), None),
    (("authors: [Иванова Мария Петровна]", "authors: {фио: Иванова}"), "authors"),
])
def test_mistakes_are_refused(schemas, tmp_path, change, field):
    path = tmp_path / "p.md"
    path.write_text(PRACTICE.replace(*change), encoding="utf-8")
    errors = list(validator(schemas, "practice").iter_errors(frontmatter(path)))
    assert errors
    if field:
        assert any(list(e.absolute_path)[:1] == [field] for e in errors)


def test_what_kopilka_accepts_the_schema_accepts(schemas, tmp_path):
    """Spellings the generator takes: aliases, any id, a comma list, a Russian date."""
    text = (PRACTICE.replace("levels: [ООО]", "levels: ooo, СОО")
            .replace("subjects: [математика]", "subjects: [алгебра]")
            .replace("year: 2024", "year: 2024\nadded: 15.03.2025\ncontact: {email: a@b.ru, public: да}"))
    path = tmp_path / "p.md"
    path.write_text(text, encoding="utf-8")
    assert list(validator(schemas, "practice").iter_errors(frontmatter(path))) == []


def test_required_fields_match_the_model(schemas):
    schema = json.loads((schemas / "practice.schema.json").read_text(encoding="utf-8"))
    required = {name for name, info in MODELS["practice"].model_fields.items()
                if info.is_required() and name not in ("id", "source")}
    assert set(schema["required"]) == required
