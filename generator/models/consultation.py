"""Regular consultation hours of the service, and answered questions («вопрос — ответ»)."""

from __future__ import annotations

from pydantic import Field, ValidationInfo, model_validator

from generator.models.base import Entity, FieldProblem
from generator.models.common import (
    Date,
    Email,
    Moment,
    MunicipalityId,
    Phone,
    Record,
    Ref,
    RefList,
    TimeZone,
    Url,
    vocab,
    vocab_list,
)
from generator.models.event import Repeat, Timed


class Signup(Record):
    """How a teacher signs up for a consultation: a form, an e-mail or a phone."""

    url: Url | None = Field(None, description="Ссылка на форму записи.")
    email: Email | None = Field(None, description="Электронная почта для записи.")
    phone: Phone | None = Field(None, description="Телефон для записи.")
    note: str | None = Field(None, description="Как записаться, например «за два дня, с темой вопроса».")


class Consultation(Timed, Entity):
    """Consultation hours that repeat (every Tuesday, the first Thursday of a month…)."""

    summary: str | None = Field(None, max_length=600, description="Коротко: по каким вопросам консультация.")
    hosts: RefList = Field((), description="Кто консультирует: id специалистов из content/people/ (видны, если public: true).")
    organization: Ref | None = Field(None, description="id организации, которая проводит консультации.")
    municipality: MunicipalityId | None = Field(None, description="Муниципалитет (id).")
    subjects: vocab_list("subjects", "предметы") = Field((), description="Предметы.")
    levels: vocab_list("levels", "уровни образования") = Field((), description="Уровни образования.")
    topics: vocab_list("topics", "темы") = Field((), description="Темы.")
    audience: vocab_list("audiences", "аудитории") = Field((), description="Для кого.")
    format: vocab("event_formats", "форматы") = Field(description="Формат: очно, дистанционно, смешанный.")
    location: str | None = Field(None, description="Место (нужно, если не дистанционно).")
    online_url: Url | None = Field(None, description="Ссылка на подключение.")
    start: Moment = Field(description="Первая консультация: 2026-09-01 15:00.")
    end: Moment | None = Field(None, description="Окончание первой консультации: 2026-09-01 17:00.")
    timezone: TimeZone = Field(description="Часовой пояс IANA; по умолчанию — из data/site.yml.")
    repeat: Repeat | None = Field(None, description="Повторение {freq, interval, until, count}: еженедельно, ежемесячно…")
    signup: Signup | None = Field(None, description="Как записаться {url, email, phone, note}.")

    @model_validator(mode="before")
    @classmethod
    def _zone(cls, data: object, info: ValidationInfo) -> object:
        if isinstance(data, dict) and "timezone" not in data:
            data = {**data, "timezone": info.context.timezone}
        return data

    def problems(self) -> list[FieldProblem]:
        found = self.end_problems() + self.place_problems() + self.repeat_problems()
        if self.signup and not (self.signup.url or self.signup.email or self.signup.phone):
            found.append(FieldProblem(("signup",), "E111", "в signup нет ни ссылки, ни почты, ни телефона",
                                      hint="добавьте url, email или phone",
                                      allowed="signup: {url, email, phone, note}"))
        return found


class Question(Entity):
    """An answered question: the question in the title (and `question`), the answer in the text."""

    question: str | None = Field(None, description="Вопрос полностью, как его задали (без имени того, кто спросил).")
    summary: str | None = Field(None, max_length=600, description="Ответ коротко; полный ответ — в тексте после ---.")
    date: Date | None = Field(None, description="Дата ответа.")
    answered_by: Ref | None = Field(None, description="Кто ответил: id специалиста из content/people/ (виден, если public: true).")
    organization: Ref | None = Field(None, description="id организации, которая ответила.")
    municipality: MunicipalityId | None = Field(None, description="Муниципалитет (id).")
    topics: vocab_list("topics", "темы") = Field((), description="Темы.")
    levels: vocab_list("levels", "уровни образования") = Field((), description="Уровни образования.")
    subjects: vocab_list("subjects", "предметы") = Field((), description="Предметы.")
    practices: RefList = Field((), description="id практик, о которых вопрос.")
    associations: RefList = Field((), description="id объединений, о работе которых вопрос.")
