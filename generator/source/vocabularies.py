"""Controlled vocabularies and the municipality list: data files the site owner edits.

A vocabulary field in content accepts an entry's id, label, title or any alias, in any case and
with «ё» or «е»; the model stores the entry's id, and pages show its label. Order in the file
is meaningful: facets, tables and ordered scales (evidence) follow it.

Each entry is validated by a model (`VocabularyEntry`, `MunicipalityEntry`) through the same
Russian translation as records' fields (`validate.translate`): an unknown key gets the nearest
one, a missing one its field's description, each at its own line.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from generator.diagnostics import Diagnostic, display_path, nearest
from generator.source.datafile import read_yaml

VOCABULARIES_FILE = "data/vocabularies.yml"
MUNICIPALITIES_FILE = "data/municipalities.yml"

#: Vocabularies the content model needs; a site's file must define each of them.
REQUIRED = (
    "levels", "subjects", "practice_types", "topics", "audiences", "association_kinds",
    "association_levels", "event_types", "event_formats", "event_states", "document_kinds",
    "organization_kinds", "service_forms", "practice_stages", "evidence_levels", "review_decisions",
)
MUNICIPALITY_TYPES = ("ГО", "МР", "МО", "ЗАТО")


def _line(text: object) -> str:
    """Labels and titles are shown as one line (see models.common.Line)."""
    return " ".join(str(text).split())


def _key(text: object) -> str:
    return " ".join(str(text).lower().replace("ё", "е").split())


@dataclasses.dataclass(frozen=True)
class Entry:
    id: str
    label: str
    title: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def long_label(self) -> str:
        return self.title or self.label


@dataclasses.dataclass(frozen=True)
class Municipality:
    id: str
    title: str
    type: str
    region: str
    aliases: tuple[str, ...] = ()
    #: Line of the entry in data/municipalities.yml, for warnings about it.
    line: int = dataclasses.field(default=0, compare=False)


def _names(value: object) -> object:
    return [value] if isinstance(value, str) else [] if value is None else value


OneLine = Annotated[str, BeforeValidator(lambda v: _line(v) if isinstance(v, str) else v), Field(min_length=1)]
Names = Annotated[tuple[str, ...], BeforeValidator(_names)]


class VocabularyEntry(BaseModel):
    """One entry of a vocabulary in data/vocabularies.yml."""

    model_config = ConfigDict(frozen=True, extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True)

    id: OneLine = Field(description="Идентификатор: латиница, цифры и дефисы, например matematika.")
    label: OneLine = Field(description="Как значение показывается на сайте, например «математика».")
    title: str = Field("", description="Полное название, если подпись — сокращение.")
    aliases: Names = Field((), description="Другие написания, которые принимаются в записях.")


class MunicipalityEntry(BaseModel):
    """One municipality of data/municipalities.yml."""

    model_config = ConfigDict(frozen=True, extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True)

    id: OneLine = Field(description="Идентификатор: латиница, цифры и дефисы, например penza.")
    title: OneLine = Field(description="Название, например «г. Пенза».")
    type: str = Field(description="Тип: ГО, МР, МО или ЗАТО.")
    region: str = Field("", description="Регион, например «Пензенская область».")
    aliases: Names = Field((), description="Другие написания, которые принимаются в записях.")

    @field_validator("type", mode="before")
    @classmethod
    def _known_type(cls, value: object) -> str:
        text = str(value or "")
        if text not in MUNICIPALITY_TYPES:
            guess = nearest(text, MUNICIPALITY_TYPES)
            raise PydanticCustomError("E301", "неизвестный тип муниципалитета", {
                "value": text, "allowed": ", ".join(MUNICIPALITY_TYPES),
                "hint": f"возможно, «{guess}»" if guess else
                "ГО — городской округ, МР — муниципальный район, МО — муниципальный округ"})
        return text


def _parse(model: type[BaseModel], item: object, at: tuple, rel: str, positions: dict,
           problems: list[Diagnostic]) -> BaseModel | None:
    """One entry of a data file by its model; every problem at its own line."""
    from generator.source.frontmatter import SourceFile
    from generator.validate import translate

    try:
        return model.model_validate(item)
    except ValidationError as error:
        own = {path[len(at):]: place for path, place in positions.items() if path[:len(at)] == at}
        own[()] = positions.get(at, (0, 0))  # a missing key is reported at its entry
        source = SourceFile("data", "data", Path(rel), rel, item if isinstance(item, dict) else {}, "", 1, own)
        problems.extend(translate(source, model, found) for found in error.errors())
        return None


class Vocabulary:
    """An ordered list of entries with lookup by any of their names."""

    def __init__(self, name: str, entries: list[Entry], unavailable: str | None = None) -> None:
        self.name = name
        self.entries = entries
        #: The problem that left this vocabulary unread (see `cause_key`): values are then not
        #: checked against it, and one summary at that problem counts the records affected.
        self.unavailable = unavailable
        self.by_id = {e.id: e for e in entries}
        self._position = {e.id: index for index, e in enumerate(entries)}
        self._lookup: dict[str, str] = {}
        for entry in entries:
            for word in (entry.id, entry.label, entry.title, *entry.aliases):
                if word:
                    self._lookup.setdefault(_key(word), entry.id)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Vocabulary) and (self.name, self.entries) == (other.name, other.entries)

    __hash__ = None  # type: ignore[assignment] - mutable-looking: never a dict key

    def resolve(self, value: object) -> str | None:
        """The canonical id for any accepted spelling, or None."""
        return self._lookup.get(_key(value))

    def label(self, entry_id: str) -> str:
        return self.by_id[entry_id].label

    def labels(self) -> list[str]:
        return [e.label for e in self.entries]

    def suggest(self, value: object) -> str | None:
        """The label of the entry nearest to `value`, for «did you mean»."""
        hit = nearest(_key(value), self._lookup)
        return self.by_id[self._lookup[hit]].label if hit else None

    def position(self, entry_id: str) -> int:
        """Order in the file: ordered scales and tables sort by it."""
        return self._position[entry_id]


@dataclasses.dataclass
class Vocabularies:
    vocabularies: dict[str, Vocabulary]
    municipalities: dict[str, Municipality]
    municipality_lookup: Vocabulary

    def __getitem__(self, name: str) -> Vocabulary:
        return self.vocabularies[name]


def cause_key(diagnostic: Diagnostic) -> str:
    """How a record's problem names the data file problem it comes from."""
    return f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}:{diagnostic.code}"


