"""The only writer of the published site folder: a new build replaces the old one whole, or
not at all, so a failed build leaves the previous site untouched."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

_OLD = ".kopilka-old"


def staging_dir(site_dir: Path) -> Path:
    """A fresh folder beside `site_dir` (same filesystem, so the swap is a rename)."""
    staging = site_dir.with_name(site_dir.name + ".kopilka-new")
    shutil.rmtree(staging, ignore_errors=True)
    return staging


def publish(staging: Path, site_dir: Path) -> None:
    """Swap the finished build into place. The old site is renamed aside first and deleted in the
    background: removing 30,000 files of a large bank took a build ten seconds of waiting."""
    leftovers = sorted(site_dir.parent.glob(f"{site_dir.name}{_OLD}*"))  # a deletion cut short
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f"{site_dir.name}{_OLD}-{os.getpid()}-{time.time_ns()}")
        site_dir.rename(old)
    staging.rename(site_dir)
    for folder in leftovers + ([old] if old else []):
        remove_later(folder)


def remove_later(folder: Path) -> None:
    """Delete a folder nobody uses any more in a process of its own, which outlives the command."""
    try:
        subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
                          str(folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
