"""Files that records attach, and which of them may be published, where.

A file of a contributor's is published only when a published record or narrative page points to
it (materials, a regulation, a plan, a program's full text, a link or image in a text), only in
a document or picture type that cannot run a script on the site's origin, and never on a path
that the theme, Pagefind or one of Kopilka's producers writes: a file there would replace the
theme's script or the bank's filter index for every visitor. Drafts' files stay out.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from generator.diagnostics import Diagnostic, join_allowed
from generator.models.common import link_kind
from generator.validate import line_of

#: Document and picture types a record may attach, with the Russian word for each. HTML, SVG,
#: JavaScript, XML and the like are refused: opened from the site they would run their scripts
#: with the site's rights. Archives and office documents are downloaded, never run.
ALLOWED_TYPES: dict[str, str] = {
    ".pdf": "PDF", ".doc": "Word", ".docx": "Word", ".xls": "Excel", ".xlsx": "Excel",
    ".ppt": "PowerPoint", ".pptx": "PowerPoint", ".odt": "OpenDocument", ".ods": "OpenDocument",
    ".odp": "OpenDocument", ".rtf": "RTF", ".txt": "текст", ".csv": "таблица CSV",
    ".png": "картинка", ".jpg": "картинка", ".jpeg": "картинка", ".gif": "картинка", ".webp": "картинка",
    ".zip": "архив ZIP",
}
#: Folders of the built site that belong to the theme (Material's assets), to Pagefind, to the
#: search page and to the statistics and feed producers, wholly.
RESERVED_FOLDERS = ("assets", "pagefind", "search", "stats", "events/feeds")
#: Single files the producers write among contributors' folders.
RESERVED_FILES = ("practices/filter.json", "practices/practices.csv", "sitemap.xml", "sitemap.xml.gz",
                  "404.html", "index.html", ".kopilka-site")
_TYPE_HINTS = {".html": "сохраните страницу как PDF", ".htm": "сохраните страницу как PDF",
               ".svg": "сохраните картинку как PNG", ".js": "приложите текст программы как .txt или архив .zip"}


def attached_files(entity) -> list[tuple[tuple, str]]:
    """(key path, relative file) of every file a record attaches in its fields."""
    fields = entity.__dict__  # not getattr: a missing field costs pydantic an exception
    found = [(("materials", i), m.file) for i, m in enumerate(fields.get("materials") or ()) if m.file]
    for key in ("regulation", "plan", "file"):
        value = fields.get(key)
        if value and link_kind(value) == "file":
            found.append(((key,), value))
    return found


def site_uri(source: str, file: str) -> str:
    """Where a file attached to a record lands in the site: beside the record's own page folder.

    `content/` is MkDocs' docs folder, so its files keep their place; `practices/` is mirrored.
    """
    folder = posixpath.dirname(source.removeprefix("content/"))
    return posixpath.normpath(posixpath.join(folder, file))


def href(uri: str) -> str:
    """A site URI as it is written in a link: `#`, `?`, spaces and Cyrillic percent-encoded."""
    return quote(uri, safe="/-._~")


def reserved(uri: str) -> str | None:
    """What owns `uri` in the built site, if anything but the contributor may (Russian)."""
    if uri in RESERVED_FILES:
        return "этот файл создаёт сам сайт"
    for folder in RESERVED_FOLDERS:
        if uri == folder or uri.startswith(folder + "/"):
            return f"папка {folder}/ принадлежит оформлению, поиску или разделам сайта"
    if uri.startswith("../") or uri == "..":
        return "путь ведёт за пределы сайта"
    return None


def type_problem(file: str) -> tuple[str, str, str] | None:
    """(message, allowed, hint) when a file's type may not be published."""
    suffix = os.path.splitext(file)[1].lower()
    if suffix in ALLOWED_TYPES:
        return None
    allowed = join_allowed(sorted(ALLOWED_TYPES), 30)
    what = f"файлы {suffix}" if suffix else "файлы без расширения"
    return (f"{what} не публикуются: такой файл мог бы выполнить программу на сайте" if suffix in _TYPE_HINTS
            else f"{what} не публикуются на сайте", allowed,
            _TYPE_HINTS.get(suffix, "сохраните документ как PDF или приложите архив .zip"))


