"""An interrupted build (Ctrl-C, SIGTERM, a killed process) leaves the previous site whole and
nothing of its own behind: no staging folder, no search pages, no process; the next build works."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EPOCH


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _processes_naming(text: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if text in cmdline:
                found.append(cmdline)
    return found


def _until(condition, seconds: float = 10.0) -> bool:
    """Whether `condition()` holds within `seconds` (a killed process's children end at once,
    but asynchronously)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _interrupted_build(root: Path, site: Path, how: int) -> subprocess.CompletedProcess:
    """A build into `site`, sent `how` once MkDocs starts (after the pages are made)."""
    process = subprocess.Popen([sys.executable, "-m", "generator", "build", str(root), "--site-dir", str(site)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, encoding="utf-8",
                               errors="replace",  # a killed process may stop inside a character
                               env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
    seen = []
    for line in process.stderr:
        seen.append(line)
        if line.startswith("Поисковый индекс") or line.startswith("Страницы"):
            break
    process.send_signal(how)
    out, err = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, out, "".join(seen) + err)


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["ctrl-c", "sigterm", "sigkill"])
def test_an_interrupted_build_leaves_the_previous_site_and_nothing_else(tmp_path, hostile_build, how):
    root, previous = hostile_build
    site = tmp_path / "site"
    shutil.copytree(previous, site)
    before = _snapshot(site)
    result = _interrupted_build(root, site, how)
    if how == signal.SIGKILL:
        assert result.returncode == -signal.SIGKILL
    else:
        assert result.returncode == 130, result.stderr
        assert "Kopilka: прервано. Прежняя версия сайта не изменилась." in result.stderr
        assert "Traceback" not in result.stderr
        # no staging, no search pages; a linked copy of the previous site begun meanwhile goes
        # in the background
        assert _until(lambda: sorted(p.name for p in tmp_path.iterdir()) == ["site"]), list(tmp_path.iterdir())
    assert _snapshot(site) == before
    assert _until(lambda: not _processes_naming(str(site))), _processes_naming(str(site))
    if how != signal.SIGKILL:
        return
    # a killed build cleans up nothing: the next one removes what it left and builds the same site
    again = subprocess.run([sys.executable, "-m", "generator", "build", str(root), "--site-dir", str(site)],
                           capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH}, timeout=300)
    assert again.returncode == 0, again.stderr
    assert _snapshot(site) == before  # the same content builds the same site
    assert _until(lambda: sorted(p.name for p in tmp_path.iterdir()) == ["site"])  # old folders go in the background
