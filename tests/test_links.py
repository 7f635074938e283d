"""One URL rule for every link field, and which contributors' files the site publishes, where."""

from __future__ import annotations

import csv
import io

import pytest

from generator.corpus.check import check
from generator.models.common import link_kind
from tests.conftest import ORG, PRACTICE, run_kopilka
from tests.hostile import DRAFT_FILE, DRAFT_ORG, DRAFT_PAGE, FORMULA, MATERIAL, NAMES, STRAY_FILE

UNSAFE = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
          "java\nscript:alert(1)", "&#106;avascript:alert(1)", "javascript&colon;alert(1)", "&#x6A;avascript:x",
          "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "file:///etc/passwd",
          "//evil.example/x", "\\\\evil\\share", "/etc/passwd", "C:\\Users\\doc.pdf"]


@pytest.mark.parametrize("value", UNSAFE)
def test_the_url_rule_refuses_every_form_of_a_script_link(value):
    assert link_kind(value) == "unsafe"


@pytest.mark.parametrize("value, kind", [("https://example.org/a?b=1&para=2", "url"), ("mailto:a@b.ru", "url"),
                                         ("tel:+78412000000", "url"), ("materials/plan.pdf", "file"),
                                         ("../materials/файл #1.pdf", "file")])
def test_the_url_rule_accepts_links_and_relative_files(value, kind):
    assert link_kind(value) == kind


ASSOCIATION = """---
title: ГМО учителей математики
kind: ГМО
level: муниципальный
organization: school
{field}: {value}
---
"""
EVENT = """---
title: Семинар
type: семинар
start: 2026-12-15 10:00
timezone: Europe/Moscow
format: дистанционно
organizer: school
{field}: {value}
---
"""
PROGRAM = """---
title: Программа развития
kind: программа развития
organization: school
{field}: {value}
---
"""
#: Every link field of every content type: (file, template, field, written as).
FIELDS = [("content/associations/gmo.md", ASSOCIATION, field) for field in
          ("regulation", "plan", "website", "community_url")]
FIELDS += [("content/events/seminar.md", EVENT, field) for field in ("online_url", "registration_url")]
FIELDS += [("content/programs/programma.md", PROGRAM, field) for field in ("document_url", "file")]
FIELDS += [("content/organizations/school.md", ORG.replace("kind: ОО\n", "kind: ОО\n{field}: {value}\n"), "website"),
           ("practices/p.md", PRACTICE.replace("year: 2024\n", "year: 2024\n{field}: {value}\n"), "website"),
           ("practices/p.md", PRACTICE.replace("year: 2024\n", "year: 2024\nmaterials:\n  - {{title: М, {field}: {value}}}\n"), "url"),
           ("practices/p.md", PRACTICE.replace("year: 2024\n", "year: 2024\nmaterials:\n  - {{title: М, {field}: {value}}}\n"), "file")]


@pytest.mark.parametrize("value", ['"javascript:alert(1)"', '"java\\tscript:alert(document.domain)"',
                                   '"data:text/html,<script>alert(1)</script>"', '"&#106;avascript:alert(1)"'])
@pytest.mark.parametrize("rel, template, field", FIELDS, ids=[f"{rel}:{field}" for rel, _, field in FIELDS])
def test_every_link_field_refuses_a_script_link_in_russian_at_its_line(site_dir, rel, template, field, value):
    text = template.replace("---\n", "", 1).format(field=field, value=value)
    root = site_dir({rel: "---\n" + text})
    _, diagnostics = check(root, use_cache=False)
    found = [d for d in diagnostics.errors if d.path == rel and d.code == "E103"]
    assert found, [d.format() for d in diagnostics.items]
    line = next(n for n, row in enumerate(("---\n" + text).split("\n"), 1) if f"{field}:" in row)
    assert found[0].line == line and "https://" in (found[0].allowed or "") + (found[0].hint or "") + found[0].message


def _material(site_dir, file: str, extra: dict | None = None):
    practice = PRACTICE.replace("year: 2024\n", f"year: 2024\nmaterials:\n  - {{title: Материал, file: '{file}'}}\n")
    root = site_dir({"practices/p.md": practice, **(extra or {})})
    _, diagnostics = check(root, use_cache=False)
    return [d for d in diagnostics.errors if d.path == "practices/p.md"]


@pytest.mark.parametrize("name", ["page.html", "page.HTM", "drawing.svg", "script.js", "data.json", "x.xml", "noext"])
def test_materials_that_could_run_a_script_are_refused(site_dir, name):
    found = _material(site_dir, f"materials/{name}", {f"practices/materials/{name}": "<script>alert(1)</script>"})
    assert [d.code for d in found] == ["E016"] and "pdf" in found[0].allowed


@pytest.mark.parametrize("file", ["../assets/javascripts/bundle.min.js", "../assets/images/favicon.png",
                                  "../pagefind/pagefind-ui.css", "practices.csv", "../stats/x.csv",
                                  "../search/logo.png", "../events/feeds/all.png"])
def test_a_material_may_not_land_where_the_site_writes(site_dir, file):
    target = ("practices/" + file).replace("practices/../", "")
    found = _material(site_dir, file, {target: b"\x89PNG"})
    assert "E017" in [d.code for d in found], [d.format() for d in found]


def test_files_dropped_into_content_over_the_theme_are_refused(site_dir):
    root = site_dir({"content/assets/javascripts/bundle.0123.min.js": "alert(1)", "content/search/x.png": b"x"})
    _, diagnostics = check(root, use_cache=False)
    assert {d.path for d in diagnostics.errors if d.code == "E017"} == {
        "content/assets/javascripts/bundle.0123.min.js", "content/search/x.png"}


def test_only_files_a_published_record_attaches_are_published(hostile_build):
    _, site = hostile_build
    published = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert f"practices/materials/{MATERIAL}" in published and "practices/materials/photo.png" in published
    assert "associations/положение №2 #new.pdf" in published
    for marker in (DRAFT_FILE, STRAY_FILE, DRAFT_PAGE):
        assert not [p for p in published if marker in p], marker
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert DRAFT_ORG not in text and DRAFT_PAGE not in text, path


def test_every_csv_the_site_writes_neutralises_formulas(hostile_build):
    _, site = hostile_build
    files = [site / "practices" / "practices.csv", *sorted((site / "stats").glob("*.csv"))]
    cells = [cell for path in files for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8")))
             for cell in row]
    assert f"'{FORMULA}" in cells and "'+7 (999) и @всё" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_attached_names_with_hash_question_mark_spaces_and_cyrillic_resolve(hostile_build):
    _, site = hostile_build
    result = run_kopilka("linkcheck", str(site))
    assert result.returncode == 0, result.stdout
    page = (site / "practices" / "opasnaya-praktika" / "index.html").read_text(encoding="utf-8")
    assert "%D1%84%D0%B0%D0%B9%D0%BB%20%231%20%3F.pdf" in page and "100%25.xlsx" in page and "a%26b.pdf" in page
    for name in NAMES:
        assert (site / "practices" / "materials" / name).is_file()
    assert "%E2%84%962%20%23new.pdf" in (site / "associations" / "opasnoe" / "index.html").read_text(encoding="utf-8")
