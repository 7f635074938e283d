"""Narrative pages: Markdown in `content/` outside the record folders, rendered as written.

They are read here through the guarded path like every other input (MkDocs would stop at a
Windows-1251 file with an English traceback), and their frontmatter is optional. `status` works
as in records: a page marked `черновик` or `на экспертизе` is not published.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from generator.diagnostics import Diagnostic, display_path
from generator.source.datafile import read_text
from generator.source.discover import CONTENT_FOLDERS
from generator.source.frontmatter import split_frontmatter
from generator.source.yamlsource import parse_yaml

_RECORD_FOLDERS = tuple(folder.removeprefix("content/") + "/" for folder in CONTENT_FOLDERS.values()
                        if folder.startswith("content/"))
INTRO = "index.md"


@dataclasses.dataclass(frozen=True)
class NarrativePage:
    #: Path inside `content/` (MkDocs' src URI), and relative to the site root.
    src_uri: str
    rel: str
    visible: bool
    body: str


def narrative_pages(root: Path) -> tuple[list[NarrativePage], list[Diagnostic]]:
    """Every narrative page in file order, and the problems of their files."""
    from generator.models.common import STATUSES, VISIBLE_STATUSES

    base = root / "content"
    pages, problems = [], []
    for folder, dirs, names in os.walk(base):
        # the record folders are not walked: 2,500 files at 10,000 practices, 0.1 s of every
        # preview rebuild spent making paths only to skip them
        top = folder == str(base)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (top and f"{d}/" in _RECORD_FOLDERS))
        for name in sorted(names):
            if not name.endswith(".md"):
                continue
            path = Path(folder) / name
            src_uri = path.relative_to(base).as_posix()
            if src_uri.startswith(_RECORD_FOLDERS):
                continue
            rel = display_path(path, root)
            text, read = read_text(path, root, "page")
            problems += read
            if text is None:
                pages.append(NarrativePage(src_uri, rel, False, ""))
                continue
            body, status, line = text, "published", 1
            if text.startswith("---\n"):
                yaml_text, yaml_line, body, _, split = split_frontmatter(text, rel)
                problems += split
                document = parse_yaml(yaml_text or "", line_offset=yaml_line - 1)
                problems += [Diagnostic(rel, p.line, p.column, p.code, p.message, value=p.value,
                                        allowed=p.allowed, hint=p.hint) for p in document.problems]
                data = document.data if isinstance(document.data, dict) else {}
                if "status" in data:
                    line = document.positions.get(("status",), (1, 0))[0]
                    status = STATUSES.resolve(data["status"]) or ""
                    if not status:
                        problems.append(Diagnostic(rel, line, 0, "E104", f"значения «{data['status']}» нет "
                                                   "в словаре «статусы публикации»", value=str(data["status"]),
                                                   allowed=", ".join(STATUSES.labels()),
                                                   hint="страница со статусом черновик не публикуется"))
            pages.append(NarrativePage(src_uri, rel, status in VISIBLE_STATUSES, body))
    return pages, problems
