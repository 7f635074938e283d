"""The one path convention of every command: `kopilka COMMAND [ПАПКА]`, the site folder, `.` by
default; and the Russian answer when what was given is not one (exit code 2).

Checked before any work, so that a mistyped path never leaves a `.kopilka-cache/` behind or ends
in a traceback.
"""

from __future__ import annotations

import argparse
from pathlib import Path

#: What makes a folder a site's: its settings or any of its content folders.
SITE_MARKS = ("mkdocs.yml", "data", "practices", "content")


class UsageError(Exception):
    """A command that cannot run as given; the message is Russian and says what to do."""


def site_root(value: str, *, needs_mkdocs: bool = False) -> Path:
    """The site folder named by `value`, resolved; UsageError when it is missing, a file, or
    not a site's folder. `needs_mkdocs`: build and serve need mkdocs.yml itself."""
    path = Path(value).expanduser()
    if not path.exists():
        raise UsageError(f"папки «{value}» нет. Укажите папку сайта (в ней лежат mkdocs.yml, practices/, "
                         "content/, data/) или перейдите в неё командой cd.")
    if not path.is_dir():
        hint = (f" Чтобы показать ошибки только этого файла: kopilka check --only {value}"
                if path.suffix in (".md", ".yml") else "")
        raise UsageError(f"«{value}» — это файл, а не папка сайта. Укажите папку сайта, например «.».{hint}")
    root = path.resolve()
    if not any((root / mark).exists() for mark in SITE_MARKS):
        raise UsageError(f"{root} — не папка сайта: в ней нет ни mkdocs.yml, ни папок practices/, content/, data/. "
                         "Перейдите в папку сайта (cd) или укажите её; новый сайт создаёт kopilka init ПАПКА.")
    if needs_mkdocs and not (root / "mkdocs.yml").is_file():
        raise UsageError(f"в папке сайта {root} нет mkdocs.yml: без него сайт не собрать. "
                         "Скопируйте mkdocs.yml из примера (или создайте сайт: kopilka init ПАПКА).")
    return root


def site_relative(value: str, root: Path) -> str:
    """A file or folder named on the command line, as diagnostics name it: relative to the site
    root with forward slashes. Relative to the current folder if it exists there, else to the
    site root (`kopilka check ../site --only practices/x.md`)."""
    path = Path(value).expanduser()
    candidates = [path] if path.is_absolute() else [Path.cwd() / path, root / path]
    for candidate in candidates:
        resolved = candidate.resolve()
        if resolved.exists() and resolved.is_relative_to(root):
            return resolved.relative_to(root).as_posix() or "."
    raise UsageError(f"«{value}» нет в папке сайта {root}: укажите файл или папку внутри неё, "
                     "например practices/nazvanie-praktiki.md")


def dev_addr(value: str) -> str:
    """`--dev-addr`: host:port with a port 0–65535 (an argparse `type`)."""
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 <= int(port) < 65536:
        raise argparse.ArgumentTypeError(f"ожидается адрес вида 127.0.0.1:8000, получено «{value}»")
    return value
