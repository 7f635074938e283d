"""Fulfilment of indicators (higher and lower is better) and the program indexes."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.corpus.check import check
from generator.derive import programs
from generator.models.program import Indicator

PROGRAM = """---
title: {title}
kind: {kind}
organization: school
period: {period}
{extra}---
"""


@pytest.mark.parametrize("target, actual, better, expected", [
    (50, 46, "higher", (92.0, False)),
    (60, 62, "higher", (103.3, True)),
    (65, 65, "higher", (100.0, True)),
    (10, 8, "lower", (125.0, True)),      # fewer dropouts than planned: more than fulfilled
    (10, 12.5, "lower", (80.0, False)),
    (5, 0, "lower", (None, True)),        # zero on the divisor side: undefined share, but met
    (0, 0, "lower", (100.0, True)),
    (0, 3, "higher", (None, True)),
    (50, None, "higher", (None, None)),   # no actual is not zero
    (None, 40, "higher", (None, None)),
])
def test_fulfilment_respects_better(target, actual, better, expected):
    assert programs.fulfilment(target, actual, better) == expected


def test_indicator_values_cover_the_period_and_every_year_with_a_value(site_dir):
    extra = ("indicators:\n  - {code: П1, title: Доля, unit: '%', targets: {2022: 50, 2023: 40},"
             " actuals: {2021: 10, 2022: 55}, better: ниже}\n")
    site, diagnostics = check(site_dir({"content/programs/p.md": PROGRAM.format(
        title="Программа", kind="программа развития", period="2022-2024", extra=extra)}))
    program = site.programs["p"]
    years = programs.indicator_years(program)
    assert years == [2021, 2022, 2023, 2024]
    values = programs.indicator_values(program.indicators[0], years)
    assert [(v.year, v.target, v.actual) for v in values] == [
        (2021, None, 10), (2022, 50, 55), (2023, 40, None), (2024, None, None)]
    assert (values[1].percent, values[1].met) == (round(50 / 55 * 100, 1), False)


def test_indexes_by_kind_organisation_period_and_in_force(site_dir):
    files = {
        "content/programs/a.md": PROGRAM.format(title="Б-программа", kind="программа развития", period="2021-2025", extra=""),
        "content/programs/b.md": PROGRAM.format(title="А-концепция", kind="концепция", period="2019-2021", extra=""),
        "content/programs/c.md": PROGRAM.format(title="В-план", kind="план", period="2024-2026",
                                                extra="status: архив\n"),
        "content/programs/d.md": "---\ntitle: Г-положение\nkind: положение\n---\n",
    }
    site, _ = check(site_dir(files))
    ids = lambda items: [p.id for p in items]
    assert ids(programs.in_force(site, dt.date(2025, 3, 1))) == ["a"]   # archived c is not in force
    assert ids(programs.in_force(site, dt.date(2021, 9, 1))) == ["b", "a"]
    assert [(k, ids(v)) for k, v in programs.by_kind(site)] == [
        ("kontseptsiya", ["b"]), ("programma-razvitiya", ["a"]), ("plan", ["c"]), ("polozhenie", ["d"])]
    assert [(k, ids(v)) for k, v in programs.by_organization(site)] == [("school", ["b", "a", "c"]), (None, ["d"])]
    assert [(k, ids(v)) for k, v in programs.by_period(site)] == [
        ("2024–2026", ["c"]), ("2021–2025", ["a"]), ("2019–2021", ["b"]), (None, ["d"])]


def test_a_single_target_is_fine_and_lower_is_read_from_russian():
    indicator = Indicator(code="П", title="Отсев", targets={2021: 5}, actuals={2021: 4}, better="ниже — лучше")
    assert indicator.better == "lower"
    assert programs.indicator_values(indicator, [2021])[0].met is True


def test_programs_index_page_lists_those_in_force_on_the_build_day(site_dir):
    from generator.build.pipeline import generate
    files = {
        "content/programs/a.md": PROGRAM.format(title="Действующая", kind="программа развития", period="2024-2026", extra=""),
        "content/programs/b.md": PROGRAM.format(title="Завершённая", kind="концепция", period="2019-2021", extra=""),
    }
    generated, _ = generate(site_dir(files), today=dt.date(2025, 3, 1))
    index = generated.text("programs/index.md")
    in_force = index.split('id="deystvuyut-segodnya"', 1)[1].split("<h2", 1)[0]
    assert "programs/a/" in in_force and "programs/b/" not in in_force
    assert "Действуют сегодня (1)" in index
    page = generated.text("programs/a.md")
    assert '<span class="kp-tag">действует</span>' in page
    assert "действует" not in generated.text("programs/b.md").split("</dl>", 1)[0]
