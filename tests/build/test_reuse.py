"""A warm `kopilka build` starts from the previous site and writes only what changed — and the
site it publishes is, byte for byte, the one a cold build of the same content publishes.

Each step edits a copy of the example site (committed, so that the dates of change are the
same), builds it warm into the folder of the previous build, then builds a fresh copy of the same
content with no cache into an empty folder, and compares the two folders file by file.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from generator.build.reuse import STAMP
from tests.conftest import EPOCH, REPO, run_kopilka

WARM = "Папка сайта обновлена: записано заново"
ENV = {"SOURCE_DATE_EPOCH": EPOCH, "GIT_AUTHOR_DATE": "2026-11-20T10:00:00", "GIT_COMMITTER_DATE": "2026-11-20T10:00:00"}


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=Тест", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True, env={**os.environ, **ENV})


def _commit(root: Path, message: str) -> None:
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "--allow-empty", "-m", message)


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("warm") / "src"
    root.mkdir()
    for part in ("content", "practices", "data"):
        shutil.copytree(REPO / part, root / part)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    _git(root, "init", "-q")
    _commit(root, "начало")
    return root


def _build(root: Path, site: Path, **env: str) -> str:
    result = run_kopilka("build", str(root), "--site-dir", str(site), env={**ENV, **env})
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def _cold(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """The same content built from nothing: no cache, an empty folder."""
    copy = tmp_path / "cold-src"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".kopilka-cache"))
    out = tmp_path / "cold-site"
    shutil.rmtree(out, ignore_errors=True)
    _build(copy, out)
    return _tree(out)


def _linked_snapshot(site: Path, into: Path) -> dict[str, str]:
    """Hard links to every file of `site`, and their digests: a build that wrote into one of the
    previous site's files through a link would change what the snapshot reads."""
    digests = {}
    for path in site.rglob("*"):
        if path.is_file():
            rel = path.relative_to(site).as_posix()
            (into / rel).parent.mkdir(parents=True, exist_ok=True)
            os.link(path, into / rel)
            digests[rel] = hashlib.sha1(path.read_bytes()).hexdigest()
    return digests


def _practice(root: Path, name: str) -> Path:
    return sorted((root / "practices").glob("*.md"))[{"first": 0, "second": 1, "last": -1}[name]]


def _edit_title(root: Path) -> None:
    path = _practice(root, "second")
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: (\"?)", r"title: \1Правка. ", text, count=1, flags=re.M), encoding="utf-8")


def _edit_text(root: Path) -> None:
    path = _practice(root, "first")
    path.write_text(path.read_text(encoding="utf-8") + "\nНовый абзац: итоги второго года.\n", encoding="utf-8")


def _add_practice(root: Path) -> None:
    source = _practice(root, "first").read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", "title: Новая практика для проверки тёплой сборки", source, count=1, flags=re.M)
    (root / "practices" / "novaya-praktika-teplaya-sborka.md").write_text(text, encoding="utf-8")


def _delete_practice(root: Path) -> None:
    (root / "practices" / "novaya-praktika-teplaya-sborka.md").unlink()  # nothing refers to it


def _edit_about(root: Path) -> None:
    path = root / "content" / "about.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nЕщё один абзац о сайте.\n", encoding="utf-8")


def _add_material(root: Path) -> None:
    path = _practice(root, "first")
    (root / "practices" / "materials").mkdir(exist_ok=True)
    (root / "practices" / "materials" / "plan.pdf").write_bytes(b"%PDF-1.4 plan")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n---\n", "\nmaterials:\n  - title: План\n    file: materials/plan.pdf\n"
                                            "    license: CC BY 4.0\n---\n", 1), encoding="utf-8")


def _replace_material(root: Path) -> None:
    (root / "practices" / "materials" / "plan.pdf").write_bytes(b"%PDF-1.4 plan, version 2")


EDITS = [_edit_title, _edit_text, _add_practice, _delete_practice, _edit_about, _add_material, _replace_material]


def test_warm_builds_write_only_what_changed_and_equal_a_cold_build(example, tmp_path):
    site = tmp_path / "site"
    first = _build(example, site)
    assert WARM not in first  # nothing to start from
    assert _tree(site) == _cold(example, tmp_path)
    assert "сайт не изменился" in _build(example, site)  # the folder holds this very site already
    assert _tree(site) == _cold(example, tmp_path)
    next_day = str(int(EPOCH) + 86400)  # the narrative pages' dates in the sitemap: not the same site
    assert "сайт не изменился" not in _build(example, site, SOURCE_DATE_EPOCH=next_day)
    assert WARM in _build(example, site) and _tree(site) == _cold(example, tmp_path)  # and back
    for edit in EDITS:
        edit(example)
        _commit(example, edit.__name__)
        before = _linked_snapshot(site, tmp_path / f"links-{edit.__name__}")
        report = _build(example, site)
        assert WARM in report, (edit.__name__, report)
        written, total = map(int, re.search(rf"{WARM} (\d+) из (\d+)", report).groups())
        assert written < total / 2, (edit.__name__, written, total)  # the point of it
        assert _tree(site) == _cold(example, tmp_path), edit.__name__
        # the previous site was never written through the links of the staging folder
        links = tmp_path / f"links-{edit.__name__}"
        assert {rel: hashlib.sha1((links / rel).read_bytes()).hexdigest() for rel in before} == before


