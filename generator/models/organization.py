from __future__ import annotations

from typing import Any

from pydantic import Field

from generator.models.base import Entity
from generator.models.common import Line, MunicipalityId, Ref, Url, vocab

#: The value that means «информация не предоставлена»: never equal to zero or absent.
NO_DATA = "нет данных"


class Organization(Entity):
    """An organisation: ММС, МОУО, school, kindergarten, institute."""

    short_title: Line | None = Field(None, description="Краткое название.")
    summary: str | None = Field(None, max_length=600, description="Коротко об организации.")
    kind: vocab("organization_kinds", "виды организаций") = Field(
        description="Вид: ММС, МОУО, ОО, ДОО, УДО, СПО, ИРО, другое.")
    municipality: MunicipalityId | None = Field(None, description="Муниципалитет (id).")
    parent: Ref | None = Field(None, description="id вышестоящей организации.")
    website: Url | None = Field(None, description="Сайт.")
    address: str | None = Field(None, description="Адрес.")
    form: vocab("service_forms", "формы методической службы") | None = Field(
        None, description="Форма ММС: отдельная организация, отдел МОУО, специалисты МОУО, не создана.")
    staff_count: int | None = Field(None, ge=0, description="Число сотрудников методической службы.")
    monitoring: dict[str, dict[str, Any]] = Field(
        {}, description="Факты мониторингов: {кампания: {показатель: значение}}; «нет данных» — "
                        "информация не предоставлена.")

    @property
    def display_title(self) -> str:
        return self.short_title or self.title
