"""Which folder a build may replace: only one Kopilka made, never the sources or a home.

Publishing swaps a finished build into place and deletes the folder that was there (see
`write.py`), and MkDocs empties its `site_dir` before writing: pointed at the wrong folder
(`--site-dir .`, `..`, `~/public_html`) either deletes files nobody asked to delete. So before
any work a site folder is refused when it is, contains or lies inside what a site is made of
(the site root, `content/`, `practices/`, `data/`, `.git`, the cache), when it is or contains a
repository, the home folder or the file-system root; and an existing non-empty folder is
replaced only if an earlier build left Kopilka's marker file in it, or the owner says `--clean`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from generator.build.runtime import os_reason

#: Written into every build: this folder is Kopilka's output and the next build may replace it.
#: A dot file, so that MkDocs' own cleaning of `site_dir` keeps it.
MARKER = ".kopilka-site"
MARKER_TEXT = ("Kopilka: this folder is a built site. The next `kopilka build` replaces it whole;\n"
               "do not keep other files here.\n")
#: Folders of a site that are its sources (relative to the site root).
SOURCE_FOLDERS = ("content", "practices", "data", ".git", ".kopilka-cache")


class SiteDirRefused(Exception):
    """The site folder may not be written; the message is Russian and says what to do."""


def _repository(root: Path) -> Path | None:
    """The folder holding `.git` at or above the site root, if any."""
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError, OSError):
        return None


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def refusal(site_dir: Path, root: Path, clean: bool = False, extra_sources: tuple[Path, ...] = ()) -> str | None:
    """Why `site_dir` may not receive the build of the site at `root` (Russian), or None.

    `clean`: the owner allows replacing an existing folder without Kopilka's marker.
    `extra_sources`: further folders the site is made of (MkDocs' docs_dir, a theme's custom_dir).
    """
    site_dir, root = site_dir.resolve(), root.resolve()
    shown = str(site_dir)
    hint = " Укажите другую папку: --site-dir site (папка site/ внутри сайта) или новую пустую папку."
    protected = [(root, "папка сайта с его исходными файлами")]
    repository = _repository(root)
    if repository is not None:
        protected.append((repository, "корень репозитория"))
    home = _home()
    if home is not None:
        protected.append((home, "домашняя папка"))
    protected.append((Path(site_dir.anchor), "корень файловой системы"))
    for folder, what in protected:
        if _is_within(folder, site_dir):
            where = "это" if folder == site_dir else "внутри неё"
            return (f"Сайт не собран: папка {shown} не годится для сайта — {where} {what} ({folder}). "
                    f"Сборка заменяет папку сайта целиком и удалила бы эти файлы.{hint}")
    sources = [root / name for name in SOURCE_FOLDERS] + [p.resolve() for p in extra_sources]
    if repository is not None:
        sources.append(repository / ".git")
    for folder in sources:
        if _is_within(site_dir, folder):
            return (f"Сайт не собран: папка {shown} лежит внутри исходных файлов сайта ({folder}). "
                    f"Туда сайт не собирается: сборка заменила бы эти файлы.{hint}")
    if site_dir.exists() and not site_dir.is_dir():
        return f"Сайт не собран: {shown} — это файл, а не папка.{hint}"
    if (site_dir / ".git").exists():
        return (f"Сайт не собран: в папке {shown} есть репозиторий (.git), а сборка заменяет папку "
                f"целиком. Соберите сайт в другую папку и скопируйте файлы сами.")
    if site_dir.is_dir() and not (site_dir / MARKER).is_file() and _non_empty(site_dir) and not clean:
        return (f"Сайт не собран: папка {shown} не пуста и собрана не Kopilka (в ней нет файла {MARKER}). "
                f"Сборка заменяет папку сайта целиком, и всё, что в ней лежит, было бы удалено. "
                f"Если эту папку можно очистить, повторите с --clean; иначе укажите пустую или новую папку.")
    unwritable = _unwritable(site_dir.parent)
    if unwritable:
        return (f"Сайт не собран: в папку {unwritable[0]} нельзя записать ({unwritable[1]}), а сайт собирается "
                f"рядом с {shown}.{hint}")
    return None


def _unwritable(folder: Path) -> tuple[Path, str] | None:
    """(folder, why) when nothing can be created in `folder` (or in its nearest existing parent,
    where the build would create it), or None. Tried, not asked: as root, or on a read-only
    disk, permissions say nothing."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".kopilka-probe-", dir=folder))
    except OSError as error:
        return folder, os_reason(error)
    return None


def _non_empty(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(True for _ in entries)
    except OSError:
        return True  # unreadable: not ours to replace


def check_site_dir(site_dir: Path, root: Path, clean: bool = False, extra_sources: tuple[Path, ...] = ()) -> None:
    """Raise SiteDirRefused with the Russian reason, before any work is done."""
    reason = refusal(site_dir, root, clean, extra_sources)
    if reason:
        raise SiteDirRefused(reason)


def mark(folder: Path) -> None:
    """Claim a folder as a build of Kopilka's (see MARKER)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
