"""Finding a site's content files: which exist, in which order, and whether they stay inside the site."""

from __future__ import annotations

import os
from pathlib import Path

#: content type -> folder (relative to the site root) that holds one file per entity.
CONTENT_FOLDERS: dict[str, str] = {
    "practice": "practices",
    "association": "content/associations",
    "event": "content/events",
    "program": "content/programs",
    "organization": "content/organizations",
    "person": "content/people",
    "consultation": "content/consultations",
    "question": "content/questions",
}

#: Folders whose files reach the built site: nothing in them may lead outside the site folder.
PUBLISHED_FOLDERS = ("content", "practices", "data")


def _entries(base: str) -> list[os.DirEntry]:
    """Every entry below `base`, not descending into linked folders (as `Path.rglob`)."""
    found, folders = [], [base]
    while folders:
        try:
            with os.scandir(folders.pop()) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            found.append(entry)
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
            except OSError:
                pass
    return found


def _parts(path: str) -> tuple[str, ...]:
    return tuple(path.split(os.sep))  # the order `sorted(Path...)` gives


def escaping_links(root: Path) -> list[Path]:
    """Symbolic links (files or folders) in the site's folders that resolve outside the site."""
    root = root.resolve()
    found = []
    for folder in PUBLISHED_FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for entry in _entries(str(base)):
            if entry.is_symlink() and not Path(entry.path).resolve().is_relative_to(root):
                found.append(entry.path)
    return [Path(path) for path in sorted(found, key=_parts)]


def discover(root: Path) -> list[tuple[str, str]]:
    """Every entity file of the site, sorted for deterministic order: (kind, path as text).

    One `scandir` walk per folder: a bank of ten thousand files is listed in a few hundredths of
    a second, which `kopilka check` of an unchanged site pays on every run (the paths stay text:
    making a Path of each cost a fifth of a second at 10,000 practices)."""
    inside = InsideSite(root)
    found = []
    for kind, folder in CONTENT_FOLDERS.items():
        base = root / folder
        if not base.is_dir():
            continue
        paths = [entry.path for entry in _entries(str(base))
                 if entry.name.endswith(".md") and _is_file(entry) and inside(entry.path, entry.is_symlink())]
        found.extend((kind, path) for path in sorted(paths, key=_parts))
    return found


class InsideSite:
    """Whether a file stays inside the site folder once links are followed. Each folder is
    resolved once: a bank's folders hold thousands of files."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._folders: dict[str, Path] = {}
        self._inside: dict[str, bool] = {}  # folder -> whether it is inside the site

    def folder(self, path: str) -> Path:
        """The folder `path` with every link followed."""
        found = self._folders.get(path)
        if found is None:
            found = self._folders[path] = Path(path).resolve()
        return found

    def __call__(self, path: str, link: bool | None = None) -> bool:
        """`link`: whether `path` is a symbolic link, if known (a directory listing knows)."""
        if os.path.islink(path) if link is None else link:
            return Path(path).resolve().is_relative_to(self.root)
        folder = os.path.dirname(path)
        inside = self._inside.get(folder)
        if inside is None:
            inside = self._inside[folder] = self.folder(folder).is_relative_to(self.root)
        return inside


def _is_file(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def site_files(root: Path) -> frozenset[str]:
    """Every file of `content/` and `practices/` other than Markdown, relative to the site root
    (forward slashes): what records may attach. A link out of the site is not among them
    (`escaping_links` reports it); nor is anything in a hidden folder."""
    root = root.resolve()
    prefix = len(str(root)) + 1
    found = set()
    for folder in ("content", "practices"):
        base = root / folder
        if not base.is_dir():
            continue
        for entry in _entries(str(base)):
            rel = entry.path[prefix:].replace(os.sep, "/")
            if (entry.name.endswith(".md") or any(part.startswith(".") for part in rel.split("/"))
                    or not _is_file(entry)):
                continue
            if entry.is_symlink() and not Path(entry.path).resolve().is_relative_to(root):
                continue
            found.add(rel)
    return frozenset(found)
