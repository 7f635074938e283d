"""«Similar practices» as queries of the build graph, against the plain computation over a Site."""

from __future__ import annotations

import shutil

from generator.build.pipeline import Session, generate
from generator.derive.related import related, related_practices
from tests.conftest import REPO


def _graph_and_site(root):
    session = Session()
    generated, diagnostics = generate(root, session=session)
    assert generated is not None, diagnostics.errors
    return session.graph, generated.site


def _plain(site) -> dict[str, list[str]]:
    return {pid: [p.id for p in related_practices(site, practice)] for pid, practice in site.practices.items()}


def test_every_practice_gets_the_similar_practices_the_plain_computation_chooses():
    g, site = _graph_and_site(REPO)
    chosen = {pid: list(g.query(related, pid)) for pid in site.practices}
    assert chosen == _plain(site)
    assert sum(map(len, chosen.values())) > len(chosen)  # the example site has similar practices


def test_after_a_title_and_a_subject_edit_the_graph_still_chooses_as_the_plain_computation(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".git", "site", ".kopilka-cache", ".cache", "node_modules"))
    session = Session()
    generate(root, session=session)
    practices = sorted((root / "practices").glob("*.md"))
    text = practices[0].read_text(encoding="utf-8")
    practices[0].write_text(text.replace("title: ", "title: Яя ", 1), encoding="utf-8")
    other = practices[1].read_text(encoding="utf-8")
    line = next(line for line in other.splitlines() if line.startswith("subjects:"))
    practices[1].write_text(other.replace(line, "subjects: [музыка]", 1), encoding="utf-8")
    generated, _ = generate(root, session=session)
    chosen = {pid: list(session.graph.query(related, pid)) for pid in generated.site.practices}
    assert chosen == _plain(generated.site)
