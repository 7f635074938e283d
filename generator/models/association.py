from __future__ import annotations

from pydantic import Field

from generator.models.base import Entity, FieldProblem
from generator.models.common import (
    LinkOrFile,
    MunicipalityId,
    Person,
    Ref,
    Url,
    Year,
    vocab,
    vocab_list,
)


class Association(Entity):
    """A methodological association, community, council or network site (ГМО, РМО, …)."""

    summary: str | None = Field(None, max_length=600, description="Коротко о объединении.")
    kind: vocab("association_kinds", "виды объединений") = Field(
        description="Вид: ГМО, РМО, ШМО, ассоциация, сетевое сообщество, …")
    level: vocab("association_levels", "уровни объединений") = Field(
        description="Уровень: школьный, муниципальный, региональный, межрегиональный.")
    subjects: vocab_list("subjects", "предметы") = Field((), description="Предметы.")
    municipality: MunicipalityId | None = Field(None, description="Муниципалитет (id).")
    organization: Ref | None = Field(None, description="id организации, при которой работает.")
    leader: Person | None = Field(None, description="Руководитель {name, position, organization}.")
    members_count: int | None = Field(None, ge=0, description="Число участников.")
    founded: Year | None = Field(None, description="Год создания.")
    website: Url | None = Field(None, description="Сайт.")
    community_url: Url | None = Field(None, description="Ссылка на сообщество (группа, форум).")
    regulation: LinkOrFile | None = Field(None, description="Положение: ссылка или файл.")
    plan: LinkOrFile | None = Field(None, description="План работы: ссылка или файл; можно писать в тексте.")

    def problems(self) -> list[FieldProblem]:
        if not self.municipality and not self.organization:
            return [FieldProblem((), "E102", "укажите municipality или organization",
                                 hint="organization: id организации, при которой работает объединение",
                                 allowed="municipality: id муниципалитета или organization: id организации")]
        return []
