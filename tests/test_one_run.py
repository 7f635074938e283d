"""Every problem of a file in one run, in words a teacher understands: the field named as the file
writes it and in Russian, no Python words, the values a vocabulary allows."""

from __future__ import annotations

import json
import re

from tests.conftest import run_kopilka

FIVE_MISTAKES = """---
title: Наставничество в школе
summary: Пары «наставник — молодой педагог» на учебный год.
authors: [Иванова Мария Петровна]
organization: spassk-sosh-55
subjects: [матиматика]
tipe: наставничество
year: 2024
added: 31.02.2024
---
## Описание
Текст.
"""

BROKEN_ORG = """---
title: МБОУ «СОШ № 5»
kind: школа-интернат-лицей
municipality: penza
---
"""


def _errors(root, rel):
    result = run_kopilka("check", str(root), "--format", "json")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    return [d for d in json.loads(result.stdout) if d["path"] == rel and d["severity"] == "error"]


def test_the_five_mistake_file_reports_all_five_and_the_missing_organisation(site_dir):
    rel = "practices/pyat-oshibok.md"
    found = {d["code"]: d for d in _errors(site_dir({rel: FIVE_MISTAKES}), rel)}
    assert sorted(found) == ["E101", "E102", "E104", "E105", "E202"]
    # `tipe:` is one mistake: the unknown key told with the required field it is
    assert found["E101"]["line"] == 7 and "«type» (тип практики)" in found["E101"]["message"]
    assert found["E101"]["hint"] == "переименуйте «tipe» в «type»"
    assert found["E102"]["message"] == "не заполнено обязательное поле «levels» (уровни образования)"
    assert found["E102"]["allowed"] == "ДО, НОО, ООО, СОО, СПО, ДПО"
    assert found["E104"]["line"] == 6 and "«математика»" in found["E104"]["hint"]
    assert found["E105"]["line"] == 9 and "«added»" in found["E105"]["message"]
    # checked although the record's other fields are wrong
    assert found["E202"]["line"] == 5
    assert found["E202"]["message"] == ("поле «organization» (id организации): "
                                        "организация с id «spassk-sosh-55» не найдена")


def test_a_record_with_errors_is_still_a_record_others_may_name(site_dir):
    """A practice naming an organisation whose own file has an error is not told the
    organisation does not exist: the organisation's error is what to fix."""
    practice = FIVE_MISTAKES.replace("spassk-sosh-55", "sosh-5")
    root = site_dir({"practices/p.md": practice, "content/organizations/sosh-5.md": BROKEN_ORG})
    assert "E202" not in {d["code"] for d in _errors(root, "practices/p.md")}
    assert [d["code"] for d in _errors(root, "content/organizations/sosh-5.md")] == ["E104"]


def test_an_event_naming_a_missing_association_agrees_in_gender(site_dir):
    event = """---
title: Семинар
type: семинар
start: 2026-03-15 10:00
timezone: Europe/Moscow
format: дистанционно
online_url: https://example.org/online
organizer: net-takogo
associations: [gmo-net]
---
"""
    found = {d["line"]: d["message"] for d in _errors(site_dir({"content/events/s.md": event}), "content/events/s.md")}
    assert found[8] == "поле «organizer» (id организации или объединения-организатора): " \
                       "нет ни организации, ни объединения с id «net-takogo»"
    assert found[9] == "поле «associations» (id методических объединений), значение № 1: " \
                       "объединение с id «gmo-net» не найдено"


def test_the_fresh_template_names_every_field_in_russian_without_python_words(site_dir):
    root = site_dir({})
    created = run_kopilka("new", "practice", str(root), "--title", "Моя практика")
    assert created.returncode == 0, created.stderr
    errors = _errors(root, "practices/moya-praktika.md")
    assert len(errors) == 6
    for item in errors:
        text = " ".join(str(item[key] or "") for key in ("message", "value", "allowed", "hint"))
        assert not re.search(r"\b(None|dict|str|int|True|False)\b", text), item
        assert re.search(r"поле «[a-z_.]+» \((id )?[а-яё]", item["message"]), item
    by_field = {re.search(r"«([a-z_]+)»", d["message"]).group(1): d for d in errors}
    assert set(by_field) == {"summary", "authors", "organization", "levels", "subjects", "type"}
    assert "наставничество" in by_field["type"]["allowed"] and "урок" in by_field["type"]["allowed"]
    assert by_field["type"]["hint"] != "Тип практики."


def test_the_templates_example_pasted_unquoted_is_told_with_its_own_field(site_dir):
    practice = FIVE_MISTAKES.replace(
        "summary: Пары «наставник — молодой педагог» на учебный год.",
        "summary: Пары «наставник — молодой педагог» на учебный год: план, встречи, открытые уроки.")
    (problem,) = _errors(site_dir({"practices/p.md": practice}), "practices/p.md")
    assert problem["code"] == "E006" and problem["line"] == 3
    assert problem["hint"].startswith("заключите значение поля «summary» в кавычки: summary: \"Пары")
