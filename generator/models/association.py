from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field

from generator.models.base import Entity, FieldProblem, private_name
from generator.models.common import (
    ID_RE,
    Entry,
    Flag,
    Line,
    LinkOrFile,
    MunicipalityId,
    Person,
    Record,
    Ref,
    Url,
    Vocabulary,
    Year,
    _as_list,
    fixed,
    vocab,
    vocab_list,
)

#: Where an association's community talks; fixed, because the directory groups by it.
COMMUNITY_KINDS = Vocabulary("community_kinds", [
    Entry("forum", "форум", aliases=("forum", "виртуальный кабинет", "методический кабинет")),
    Entry("chat", "чат", aliases=("chat", "мессенджер")),
    Entry("group", "группа", aliases=("group", "сообщество", "группа в социальной сети")),
    Entry("channel", "канал", aliases=("channel", "телеграм-канал")),
    Entry("site", "сайт", aliases=("site", "страница")),
])


class Community(Record):
    """A place where members of an association talk: a forum, a chat, a group."""

    kind: fixed(COMMUNITY_KINDS, "виды сообществ") = Field(
        description="Вид: форум, чат, группа, канал, сайт.")
    url: Url = Field(description="Ссылка https://…")
    title: Line | None = Field(None, description="Название, например «Форум учителей химии».")


def _member(value: object) -> object:
    """A member written as one line: a person's id (content/people/), or a name (not shown)."""
    if isinstance(value, str):
        text = value.strip()
        return {"person": text} if ID_RE.match(text) else {"name": text}
    return value


class Member(Record):
    """A member of an association. A name is shown only with `public: true` (or a public person)."""

    person: Ref | None = Field(None, description="id специалиста из content/people/ (виден, если у него public: true).")
    name: Line | None = Field(None, description="ФИО; на сайте — только с public: true.")
    position: Line | None = Field(None, description="Должность.")
    organization: Line | None = Field(None, description="Организация: id записи организации или название текстом.")
    public: Flag = Field(False, title="согласие на публикацию имени", description="true — участник согласен, чтобы его имя было на сайте.")


class Association(Entity):
    """A methodological association, community, council or network site (ГМО, РМО, …)."""

    summary: str | None = Field(None, max_length=600, description="Коротко об объединении.")
    kind: vocab("association_kinds", "виды объединений") = Field(
        description="Вид: ГМО, РМО, ШМО, ассоциация, сетевое сообщество, …")
    level: vocab("association_levels", "уровни объединений") = Field(
        description="Уровень: школьный, муниципальный, региональный, межрегиональный.")
    subjects: vocab_list("subjects", "предметы") = Field((), description="Предметы.")
    municipality: MunicipalityId | None = Field(None, description="Муниципалитет (id).")
    organization: Ref | None = Field(None, description="id организации, при которой работает.")
    leader: Person | None = Field(None, description="Руководитель {name, position, organization}.")
    members_count: int | None = Field(None, ge=0, description="Число участников.")
    members: Annotated[tuple[Annotated[Member, BeforeValidator(_member)], ...], BeforeValidator(_as_list)] = Field(
        (), description="Участники: id специалиста или {name, position, organization, public}; имена — только с public: true.")
    founded: Year | None = Field(None, description="Год создания.")
    website: Url | None = Field(None, description="Сайт.")
    community_url: Url | None = Field(None, description="Ссылка на сообщество (группа, форум).")
    communities: tuple[Community, ...] = Field((), description="Сообщества {kind, url, title}: форум, чат, группа, канал.")
    regulation: LinkOrFile | None = Field(None, description="Положение: ссылка или файл.")
    plan: LinkOrFile | None = Field(None, description="План работы: ссылка или файл; можно писать в тексте.")

    def problems(self) -> list[FieldProblem]:
        found = []
        if not self.municipality and not self.organization:
            found.append(FieldProblem((), "E102", "укажите municipality или organization",
                                      hint="organization: id организации, при которой работает объединение",
                                      allowed="municipality: id муниципалитета или organization: id организации"))
        for index, member in enumerate(self.members):
            if not member.person and not member.name:
                found.append(FieldProblem(("members", index), "E102", "у участника нет ни person, ни name",
                                          hint="укажите id специалиста (person) или ФИО (name) с public: true",
                                          allowed="{person: id} или {name, position, organization, public}"))
            elif member.name and not member.public and not member.person:
                found.append(private_name(("members", index), member.name))
        return found
