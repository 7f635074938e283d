"""The only writer of the published site folder: a new build replaces the old one whole, or
not at all, so a failed build leaves the previous site untouched."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from stat import S_ISREG

from generator.build.parallel import Forked
from generator.build.runtime import process_alive
from generator.build.publish import MARKER, mark
from generator.build.reuse import STAMP

_OLD = ".kopilka-old"
_NEW = ".kopilka-new"
_SEARCH = ".kopilka-search-"


def staging_dir(site_dir: Path) -> Path:
    """A fresh folder beside `site_dir` (same filesystem, so the swap is a rename), claimed
    with Kopilka's marker."""
    staging = site_dir.with_name(site_dir.name + _NEW)
    shutil.rmtree(staging, ignore_errors=True)
    remove_leftovers(site_dir)
    mark(staging)
    return staging


def linked_staging(site_dir: Path, files: frozenset[str]) -> Path | None:
    """A staging folder holding the previous site's `files` (and its search bundle) as hard
    links, for a warm publish (`reuse.py`): no bytes are copied, and whatever the build writes is
    unlinked first (the plugin), so the previous site is never written through a link. Linking
    is ~10 µs a file; the folders are what costs (0.1–0.5 ms each on this machine's disk).

    None — publish cold — when one of those files is missing or was changed after the build that
    wrote it (later than its stamp), or is not a plain file: the folder is then not what that
    build left. Anything else in the folder (a file somebody put there) is not carried over,
    as a cold build would not have it either."""
    staging = site_dir.with_name(site_dir.name + _NEW)
    shutil.rmtree(staging, ignore_errors=True)
    remove_leftovers(site_dir)
    try:
        made: set[Path] = set()
        for rel in _built_files(site_dir, files):
            source, target = site_dir / rel, staging / rel
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            os.link(source, target)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        return None
    mark(staging)
    return staging


class Linking:
    """`linked_staging` in a child process, started as soon as the previous build's record is
    loaded, so that linking its folders (1.1-2.7 s at 5,000 practices: 10,000 mkdir calls) runs
    on another core while this build checks and makes its outputs. A build that does not need it
    (the frame changed, the site is unchanged, the build failed) cancels it."""

    def __init__(self, site_dir: Path, files: frozenset[str]) -> None:
        self.site_dir = site_dir
        self._child = Forked(lambda: _linked_quietly(site_dir, files))

    def staging(self) -> Path | None:
        """The linked staging folder, once the child is done; None: publish cold."""
        status, made = self._child.result()
        return Path(made) if status == "ok" and made else None

    def cancel(self) -> None:
        """Stop the child and remove what it linked, in the background."""
        self._child.kill()
        self._child.result(0)
        staging = self.site_dir.with_name(self.site_dir.name + _NEW)
        if staging.exists():
            aside = staging.with_name(f"{self.site_dir.name}{_OLD}-{os.getpid()}-{time.time_ns()}")
            try:
                staging.rename(aside)
            except OSError:
                shutil.rmtree(staging, ignore_errors=True)
            else:
                remove_later(aside)


def _linked_quietly(site_dir: Path, files: frozenset[str]) -> str | None:
    """In the child: the collector would walk the parent's whole heap (the loaded graph, all
    gen-0 objects) and so copy every page of it; the linking makes no cycles."""
    gc.disable()
    made = linked_staging(site_dir, files)
    return str(made) if made else None


def _built_files(site_dir: Path, files: frozenset[str]) -> list[str]:
    """The files a build wrote into `site_dir` (`files` and its search bundle), checked to be as
    it left them; OSError if one is missing, not a plain file or changed after its stamp."""
    written = (site_dir / STAMP).stat().st_mtime_ns
    found = sorted(files | set(_relative_files(site_dir, "pagefind")))
    for rel in found:
        stat = os.lstat(site_dir / rel)
        if not S_ISREG(stat.st_mode) or stat.st_mtime_ns > written:
            raise FileNotFoundError(rel)
    return found


def _relative_files(site_dir: Path, under: str = "") -> list[str]:
    """Every file below `site_dir` (or its folder `under`), by its path from `site_dir`; cut from
    the walk's strings, not `os.path.relpath` (0.5 s for the 25,000 files of 5,000 practices)."""
    top = os.path.join(site_dir, under) if under else str(site_dir)
    start = len(str(site_dir)) + 1
    return [os.path.join(folder, name)[start:] for folder, _, names in os.walk(top) for name in names]


def intact(site_dir: Path, files: frozenset[str]) -> bool:
    """`site_dir` holds the files a build wrote, as it left them (see `linked_staging`), and
    nothing else: a file somebody put there would not be in a cold build."""
    try:
        built = set(_built_files(site_dir, files)) | {MARKER, STAMP}
        return all(rel in built for rel in _relative_files(site_dir))
    except OSError:
        return False


def unlink(path: Path) -> None:
    """Remove a file the build is about to write again (a link to the previous site's file)."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        shutil.rmtree(path)


def remove_file(site_dir: Path, uri: str) -> None:
    """Remove an output that is gone from a site folder, and the folders it leaves empty."""
    path = site_dir / uri
    unlink(path)
    for folder in path.parents:
        if folder == site_dir or not folder.is_relative_to(site_dir):
            break
        try:
            folder.rmdir()
        except OSError:  # not empty
            break


def remove_leftovers(site_dir: Path) -> None:
    """What an interrupted or killed build left beside `site_dir`: the search pages of a build
    whose process is gone (its staging folder is removed by name, `staging_dir`)."""
    name = glob_escape(site_dir.name)
    for pattern in (f"{name}{_SEARCH}*", f"{name}{_NEW}{_SEARCH}*"):
        for leftover in site_dir.parent.glob(pattern):
            pid = leftover.name.rsplit("-", 1)[-1]
            if not (pid.isdigit() and process_alive(int(pid))):
                shutil.rmtree(leftover, ignore_errors=True)


def search_pages_dir(site_dir: Path) -> Path:
    """Where a build writes Pagefind's input pages: beside the site, named by the build's process,
    so that the next build removes them if this one is killed (see `staging_dir`)."""
    folder = site_dir.with_name(f"{site_dir.name}{_SEARCH}{os.getpid()}")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def glob_escape(name: str) -> str:
    return "".join(f"[{ch}]" if ch in "*?[" else ch for ch in name)



def publish(staging: Path, site_dir: Path) -> None:
    """Swap the finished build into place. The old site is renamed aside first and deleted in the
    background: removing 30,000 files of a large bank took a build ten seconds of waiting."""
    leftovers = sorted(site_dir.parent.glob(f"{glob_escape(site_dir.name)}{_OLD}*"))  # a deletion cut short
    old = None
    mark(staging)  # MkDocs empties its site_dir, dot files aside: the marker is there still
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
