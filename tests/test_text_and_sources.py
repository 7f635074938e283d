"""Small pure rules: Russian plurals (one helper for every count), the ids a record with errors
names, and the repository page the proposal form opens."""

from __future__ import annotations

import pytest

from generator.corpus.partial import raw_references
from generator.source.publishing import load_publishing
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
    ("repo_url: https://github.com/o/site\n", "https://github.com/o/site/new/main"),
    ("repo_url: https://github.com/o/site/\nedit_uri: edit/dev/content/\n", "https://github.com/o/site/new/dev"),
    ("repo_url: https://gitlab.com/o/site\n", None),  # GitHub's new-file page only
    ("repo_url: !ENV REPO\n", None),  # never constructed
    ("theme:\n  repo_url: https://github.com/o/site\n", None),  # top level only
    ("repo_url: javascript:alert(1)\n", None),
    ("repo_url: https://github.com/o/site/../x?y\n", None),
    ("", None),
])
def test_the_proposal_forms_new_file_page_comes_from_mkdocs_yml(tmp_path, settings, expected):
    (tmp_path / "mkdocs.yml").write_text("site_name: Копилка\n" + settings, encoding="utf-8")
    assert load_publishing(tmp_path).new_file_link() == expected
