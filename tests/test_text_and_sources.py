"""Small pure rules: Russian plurals (one helper for every count), the ids a record with errors
names, and the repository a site's mkdocs.yml points to."""

from __future__ import annotations

import pytest

from generator.corpus.partial import raw_references
from generator.source.repository import Repository, read_repository
from generator.text import FILES, count_ru


@pytest.mark.parametrize("n, text", [(0, "0 файлов"), (1, "1 файл"), (2, "2 файла"), (4, "4 файла"), (5, "5 файлов"),
                                     (11, "11 файлов"), (12, "12 файлов"), (14, "14 файлов"), (21, "21 файл"),
                                     (22, "22 файла"), (101, "101 файл"), (111, "111 файлов"), (212, "212 файлов")])
def test_counts_agree_with_their_number(n, text):
    assert count_ru(n, *FILES) == text


def test_the_ids_of_a_record_with_errors_are_read_from_its_raw_fields():
    data = {"organization": "spassk-sosh-55", "events": "seminar-1, seminar-2", "replicated_in": ["a", 5, "Школа № 1"],
            "association": {"nested": "dict"}, "subjects": ["матиматика"]}
    assert raw_references("practice", data) == (
        ("organization", ("organization",), "spassk-sosh-55"), ("replicated_in", ("replicated_in", 0), "a"),
        ("events", ("events",), "seminar-1"), ("events", ("events",), "seminar-2"))
    members = {"members": [{"person": "ivanova"}, "Петров", {"name": "x"}]}
    assert raw_references("association", members) == (("members.person", ("members", 0, "person"), "ivanova"),)


@pytest.mark.parametrize("settings, expected", [
    ("repo_url: https://github.com/o/site\n", Repository("https://github.com/o/site", "main")),
    ("repo_url: https://github.com/o/site/\nedit_uri: edit/dev/content/\n", Repository("https://github.com/o/site", "dev")),
    ("repo_url: https://gitlab.com/o/site\n", Repository()),  # GitHub's new-file page only
    ("repo_url: !ENV REPO\n", Repository()),  # never constructed
    ("theme:\n  repo_url: https://github.com/o/site\n", Repository()),  # top level only
    ("repo_url: javascript:alert(1)\n", Repository()),
    ("", Repository()),
])
def test_the_repository_comes_from_mkdocs_yml_top_level_repo_url(tmp_path, settings, expected):
    (tmp_path / "mkdocs.yml").write_text("site_name: Копилка\n" + settings, encoding="utf-8")
    assert read_repository(tmp_path) == expected
