"""The link step's memory (`corpus.link.LinkMemory`): a preview checks again only the records
that changed, and finds exactly what a check without memory finds after every kind of edit."""

from __future__ import annotations

import shutil

import pytest

from generator.corpus.cache import RecordMemory
from generator.corpus.check import load_corpus
from tests.conftest import REPO

A, B = "adaptatsiya-molodykh-pedagogov-nazranovskogo-rayona", "adresnaya-pomoshch-uchitelyu-za-48-chasov"


@pytest.fixture
def site(tmp_path):
    for name in ("practices", "content", "data"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def _edit(root, practice: str, old: str, new: str) -> None:
    path = root / "practices" / f"{practice}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _retitle(root, practice: str, prefix: str) -> None:
    text = (root / "practices" / f"{practice}.md").read_text(encoding="utf-8")
    quote = '"' if 'title: "' in text else ""
    _edit(root, practice, f"title: {quote}", f"title: {quote}{prefix}")


def _found(corpus) -> tuple:
    return (sorted(d.format() for d in corpus.diagnostics.items),
            {kind: dict(corpus.site.by_kind(kind)) for kind in ("practice", "organization", "event")})


EDITS = [
    ("nothing", None),
    ("a title", lambda root: _retitle(root, A, "Правка — ")),
    ("an unknown organisation", lambda root: _edit(root, A, "\norganization: uo-nazranovsky\n", "\norganization: uo-nazranovskiy\n")),
    ("another title (the hint reads titles)", lambda root: _retitle(root, B, "Вторая правка — ")),
    ("the reference fixed", lambda root: _edit(root, A, "\norganization: uo-nazranovskiy\n", "\norganization: uo-nazranovsky\n")),
    ("a new practice", lambda root: shutil.copy(root / "practices" / f"{B}.md", root / "practices" / "novaya.md")),
    ("a practice made a draft", lambda root: _edit(root, B, "\n---\n", "\nstatus: draft\n---\n")),
]


def test_a_check_with_memory_finds_what_a_check_without_finds(site):
    memory = RecordMemory()
    load_corpus(site, memory=memory)
    seen = {}
    for what, edit in EDITS:
        if edit is not None:
            edit(site)
        remembered = load_corpus(site, memory=memory)
        plain = load_corpus(site, use_cache=False)
        assert _found(remembered) == _found(plain), what
        assert not [d for d in plain.diagnostics.errors if d.code not in ("E202", "E203")], what  # valid edits
        seen[what] = _found(remembered)
    assert any("E202" in d and "uo-nazranovskiy" in d for d in seen["an unknown organisation"][0])
    assert not any("uo-nazranovskiy" in d for d in seen["the reference fixed"][0])
    assert "novaya" in seen["a new practice"][1]["practice"] and B not in seen["a practice made a draft"][1]["practice"]


def test_the_builds_side_tables_from_each_records_entries_are_those_of_the_whole_site(site):
    """`lookup.relations` keeps each record's entries and joins them; `relate` reads the Site.
    After edits that move a practice to another organisation, make one a draft (its id must
    leave every list) and retitle one, both agree."""
    from generator.build.incremental import Graph
    from generator.corpus import lookup
    from generator.corpus.link import relate

    graph = Graph()

    def agree() -> None:
        corpus = load_corpus(site, use_cache=False)
        graph.start(*lookup.inputs_of(corpus, None))
        assert graph.query(lookup.relations) == relate(corpus.site)

    agree()
    text = (site / "practices" / f"{A}.md").read_text(encoding="utf-8")
    organization = next(line for line in text.splitlines() if line.startswith("organization:"))
    _edit(site, A, organization, "organization: artem-sosh-1")
    agree()
    _edit(site, B, "title:", "status: черновик\ntitle:")
    agree()
    _retitle(site, A, "Новое: ")
    agree()
