"""Consistency warnings: each at its file and line, none for a consistent record, never an error."""

from __future__ import annotations

from generator.corpus.check import check

PROGRAM = """---
title: Программа развития
kind: программа развития
organization: school
period:
  start: 2021
  end: 2023
stages:
  - title: Запуск
    period: 2020-2021
  - title: Основной этап
    period: 2021-2023
indicators:
  - code: П1
    title: Доля ОО в проектах
    unit: "%"
    targets:
      2021: 50
      2022: 45
      2024: 60
    actuals:
      2021: 46
      "2023": 70
  - code: П2
    title: Отсев
    better: lower
    targets: {2021: 10, 2022: 12, 2023: 8}
  - code: П3
    title: Всё в порядке
    targets: {2021: 1, 2022: 2, 2023: 2}
    actuals: {2021: 1}
---
"""
ASSOCIATION = """---
title: ГМО учителей математики
kind: ГМО
level: муниципальный
organization: school
leader:
  name: Петрова Анна Ивановна
  organization: no-such-school
---
"""
PRACTICE = """---
title: Практика
summary: Коротко.
authors:
  - name: Иванова Мария Петровна
    organization: МБОУ СОШ № 3
  - name: Сидоров Пётр
    organization: scool
organization: school
levels: [ООО]
subjects: [математика]
type: урок
year: 2024
---
"""


def warnings_of(root):
    site, diagnostics = check(root)
    assert not diagnostics.errors, [d.format() for d in diagnostics.errors]
    return site, {(d.path, d.line, d.code): d for d in diagnostics.warnings}


def test_every_program_warning_is_at_its_line(site_dir):
    site, found = warnings_of(site_dir({"content/programs/p.md": PROGRAM}))
    path = "content/programs/p.md"
    program = {k: v for k, v in found.items() if k[0] == path}
    assert set(program) == {
        (path, 10, "W203"),   # stage «Запуск» 2020–2021 starts before the program
        (path, 19, "W204"),   # П1 target drops 50 -> 45 though higher is better
        (path, 20, "W201"),   # П1 target for 2024, after the period
        (path, 23, "W202"),   # П1 actual for 2023 (written as a string key) without a target
        (path, 27, "W204"),   # П2 target rises 10 -> 12 though lower is better
    }
    assert "2024" in program[(path, 20, "W201")].message
    assert program[(path, 19, "W204")].value == "50 → 45"
    assert program[(path, 10, "W203")].value == "2020–2021"
    assert all(d.severity == "warning" for d in found.values())
    assert "p" in site.programs  # warnings never keep a record out of the site


def test_a_leader_or_author_organisation_that_does_not_exist(site_dir):
    _, found = warnings_of(site_dir({"content/associations/gmo.md": ASSOCIATION,
                                     "practices/p.md": PRACTICE}))
    leader = found.pop(("content/associations/gmo.md", 8, "W205"))
    assert leader.value == "no-such-school" and "руководителя" in leader.message
    author = found.pop(("practices/p.md", 8, "W205"))
    assert author.value == "scool"
    # an organisation written as text is just text; reported once, by one check only
    assert not [k for k in found if k[2] in ("W205", "E202")]


def test_a_municipality_without_an_organisation_is_reported_at_its_line(site_dir):
    root = site_dir({})
    (root / "data" / "municipalities.yml").write_text(
        "municipalities:\n"
        "  - id: penza\n    title: город Пенза\n    type: ГО\n    region: Пензенская область\n"
        "  - id: murom\n    title: округ Муром\n    type: ГО\n    region: Владимирская область\n",
        encoding="utf-8")
    _, found = warnings_of(root)
    assert set(found) == {("data/municipalities.yml", 6, "W206")}
    assert found[("data/municipalities.yml", 6, "W206")].value == "murom"


def test_a_draft_program_is_checked_but_a_draft_organisation_does_not_count(site_dir):
    draft = PROGRAM.replace("title: Программа развития", "title: Программа\nstatus: черновик")
    root = site_dir({"content/programs/p.md": draft})
    _, found = warnings_of(root)
    assert ("content/programs/p.md", 11, "W203") in found


def test_the_example_site_warns_where_its_sources_contradict_themselves():
    """Seed 001 starts its first stage in 2020 and gives П2 a 2022 target only."""
    from tests.conftest import REPO
    site, found = warnings_of(REPO)
    murom = "content/programs/murom-programma-razvitiya-2021-2025.md"
    codes = sorted(code for path, _, code in found if path == murom)
    program = site.programs["murom-programma-razvitiya-2021-2025"]
    p2 = next(i for i in program.indicators if i.code == "П2")
    assert codes == ["W202"] * len(set(p2.actuals) - set(p2.targets)) + ["W203"]
    empty = [m for m in site.vocabularies.municipalities if not any(
        o.municipality == m for o in site.organizations.values())]
    assert sorted(d.value for (path, _, code), d in found.items() if code == "W206") == sorted(empty)
