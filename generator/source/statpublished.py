"""Figures a report published, as `published:` of a table definition: `12 (35,3%)`, `52,9%`,
`31`, `4,3`, or {count, percent, members, note}. Parsed as printed, never normalised away: the
text is shown beside the computed figure and compared with it (`derive/statcompare.py`).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING
import re

from generator.diagnostics import nearest
from generator.source.vocabularies import _key

if TYPE_CHECKING:
    from generator.source.statdefs import DefinitionProblems

PUBLISHED_KEYS = ("source", "total", "note", "figures")
FIGURE_KEYS = ("count", "percent", "members", "note")
_FIGURE = re.compile(r"^\s*(?:(?P<count>\d+)\s*\(\s*(?P<share>\d+(?:[.,]\d)?)\s*%\s*\)"
                     r"|(?P<only>\d+(?:[.,]\d)?)\s*%|(?P<alone>\d+)|(?P<number>-?\d+[.,]\d+))\s*$")


@dataclasses.dataclass(frozen=True)
class Figure:
    """A published figure as printed: `12 (35,3%)`, `52,9%`, `31`, with names if listed."""

    key: str
    text: str
    count: int | None
    percent: str | None        # «35,3»: compared as printed
    members: tuple[str, ...]
    note: str | None
    line: int
    number: str | None = None  # «12,5»: a measure's value as printed (comma decimal)


@dataclasses.dataclass(frozen=True)
class Published:
    source: str | None
    #: The number the published levels should add up to (e.g. municipalities with staff).
    total: int | None
    note: str | None
    figures: tuple[Figure, ...]


def parse_published(raw, at: tuple, problems: DefinitionProblems) -> Published | None:
    if raw is None:
        return None
    where = at + ("published",)
    if not isinstance(raw, dict) or not isinstance(raw.get("figures"), dict):
        problems.add(where, "E302", "published: {source, total, note, figures: {уровень: «12 (35,3%)»}}", raw,
                     ", ".join(PUBLISHED_KEYS), 'published:\n  figures:\n    оптимальное: "12 (35,3%)"')
        return None
    for key in raw:
        if key not in PUBLISHED_KEYS:
            problems.add(where + (key,), "E302", f"неизвестное поле «{key}» в published", key,
                         ", ".join(PUBLISHED_KEYS))
    total = raw.get("total")
    if total is not None and (not isinstance(total, int) or isinstance(total, bool)):
        problems.add(where + ("total",), "E302", "total — целое число", total, "целое число", "total: 32")
        total = None
    figures = []
    for key, value in raw["figures"].items():
        figure = _figure(str(key), value, where + ("figures", key), problems)
        if figure:
            figures.append(figure)
    return Published(raw.get("source"), total, raw.get("note"), tuple(figures))


def _figure(key: str, value, where: tuple, problems: DefinitionProblems) -> Figure | None:
    spec = value if isinstance(value, dict) else {"count": value}
    unknown = [k for k in spec if k not in FIGURE_KEYS]
    if unknown:
        problems.add(where + (unknown[0],), "E302", f"неизвестное поле «{unknown[0]}»", unknown[0],
                     ", ".join(FIGURE_KEYS))
        return None
    count, percent, number = spec.get("count"), spec.get("percent"), None
    if isinstance(count, float):  # a measure's value written as a YAML number: 12.5
        count, number = None, _comma(count)
    if isinstance(count, str):  # «12 (35,3%)», «52,9%», «31», «12,5»
        match = _FIGURE.match(count)
        if not match:
            problems.add(where, "E303", "не понял опубликованную цифру", count,
                         "«12 (35,3%)», «52,9%», «31» или «12,5»", "число пишите цифрами, долю — со знаком %")
            return None
        whole, share = match["count"] or match["alone"], match["share"] or match["only"]
        count, percent, number = whole and int(whole), share or percent, match["number"] and _comma(match["number"])
    elif count is not None and (not isinstance(count, int) or isinstance(count, bool)):
        problems.add(where, "E303", "число в published должно быть целым", count,
                     "целое число, «12 (35,3%)» или «52,9%»", "например count: 12")
        return None
    if percent is not None:
        percent = _comma(percent)
        if "," not in percent:
            percent += ",0"
    members = spec.get("members") or []
    if not isinstance(members, list):
        problems.add(where + ("members",), "E302", "members — список названий", members,
                     "список названий", "members: [Артемовский ГО, Находкинский ГО]")
        members = []
    return Figure(key, _figure_text(spec, count, number) or ", ".join(map(str, members)), count,
                  percent, tuple(map(str, members)), spec.get("note"), problems.line(where), number)


def _comma(value) -> str:
    return str(value).strip().replace(".", ",")


def _figure_text(spec: dict, count: int | None, number: str | None) -> str:
    """The figure as the report printed it: its own words when given as text, else composed
    («34 (100,0%)», «100,0%» for a percent alone, not «(100%)»)."""
    if isinstance(spec.get("count"), str):
        return spec["count"].strip()
    if number is not None:
        return number
    written = None if spec.get("percent") is None else _comma(spec["percent"])
    if count is not None:
        return f"{count} ({written}%)" if written is not None else str(count)
    return f"{written}%" if written is not None else ""


def check_measure_figures(published: Published, measures, at: tuple, problems: DefinitionProblems) -> None:
    names = [m.label for m in measures]
    for figure in published.figures:
        if not any(_key(figure.key) in (_key(m.id), _key(m.label)) for m in measures):
            guess = nearest(figure.key, names)
            problems.add(at + ("published", "figures", figure.key), "E304",
                         f"опубликованная цифра для неизвестной меры «{figure.key}»", figure.key,
                         ", ".join(names), f"возможно, «{guess}»" if guess else "ключ — label или id меры")
