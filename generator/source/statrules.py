"""Rules of statistics definitions: `>= 5`, `3..4`, a value or a set, `есть`, and rules over
other fields (`{any: [fields], in: [Красный]}`, «any red cell»). Pure values; no pandas.

«нет данных» (information not provided) passes only `есть` and a set that names it: it is never
a number, so no comparison takes it, and it is never the same as an absent value.
"""

from __future__ import annotations

import dataclasses
import re

from generator.models.organization import NO_DATA
from generator.source.vocabularies import _key

_CMP = re.compile(r"^\s*(>=|<=|>|<|=|≥|≤)\s*(-?\d+(?:[.,]\d+)?)\s*$")
_RANGE = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*(?:\.\.|–|—)\s*(-?\d+(?:[.,]\d+)?)\s*$")
MAX_NUMBER = 10 ** 15
_NUMBER = re.compile(r"^\s*-?\d+(?:[.,]\d+)?\s*$")
PRESENT = "есть"
NO_DATA_KEY = _key(NO_DATA)
_RULE_HELP = "«>= 5», «3..4», значение, [значение, …], «есть» или {any: [поля], in: значения}"


@dataclasses.dataclass(frozen=True)
class Rule:
    """One test of a value. `kind`: cmp, range, set, present, any, all. `text` is as written."""

    kind: str
    text: str
    op: str = ""
    low: float | None = None
    high: float | None = None
    values: tuple[str, ...] = ()          # normalised keys (see vocabularies._key) for `set`
    fields: tuple[str, ...] = ()          # for any/all: fields (or level.<table>) to test
    inner: "Rule | None" = None           # for any/all: the test each field must pass

    def matches(self, value: object, get=None) -> bool:
        """Does `value` pass? Lists pass when one item does. Absent never passes; «нет данных»
        passes only `есть` or a set that names it. `get(field)` reads other fields for any/all."""
        if self.kind in ("any", "all"):
            results = [self.inner.matches(get(field)) for field in self.fields]
            return any(results) if self.kind == "any" else bool(results) and all(results)
        if isinstance(value, (list, tuple)):
            return any(self.matches(item) for item in value)
        if value is None:
            return False
        if self.kind == "present":
            return True
        if self.kind == "set":
            return _key(value) in self.values
        value = number_of(value)
        if value is None:
            return False
        if self.kind == "range":
            return self.low <= value <= self.high
        return {"=": value == self.low, ">": value > self.low, "<": value < self.low,
                ">=": value >= self.low, "<=": value <= self.low}[self.op]



def number_of(value: object) -> float | None:
    """A record's number: an int or a float, or a text written with a comma or a point
    («85,5», as reports and spreadsheets write it). Booleans, NaN, infinities, other texts and
    magnitudes beyond 10^15 (no count or share of a report; they would overflow exact decimal
    rounding) are not numbers."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and _NUMBER.match(value) and len(value) <= 40:
        value = float(value.strip().replace(",", "."))
    if isinstance(value, (int, float)):
        return value if -MAX_NUMBER <= value <= MAX_NUMBER else None  # NaN fails both comparisons
    return None


def parse_rule(raw: object, at: tuple, problems) -> Rule | None:
    """`>= 5`, `3..4`, a value or a list of values, `есть`, or {any|all: [fields], in: rule}.

    Problems go to `problems.add(path, code, message, value, allowed, hint)` (a DefinitionProblems)."""
    text = str(raw)
    if isinstance(raw, bool) or raw is None:
        problems.add(at, "E303", "пустое или логическое правило", raw, _RULE_HELP)
        return None
    if isinstance(raw, (int, float)):
        return Rule("cmp", text, op="=", low=float(raw))
    if isinstance(raw, list):
        if not raw or not all(isinstance(v, (str, int, float)) for v in raw):
            problems.add(at, "E303", "список значений должен быть непустым и простым", raw, _RULE_HELP)
            return None
        return Rule("set", ", ".join(map(str, raw)), values=tuple(_key(v) for v in raw))
    if isinstance(raw, dict):
        mode = [k for k in raw if k in ("any", "all")]
        extra = [k for k in raw if k not in ("any", "all", "in")]
        fields = raw.get(mode[0]) if len(mode) == 1 else None
        if extra or len(mode) != 1 or "in" not in raw or not isinstance(fields, list) or not fields:
            problems.add(at, "E303", "составное правило: {any: [поля], in: значения} или {all: …}", raw,
                         hint="{any: [level.primorye-2022-training, …], in: [Красный]}")
            return None
        inner = parse_rule(raw["in"], at, problems)
        word = "хотя бы одно из" if mode[0] == "any" else "все из"
        return inner and Rule(mode[0], f"{word} {', '.join(map(str, fields))}: {inner.text}",
                              fields=tuple(map(str, fields)), inner=inner)
    if _key(text) == PRESENT:
        return Rule("present", text)
    match = _CMP.match(text)
    if match:
        op = {"≥": ">=", "≤": "<="}.get(match[1], match[1])
        return Rule("cmp", text, op=op, low=float(match[2].replace(",", ".")))
    match = _RANGE.match(text)
    if match:
        low, high = (float(g.replace(",", ".")) for g in match.groups())
        if low > high:
            problems.add(at, "E303", "в диапазоне начало больше конца", text, hint=f"{match[2]}..{match[1]}")
            return None
        return Rule("range", text, low=low, high=high)
    if re.match(r"^\s*[<>=≥≤]", text):
        problems.add(at, "E303", "не понял правило: сравнение записано неверно", text, _RULE_HELP)
        return None
    return Rule("set", text, values=(_key(text),))
