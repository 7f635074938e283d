"""Per-record formulas of a statistics table: a field computed from a record's other fields.

    formulas:
      fulfilled: "count_of(monitoring.ing-2023.k1 >= 50, monitoring.ing-2023.k2 = да) / 2 * 100"
      trained_share: "monitoring.ing-2023.trained / monitoring.ing-2023.heads * 100"

The language is deliberately tiny and parsed here by recursive descent, never by `eval`:
numbers (point decimal: the comma separates arguments), field paths, `+ - * /`, parentheses,
comparisons `< <= > >= = !=` (1 when true, 0 when false; `=` also compares words, as rules do),
and four functions: `count_of(…)` (how many arguments are fulfilled — a positive number or the
words да/выполнено/есть; an argument without data is not fulfilled), `len(list)`, `min(…)`,
`max(…)`. `simpleeval` was considered and refused: it evaluates Python's own grammar (attribute
access, comprehensions, strings as code) and reports no position a contributor could use; this
grammar has nothing to escape from, and every error carries its position in the formula.

A hyphen inside a name is part of it (`ing-2023` is a campaign id), so subtraction is written
with spaces: `a - b`. A value that is «нет данных», empty or not a number makes the result empty
(the record is then left out and named, never counted as zero); so does a division by zero.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal, InvalidOperation

from generator.source.statrules import number_of
from generator.source.vocabularies import _key

FUNCTIONS = ("count_of", "len", "min", "max")
COMPARISONS = ("<=", ">=", "!=", "<", ">", "=")
FULFILLED = ("да", "выполнено", "есть", "true")
MAX_LENGTH, MAX_DEPTH = 500, 100  # a formula is a line of a report, not a program
_TOKEN = re.compile(r"\s*(?:(?P<number>\d+(?:\.\d+)?)(?![\w-])|(?P<name>[^\W\d][\w-]*(?:\.[\w-]+)*)"
                    r"|(?P<op><=|>=|!=|[-+*/()<>=,]))")
SYNTAX_HELP = "числа, поля, + - * / ( ), сравнения < <= > >= = !=, функции " + ", ".join(FUNCTIONS)


class FormulaError(ValueError):
    """A mistake in a formula at `position` (0-based, in characters)."""

    def __init__(self, message: str, position: int, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.position, self.hint = message, position, hint


@dataclasses.dataclass(frozen=True)
class Node:
    """One node of a parsed formula: `kind` num, field, word, neg, op, call."""

    kind: str
    value: object = None                # number, field path, word, operator or function name
    args: tuple["Node", ...] = ()
    position: int = 0

    def fields(self) -> tuple[str, ...]:
        own = (self.value,) if self.kind == "field" else ()
        return tuple(dict.fromkeys(own + tuple(f for a in self.args for f in a.fields())))

    def divisors(self) -> tuple["Node", ...]:
        """The right-hand sides of every division: `check` tests them against the records."""
        own = (self.args[1],) if self.kind == "op" and self.value == "/" else ()
        return own + tuple(d for a in self.args for d in a.divisors())


def tokens(text: str) -> list[tuple[str, str, int]]:
    found, at = [], 0
    while text[at:].strip():
        match = _TOKEN.match(text, at)
        if not match:
            start = len(text) - len(text[at:].lstrip())
            raise FormulaError(f"непонятный знак «{text[start]}»", start,
                               "числа пишите с точкой: 85.5; слова сравнивайте так: поле = да")
        kind = match.lastgroup
        found.append((kind, match[kind], match.start(kind)))
        at = match.end()
    return found + [("end", "", len(text))]


class _Parser:
    def __init__(self, text: str) -> None:
        self.items, self.index = tokens(text), 0

    def peek(self) -> tuple[str, str, int]:
        return self.items[self.index]

    def take(self, *wanted: str) -> tuple[str, str, int] | None:
        item = self.peek()
        if item[1] in wanted and item[0] == "op":
            self.index += 1
            return item
        return None

    def formula(self) -> Node:
        node = self.comparison()
        kind, text, at = self.peek()
        if kind != "end":
            raise FormulaError(f"лишнее «{text}» после законченного выражения", at,
                               "между значениями нужен знак: + - * / или сравнение")
        return node

    def comparison(self) -> Node:
        left = self.additive()
        item = self.take(*COMPARISONS)
        if item:
            right = self.word() if item[1] in ("=", "!=") and self.peek()[0] == "name" and self._is_word() \
                else self.additive()
            left = Node("op", item[1], (left, right), item[2])
        return left

    def _is_word(self) -> bool:
        """After `=`, a bare Cyrillic word (да, выполнено) is a value, not a field."""
        return not re.match(r"[A-Za-z_]", self.peek()[1])

    def word(self) -> Node:
        _, text, at = self.items[self.index]
        self.index += 1
        return Node("word", _key(text), (), at)

    def additive(self) -> Node:
        node = self.term()
        while item := self.take("+", "-"):
            node = Node("op", item[1], (node, self.term()), item[2])
        return node

    def term(self) -> Node:
        node = self.unary()
        while item := self.take("*", "/"):
            node = Node("op", item[1], (node, self.unary()), item[2])
        return node

    def unary(self) -> Node:
        item = self.take("-")
        return Node("neg", None, (self.unary(),), item[2]) if item else self.primary()

    def primary(self) -> Node:
        kind, text, at = self.peek()
        if kind == "number":
            self.index += 1
            return Node("num", Decimal(text), (), at)
        if kind == "name":
            self.index += 1
            if self.take("("):
                return self.call(text, at)
            return Node("field", text, (), at)
        if self.take("("):
            node = self.comparison()
            if not self.take(")"):
                raise FormulaError("не закрыта скобка", self.peek()[2], "добавьте «)»")
            return node
        what = "конец формулы" if kind == "end" else f"«{text}»"
        raise FormulaError(f"ожидалось число, поле или «(», а стоит {what}", at,
                           "проверьте знаки подряд и пустые места между ними")

    def call(self, name: str, at: int) -> Node:
        if name not in FUNCTIONS:
            raise FormulaError(f"неизвестная функция «{name}»", at, "функции: " + ", ".join(FUNCTIONS))
        args = [self.comparison()]
        while self.take(","):
            args.append(self.comparison())
        if not self.take(")"):
            raise FormulaError(f"не закрыта скобка функции {name}", self.peek()[2], "добавьте «)»")
        if name == "len" and (len(args) != 1 or args[0].kind != "field"):
            raise FormulaError("len считает элементы одного поля-списка", at, "len(monitoring.x.projects)")
        return Node("call", name, tuple(args), at)


def parse_formula(text: str) -> Node:
    """The formula as a tree, or FormulaError with the position of the first mistake."""
    if not text.strip():
        raise FormulaError("пустая формула", 0, "например: monitoring.x.trained / monitoring.x.heads * 100")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"формула длиннее {MAX_LENGTH} знаков", MAX_LENGTH, "разбейте её на несколько формул")
    try:
        node = _Parser(text).formula()
    except RecursionError:
        node = None
    if node is None or _depth(node) > MAX_DEPTH:
        raise FormulaError(f"слишком глубокая вложенность (больше {MAX_DEPTH} уровней)", 0,
                           "разбейте формулу на несколько: формула может брать формулы выше")
    return node


def _depth(node: Node) -> int:
    return 1 + max((_depth(a) for a in node.args), default=0)


def evaluate(node: Node, get) -> Decimal | str | None:
    """The value for one record; `get(field)` reads its fields. None when a value is missing,
    not a number, or a divisor is zero. A `word` node evaluates to its key (for `=`)."""
    kind = node.kind
    if kind == "num":
        return node.value
    if kind == "word":
        return node.value
    if kind == "field":
        return _number(get(node.value))
    if kind == "neg":
        value = evaluate(node.args[0], get)
        return -value if isinstance(value, Decimal) else None
    if kind == "call":
        return _call(node, get)
    if node.value in COMPARISONS:
        return _compare(node, get)
    left, right = (evaluate(a, get) for a in node.args)
    if not isinstance(left, Decimal) or not isinstance(right, Decimal):
        return None
    if node.value == "/":
        return left / right if right else None
    return left + right if node.value == "+" else left - right if node.value == "-" else left * right


def _number(value: object) -> Decimal | None:
    number = number_of(value)
    if number is None:
        return None
    try:
        return Decimal(repr(number)) if isinstance(number, float) else Decimal(number)
    except InvalidOperation:
        return None


def _compare(node: Node, get) -> Decimal | None:
    left_node, right_node = node.args
    if right_node.kind == "word":
        raw = get(left_node.value) if left_node.kind == "field" else evaluate(left_node, get)
        if raw is None or _key(raw) == "нет данных":
            return None
        same = _key(raw) == right_node.value
        return Decimal(int(same if node.value == "=" else not same))
    left, right = evaluate(left_node, get), evaluate(right_node, get)
    if not isinstance(left, Decimal) or not isinstance(right, Decimal):
        return None
    result = {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right,
              "=": left == right, "!=": left != right}[node.value]
    return Decimal(int(result))


def _call(node: Node, get) -> Decimal | None:
    if node.value == "len":
        value = get(node.args[0].value)
        return Decimal(len(value)) if isinstance(value, (list, tuple)) else None
    if node.value == "count_of":
        return Decimal(sum(_fulfilled(a, get) for a in node.args))
    values = [evaluate(a, get) for a in node.args]
    if not all(isinstance(v, Decimal) for v in values):
        return None
    return min(values) if node.value == "min" else max(values)


def _fulfilled(node: Node, get) -> bool:
    if node.kind == "field":
        raw = get(node.value)
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and _key(raw) in FULFILLED:
            return True
    value = evaluate(node, get)
    return isinstance(value, Decimal) and value > 0


@dataclasses.dataclass(frozen=True)
class Formula:
    name: str       # the field it defines for the table: classify, count, measures and filter read it
    text: str       # as written
    node: Node
    line: int


_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def parse_formulas(raw: object, at: tuple, problems, unknown_field) -> tuple[Formula, ...]:
    """`formulas: {name: "expression"}`; a formula may use the ones above it. `unknown_field(path)`
    gives a hint for a field records do not have (None when they have it)."""
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        problems.add(at, "E302", "formulas — набор «имя: формула»", raw, "имя: формула",
                     'formulas: {share: "monitoring.x.trained / monitoring.x.heads * 100"}')
        return ()
    found: list[Formula] = []
    for name, text in raw.items():
        where = at + (name,)
        if not isinstance(name, str) or not _NAME.match(name):
            problems.add(where, "E302", "имя формулы — латиница, цифры и _", name, "например fulfilled_share",
                         "имя формулы потом пишут в classify, count или measures")
            continue
        formula = _formula(name, text, where, problems, unknown_field, {f.name for f in found})
        if formula:
            found.append(formula)
    return tuple(found)


def _formula(name: str, text: object, where: tuple, problems, unknown_field, earlier: set) -> Formula | None:
    if not isinstance(text, (str, int, float)) or isinstance(text, bool):
        problems.add(where, "E303", f"формула «{name}» должна быть строкой", text, SYNTAX_HELP,
                     'fulfilled: "count_of(a, b, c) / 3 * 100"')
        return None
    text = str(text)
    try:
        node = parse_formula(text)
    except FormulaError as error:
        hint = error.hint or SYNTAX_HELP
        if text[error.position:error.position + 1] == ",":
            hint = "в формуле дробь пишется с точкой (85.5), запятая разделяет аргументы функции"
        problems.add(where, "E303", f"ошибка в формуле «{name}», знак {error.position + 1}: {error.message}",
                     _marked(text, error.position), SYNTAX_HELP, hint)
        return None
    bad = False
    for field_node in _field_nodes(node):
        field = str(field_node.value)
        hint = None if field in earlier else unknown_field(field)
        pieces = field.split("-")[1:]
        if any(p and (p in earlier or unknown_field(p) is None) for p in pieces):
            hint = "вычитание пишите с пробелами: " + " - ".join(field.split("-"))
        if hint is not None:
            what = (f"«{field}» читается как одно поле" if hint.startswith("вычитание")
                    else f"у записей нет поля «{field.split('.', 1)[0]}»")
            problems.add(where, "E304", f"в формуле «{name}», знак {field_node.position + 1}: {what}",
                         _marked(text, field_node.position), "поле записи, municipality.type, level.<таблица> "
                         "или формула выше", hint)
            bad = True
    return None if bad else Formula(name, text, node, problems.line(where))


def _field_nodes(node: Node) -> list[Node]:
    return ([node] if node.kind == "field" else []) + [n for a in node.args for n in _field_nodes(a)]


def _marked(text: str, position: int) -> str:
    """The formula with «⟨здесь⟩» at the mistake: a position a contributor can see."""
    return f"{text[:position]}⟨здесь⟩{text[position:]}"
