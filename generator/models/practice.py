from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field

from generator.models.base import Entity, FieldProblem, material_problems
from generator.models.common import (
    Date,
    Flag,
    Material,
    PersonItem,
    Record,
    Ref,
    RefList,
    Text,
    Url,
    Year,
    _as_list,
    vocab,
    vocab_list,
)


def _result(value: object) -> object:
    return {"text": value} if isinstance(value, str) else value


class Result(Record):
    """A result in words, or a measured change of an indicator."""

    text: str | None = Field(None, description="Результат словами.")
    indicator: str | None = Field(None, description="Показатель, например «доля педагогов с ИОМ».")
    before: float | None = Field(None, description="Значение до внедрения.")
    after: float | None = Field(None, description="Значение после внедрения.")
    unit: str | None = Field(None, description="Единица: %, чел., баллы…")


class Contact(Record):
    """How to reach the authors. Nothing is shown unless `public: true`."""

    email: str | None = Field(None, description="Электронная почта.")
    phone: str | None = Field(None, description="Телефон.")
    public: Flag = Field(False, title="показывать ли контакт", description="true — показать контакт на сайте; иначе он скрыт.")


class Review(Record):
    """The expert review (экспертиза) of a practice."""

    experts: Annotated[tuple[str, ...], BeforeValidator(_as_list)] = Field(
        (), description="Эксперты: ФИО.")
    date: Date | None = Field(None, description="Дата заключения.")
    decision: vocab("review_decisions", "решения экспертизы") = Field(
        title="решение экспертизы",
        description="рекомендовано, на доработку или отклонено.")
    score: float | None = Field(None, ge=0, le=100, description="Балл экспертизы, 0–100.")


class Practice(Entity):
    """A practice of the bank: what a teacher may take and repeat in her school."""

    summary: Text = Field(max_length=600, description="Аннотация, не больше 600 знаков.")
    authors: Annotated[tuple[PersonItem, ...], BeforeValidator(_as_list), Field(min_length=1)] = Field(
        description="Авторы: «ФИО» или {name, position, organization}.")
    organization: Ref = Field(description="id организации, где создана практика.")
    levels: vocab_list("levels", "уровни образования") = Field(
        min_length=1, description="Уровни образования: ДО, НОО, ООО, СОО, СПО, ДПО.")
    subjects: vocab_list("subjects", "предметы") = Field(min_length=1, description="Предметы.")
    type: vocab("practice_types", "типы практик") = Field(description="Тип практики.")
    year: Year = Field(description="Год описания практики.")
    topics: vocab_list("topics", "темы") = Field((), description="Темы.")
    stage: vocab("practice_stages", "этапы") | None = Field(
        None, description="Этап: разработка, апробация, обобщение, распространение, внедрение.")
    evidence: vocab("evidence_levels", "уровни доказанности") | None = Field(
        None, description="Доказанность: описана, апробирована, подтверждена результатами, тиражирована.")
    audience: vocab_list("audiences", "аудитории") = Field((), description="Для кого практика.")
    results: Annotated[tuple[Annotated[Result, BeforeValidator(_result)], ...],
                       BeforeValidator(_as_list)] = Field(
        (), description="Результаты: текст или {indicator, before, after, unit}.")
    resources: str | None = Field(None, description="Что нужно для практики.")
    replication: str | None = Field(None, description="Условия тиражирования.")
    replicated_in: RefList = Field((), description="id организаций, где практику повторили.")
    association: Ref | None = Field(None, description="id методического объединения.")
    events: RefList = Field((), description="id мероприятий, где практику представляли.")
    materials: tuple[Material, ...] = Field((), description="Материалы: {title, file или url, license}.")
    contact: Contact | None = Field(None, description="Контакты {email, phone, public}.")
    review: Review | None = Field(None, description="Экспертиза {experts, date, decision, score}.")
    added: Date | None = Field(None, description="Дата добавления в банк.")
    website: Url | None = Field(None, description="Страница практики на сайте организации.")

    def problems(self) -> list[FieldProblem]:
        found = material_problems(self.materials)
        for index, result in enumerate(self.results):
            if not result.text and not result.indicator:
                found.append(FieldProblem(("results", index), "E111",
                                          "результат пустой: нужен текст или indicator",
                                          hint="напишите результат словами или укажите indicator, before и after",
                                          allowed="текст или {indicator, before, after, unit}"))
        if self.contact and not (self.contact.email or self.contact.phone):
            found.append(FieldProblem(("contact",), "E111", "в контакте нет ни email, ни phone",
                                      hint="добавьте email или phone, или уберите поле contact",
                                      allowed="contact: {email, phone, public}"))
        return found
