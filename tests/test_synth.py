"""The benchmark's synthetic site: valid against the content model, deterministic, buildable."""

from __future__ import annotations

from pathlib import Path

import yaml

from benchmarks.synth import make_site
from generator.corpus.check import check
from tests.conftest import EPOCH, run_kopilka


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_small_synthetic_site_passes_check_and_builds(tmp_path: Path):
    root = tmp_path / "synthetic"
    make_site(root, practices=40, events=12, associations=4)
    site, diagnostics = check(root)
    assert not diagnostics.items, [d.format() for d in diagnostics.items[:5]]
    assert (len(site.practices), len(site.events), len(site.associations)) == (40, 12, 4)
    assert site.organizations and site.programs
    words = [len(p.body.split()) for p in site.practices.values()]
    assert 450 <= sum(words) / len(words) <= 800
    plugins = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"]
    assert "search" not in [next(iter(p)) if isinstance(p, dict) else p for p in plugins]

    out = tmp_path / "out"
    result = run_kopilka("build", str(root), "--site-dir", str(out), env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr[-2000:]
    practice = next(iter(site.practices.values()))
    assert practice.title.split(":")[0] in (out / "practices" / practice.id / "index.html").read_text(encoding="utf-8")


def test_the_same_seed_writes_the_same_site(tmp_path: Path):
    make_site(tmp_path / "a", practices=15, seed=7)
    make_site(tmp_path / "b", practices=15, seed=7)
    make_site(tmp_path / "c", practices=15, seed=8)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a") != _files(tmp_path / "c")
