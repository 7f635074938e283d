"""Reading one content file: bytes -> text -> frontmatter data + body, with a line map.

Contributors save files from Notepad, Word and web editors, so this module accepts a UTF-8 BOM
and CRLF line endings silently, and reports (without crashing) a file in Windows-1251 or UTF-16,
a binary file, an empty file, and frontmatter that is missing or not closed.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from generator.diagnostics import Diagnostic, display_path
from generator.source.datafile import decode, read_text  # noqa: F401 - decode: the readers' rule
from generator.source.yamlsource import parse_yaml
from generator.text import suggest_id

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
#: The line that closes the frontmatter: `---` or `...`, maybe with trailing spaces.
_CLOSING = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)


@dataclasses.dataclass(frozen=True)
class SourceFile:
    """A content file as read: its frontmatter data (None when unreadable) and its body."""

    kind: str
    id: str
    path: Path
    rel: str  # path relative to the site root, forward slashes: what messages show
    data: dict | None
    body: str
    body_line: int  # 1-based line of the file where the body starts
    positions: dict  # key path -> (line, column) in the file
    digest: str = ""
    #: Only for a record whose fields have errors: (field, key path, id) of every id it names,
    #: read from its raw data (corpus/partial.py), so that its references are checked too.
    references: tuple = ()

    def __reduce__(self):
        # A Path pickles as its parts and is parsed again from them: with the path as one
        # string the cache of a ten-thousand-file bank loads in half the time.
        return _source_file, (self.kind, self.id, str(self.path), self.rel, self.data, self.body,
                              self.body_line, self.positions, self.digest, self.references)


def _source_file(kind, id, path, *rest) -> SourceFile:  # noqa: A002, ANN001 - field names
    return SourceFile(kind, id, Path(path), *rest)


def split_frontmatter(text: str, rel: str) -> tuple[str | None, int, str, int, list[Diagnostic]]:
    """-> (yaml text, its first line, body, body's first line, problems)."""
    if not text.strip():
        return None, 0, "", 1, [Diagnostic(rel, 1, 0, "E003", "файл пустой",
                                           allowed="блок метаданных, затем текст",
                                           hint="начните с блока метаданных между строками ---")]
    first_end = text.find("\n")
    first = text if first_end == -1 else text[:first_end]
    if first.rstrip() != "---":
        return None, 0, text, 1, [Diagnostic(
            rel, 1, 0, "E004", "файл должен начинаться со строки --- и блока метаданных",
            value=first[:60], allowed="--- в первой строке файла", hint="первая строка: ---, затем поля, затем ещё одна строка ---")]
    closing = _CLOSING.search(text, first_end + 1) if first_end != -1 else None
    if closing is None:
        return None, 0, "", 1, [Diagnostic(
            rel, 1, 0, "E005", "блок метаданных открыт строкой ---, но не закрыт",
            allowed="вторая строка --- после последнего поля", hint="добавьте строку --- после последнего поля, перед текстом описания")]
    start = closing.start()
    index = text.count("\n", 0, start)  # the closing line's number, counted from 0
    body_start = text.find("\n", start)
    yaml_text = text[first_end + 1:max(start - 1, first_end + 1)]
    body = "" if body_start == -1 else text[body_start + 1:]
    return yaml_text, 2, body, index + 2, []


def read_source(kind: str, path: str | Path, root: Path, raw: bytes | None = None) -> tuple[SourceFile, list[Diagnostic]]:
    """Read one entity file (`raw`: its bytes, if already read). Always returns a SourceFile;
    `data` is None when unusable."""
    path = Path(path)
    rel = display_path(path, root)
    raw = path.read_bytes() if raw is None else raw
    problems: list[Diagnostic] = []
    entity_id = path.stem
    if not ID_PATTERN.match(entity_id):
        problems.append(Diagnostic(
            rel, 0, 0, "E011", "имя файла должно состоять из латинских строчных букв, цифр и дефисов",
            value=path.name, allowed="[a-z0-9-], например nastavnichestvo-v-shkole.md",
            hint=f"переименуйте файл в {suggest_id(entity_id)}.md"))
    text, decoding = read_text(path, root, "record", raw=raw)
    problems.extend(decoding)
    empty = SourceFile(kind, entity_id, path, rel, None, "", 1, {})
    if text is None:
        return empty, problems
    yaml_text, yaml_line, body, body_line, split_problems = split_frontmatter(text, rel)
    problems.extend(split_problems)
    if yaml_text is None:
        return empty, problems
    document = parse_yaml(yaml_text, line_offset=yaml_line - 1)
    for p in document.problems:
        problems.append(Diagnostic(rel, p.line, p.column, p.code, p.message, value=p.value,
                                   allowed=p.allowed, hint=p.hint))
    data = document.data
    if data is None and not document.problems:
        problems.append(Diagnostic(rel, 1, 0, "E003", "блок метаданных пустой",
                                   allowed="поля «ключ: значение» между строками ---",
                                   hint="заполните обязательные поля (см. руководство участника)"))
    elif data is not None and not isinstance(data, dict):
        problems.append(Diagnostic(rel, yaml_line, 0, "E010",
                                   "метаданные должны быть набором полей «ключ: значение»",
                                   value=str(data)[:60], allowed="строки вида «title: Название»",
                                   hint="каждое поле — с новой строки: имя, двоеточие, пробел, значение"))
        data = None
    return SourceFile(kind, entity_id, path, rel, data if isinstance(data, dict) else None,
                      body, body_line, document.positions), problems
