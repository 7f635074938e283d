"""`kopilka new`: a template for every type that explains every field and, filled, passes check."""

from __future__ import annotations

import re

import pytest

from generator.corpus.check import check
from generator.models import MODELS
from generator.source.discover import CONTENT_FOLDERS
from generator.text import suggest_id
from generator.tools.fieldref import field_refs
from generator.tools.scaffold import EXAMPLES, example
from tests.conftest import run_kopilka

#: What a contributor writes into the empty required fields of each template.
FILLED = {
    "practice": {"summary": "Пары наставник — молодой педагог на учебный год.",
                 "authors": "[Иванова Мария Петровна]", "organization": "school",
                 "levels": "[ООО]", "subjects": "[математика]", "type": "урок"},
    "association": {"kind": "ГМО", "level": "муниципальный", "organization": "school"},
    "event": {"type": "семинар", "start": "2026-12-01 10:00", "format": "дистанционно"},
    "program": {"kind": "программа развития"},
    "organization": {"kind": "ОО"},
    "person": {"public": "true"},  # consent is asked for, never assumed
    "consultation": {"format": "дистанционно", "start": "2026-12-01 15:00"},
    "question": {},
}
TITLES = {"practice": "Наставничество: первые шаги", "association": "ГМО учителей химии",
          "event": "Семинар «Функциональная грамотность»", "program": "Программа развития 2026–2030",
          "organization": "МБОУ СОШ № 3", "person": "Иванова Мария Петровна",
          "consultation": "Консультации для учителей химии", "question": "Как оформить рабочую программу?"}
EMPTY = re.compile(r"^([a-z_]+):\s*$", re.MULTILINE)


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_new_record_filled_in_passes_check(site_dir, kind):
    root = site_dir({})
    result = run_kopilka("new", kind, "--title", TITLES[kind], "--path", str(root))
    assert result.returncode == 0, result.stderr
    path = root / CONTENT_FOLDERS[kind] / f"{suggest_id(TITLES[kind])}.md"
    assert path.is_file() and path.name in result.stdout and "kopilka check" in result.stdout
    text = path.read_text(encoding="utf-8")

    _, unfilled = check(root)
    # a template with fields to fill fails until they are filled (a question needs only its title)
    assert {d.path for d in unfilled.errors} == ({path.relative_to(root).as_posix()} if FILLED[kind] else set())

    assert set(EMPTY.findall(text)) == set(FILLED[kind])
    filled = EMPTY.sub(lambda m: f"{m[1]}: {FILLED[kind][m[1]]}", text)
    path.write_text(filled, encoding="utf-8")
    result = run_kopilka("check", str(root))
    assert result.returncode == 0, result.stdout
    site, _ = check(root)
    record = site.by_kind(kind)[path.stem]
    assert record.title == TITLES[kind]


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_every_field_is_in_the_template_with_a_comment_and_an_example(site_dir, kind):
    root = site_dir({})
    run_kopilka("new", kind, "--title", "Запись", "--path", str(root))
    lines = (root / CONTENT_FOLDERS[kind] / "zapis.md").read_text(encoding="utf-8").split("\n")
    for ref in field_refs(MODELS[kind]):
        at = next(i for i, line in enumerate(lines) if re.match(rf"^(# )?{ref.name}:", line))
        comment = lines[at - 1]
        assert comment.startswith("# ") and ref.description.rstrip(".") in comment, ref.name
        assert example(kind, ref.name), f"no example for {kind}.{ref.name}"
        assert f"Пример: {example(kind, ref.name)}" in comment


def test_allowed_values_come_from_the_site_vocabularies(site_dir):
    root = site_dir({})
    vocab = (root / "data" / "vocabularies.yml")
    vocab.write_text(vocab.read_text(encoding="utf-8").replace("label: урок", "label: урок-игра"),
                     encoding="utf-8")
    run_kopilka("new", "practice", "--title", "Игра", "--path", str(root))
    text = (root / "practices" / "igra.md").read_text(encoding="utf-8")
    assert "урок-игра" in text


def test_never_overwrites_and_needs_a_title(site_dir):
    root = site_dir({})
    assert run_kopilka("new", "practice", "--title", "Проект", "--path", str(root)).returncode == 0
    path = root / "practices" / "proekt.md"
    path.write_text("моя работа", encoding="utf-8")
    again = run_kopilka("new", "practice", "--title", "Проект", "--path", str(root))
    assert again.returncode == 1 and "уже существует" in again.stderr
    assert path.read_text(encoding="utf-8") == "моя работа"
    no_title = run_kopilka("new", "event", "--path", str(root))  # stdin is not a terminal here
    assert no_title.returncode == 2 and "--title" in no_title.stderr
    elsewhere = run_kopilka("new", "event", "--title", "Семинар", "--path", str(root / "practices"))
    assert elsewhere.returncode == 2 and "mkdocs.yml" in elsewhere.stderr


def test_examples_cover_only_known_fields():
    known = {ref.name for model in MODELS.values() for ref in field_refs(model)}
    for key in EXAMPLES:
        kind, _, name = key.rpartition(".")
        assert name in known and (not kind or kind in MODELS), key


def test_every_example_of_the_template_can_be_pasted_as_it_is():
    """A contributor copies the «Пример:» of a hint after the key: it must be valid YAML there."""
    import yaml

    from generator.tools.scaffold import EXAMPLES

    for key, example in EXAMPLES.items():
        yaml.safe_load(f"{key.split('.')[-1]}: {example}\n")
