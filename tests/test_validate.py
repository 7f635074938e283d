"""Every validation rule, one small record at a time, checked through the real pipeline."""

import pytest

from generator.corpus.check import check
from tests.conftest import PRACTICE

EVENT = """---
title: Семинар по функциональной грамотности
type: семинар
start: 2026-12-03 10:00
end: 2026-12-03 12:00
timezone: Asia/Vladivostok
format: очно
location: Владивосток, ул. Светланская, 1
organizer: school
---
"""


def problems_of(site_dir, files, path=None):
    site, diagnostics = check(site_dir(files))
    # A tiny site lists every example municipality but has one organisation: those W206
    # warnings are about the data file, not the record under test.
    items = [d for d in diagnostics.sorted() if d.code != "W206"]
    return site, [d for d in items if path is None or d.path == path]


def one(site_dir, files, path):
    _, found = problems_of(site_dir, files, path)
    assert len(found) == 1, [d.format() for d in found]
    return found[0]


def practice_with(replace: dict[str, str]) -> str:
    text = PRACTICE
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    return text


def test_valid_practice_is_accepted_and_vocabulary_values_are_canonical(site_dir):
    text = practice_with({"levels: [ООО]": "levels: Среднее общее образование, ооо",
                          "subjects: [математика]": "subjects: [Математика, geometriya, геометрия]"})
    text = text.replace("subjects: [Математика, geometriya, геометрия]", "subjects: [Математика, matematika, алгебра]")
    site, found = problems_of(site_dir, {"practices/p.md": text})
    assert found == []
    practice = site.practices["p"]
    assert practice.levels == ("ooo", "soo")
    assert practice.subjects == ("matematika",)


def test_unknown_key_suggests_the_nearest(site_dir):
    d = one(site_dir, {"practices/p.md": practice_with({"subjects:": "subjetc: [математика]\nsubjects:"})},
            "practices/p.md")
    assert (d.code, d.line, d.value) == ("E101", 7, "subjetc")
    assert "subjects" in d.hint


def test_missing_required_field(site_dir):
    d = one(site_dir, {"practices/p.md": practice_with({"year: 2024\n": ""})}, "practices/p.md")
    assert d.code == "E102" and "year" in d.message and d.line == 1


def test_vocabulary_mistake_names_allowed_values_and_nearest(site_dir):
    d = one(site_dir, {"practices/p.md": practice_with({"type: наставничество": "type: наставничесво"})},
            "practices/p.md")
    assert (d.code, d.line, d.value) == ("E104", 8, "наставничесво")
    assert "урок" in d.allowed and "наставничество" in d.hint


def test_impossible_date_says_how_many_days_the_month_has(site_dir):
    d = one(site_dir, {"practices/p.md": practice_with({"year: 2024": "year: 2024\nadded: 31.02.2024"})},
            "practices/p.md")
    assert (d.code, d.line, d.value) == ("E105", 10, "31.02.2024")
    assert "29" in d.hint


def test_summary_longer_than_600(site_dir):
    d = one(site_dir, {"practices/p.md": practice_with({"summary: Пары": "summary: " + "д" * 601 + " Пары"})},
            "practices/p.md")
    assert d.code == "E108" and d.line == 3


def test_javascript_url_is_refused(site_dir):
    text = practice_with({"year: 2024": 'year: 2024\nmaterials:\n  - {title: План, url: "javascript:alert(1)"}'})
    d = one(site_dir, {"practices/p.md": text}, "practices/p.md")
    assert (d.code, d.line) == ("E103", 11)


def test_number_out_of_range_and_wrong_type(site_dir):
    text = practice_with({"year: 2024": "year: двадцать\nreview: {decision: рекомендовано, score: 120}"})
    _, found = problems_of(site_dir, {"practices/p.md": text}, "practices/p.md")
    assert [(d.code, d.line) for d in found] == [("E103", 9), ("E109", 10)]


def test_id_written_in_frontmatter_is_refused(site_dir):
    d = one(site_dir, {"practices/p.md": practice_with({"year: 2024": "year: 2024\nid: другое"})}, "practices/p.md")
    assert d.code == "E101" and "имя файла" in d.hint


