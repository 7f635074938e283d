"""Facet indexes, the filter index and the CSV export, checked against the records themselves."""

from __future__ import annotations

import csv
import io
import json

import pytest

from generator.corpus.check import check
from generator.derive.facets import (
    FACETS,
    facet_indexes,
    subject_level_table,
    value_slug,
)
from generator.render import bank_export
from generator.render.urls import facet_page_uri, page_url
from tests.conftest import PRACTICE, REPO, run_kopilka
from tests.sitefiles import body_text, page


@pytest.fixture(scope="module")
def site():
    site, diagnostics = check(REPO)
    assert not diagnostics.errors
    return site


def test_every_value_lists_exactly_the_practices_that_have_it(site):
    indexes = facet_indexes(site)
    for spec in FACETS:
        expected: dict[str, set] = {}
        for practice in site.practices.values():
            for raw in spec.values(practice, site.municipality_of(practice)):
                expected.setdefault(value_slug(spec, raw), set()).add(practice.id)
        got = {v.slug: set(v.practices) for v in indexes[spec.key].values}
        assert got == expected, spec.key
        for value in indexes[spec.key].values:
            years = [site.practices[i].year for i in value.practices]
            assert years == sorted(years, reverse=True)  # newest first


def test_authors_spelled_differently_are_one_value():
    from generator.derive.facets import SPECS
    assert value_slug(SPECS["authors"], "Иванова М.П.") == value_slug(SPECS["authors"], "иванова м. п.")


def test_subject_level_cells_hold_practices_with_both(site):
    table = subject_level_table(site)
    assert table.cells
    for (subject, level), ids in table.cells.items():
        expected = {p.id for p in site.practices.values() if subject in p.subjects and level in p.levels}
        assert set(ids) == expected


def test_filter_index_decodes_to_the_records(site):
    index = bank_export.filter_index(site)
    assert index["schema"] == bank_export.SCHEMA_ID
    assert [f["key"] for f in index["facets"]] == [spec.key for spec in FACETS]
    rows = index["practices"]
    assert sorted(r[0] for r in rows) == sorted(site.practices)
    specs = {spec.key: spec for spec in FACETS}
    for row in rows:
        practice = site.practices[row[0]]
        assert row[1] == practice.title
        for column, facet in zip(row[2:], index["facets"]):
            spec = specs[facet["key"]]
            slugs = {facet["values"][code][0] for code in column}
            assert slugs == {value_slug(spec, raw) for raw in spec.values(practice, site.municipality_of(practice))}, facet["key"]
    words = index["words"]
    for token, gaps in zip(words["tokens"], words["postings"]):
        rows_with = [sum(gaps[:k + 1]) for k in range(len(gaps))]
        expected = [n for n, row in enumerate(rows)
                    if token in bank_export.words_of(site.practices[row[0]].title + " " + site.practices[row[0]].summary)]
        assert rows_with == expected, token
    assert "настав" in words["tokens"]


def test_csv_has_one_row_per_published_practice(example_build, site):
    text = (example_build / bank_export.CSV_EXPORT).read_text(encoding="utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in table] == [p.id for p in sorted(site.practices.values(),
                                                                key=lambda p: (p.title.lower().replace("ё", "е").lstrip("«\"'"), p.id))]
    first = site.practices[table[0]["id"]]
    assert table[0]["title"] == first.title and table[0]["year"] == str(first.year)
    assert json.loads((example_build / bank_export.FILTER_INDEX).read_text(encoding="utf-8"))["practices"]


def test_facet_pages_show_counts_and_link_every_cell(example_build, site):
    indexes = facet_indexes(site)
    overview = page(example_build, "practices/facets/")
    table = subject_level_table(site)
    for (subject, level), ids in table.cells.items():
        href = f'href="../../practices/subjects/{subject}/{level}/"'
        assert href in overview
        cell = body_text(page(example_build, page_url(facet_page_uri("subjects", subject, column=level))))
        assert f": {len(ids)} практ" in cell
    for key in ("levels", "years", "authors"):
        listing = page(example_build, page_url(facet_page_uri(key)))
        for value in indexes[key].values:
            assert f'data-kp-count="{value.count}"' in listing
            built = page(example_build, page_url(facet_page_uri(key, value.slug)))
            for practice_id in value.practices[:site.config.page_size]:
                assert f'href="../../../practices/{practice_id}/"' in built


def test_long_lists_are_paginated(site_dir):
    files = {f"practices/p{n:02d}.md": PRACTICE.replace("Наставничество в школе", f"Практика {n}")
             for n in range(12)}
    root = site_dir({**files, "data/site.yml": "page_size: 10\n"})
    assert run_kopilka("build", str(root)).returncode == 0
    first = page(root / "site", "practices/levels/ooo/")
    second = page(root / "site", "practices/levels/ooo/page-2/")
    assert "12 практик" in body_text(first) and 'href="../../../practices/levels/ooo/page-2/"' in first
    shown = [f"p{n:02d}" for n in range(12) if f'href="../../../practices/p{n:02d}/"' in first]
    rest = [f"p{n:02d}" for n in range(12) if f'href="../../../../practices/p{n:02d}/"' in second]
    assert len(shown) == 10 and len(rest) == 2 and not set(shown) & set(rest)
    practice = page(root / "site", "practices/p00/")
    assert 'data-kp-count="12"' in practice and 'href="../../practices/levels/ooo/"' in practice
    assert (root / "site" / "pagefind" / "pagefind-entry.json").is_file()


def test_synthetic_bank_is_valid_and_indexed(tmp_path):
    from benchmarks.synth import make_site
    make_site(tmp_path / "bank", 30)
    site, diagnostics = check(tmp_path / "bank")
    assert not diagnostics.errors and len(site.practices) == 30
    index = bank_export.filter_index(site)
    assert len(index["practices"]) == 30 and index["words"]["tokens"]


def test_a_long_facet_is_summarised_by_its_largest_values(site):
    index = facet_indexes(site)["authors"]
    top = index.largest(3)
    assert len(top) == 3
    assert min(v.count for v in top) >= max(v.count for v in index.values if v not in top)
    order = [index.values.index(v) for v in top]
    assert order == sorted(order)
