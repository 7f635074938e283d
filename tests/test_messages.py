"""Messages that help: what was meant, at its own line, in Russian, with what is allowed."""

from __future__ import annotations

import re
import shutil

import pytest

from generator.corpus.check import check
from tests.conftest import FIXTURES, PRACTICE, REPO

EVENT = """---
title: Семинар
type: семинар
start: {start}
timezone: Europe/Moscow
format: дистанционно
online_url: https://example.org/online
organizer: school
---
"""


def _errors(root, path=None):
    _, diagnostics = check(root, use_cache=False)
    return [d for d in diagnostics.items if d.severity == "error" and (path is None or d.path == path)]


@pytest.mark.parametrize("written, meant", [
    ("1 сентября 2024", "2024-09-01"), ("1 сентября 2024 г.", "2024-09-01"), ("2024/09/01", "2024-09-01"),
    ("01.09.24", "2024-09-01"), ("12 мая 2025 года", "2025-05-12"), ("2024-09-01 10.00", "2024-09-01 10:00"),
    ("1 сентября 2024 в 10.00", "2024-09-01 10:00"), ("15.03.2024 10-30", "2024-03-15 10:30"),
])
def test_russian_date_and_time_spellings_are_answered_with_the_iso_form_meant(site_dir, written, meant):
    root = site_dir({"content/events/seminar.md": EVENT.format(start=f'"{written}"')})
    found = _errors(root, "content/events/seminar.md")
    assert [d.code for d in found] == ["E106"] and found[0].line == 4
    assert found[0].hint == f"запишите так: {meant}" and found[0].allowed


def test_an_id_written_as_the_records_title_gets_that_records_id(site_dir):
    practice = PRACTICE.replace("organization: school", "organization: МБОУ «СОШ № 57» г. Пензы")
    found = _errors(site_dir({"practices/p.md": practice}), "practices/p.md")
    assert len(found) == 1 and found[0].code == "E103" and found[0].line == 5
    assert "«school»" in found[0].hint and "СОШ № 57" in found[0].hint


def test_a_misspelt_id_gets_the_nearest_one(site_dir):
    practice = PRACTICE.replace("organization: school", "organization: schol")
    found = _errors(site_dir({"practices/p.md": practice}), "practices/p.md")
    assert [d.code for d in found] == ["E202"] and "«school»" in found[0].hint


def test_a_wrong_time_zone_in_site_yml_is_told_as_in_an_event(site_dir):
    root = site_dir({"content/events/seminar.md": EVENT.format(start="2026-12-15 10:00").replace(
        "Europe/Moscow", "Europe/Moskow")})
    (root / "data" / "site.yml").write_text("title: Копилка\ntimezone: Europe/Moskow\n", encoding="utf-8")
    found = {d.path: d for d in _errors(root)}
    site, event = found["data/site.yml"], found["content/events/seminar.md"]
    assert (site.code, site.message, site.hint, site.allowed) == (event.code, event.message, event.hint, event.allowed)
    assert site.line == 2 and "Value error" not in site.message and "Europe/Moscow" in site.hint


def test_a_municipality_type_is_reported_at_its_own_line(site_dir):
    root = site_dir({})
    text = (REPO / "data" / "municipalities.yml").read_text(encoding="utf-8")
    lines = text.split("\n")
    number = next(n for n, line in enumerate(lines) if line.strip() == "type: ГО")
    lines[number] = lines[number].replace("ГО", "город")
    (root / "data" / "municipalities.yml").write_text("\n".join(lines), encoding="utf-8")
    found = _errors(root, "data/municipalities.yml")
    assert [(d.line, d.value) for d in found] == [(number + 1, "город")] and found[0].allowed


def test_an_organisation_and_an_association_may_not_share_an_id(site_dir):
    association = "---\ntitle: ГМО\nkind: ГМО\nlevel: муниципальный\nmunicipality: penza\n---\n"
    found = _errors(site_dir({"content/associations/school.md": association}))
    assert [d.code for d in found] == ["E201"] and "уже занят" in found[0].message


def test_an_authors_draft_organisation_is_warned_about_and_not_shown(hostile_build):
    root, site = hostile_build
    _, diagnostics = check(root, use_cache=False)
    assert {d.path for d in diagnostics.warnings if d.code == "W207"} == {
        "content/associations/opasnoe.md", "practices/opasnaya-praktika.md"}


def test_every_mistake_of_the_corpus_says_what_is_allowed_or_what_to_do(tmp_path):
    corpus = tmp_path / "mistakes"
    shutil.copytree(FIXTURES / "mistakes", corpus)
    shutil.copytree(REPO / "data", corpus / "data")
    _, diagnostics = check(corpus, use_cache=False)
    assert len(diagnostics.items) > 25
    for item in diagnostics.items:
        assert item.allowed and item.hint, item.format()


def test_the_example_sites_warnings_say_what_is_allowed_and_what_to_do():
    _, diagnostics = check(REPO)
    assert diagnostics.items and not diagnostics.errors
    for item in diagnostics.items:
        assert item.allowed and item.hint, item.format()




def test_every_diagnostic_code_means_one_thing():
    """Two branches once gave W301 two meanings; a dict literal keeps the last silently."""
    source = (REPO / "generator" / "diagnostics.py").read_text(encoding="utf-8")
    codes = re.findall(r'^\s+"([EW]\d{3})":', source, flags=re.M)
    assert codes and len(codes) == len(set(codes)), sorted(c for c in codes if codes.count(c) > 1)
