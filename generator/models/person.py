"""A person of the methodological service: a methodist, a head of a department, a mentor.

A person is published only with `public: true`: without it the record exists for the service
(references to it are allowed) but nothing of it — name, position, contacts, not even its id —
reaches any page, feed, export or search entry (`visible` is False, so the Site never holds it).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

from generator.models.base import Entity
from generator.models.common import (
    VISIBLE_STATUSES,
    Email,
    Entry,
    Flag,
    Line,
    MunicipalityId,
    Phone,
    Ref,
    Vocabulary,
    _as_list,
    fixed,
    vocab_list,
)

#: What a person does in the network; fixed, because pages group people by it.
PERSON_ROLES = Vocabulary("person_roles", [
    Entry("metodist", "методист", aliases=("методист ммс", "старший методист")),
    Entry("rukovoditel", "руководитель", aliases=("директор", "заведующий", "начальник отдела")),
    Entry("spetsialist", "специалист", aliases=("специалист моуо", "главный специалист", "ведущий специалист")),
    Entry("konsultant", "консультант", aliases=("ведущий консультаций",)),
    Entry("ekspert", "эксперт", aliases=("член экспертного совета",)),
    Entry("nastavnik", "наставник", aliases=("педагог-наставник",)),
    Entry("molodoy-pedagog", "молодой педагог", aliases=("молодой специалист",)),
])


def _roles(value: object) -> object:
    items = _as_list(value)
    return list(dict.fromkeys(items)) if isinstance(items, list) and all(isinstance(i, str) for i in items) else items


Role = fixed(PERSON_ROLES, "роли специалистов")
MunicipalityList = Annotated[tuple[MunicipalityId, ...], BeforeValidator(_as_list),
                             AfterValidator(lambda ids: tuple(dict.fromkeys(ids)))]


class Specialist(Entity):
    """A person of the service, with what they look after. Shown only with `public: true`."""

    title: Line = Field(title="ФИО", description="Фамилия, имя, отчество полностью.")
    public: Flag = Field(False, title="согласие на публикацию", description=(
        "true — человек согласен, чтобы его имя, должность и контакты были на сайте. Без true запись "
        "не публикуется нигде: ни страницы, ни имени в списках, ни контактов."))
    position: Line | None = Field(None, description="Должность.")
    organization: Ref | None = Field(None, description="id организации, где работает.")
    department: Line | None = Field(None, description="Отдел: название из departments его организации.")
    roles: Annotated[tuple[Role, ...], BeforeValidator(_roles)] = Field((), description=(
        "Роли: методист, руководитель, специалист, консультант, эксперт, наставник, молодой педагог."))
    subjects: vocab_list("subjects", "предметы") = Field((), description="Предметы, которые курирует.")
    levels: vocab_list("levels", "уровни образования") = Field((), description="Уровни образования, которые курирует.")
    topics: vocab_list("topics", "темы") = Field((), description="Темы, по которым консультирует.")
    municipalities: MunicipalityList = Field((), description=(
        "Муниципалитеты, которые курирует (id); если не указаны — муниципалитет его организации."))
    email: Email | None = Field(None, description="Рабочая электронная почта.")
    phone: Phone | None = Field(None, description="Рабочий телефон.")
    hours: str | None = Field(None, description="Когда можно обратиться: дни и часы приёма.")
    summary: str | None = Field(None, max_length=600, description="Коротко: чем может помочь педагогам.")

    @property
    def visible(self) -> bool:
        """Published, archived — and agreed to be published: nothing else of a person exists."""
        return self.status in VISIBLE_STATUSES and self.public
