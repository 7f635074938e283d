"""YAML as contributors write it, parsed safely and with a line for every value.

PyYAML is used for scanning and composing only; values are built here from the node tree so
that (1) every key and list item keeps its line and column, (2) a key written twice is reported
instead of silently winning, (3) an alias is refused before anything is expanded (an alias bomb
cannot exhaust memory), and (4) scalars follow the rules people expect: `2024-03-15` stays text
for our own date parser, `013` stays «013», and only `true`/`false` are booleans.
"""

from __future__ import annotations

import dataclasses
import re

import yaml

Path_ = tuple  # a key path into the document: ("authors", 0, "name")


@dataclasses.dataclass(frozen=True)
class YamlProblem:
    """A syntax-level problem; `line`/`column` are 1-based and relative to the YAML text."""

    code: str
    message: str
    line: int
    column: int
    value: str | None = None
    hint: str | None = None
    allowed: str | None = None


@dataclasses.dataclass
class YamlDocument:
    data: object
    #: path -> (line, column) of the key (for mapping entries) or the item (for list items).
    positions: dict[Path_, tuple[int, int]]
    problems: list[YamlProblem]


class _AliasUsed(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """Composes nodes only; refuses aliases at the first one."""

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            raise _AliasUsed(self.peek_event().start_mark)
        return super().compose_node(parent, index)


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's composer: about ten times faster than PyYAML's on a bank of thousands of files.

    It cannot stop at the first alias, but composing never expands one (an alias is the same
    node object twice), so `_build` notices a repeated node and the document is parsed again by
    `_Loader`, which reports it. Any syntax error is also re-parsed by `_Loader`, so that
    messages and positions do not depend on which parser is installed.
    """

    def resolve(self, kind, value, implicit):  # noqa: ANN001 - PyYAML's signature
        # Most values are Russian text: a plain scalar whose first character starts no implicit
        # type (numbers, booleans, null) is text without trying each type's pattern.
        if kind is yaml.ScalarNode and implicit[0] and value and value[0] not in _TYPED_FIRST:
            return _STR
        return super().resolve(kind, value, implicit)


# Timestamps stay text: dates have our own, stricter parser with Russian messages.
_Loader.yaml_implicit_resolvers = _FastLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_STR = "tag:yaml.org,2002:str"
#: First characters for which some implicit resolver may claim a plain scalar.
_TYPED_FIRST = frozenset(_FastLoader.yaml_implicit_resolvers)
assert None not in _TYPED_FIRST  # a resolver for any first character would need every value tried

_DECIMAL_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_DECIMAL_FLOAT = re.compile(r"^[-+]?([0-9][0-9_]*)?\.[0-9]+([eE][-+]?[0-9]+)?$")
# Only true/false are booleans: `no:` as a key (a row number) or `нет` as a value stays text.
#: Longer numbers stay text (Python refuses to convert more than 4,300 digits; none is a year).
_MAX_DIGITS = 100
_TRUE = {"true"}
_FALSE = {"false"}


def _scalar(node: yaml.ScalarNode) -> object:
    value = node.value
    tag = node.tag
    if tag is _STR:  # most values: see `_FastLoader.resolve`
        return value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        low = value.lower()
        return True if low in _TRUE else False if low in _FALSE else value
    if tag == "tag:yaml.org,2002:int" and _DECIMAL_INT.match(value) and len(value) <= _MAX_DIGITS:
        return int(value.replace("_", ""))
    if tag == "tag:yaml.org,2002:float" and _DECIMAL_FLOAT.match(value) and len(value) <= _MAX_DIGITS:
        return float(value.replace("_", ""))
    return value


_SCALAR_NODE = yaml.ScalarNode


def _build(node: yaml.Node, path: Path_, positions: dict, problems: list[YamlProblem], offset: int,
           seen: set | None = None) -> object:
    """Values from a node tree, with positions. `seen` collects node ids when the document may
    hold an alias (it has an anchor); scalars are built inline, as they are most nodes."""
    if seen is not None:
        if id(node) in seen:  # only an alias makes a node appear twice
            raise _AliasUsed(node.start_mark)
        seen.add(id(node))
    inline = seen is None
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        first_line: dict = {}
        for key_node, value_node in node.value:
            if inline and key_node.__class__ is _SCALAR_NODE:
                key = _scalar(key_node)
            else:
                key = _build(key_node, path, {}, problems, offset, seen)
            if isinstance(key, (list, dict)):
                key = str(key)
            mark = key_node.start_mark
            line = mark.line + 1 + offset
            if key in result:
                problems.append(YamlProblem(
                    "E008", f"поле «{key}» указано дважды", line, mark.column + 1, value=str(key),
                    allowed="каждое поле один раз",
                    hint=f"оставьте одно: первое значение записано в строке {first_line[key]}"))
                continue
            first_line[key] = line
            key_path = path + (key,)
            positions[key_path] = (line, mark.column + 1)
            result[key] = (_scalar(value_node) if inline and value_node.__class__ is _SCALAR_NODE
                           else _build(value_node, key_path, positions, problems, offset, seen))
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            mark = item.start_mark
            item_path = path + (index,)
            positions[item_path] = (mark.line + 1 + offset, mark.column + 1)
            items.append(_scalar(item) if inline and item.__class__ is _SCALAR_NODE
                         else _build(item, item_path, positions, problems, offset, seen))
        return items
    return _scalar(node)


#: Levels of nesting a document may have. Records need five, statistics definitions and
#: mkdocs.yml's navigation about ten; the parsers recurse per level (libyaml's composer in C,
#: which a 100,000-level list crashes outright), so deeper documents are refused unparsed.
MAX_DEPTH = 50
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_BLOCK_PREFIX = re.compile(r"^[ ?-]*", re.MULTILINE)


def _depth_bound(text: str) -> int:
    """An upper bound of the nesting of `text`, from brackets and indentation, cheap enough to
    take for every file: a block level needs a deeper indent or a `- `/`? ` marker."""
    depth = deepest = 0
    for char in _NOT_BRACKETS.sub("", text):
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif depth:
            depth -= 1
    return deepest + max(map(len, _BLOCK_PREFIX.findall(text)), default=0) + 1


def _too_deep_at(text: str) -> int | None:
    """The line where the document's nesting passes MAX_DEPTH, from the parser's events (no
    recursion); None when it does not."""
    depth = 0
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # a syntax error: reported by the parse itself
    return None


def too_deep(line: int) -> YamlProblem:
    return YamlProblem("E015", f"слишком глубокая вложенность: больше {MAX_DEPTH} уровней", line, 0,
                       allowed=f"не больше {MAX_DEPTH} уровней списков и наборов полей",
                       hint="проверьте отступы и скобки [ ] { }: похоже, они не закрыты или лишние")


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\ud800-\udfff]")


def _escaped_controls(data: object, positions: dict, path: tuple = ()) -> list[YamlProblem]:
    """Control characters written as escapes ("\\x07", "\\ud800") in quoted values."""
    found: list[YamlProblem] = []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        here = path + (key,)
        for text in (key, value):
            if isinstance(text, str) and (match := _CONTROL.search(text)):
                line, column = positions.get(here, (0, 0))
                found.append(YamlProblem("E013", "в значении невидимый управляющий символ", line, column,
                                         value=f"U+{ord(match.group()):04X}",
                                         allowed="буквы, цифры, знаки, пробелы и переводы строк",
                                         hint="уберите из кавычек экранирование вида \\x.., \\u...."))
                break
        found += _escaped_controls(value, positions, here)
    return found


def _tab_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.split("\n"), 1) if re.match(r"^ *\t", line)]


def parse_yaml(text: str, line_offset: int = 0) -> YamlDocument:
    """Parse one YAML document; problems are reported, never raised.

    `line_offset` is added to every line so that positions refer to the whole file (the
    frontmatter starts after the opening `---`).
    """
    problems: list[YamlProblem] = []
    tabs = _tab_lines(text) if "\t" in text else []
    for line in tabs:
        problems.append(YamlProblem(
            "E007", "отступ сделан табуляцией, а YAML принимает только пробелы",
            line + line_offset, 1, allowed="отступы пробелами",
            hint="замените табуляцию пробелами (два пробела на уровень)"))
    if tabs:  # go on with spaces so that the remaining problems are found in the same run
        text = "\n".join(re.sub(r"^( *)\t+", lambda m: m.group(1) + "  " * (len(m.group(0)) - len(m.group(1))), line)
                         for line in text.split("\n"))
    if _depth_bound(text) > MAX_DEPTH and (line := _too_deep_at(text)) is not None:
        problem = too_deep(line + line_offset)
        return YamlDocument(None, {}, problems + [problem])
    document = _fast_parse(text, line_offset, problems) or _careful_parse(text, line_offset, problems)
    if "\\" in text and document.data is not None:  # an escape may write any character
        document.problems.extend(_escaped_controls(document.data, document.positions))
    return document


def _careful_parse(text: str, line_offset: int, problems: list[YamlProblem]) -> YamlDocument:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except _AliasUsed as alias:
        problems.append(YamlProblem(
            "E009", "в метаданных используется ссылка YAML (*имя)",
            alias.mark.line + 1 + line_offset, alias.mark.column + 1,
            allowed="значения, записанные полностью", hint="запишите значение полностью вместо ссылки"))
        return YamlDocument(None, {}, problems)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + line_offset if mark else line_offset + 1
        column = mark.column + 1 if mark else 0
        message, hint = explain_error(error, text)
        problems.append(YamlProblem("E006", message, line, column, hint=hint, allowed=_YAML_ALLOWED))
        return YamlDocument(None, {}, problems)
    except yaml.YAMLError as error:
        problems.append(YamlProblem("E006", f"не удалось разобрать YAML: {error}", line_offset + 1, 0,
                                    allowed=_YAML_ALLOWED, hint="проверьте отступы, двоеточия и кавычки"))
        return YamlDocument(None, {}, problems)
    finally:
        loader.dispose()
    if node is None:
        return YamlDocument(None, {}, problems)
    positions: dict = {}
    data = _build(node, (), positions, problems, line_offset)
    return YamlDocument(data, positions, problems)


def _fast_parse(text: str, line_offset: int, problems: list[YamlProblem]) -> YamlDocument | None:
    """The document through libyaml, or None when it needs `_Loader` (an error or an alias)."""
    if not yaml.__with_libyaml__:  # PyYAML without libyaml: no fast path
        return None
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    if node is None:
        return YamlDocument(None, {}, list(problems))
    positions: dict = {}
    found = list(problems)
    try:  # without an anchor (`&name`) there can be no alias: no need to watch for repeated nodes
        data = _build(node, (), positions, found, line_offset, set() if "&" in text else None)
    except _AliasUsed:
        return None
    return YamlDocument(data, positions, found)


_YAML_ALLOWED = "YAML: «ключ: значение», списки через «- », отступы пробелами"


def explain_error(error: yaml.YAMLError, text: str = "") -> tuple[str, str]:
    """(Russian message, hint) for a YAML syntax error; `text`: the YAML, to name the line's key."""
    if isinstance(error, yaml.MarkedYAMLError):
        return _explain(error), _syntax_hint(error, text)
    return f"не удалось разобрать YAML: {error}", "проверьте отступы, двоеточия и кавычки"


def _explain(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or "").strip()
    if "mapping values are not allowed" in problem:
        return "двоеточие с пробелом внутри значения без кавычек"
    if "found character" in problem and "cannot start any token" in problem:
        return "значение начинается с символа, который YAML не допускает без кавычек"
    if "could not find expected ':'" in problem:
        return "строка не похожа на «ключ: значение» — нет двоеточия"
    if "expected <block end>" in problem or "did not find expected key" in problem:
        return "нарушены отступы: строка не на своём уровне"
    if "found unexpected end of stream" in problem or "found unexpected end" in problem:
        return "не закрыта кавычка или скобка"
    return f"синтаксическая ошибка YAML ({problem or error.context})"


_KEY_OF_LINE = re.compile(r"^\s*(?:-\s+)?([^\s:#'\"][^:#]*?):(?:\s|$)")


def _syntax_hint(error: yaml.MarkedYAMLError, text: str = "") -> str:
    problem = (error.problem or "")
    if "mapping values" in problem or "cannot start any token" in problem:
        mark = error.problem_mark
        lines = text.splitlines()
        line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
        key = _KEY_OF_LINE.match(line)
        if key:  # the contributor's own field and value, quoted as it should be
            value = line[key.end():].strip().replace('"', "'")
            return f'заключите значение поля «{key.group(1)}» в кавычки: {key.group(1)}: "{value[:60]}"'
        return 'заключите значение в кавычки, например title: "Урок: дроби"'
    return "проверьте отступы, двоеточия и кавычки в этой и предыдущей строке"