@pytest.mark.parametrize("edit", [_edit_text, _edit_title])
def test_an_edit_indexes_again_only_the_shard_of_its_page(example, tmp_path, edit):
    # ~170 record pages in shards of at most 25: eight shards, each kept in the cache; the cold
    # build it is compared with indexes them in one run (the merge makes the same bundle)
    site, shards = tmp_path / "site", example / ".kopilka-cache" / "search"
    _build(example, site, KOPILKA_SEARCH_SHARD_PAGES="25")
    before = {p.name for p in shards.iterdir()}
    assert len(before) == 8
    # a title is on other record pages too, in their lists of practices: which search leaves out
    edit(example)
    _commit(example, "ещё правка")
    report = _build(example, site, KOPILKA_SEARCH_SHARD_PAGES="25")
    assert WARM in report and "поисковый индекс прежний" not in report
    after = {p.name for p in shards.iterdir()}
    assert len(after) == 8 and len(after - before) == 1  # one shard made again, the old one dropped
    assert _tree(site) == _cold(example, tmp_path)


def test_a_new_frame_or_a_foreign_folder_is_published_cold(example, tmp_path):
    site, other = tmp_path / "site", tmp_path / "other"
    _build(example, site)
    config = example / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original.replace("primary: indigo", "primary: teal"), encoding="utf-8")
    try:
        report = _build(example, site)  # every page shows the palette
        assert WARM not in report
        assert _tree(site) == _cold(example, tmp_path)
    finally:
        config.write_text(original, encoding="utf-8")
    _build(example, other)  # the session now describes `other`, not `site`
    report = _build(example, site)
    assert WARM not in report
    assert _tree(site) == _cold(example, tmp_path)
    (site / STAMP).unlink()  # a folder without the stamp is not known to be the previous build's
    assert WARM not in _build(example, site)



def _staging_left(site: Path) -> list[str]:
    """Folders a build makes beside the site folder and must not leave behind (the linked
    staging folder, or a cancelled one set aside for removal), after their removal had time."""
    deadline = time.monotonic() + 20
    while True:
        left = sorted(p.name for p in site.parent.iterdir() if p.name.startswith(site.name + "."))
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


def test_a_record_of_another_graph_is_not_trusted(example, tmp_path):
    """The graph and the record of what was published are written one after the other: a build
    that ended between the two leaves the new graph beside the record of the previous site. That
    record is not used (the graph knows changes the site folder does not have): the site is cold."""
    site, cache = tmp_path / "site", example / ".kopilka-cache"
    _build(example, site)
    older_site, older_record = tmp_path / "older-site", (cache / "published.pickle").read_bytes()
    shutil.copytree(site, older_site)
    _edit_text(example)
    _commit(example, "правка, которую сайт не получил")
    assert WARM in _build(example, site)
    shutil.rmtree(site)  # back to the folder and record of the build before, with the new graph
    shutil.copytree(older_site, site)
    (cache / "published.pickle").write_bytes(older_record)
    _edit_about(example)
    _commit(example, "ещё правка")
    report = _build(example, site)
    assert WARM not in report and "сайт не изменился" not in report
    assert _tree(site) == _cold(example, tmp_path)
    assert WARM in _build(example, site, SOURCE_DATE_EPOCH=str(int(EPOCH) + 86400))  # and trusted again


def test_no_build_leaves_a_staging_folder_beside_the_site(example, tmp_path):
    """The previous site is linked into a staging folder while a build works: one that turns
    out not to need it (nothing changed, an error in the content, a new frame) removes it."""
    site = tmp_path / "site"
    _build(example, site)
    assert "сайт не изменился" in _build(example, site)
    assert _staging_left(site) == []
    path = _practice(example, "last")
    original = path.read_text(encoding="utf-8")
    broken = re.sub(r"^levels: .*$", "levels: [вселенский]", original, count=1, flags=re.M)
    assert broken != original
    path.write_text(broken, encoding="utf-8")
    try:
        failed = run_kopilka("build", str(example), "--site-dir", str(site), env=ENV)
        assert failed.returncode == 1 and "Прежняя версия сайта не изменилась" in failed.stderr
    finally:
        path.write_text(original, encoding="utf-8")
    assert _staging_left(site) == []
    assert _tree(site) == _cold(example, tmp_path)
    config = example / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("primary: indigo", "primary: teal"), encoding="utf-8")
    try:
        assert WARM not in _build(example, site)
    finally:
        config.write_text(text, encoding="utf-8")
    assert _staging_left(site) == []
