"""Pages made on two cores are the pages made on one, also inside a threaded preview.

`kopilka serve` runs server threads; page production forks there too (its first build and every
frontmatter edit wait for it). A second process that never answers must not hang the preview.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from benchmarks.synth import make_site
from generator.build import pipeline


@pytest.fixture(scope="module")
def bank(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bank")
    make_site(root, practices=180, events=40, associations=6)  # 220 records: enough to fork
    return root


def _pages(root: Path) -> dict:
    """Every generated page and file."""
    generated, diagnostics = pipeline.generate(root, use_cache=False)
    assert generated is not None, [d.format() for d in diagnostics.errors[:3]]
    return {**generated.pages, **generated.assets}


def _forks(monkeypatch) -> list[int]:
    forks: list[int] = []
    real_fork = os.fork

    def counting_fork():
        forks.append(1)
        return real_fork()
    monkeypatch.setattr(pipeline.os, "fork", counting_fork)
    return forks


def test_two_cores_in_a_threaded_preview_make_the_pages_one_core_makes(bank, monkeypatch):
    monkeypatch.setenv("KOPILKA_SERIAL", "1")
    serial = _pages(bank)
    monkeypatch.delenv("KOPILKA_SERIAL")
    forks = _forks(monkeypatch)
    stop = threading.Event()
    server = threading.Thread(target=stop.wait, daemon=True)  # as the preview's server thread
    server.start()
    try:
        threaded = _pages(bank)
    finally:
        stop.set()
    assert forks, "production did not use the second core"
    assert threaded == serial


def test_a_second_process_that_never_answers_does_not_hang_the_build(bank, monkeypatch):
    monkeypatch.setenv("KOPILKA_SERIAL", "1")
    serial = _pages(bank)
    monkeypatch.delenv("KOPILKA_SERIAL")
    parent = os.getpid()
    real_run = pipeline._run

    def run_or_hang(jobs, site, search_dir):
        if os.getpid() != parent:  # the forked child: as if stuck on a lock another thread held
            time.sleep(3600)
        return real_run(jobs, site, search_dir)
    monkeypatch.setattr(pipeline, "_run", run_or_hang)
    monkeypatch.setattr(pipeline, "_SECOND_CORE_GRACE", 1.0)
    started = time.perf_counter()
    assert _pages(bank) == serial  # the parent made the child's share itself
    assert time.perf_counter() - started < 60
