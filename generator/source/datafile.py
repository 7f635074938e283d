"""The one guarded path from the bytes of an input file to its text and its YAML.

Records, every `data/*.yml`, narrative pages and `mkdocs.yml` come from people's editors (Notepad,
Word, web forms) and from strangers' pull requests. Whatever they hold, reading them ends in
text and diagnostics, never in an exception: encodings are detected (UTF-8, with or without a
BOM; Windows-1251 and UTF-16 are read and reported), NUL bytes and control characters are
reported at their line, files and nesting have limits (a 10,000-level list would overflow the
parser's stack), and YAML aliases are refused before anything is expanded (`yamlsource.py`).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from generator.diagnostics import Diagnostic, display_path
from generator.source.yamlsource import YamlDocument, parse_yaml

#: Bytes a file may have: a practice with a long description is 50 KB; a municipality list of
#: all of Russia 300 KB. Beyond these a file is a mistake (or an attack on memory).
MAX_BYTES = {"record": 2_000_000, "data": 8_000_000, "page": 2_000_000, "mkdocs": 1_000_000}
_SIZE_WORDS = {"record": "файла записи", "data": "файла данных", "page": "страницы", "mkdocs": "mkdocs.yml"}
_CYRILLIC = re.compile(r"[а-яА-ЯёЁ]")
#: Characters no editor shows and no page needs: C0 controls but tab and line breaks, DEL, C1
#: controls, lone surrogates. They break YAML, JSON in scripts and iCalendar lines.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\ud800-\udfff]")
_SHOWN_PER_FILE = 5


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",") + " МБ"


def size_problem(size: int, rel: str, kind: str) -> Diagnostic | None:
    limit = MAX_BYTES[kind]
    if size <= limit:
        return None
    return Diagnostic(rel, 0, 0, "E014", f"файл слишком большой для {_SIZE_WORDS[kind]}", value=_megabytes(size),
                      allowed=f"не больше {_megabytes(limit)}",
                      hint="уберите из файла лишнее; документы и картинки прикладывайте отдельными файлами (materials)")


def decode(raw: bytes, rel: str) -> tuple[str | None, list[Diagnostic]]:
    """Bytes -> text with LF line endings; problems with the encoding are diagnostics."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            return None, [Diagnostic(rel, 1, 0, "E001", "файл похож на UTF-16, но не читается",
                                     value="UTF-16 с ошибками", allowed="UTF-8",
                                     hint="сохраните файл заново, выбрав кодировку UTF-8")]
        return _normalise(text), [Diagnostic(
            rel, 1, 0, "E001", "файл сохранён в кодировке UTF-16 («Юникод» в Блокноте)",
            value="UTF-16", allowed="UTF-8",
            hint="сохраните файл заново, выбрав кодировку UTF-8")]
    if b"\x00" in raw:
        return None, [Diagnostic(rel, 0, 0, "E002", "это двоичный файл, а не текст (в нём есть нулевой байт)",
                                 allowed="текст в кодировке UTF-8",
                                 hint="в папках сайта храните текстовые файлы .md и .yml; документы и "
                                      "картинки подключайте через поле materials")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return _normalise(raw.decode("utf-8")), []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
    try:
        text = raw.decode("cp1251")
    except UnicodeDecodeError:
        text = None
    if text is not None and _CYRILLIC.search(text):
        return _normalise(text), [Diagnostic(
            rel, line, 0, "E001", "файл сохранён в кодировке Windows-1251, а нужна UTF-8",
            value="Windows-1251", allowed="UTF-8",
            hint="в Блокноте: «Файл» → «Сохранить как» → «Кодировка: UTF-8»")]
    return None, [Diagnostic(rel, line, 0, "E001", "файл не читается как текст в UTF-8",
                             allowed="UTF-8", hint="сохраните файл как текст в кодировке UTF-8")]


def _normalise(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def control_problems(text: str, rel: str, first_line: int = 1) -> list[Diagnostic]:
    """Control characters of `text`, at their lines (the first few of a file)."""
    problems = []
    for match in CONTROL.finditer(text):
        if len(problems) == _SHOWN_PER_FILE:
            break
        start = match.start()
        line = text.count("\n", 0, start) + first_line
        column = start - text.rfind("\n", 0, start)
        problems.append(control_problem(match.group(), rel, line, column))
    return problems


def control_problem(char: str, rel: str, line: int, column: int = 0) -> Diagnostic:
    return Diagnostic(rel, line, column, "E013", "в тексте невидимый управляющий символ",
                      value=f"U+{ord(char):04X}", allowed="буквы, цифры, знаки, пробелы, табуляция и переводы строк",
                      hint="удалите символ (он часто попадает в текст при копировании из Word или PDF): "
                           "сотрите и наберите заново место, куда указывает строка")


def without_controls(text: str) -> str:
    return CONTROL.sub("", text)


def read_text(path: Path, root: Path, kind: str, raw: bytes | None = None) -> tuple[str | None, list[Diagnostic]]:
    """A text file as text (None when unreadable), with every problem of its bytes. Control
    characters are reported and dropped, so that the rest of the file is still checked."""
    rel = display_path(path, root)
    try:
        size = len(raw) if raw is not None else path.stat().st_size
        problem = size_problem(size, rel, kind)
        if problem:
            return None, [problem]
        raw = path.read_bytes() if raw is None else raw
    except OSError as error:
        return None, [Diagnostic(rel, 0, 0, "E002", "файл не читается", value=error.strerror,
                                 allowed="обычный текстовый файл", hint="проверьте права доступа к файлу")]
    text, problems = decode(raw, rel)
    if text is not None and CONTROL.search(text):
        problems += control_problems(text, rel)
        text = without_controls(text)
    return text, problems


def read_yaml(path: Path, root: Path, kind: str = "data") -> tuple[YamlDocument | None, list[Diagnostic]]:
    """A YAML data file: its document (None when unreadable) and every problem, with lines."""
    rel = display_path(path, root)
    text, problems = read_text(path, root, kind)
    if text is None:
        return None, problems
    document = parse_yaml(text)
    problems += [Diagnostic(rel, p.line, p.column, p.code, p.message, value=p.value,
                            allowed=p.allowed, hint=p.hint) for p in document.problems]
    return document, problems


def check_structure(path: Path, root: Path, kind: str = "mkdocs") -> list[Diagnostic]:
    """A YAML file that another program loads (mkdocs.yml, with its `!ENV` and `!!python/name:`
    tags): its bytes, nesting and aliases are checked from the parser's events alone, without
    constructing a single value."""
    from generator.source.yamlsource import MAX_DEPTH, explain_error, too_deep

    rel = display_path(path, root)
    text, problems = read_text(path, root, kind)
    if text is None:
        return problems
    depth = 0
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                return problems + [Diagnostic(rel, mark.line + 1, mark.column + 1, "E009",
                                              "в файле используется ссылка YAML (*имя)",
                                              allowed="значения, записанные полностью",
                                              hint="запишите значение полностью вместо ссылки")]
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    problem = too_deep(event.start_mark.line + 1)
                    return problems + [Diagnostic(rel, problem.line, 0, problem.code, problem.message,
                                                  allowed=problem.allowed, hint=problem.hint)]
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        message, hint = explain_error(error)
        problems.append(Diagnostic(rel, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0, "E006",
                                   message, allowed="YAML: «ключ: значение», списки через «- »", hint=hint))
    return problems