def check_files(source, entity, root: Path) -> list[Diagnostic]:
    """An attached file must exist, stay inside the site folder (no `../../etc/passwd`), be of an
    allowed type and land on a path no part of the site writes."""
    problems = []
    for path, file in attached_files(entity):
        target = (source.path.parent / file).resolve()  # follows links: a link out is refused
        inside = target.is_relative_to(root) and not any(
            part.startswith(".") for part in target.relative_to(root).parts)
        line, column = line_of(source, path)
        if not inside or not target.is_file() or target.suffix == ".md":
            problems.append(Diagnostic(
                source.rel, line, column, "E204",
                "файл вне папки сайта" if not inside else "файл не найден" if not target.is_file()
                else "материал не может быть файлом .md",
                value=file, allowed="путь к файлу внутри папки сайта, относительно файла записи",
                hint="положите файл рядом с записью, например materials/plan.pdf"))
            continue
        refused = type_problem(file)
        if refused:
            message, allowed, hint = refused
            problems.append(Diagnostic(source.rel, line, column, "E016", message, value=file,
                                       allowed=allowed, hint=hint))
        owner = reserved(site_uri(source.rel, file))
        if owner:
            problems.append(Diagnostic(source.rel, line, column, "E017",
                                       f"файл попал бы на место, которое занимает сайт: {owner}",
                                       value=file, allowed="файл в папке записи, например materials/plan.pdf",
                                       hint="положите файл в папку materials/ рядом с записью"))
    return problems


_BODY_LINK = re.compile(r"\]\(\s*<?([^)>\s]+)|(?:src|href)\s*=\s*[\"']([^\"']+)[\"']|^\s*\[[^\]]+\]:\s*<?(\S+?)>?\s*$",
                        re.MULTILINE)


def text_links(text: str) -> list[str]:
    """Relative link and image targets written in a Markdown text (files it may point to)."""
    found = []
    for match in _BODY_LINK.finditer(text):
        target = next(group for group in match.groups() if group)
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or target.startswith(("/", "#")) or not parts.path:
            continue
        found.append(unquote(parts.path))
    return found


def published_files(records, root: Path, pages=(), existing: frozenset[str] = frozenset()) -> dict[str, Path]:
    """Site URI -> file of everything published `records` (with their texts) and narrative
    `pages` attach or link to, if it is among the site's `existing` files (relative paths, see
    `source.discover.site_files`), is of an allowed type and takes no reserved path."""
    files: dict[str, Path] = {}
    for entity in records:
        for uri, rel in files_of(entity.source, own_files(entity), existing):
            files.setdefault(uri, root / rel)
    for page in pages:
        if page.visible:
            for uri, rel in files_of(page.rel, text_links(page.body), existing):
                files.setdefault(uri, root / rel)
    return files


def own_files(entity) -> list[str]:
    """What one record attaches or links to in its text, as written."""
    found = [file for _, file in attached_files(entity)]
    if "](" in entity.body or "src=" in entity.body or "]:" in entity.body:
        found += text_links(entity.body)
    return found


def files_of(source: str, files, existing: frozenset[str]) -> list[tuple[str, str]]:
    """(site URI, path from the site root) of the `files` a record at `source` may publish."""
    found = []
    for file in files:
        uri = site_uri(source, file)
        if type_problem(file) or reserved(uri) or uri.endswith(".md"):
            continue
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(source), file))
        if rel in existing:
            found.append((uri, rel))
    return found


def foreign_files(root: Path) -> list[Diagnostic]:
    """Files in `content/` (MkDocs' docs folder) on a path the site writes: refused whether or
    not anything links to them."""
    base = root / "content"
    problems = []
    for folder, dirs, names in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.endswith(".md") or name.startswith("."):
                continue
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            owner = reserved(path.relative_to(base).as_posix())
            if owner:
                problems.append(Diagnostic(rel, 0, 0, "E017", f"файл лежит на месте, которое занимает сайт: {owner}",
                                           value=rel, allowed="файлы материалов в папке записи",
                                           hint="переместите файл, например, в content/events/materials/ и "
                                                "сошлитесь на него из записи"))
    return problems
