"""The publish step replaces only a folder Kopilka made: every dangerous --site-dir is refused.

Destructive paths are tried only in a sandbox: the site lies two levels inside a temporary folder
of its own, with an unrelated sentinel file beside it at each level, and every file under the
sandbox is compared before and after.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build.publish import MARKER
from tests.conftest import EPOCH, PRACTICE, run_kopilka, write_site


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".kopilka-cache" not in p.parts}


@pytest.fixture
def sandbox(tmp_path: Path):
    """tmp/outer/inner/site-src, a sentinel at every level, HOME inside the sandbox."""
    outer = tmp_path / "outer"
    inner = outer / "inner"
    root = write_site(inner / "site-src", {"practices/nastavnichestvo.md": PRACTICE})
    for folder in (tmp_path, outer, inner):
        (folder / "sentinel.txt").write_text("не трогать", encoding="utf-8")
    home = outer / "home"
    (home / "documents").mkdir(parents=True)
    (home / "documents" / "diplom.docx").write_bytes(b"PK\x03\x04 thesis")
    return tmp_path, root, home


def _build(root: Path, home: Path, *args: str):
    return run_kopilka("build", ".", *args, cwd=root, env={"HOME": str(home), "SOURCE_DATE_EPOCH": EPOCH})


@pytest.mark.parametrize("target", [".", "..", "../..", "content", "practices", "data", "content/events",
                                    "HOME", "HOME/..", "/"])
def test_a_site_folder_over_sources_home_or_root_is_refused_and_nothing_is_touched(sandbox, target):
    base, root, home = sandbox
    target = target.replace("HOME", str(home))
    before = _snapshot(base)
    result = _build(root, home, "--site-dir", target)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Сайт не собран: папка" in result.stderr
    assert "Traceback" not in result.stderr
    assert _snapshot(base) == before
    assert not list(base.rglob("*.kopilka-new")) and not list(base.rglob(MARKER))


def _foreign_folder(base: Path) -> Path:
    """Somebody's web folder beside the site: a file of theirs in it, no marker of Kopilka's."""
    www = base / "outer" / "www"
    www.mkdir()
    (www / "guestbook.php").write_text("<?php // чужой файл", encoding="utf-8")
    return www


def test_a_foreign_non_empty_folder_is_refused_unless_clean_and_one_with_the_marker_is_replaced(sandbox):
    base, root, home = sandbox
    www = _foreign_folder(base)
    before = _snapshot(base)

    refused = _build(root, home, "--site-dir", str(www))
    assert refused.returncode == 2
    assert "не пуста и собрана не Kopilka" in refused.stderr and "--clean" in refused.stderr
    assert _snapshot(base) == before

    built = _build(root, home, "--site-dir", str(www), "--clean")
    assert built.returncode == 0, built.stderr
    assert (www / MARKER).is_file() and (www / "index.html").is_file() and not (www / "guestbook.php").exists()

    (www / "stale.txt").write_text("от прошлой сборки", encoding="utf-8")  # a folder Kopilka made: replaced
    again = _build(root, home, "--site-dir", str(www))
    assert again.returncode == 0, again.stderr
    assert not (www / "stale.txt").exists() and (www / MARKER).is_file()
    for name in ("sentinel.txt", "outer/sentinel.txt", "outer/inner/sentinel.txt", "outer/home/documents/diplom.docx"):
        assert (base / name).is_file()
    assert not [p for p in www.parent.iterdir() if ".kopilka-" in p.name and p.name.endswith(("-new", str(os.getpid())))]


def test_a_folder_holding_a_repository_is_never_replaced_even_with_clean(sandbox):
    base, root, home = sandbox
    pages = base / "outer" / "user.github.io"
    (pages / ".git").mkdir(parents=True)
    (pages / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    before = _snapshot(base)
    result = _build(root, home, "--site-dir", str(pages), "--clean")
    assert result.returncode == 2 and "репозиторий" in result.stderr
    assert _snapshot(base) == before


def test_plain_mkdocs_build_refuses_the_same_folders(sandbox):
    base, root, home = sandbox
    www = _foreign_folder(base)
    before = _snapshot(base)
    for target in ("..", str(home), str(www)):  # MkDocs itself refuses a folder holding docs_dir
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", target], cwd=root,
                                capture_output=True, text=True, env={**os.environ, "HOME": str(home)}, timeout=300)
        assert result.returncode != 0
        assert target == ".." or "Сайт не собран: папка" in result.stderr, result.stderr
    assert _snapshot(base) == before
