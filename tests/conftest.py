"""Shared fixtures: tiny sites written per test, and one real build of the example site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

ORG = """---
title: МБОУ «СОШ № 57» г. Пензы
kind: ОО
municipality: penza
---
"""
PRACTICE = """---
title: Наставничество в школе
summary: Пары «наставник — молодой педагог» на учебный год.
authors: [Иванова Мария Петровна]
organization: school
levels: [ООО]
subjects: [математика]
type: наставничество
year: 2024
---
## Описание
Текст практики.
"""


def write_site(root: Path, files: dict[str, str | bytes], *, with_defaults: bool = True) -> Path:
    """A minimal site: the example's data files, mkdocs.yml, one organisation, plus `files`."""
    (root / "data").mkdir(parents=True, exist_ok=True)
    for name in ("vocabularies.yml", "municipalities.yml", "site.yml"):
        shutil.copy(REPO / "data" / name, root / "data" / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "content").mkdir(exist_ok=True)
    (root / "content" / "about.md").write_text("# О сайте\n\nТекст.\n", encoding="utf-8")
    defaults = {"content/organizations/school.md": ORG} if with_defaults else {}
    for rel, content in {**defaults, **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n") if content.startswith("\n") else content,
                            encoding="utf-8")
    return root


@pytest.fixture
def site_dir(tmp_path: Path):
    def make(files: dict[str, str | bytes], **kwargs) -> Path:
        return write_site(tmp_path / "site-src", files, **kwargs)
    return make


def run_kopilka(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd or REPO,
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=600)


def repo_is_shallow() -> bool:
    """This checkout is a shallow clone: its records' dates of change are not all known, so tests
    that compare them with git file by file have nothing to compare (tests/source/test_history.py
    builds from a shallow clone on purpose)."""
    done = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--is-shallow-repository"],
                          capture_output=True, text=True)
    return done.stdout.strip() == "true"


EPOCH = "1795305600"  # 2026-11-22 00:00 UTC: the example site is built «on» this day in tests


@pytest.fixture(scope="session")
def example_build(tmp_path_factory) -> Path:
    """The example site, built once for the session by the real CLI and MkDocs."""
    out = tmp_path_factory.mktemp("example") / "site"
    result = run_kopilka("build", str(REPO), "--site-dir", str(out), env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory) -> tuple[Path, Path]:
    """(sources, built site) of the hostile corpus (tests/hostile.py), built once per session."""
    from tests.hostile import write_hostile_site

    base = tmp_path_factory.mktemp("hostile")
    root = write_hostile_site(base / "src")
    out = base / "site"
    result = run_kopilka("build", str(root), "--site-dir", str(out), env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return root, out


# --- the browser tests' shared parts: a served example site and one Chromium per module ---------

@pytest.fixture(scope="module")
def base_url(example_build):
    """The example site on a loopback port (a module may serve a site of its own instead)."""
    from tests.browser import served
    with served(example_build) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from tests.browser import chromium
    with chromium() as browser:
        yield browser
