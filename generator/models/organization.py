from __future__ import annotations

from typing import Any

from pydantic import Field

from generator.models.base import Entity, FieldProblem
from generator.models.common import Email, Line, MunicipalityId, Phone, Record, Ref, Url, vocab

#: The value that means «информация не предоставлена»: never equal to zero or absent.
NO_DATA = "нет данных"


class Department(Record):
    """A department of an organisation (отдел), with its own contacts."""

    title: Line = Field(description="Название отдела.")
    summary: str | None = Field(None, max_length=600, description="Чем занимается отдел.")
    head: Ref | None = Field(None, description="id руководителя отдела из content/people/ (виден, если public: true).")
    email: Email | None = Field(None, description="Электронная почта отдела.")
    phone: Phone | None = Field(None, description="Телефон отдела.")
    hours: str | None = Field(None, description="Часы работы или приёма.")


def department_key(title: str) -> str:
    """How a person's `department` is matched with a department's title: case and spaces aside."""
    return " ".join(title.lower().replace("ё", "е").split())


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
    email: Email | None = Field(None, description="Электронная почта для педагогов (публикуется).")
    phone: Phone | None = Field(None, description="Телефон (публикуется).")
    hours: str | None = Field(None, description="Часы работы или приёма, например «пн–пт 9:00–17:00».")
    departments: tuple[Department, ...] = Field(
        (), description="Отделы {title, summary, head, email, phone, hours}.")
    form: vocab("service_forms", "формы методической службы") | None = Field(
        None, description="Форма ММС: отдельная организация, отдел МОУО, специалисты МОУО, не создана.")
    staff_count: int | None = Field(None, ge=0, description="Число сотрудников методической службы.")
    monitoring: dict[str, dict[str, Any]] = Field(
        {}, description="Факты мониторингов: {кампания: {показатель: значение}}; «нет данных» — "
                        "информация не предоставлена.")

    @property
    def display_title(self) -> str:
        return self.short_title or self.title

    @property
    def has_contacts(self) -> bool:
        return bool(self.email or self.phone or self.hours or self.departments)

    def problems(self) -> list[FieldProblem]:
        seen: dict[str, int] = {}
        found = []
        for index, department in enumerate(self.departments):
            key = department_key(department.title)
            if key in seen:
                found.append(FieldProblem(("departments", index, "title"), "E201", "отдел с таким названием уже есть",
                                          department.title, "у каждого отдела своё название",
                                          allowed="каждое название один раз"))
            seen[key] = index
        return found
