"""Diagnostics for three readers: people (grouped by file, coloured in a terminal), GitHub
(workflow commands that annotate the lines of a pull request) and machines (JSON).

Also the `--changed` filter: the whole site is always checked, so references resolve against
every record, and then only the problems of the files a git diff touches are reported.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import TextIO

from generator.diagnostics import CODES, Diagnostic, Diagnostics

#: Files whose change can break records that did not change: with one of them in the diff the
#: whole site's problems are reported.
SITE_DATA = ("data/", "mkdocs.yml")

_RED, _YELLOW, _BOLD, _DIM, _RESET = "\033[31m", "\033[33m", "\033[1m", "\033[2m", "\033[0m"


def use_colour(stream: TextIO) -> bool:
    """Colour only for a person at a terminal; NO_COLOR (no-color.org) turns it off."""
    return hasattr(stream, "isatty") and stream.isatty() and not os.environ.get("NO_COLOR")


def write_text(items: list[Diagnostic], stream: TextIO, colour: bool) -> None:
    """Grouped by file, one paragraph per problem, then the totals."""
    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if colour else text

    current = None
    for item in items:
        if item.path != current:
            current = item.path
            stream.write("\n" + paint(item.path, _BOLD) + "\n")
        first, *rest = item.format().split("\n")
        stream.write("  " + paint(first, _RED if item.severity == "error" else _YELLOW) + "\n")
        for line in rest:
            stream.write("  " + paint(line, _DIM) + "\n")
    errors = sum(1 for d in items if d.severity == "error")
    stream.write(f"\nОшибок: {errors}, предупреждений: {len(items) - errors}.\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(item: Diagnostic, prefix: str = "") -> str:
    """`::error file=…,line=…,col=…,title=…::message`, escaped as the Actions runner expects."""
    props = {"file": prefix + item.path}
    if item.line:
        props["line"] = str(item.line)
        if item.column:
            props["col"] = str(item.column)
    props["title"] = f"{item.code}: {CODES.get(item.code, item.message)}"
    head = ",".join(f"{key}={_escape_property(value)}" for key, value in props.items())
    command = "error" if item.severity == "error" else "warning"
    return f"::{command} {head}::{_escape_data(item.format())}"


def write_github(items: list[Diagnostic], stream: TextIO, prefix: str = "") -> None:
    for item in items:
        stream.write(github_command(item, prefix) + "\n")
    errors = sum(1 for d in items if d.severity == "error")
    stream.write(f"Ошибок: {errors}, предупреждений: {len(items) - errors}.\n")


def write_json(items: list[Diagnostic], stream: TextIO) -> None:
    json.dump([d.as_dict() for d in items], stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def write(items: list[Diagnostic], fmt: str, stream: TextIO, prefix: str = "") -> None:
    if fmt == "json":
        write_json(items, stream)
    elif fmt == "github":
        write_github(items, stream, prefix)
    else:
        write_text(items, stream, use_colour(stream))


class GitError(Exception):
    """git is missing, the folder is not a repository, or the base does not exist."""


def _git(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitError(str(error)) from error
    if result.returncode != 0:
        raise GitError(result.stderr.strip() or f"git {' '.join(args)}: код {result.returncode}")
    return result.stdout


def repo_prefix(root: Path) -> str:
    """The site folder's path inside its git repository (`''` at the top), for annotations."""
    try:
        return _git(root, "rev-parse", "--show-prefix").strip()
    except GitError:
        return ""


def default_base(root: Path) -> str:
    """In a pull request CI the target branch; otherwise origin/main or main."""
    candidates = []
    if os.environ.get("GITHUB_BASE_REF"):
        candidates.append(f"origin/{os.environ['GITHUB_BASE_REF']}")
    candidates += ["origin/main", "main", "origin/master", "master"]
    for ref in candidates:
        try:
            _git(root, "rev-parse", "--verify", "--quiet", ref + "^{commit}")
            return ref
        except GitError:
            continue
    raise GitError("не найдена базовая ветка: укажите её, например --base origin/main")


def changed_files(root: Path, base: str) -> tuple[set[str], bool]:
    """Files changed since the branch left `base` (committed, staged, unstaged, new), relative
    to the site root; and whether any file was deleted or renamed away."""
    merge_base = _git(root, "merge-base", base, "HEAD").strip()
    diff = _git(root, "diff", "--name-status", "--no-renames", "--relative", merge_base, "--", ".")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "--", ".")
    changed, removed = set(), False
    for line in diff.splitlines():
        status, _, name = line.partition("\t")
        if status.startswith("D"):
            removed = True
        changed.add(name)
    changed.update(line for line in untracked.splitlines() if line)
    return changed, removed


def only_changed(diagnostics: Diagnostics, changed: set[str], removed: bool) -> tuple[list[Diagnostic], bool]:
    """Problems of changed files, and errors of the site's data files (they stop every build,
    so a pull request cannot pass with them). -> (problems, whole site?).

    A changed data file or a removed record can break files that did not change; then every
    problem of the site is reported.
    """
    items = diagnostics.sorted()
    if removed or any(name.startswith(SITE_DATA) for name in changed):
        return items, True
    return [d for d in items if d.path in changed
            or (d.path.startswith(SITE_DATA) and d.severity == "error")], False


def only_paths(diagnostics: Diagnostics, paths: list[str]) -> list[Diagnostic]:
    """Problems of the files named and of the files inside the folders named (`--only`), and
    errors of the site's data files (they stop every build). «.» names the whole site."""
    def named(path: str) -> bool:
        return any(wanted == "." or path == wanted or path.startswith(wanted.rstrip("/") + "/") for wanted in paths)

    return [d for d in diagnostics.sorted() if named(d.path) or (d.path.startswith(SITE_DATA) and d.severity == "error")]
