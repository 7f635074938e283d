"""When each file of the site was added and last changed: from git, read once per build.

One `git log` over `practices/`, `content/` and `data/` gives every file's dates (a `git log
--follow` per file would cost a process per page). The history followed is the first-parent line
of the checkout: a change counts from the day it landed on the published branch (a merge),
and renames are followed (`-M`), so a renamed record keeps the day it was added.

Dates are commit dates, so the same commit gives the same dates on every machine. A shallow
clone (GitHub Actions checks out one commit by default) knows only its newest commits: its oldest
commit shows every file as added that day. Such a date is not known, and says so (None), rather
than making every record look new: `History.notice` is what the site says about it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
from pathlib import Path

FOLDERS = ("practices", "content", "data")
_TIMEOUT = 60


@dataclasses.dataclass(frozen=True)
class FileDates:
    """A file's days in its history; None where the history at hand does not reach."""

    created: dt.date | None
    changed: dt.date | None


@dataclasses.dataclass(frozen=True)
class History:
    """Every file's dates by its path from the site's root (`practices/x.md`)."""

    dates: dict[str, FileDates] = dataclasses.field(default_factory=dict)
    #: The site is a git checkout, and git answered.
    available: bool = False
    #: The checkout is shallow: files not changed in its commits have no known dates.
    shallow: bool = False
    #: The commit the dates are of: a preview's next build reuses them while it is the same.
    head: str = ""

    def of(self, rel: str) -> FileDates:
        return self.dates.get(rel) or FileDates(None, None)

    @property
    def latest(self) -> dt.date | None:
        """The day the content last changed, as far as this history knows."""
        return max((d.changed for d in self.dates.values() if d.changed), default=None)

    @property
    def notice(self) -> str | None:
        """Why some dates are missing, for the people who read the site; None when all are known."""
        if not self.available:
            return "Даты изменений неизвестны: сайт собран не из репозитория git."
        if self.shallow:
            return ("Даты изменений известны не полностью: сайт собран из неполной копии репозитория "
                    "(shallow clone). Для точных дат публикация должна получать всю историю (fetch-depth: 0).")
        return None


def read_history(root: Path, previous: History | None = None) -> History:
    """The history of the site at `root`: two git calls, whatever the number of files; one when
    `previous` (a preview's last build) is of the same commit, since only commits change dates."""
    checkout = _checkout(root)
    if checkout is None:
        return History()
    shallow_commits, head = checkout
    if previous is not None and previous.available and previous.head == head:
        return previous
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotePath=false", "-C", str(root), "log", "--first-parent", "-M",
             "--name-status", "--relative", "--format=%x00%H %cs", "--", *FOLDERS],
            capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=_TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        return History()
    if done.returncode != 0:
        return History()
    return History(parse_log(done.stdout, shallow_commits), True, bool(shallow_commits), head)


def _checkout(root: Path) -> tuple[frozenset[str], str] | None:
    """(the commits a shallow clone was cut at, empty for a full one; HEAD's commit), or None
    when `root` is not a git checkout with a commit."""
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "--is-shallow-repository",
                               "--absolute-git-dir", "HEAD"], capture_output=True, text=True, timeout=_TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = done.stdout.split("\n")
    if done.returncode != 0 or len(lines) < 3:
        return None
    shallow, git_dir, head = lines[:3]
    if shallow != "true":
        return frozenset(), head
    try:
        return frozenset((Path(git_dir) / "shallow").read_text(encoding="ascii").split()), head
    except OSError:
        return frozenset(), head


def parse_log(text: str, boundary: frozenset[str] = frozenset()) -> dict[str, FileDates]:
    """Dates by path from `git log --name-status --format=%x00%H %cs` output, newest first.

    Walking back in time, a file's first entry is its last change, and its last entry the day it
    was added. A rename passes the older name's history to the newer name; an addition ends a
    file's history (what came before belonged to an earlier file of that name). An entry in a
    `boundary` commit (a shallow clone's cut) says nothing certain: its dates stay unknown."""
    changed: dict[str, dt.date | None] = {}
    created: dict[str, dt.date | None] = {}
    alias: dict[str, str] = {}  # an older name -> the name the file has now
    born: set[str] = set()
    for chunk in text.split("\0")[1:]:
        head, _, body = chunk.partition("\n")
        commit, _, day = head.strip().partition(" ")
        cut = commit in boundary
        date = None if cut else dt.date.fromisoformat(day)
        for line in body.splitlines():
            status, *paths = line.split("\t")
            if not paths:
                continue
            current = alias.get(paths[-1], paths[-1])
            if current in born:
                continue
            if status.startswith("R") and len(paths) == 2:
                alias[paths[0]] = current
            elif status.startswith("A") and not cut:
                born.add(current)
            changed.setdefault(current, date)
            created[current] = date
    return {path: FileDates(created[path], changed[path]) for path in changed}


def tracked(root: Path, folder: str) -> list[str]:
    """The files under `folder` of `root` that the repository holds (none outside a checkout)."""
    try:
        done = subprocess.run(["git", "-c", "core.quotePath=false", "-C", str(root), "ls-files", "-z", "--", folder],
                              capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=_TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted(name for name in done.stdout.split("\0") if name) if done.returncode == 0 else []
