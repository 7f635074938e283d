"""What every content type has: id, source, status, title, tags, body."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from pydantic import Field

from generator.models.common import VISIBLE_STATUSES, Line, Record, Status, Tags


@dataclasses.dataclass(frozen=True)
class FieldProblem:
    """A rule across fields of one record; `field` is the key path the line is taken from."""

    field: tuple
    code: str
    message: str
    value: str | None = None
    hint: str | None = None
    severity: str = "error"
    allowed: str | None = None


class Entity(Record):
    """Fields shared by all five content types. `id`, `source` and `body` come from the file."""

    id: str = Field(description="Имя файла без .md; задаётся файлом, не полем.")
    source: str = Field(description="Путь к файлу относительно корня сайта.")
    body: str = Field("", description="Текст после блока метаданных (Markdown).")
    title: Line = Field(description="Название.")
    status: Status = Field("published", description=(
        "Статус публикации: опубликовано (по умолчанию), черновик, на экспертизе, архив. "
        "Черновики и записи на экспертизе на сайт не попадают."))
    tags: Tags = Field((), description="Свободные метки; приводятся к нижнему регистру.")

    #: Keys set from the file itself; written in frontmatter they are an error.
    FILE_KEYS: ClassVar[tuple[str, ...]] = ("id", "source", "body")

    @property
    def display_title(self) -> str:
        """The title lists and links show (an organisation's short title, if it has one)."""
        return self.title

    @property
    def visible(self) -> bool:
        """Published and archived entries exist in the built site; nothing else does."""
        return self.status in VISIBLE_STATUSES

    def problems(self) -> list[FieldProblem]:
        """Rules across fields; each type adds its own."""
        return []


def material_problems(materials) -> list[FieldProblem]:
    """A material is a file beside the record or a link, never both or neither."""
    return [FieldProblem(("materials", index), "E111", "у материала должен быть ровно один из file или url",
                         material.title, "файл рядом с записью — в file, ссылку — в url",
                         allowed="{title, file} или {title, url}")
            for index, material in enumerate(materials) if bool(material.file) == bool(material.url)]


def private_name(field: tuple, name: str) -> FieldProblem:
    """A person named without `public: true`: kept off the site, and the owner told so."""
    return FieldProblem(field, "W209", "имя без public: true на сайте не показывается", name,
                        "если человек согласен на публикацию, добавьте public: true; иначе имя лучше "
                        "не хранить в открытом репозитории", severity="warning",
                        allowed="{name: …, public: true}")