def _unreadable(problems: list[Diagnostic], before: int, rel: str) -> Diagnostic:
    """The problem that made a data file unusable (its first error), or one saying so."""
    found = next((d for d in problems[before:] if d.severity == "error"), None)
    if found is None:
        found = Diagnostic(rel, 1, 0, "E301", "в файле нет ни одной записи",
                           allowed="набор полей «ключ: значение» (см. пример сайта Kopilka)",
                           hint="скопируйте файл из примера сайта Kopilka (kopilka init)")
        problems.append(found)
    return found


def load_vocabularies(root: Path) -> tuple[Vocabularies, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    vocabularies: dict[str, Vocabulary] = {}
    before = len(problems)
    data, positions = _read(root / VOCABULARIES_FILE, root, problems)
    rel = VOCABULARIES_FILE
    broken = None if isinstance(data, dict) else cause_key(_unreadable(problems, before, rel))
    if isinstance(data, dict):
        for name, items in data.items():
            vocabularies[name] = Vocabulary(name, _entries(items, (name,), positions, rel, problems))
    for name in REQUIRED:
        if name not in vocabularies:
            cause = broken
            if cause is None:
                missing = Diagnostic(rel, 0, 0, "E301", f"в файле нет словаря «{name}»",
                                     allowed=", ".join(REQUIRED),
                                     hint="скопируйте словарь из примера сайта Kopilka")
                problems.append(missing)
                cause = cause_key(missing)
            vocabularies[name] = Vocabulary(name, [], unavailable=cause)

    municipalities: dict[str, Municipality] = {}
    before = len(problems)
    data, positions = _read(root / MUNICIPALITIES_FILE, root, problems)
    rel = MUNICIPALITIES_FILE
    items = data.get("municipalities") if isinstance(data, dict) else None
    broken = None if isinstance(items, list) else cause_key(
        _unreadable(problems, before, rel) if not isinstance(data, dict) or len(problems) > before else
        _missing_list(problems, rel, positions))
    for index, item in enumerate(items if isinstance(items, list) else []):
        line = positions.get(("municipalities", index), (0, 0))[0]
        entry = _parse(MunicipalityEntry, item, ("municipalities", index), rel, positions, problems)
        if entry is None:
            continue
        if entry.id in municipalities:
            problems.append(Diagnostic(rel, line, 0, "E201", "id муниципалитета использован дважды",
                                       value=entry.id, allowed="каждый id один раз",
                                       hint="переименуйте один из муниципалитетов или объедините записи"))
        municipalities[entry.id] = Municipality(entry.id, entry.title, entry.type, _line(entry.region),
                                                entry.aliases, line)
    lookup = Vocabulary("municipalities", [
        Entry(m.id, m.title, aliases=m.aliases) for m in municipalities.values()], unavailable=broken)
    return Vocabularies(vocabularies, municipalities, lookup), problems


def _missing_list(problems: list[Diagnostic], rel: str, positions: dict) -> Diagnostic:
    found = Diagnostic(rel, 1, 0, "E301", "в файле нет списка municipalities:",
                       allowed="municipalities:\n  - id: …\n    title: …", hint="скопируйте файл из примера сайта Kopilka")
    problems.append(found)
    return found


def _read(path: Path, root: Path, problems: list[Diagnostic]) -> tuple[object, dict]:
    rel = display_path(path, root)
    if not path.is_file():
        problems.append(Diagnostic(rel, 0, 0, "E301", "нет файла данных сайта",
                                   allowed=f"файл {rel} в папке сайта",
                                   hint="скопируйте его из примера сайта Kopilka (kopilka init)"))
        return None, {}
    document, read = read_yaml(path, root)
    problems.extend(read)
    return (document.data, document.positions) if document else (None, {})


def _entries(items: object, path: tuple, positions: dict, rel: str,
             problems: list[Diagnostic]) -> list[Entry]:
    entries: list[Entry] = []
    seen: set[str] = set()
    if not isinstance(items, list):
        line = positions.get(path, (0, 0))[0]
        problems.append(Diagnostic(rel, line, 0, "E301", f"словарь «{path[-1]}» должен быть списком записей",
                                   value=str(items)[:80], allowed="- id: matematika\n  label: математика",
                                   hint="каждая запись начинается с «- id:»"))
        return entries
    for index, item in enumerate(items):
        line = positions.get(path + (index,), (0, 0))[0]
        entry = _parse(VocabularyEntry, item, path + (index,), rel, positions, problems)
        if entry is None:
            continue
        if entry.id in seen:
            problems.append(Diagnostic(rel, line, 0, "E201", "id записи словаря использован дважды",
                                       value=entry.id, allowed="каждый id один раз в словаре",
                                       hint="переименуйте одну из записей или перенесите её написание в aliases"))
        seen.add(entry.id)
        entries.append(Entry(entry.id, entry.label, _line(entry.title), entry.aliases))
    return entries
