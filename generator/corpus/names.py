"""The record a contributor meant: by its id's spelling, or by its title written instead.

`organization: МБОУ «Гимназия № 4»` names an organisation by its title where an id is wanted;
`organization: gimnazia-4` misspells `gimnaziya-4`. Either way the message should name the id.
"""

from __future__ import annotations

import re

from generator.diagnostics import Diagnostic, nearest
from generator.text import suggest_id

_QUOTES = re.compile(r"[«»\"'“”„№#.,]")


def _plain(text: str) -> str:
    return " ".join(_QUOTES.sub(" ", text.lower().replace("ё", "е")).split())


class Names:
    """Every validated record's id and titles, by kind; gathered when first asked (a site with
    no wrong reference never needs them: 0.1 s a check at 10,000 practices)."""

    def __init__(self, records) -> None:
        self._records = records
        self._ready = False

    def _gather(self) -> None:
        if self._ready:
            return
        self._ready = True
        self.ids: dict[str, list[str]] = {}
        self.titles: dict[str, dict[str, str]] = {}  # kind -> plain title -> id
        self.shown: dict[str, str] = {}  # id -> title as written
        for source, entity in self._records:
            self.ids.setdefault(source.kind, []).append(entity.id)
            self.shown.setdefault(entity.id, entity.title)
            titles = self.titles.setdefault(source.kind, {})
            for title in (entity.title, entity.__dict__.get("short_title")):
                if title:
                    titles.setdefault(_plain(title), entity.id)

    def meant(self, value: str, kinds: tuple[str, ...]) -> str | None:
        """The id `value` most likely means among records of `kinds`, or None."""
        self._gather()
        titles = {t: i for kind in kinds for t, i in self.titles.get(kind, {}).items()}
        ids = [i for kind in kinds for i in self.ids.get(kind, [])]
        plain = _plain(str(value))
        if plain in titles:
            return titles[plain]
        by_title = nearest(plain, titles, cutoff=0.75)
        if by_title:
            return titles[by_title]
        return nearest(suggest_id(str(value)), ids, cutoff=0.6) or nearest(str(value), ids, cutoff=0.6)

    def hint(self, value: str, kinds: tuple[str, ...]) -> str | None:
        found = self.meant(value, kinds)
        return f"возможно, «{found}» — это id записи «{self.title_of(found)}»" if found else None

    def title_of(self, entity_id: str) -> str:
        self._gather()
        return self.shown.get(entity_id, entity_id)


#: `allowed` of the problem «an id was expected» (models.common._ref), recognised here.
REF_ALLOWED = "например penza-sosh-57"


def with_id_hints(problems: list[Diagnostic], names: Names) -> list[Diagnostic]:
    """An id written as a title gets the id of the record with that title as its hint."""
    kinds = ("organization", "association", "event", "practice", "program")
    improved = []
    for problem in problems:
        if problem.code == "E103" and problem.allowed == REF_ALLOWED and problem.value:
            hint = names.hint(problem.value, kinds)
            if hint:
                problem = Diagnostic(problem.path, problem.line, problem.column, problem.code, problem.message,
                                     value=problem.value, allowed="id записи — имя её файла без .md",
                                     hint=hint, severity=problem.severity)
        improved.append(problem)
    return improved
