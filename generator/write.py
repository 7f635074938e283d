"""The only writer of the published site folder: a new build replaces the old one whole, or
not at all, so a failed build leaves the previous site untouched."""

from __future__ import annotations

import shutil
from pathlib import Path


def staging_dir(site_dir: Path) -> Path:
    """A fresh folder beside `site_dir` (same filesystem, so the swap is a rename)."""
    staging = site_dir.with_name(site_dir.name + ".kopilka-new")
    shutil.rmtree(staging, ignore_errors=True)
    return staging


def publish(staging: Path, site_dir: Path) -> None:
    """Swap the finished build into place; the old site is removed only after the swap."""
    old = site_dir.with_name(site_dir.name + ".kopilka-old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