def test_tags_are_normalised_and_status_read_in_russian(site_dir):
    text = practice_with({"year: 2024": "year: 2024\ntags: [' ФГОС ', фгос, Проекты]\nstatus: Архив"})
    site, found = problems_of(site_dir, {"practices/p.md": text})
    assert found == []
    assert site.practices["p"].tags == ("фгос", "проекты")
    assert site.practices["p"].status == "archived"


@pytest.mark.parametrize("start, end, code", [
    ("2026-12-03 10:00", "2026-12-02 12:00", "E111"),   # end before start
    ("2026-12-03", "2026-12-03 12:00", "E111"),         # all-day start, timed end
    ("2026-12-03 25:00", None, "E106"),                 # no such hour
    ("03.12.2026 10:00", "03.12.2026 12:30", None),     # Russian form is fine
])
def test_event_times(site_dir, start, end, code):
    text = EVENT.replace("start: 2026-12-03 10:00", f"start: {start}")
    text = text.replace("end: 2026-12-03 12:00", f"end: {end}" if end else "")
    _, found = problems_of(site_dir, {"content/events/e.md": text}, "content/events/e.md")
    assert [d.code for d in found] == ([code] if code else [])


def test_event_zone_default_and_unknown_zone(site_dir):
    site, found = problems_of(site_dir, {"content/events/e.md": EVENT.replace("timezone: Asia/Vladivostok\n", "")})
    assert found == [] and site.events["e"].timezone == "Europe/Moscow"
    d = one(site_dir, {"content/events/e.md": EVENT.replace("Asia/Vladivostok", "Asia/Vladivostock")},
            "content/events/e.md")
    assert d.code == "E107" and "Asia/Vladivostok" in d.hint


def test_in_person_event_needs_a_location_and_status_may_carry_the_event_state(site_dir):
    d = one(site_dir, {"content/events/e.md": EVENT.replace("location: Владивосток, ул. Светланская, 1\n", "")},
            "content/events/e.md")
    assert d.code == "E102" and "location" in d.message
    site, found = problems_of(site_dir, {"content/events/e.md": EVENT.replace("format: очно", "format: очно\nstatus: отменено")})
    assert found == [] and site.events["e"].state == "otmeneno" and site.events["e"].visible


def test_unknown_municipality_suggests_the_nearest(site_dir):
    org = "---\ntitle: ММС\nkind: ММС\nmunicipality: Лазовскй МР\n---\n"
    d = one(site_dir, {"content/organizations/m.md": org}, "content/organizations/m.md")
    assert d.code == "E110" and "Лазовский МО" in d.hint


def test_municipality_alias_is_accepted(site_dir):
    org = "---\ntitle: ММС\nkind: ММС\nmunicipality: Лазовский МР\n---\n"
    site, found = problems_of(site_dir, {"content/organizations/m.md": org})
    assert found == [] and site.organizations["m"].municipality == "lazovskiy-mo"


def test_program_indicator_years_and_better(site_dir):
    program = """---
title: Программа развития
kind: программа развития
organization: school
period: 2021-2025
indicators:
  - {code: П5, title: Доля ОО в инновационных проектах, unit: "%", targets: {2021: 50, 2025: 80}, better: выше}
  - {code: П5, title: Дубль, targets: {2021: 1}, better: вбок}
---
"""
    _, found = problems_of(site_dir, {"content/programs/p.md": program}, "content/programs/p.md")
    assert [(d.code, d.line) for d in found] == [("E104", 8)]
    site, found = problems_of(site_dir, {"content/programs/p.md": program.replace("better: вбок", "better: lower")},
                              "content/programs/p.md")
    assert [(d.code, d.line) for d in found] == [("E201", 8)]


def test_nested_date_error_points_at_the_nested_key(site_dir):
    text = practice_with({"year: 2024": "year: 2024\nreview:\n  decision: рекомендовано\n  date: 30.02.2024"})
    d = one(site_dir, {"practices/p.md": text}, "practices/p.md")
    assert (d.code, d.line, d.column) == ("E105", 12, 3)


def test_dict_key_error_points_at_the_indicator(site_dir):
    program = ("---\ntitle: Программа\nkind: программа развития\norganization: school\n"
               "indicators:\n  - code: П1\n    title: Показатель\n    targets: {2021: 50, 1800: 10}\n---\n")
    d = one(site_dir, {"content/programs/p.md": program}, "content/programs/p.md")
    assert d.code == "E109" and d.line == 8
