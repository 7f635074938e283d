from __future__ import annotations

import datetime as dt
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import BeforeValidator, Field, ValidationInfo, model_validator

from generator.models.base import Entity, FieldProblem, private_name
from generator.models.common import (
    STATUSES,
    Date,
    Entry,
    Flag,
    Line,
    Material,
    Moment,
    MunicipalityId,
    Record,
    Ref,
    RefList,
    TimeZone,
    Url,
    Vocabulary,
    _one_or_many,
    fixed,
    vocab,
    vocab_list,
)

FREQUENCIES = Vocabulary("repeat", [
    Entry("DAILY", "ежедневно", aliases=("daily", "каждый день")),
    Entry("WEEKLY", "еженедельно", aliases=("weekly", "каждую неделю")),
    Entry("MONTHLY", "ежемесячно", aliases=("monthly", "каждый месяц")),
    Entry("YEARLY", "ежегодно", aliases=("yearly", "каждый год")),
])


class Repeat(Record):
    """Repetition in the spirit of RFC 5545 RRULE; `until` is inclusive."""

    freq: fixed(FREQUENCIES, "частота повторения") = Field(
        description="Частота: ежемесячно (monthly), еженедельно (weekly), ежедневно, ежегодно.")
    interval: int = Field(1, ge=1, le=366, description="Каждые N периодов (по умолчанию 1).")
    until: Date | None = Field(None, description="Последняя дата повторения (включительно).")
    count: int | None = Field(None, ge=1, le=500, description="Сколько раз всего.")


def _satisfaction(value: object) -> object:
    return {"share": value} if isinstance(value, (int, float, str)) and not isinstance(value, bool) else value


class Satisfaction(Record):
    """The participants' satisfaction as the service recorded it (a survey after the event)."""

    share: float = Field(ge=0, le=100, description="Доля удовлетворённых участников, % (0–100).")
    respondents: int | None = Field(None, ge=0, description="Сколько участников ответили на анкету.")


def _winner(value: object) -> object:
    """A winner written as one line is a description, shown as written (no name to hide)."""
    return {"text": value} if isinstance(value, str) else value


class Winner(Record):
    """A winner or prize-winner of a competition. The name is shown only with `public: true`."""

    name: Line | None = Field(None, description="ФИО победителя или название команды; на сайте — только с public: true.")
    public: Flag = Field(False, title="согласие на публикацию имени", description="true — согласие опубликовать имя победителя.")
    person: Ref | None = Field(None, description="id специалиста из content/people/, если он есть на сайте.")
    organization: Line | None = Field(None, description="Организация: id записи организации или название текстом.")
    place: Line | None = Field(None, description="Место: победитель, призёр, 1 место, лауреат…")
    nomination: Line | None = Field(None, description="Номинация.")
    text: str | None = Field(None, description="Описание строкой (без ФИО), если победитель записан одной строкой.")

    @property
    def shown_name(self) -> str | None:
        """The name a page may print: only a name its owner agreed to publish."""
        return self.name if self.public else None


class Timed:
    """Start, end, zone and repetition of a record that happens at a time (events, consultations)."""

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    def _aware(self, moment: dt.date | dt.datetime) -> dt.datetime:
        if not isinstance(moment, dt.datetime):
            moment = dt.datetime.combine(moment, dt.time())
        return moment.replace(tzinfo=ZoneInfo(self.timezone))

    @property
    def start_at(self) -> dt.datetime:
        """Aware start; an all-day event starts at 00:00 of its zone."""
        return self._aware(self.start)

    @property
    def end_at(self) -> dt.datetime:
        """Aware end; for all-day events the moment after the last day ends."""
        if self.end is None:
            return self.start_at + (dt.timedelta(days=1) if self.all_day else dt.timedelta(hours=2))
        if self.all_day:
            return self._aware(self.end) + dt.timedelta(days=1)
        return self._aware(self.end)

    @property
    def first_day(self) -> dt.date:
        return self.start if self.all_day else self.start.date()

    @property
    def last_day(self) -> dt.date:
        """Inclusive last day in the event's zone."""
        if self.end is None:
            return self.first_day
        return self.end if not isinstance(self.end, dt.datetime) else self.end.date()

    def end_problems(self) -> list[FieldProblem]:
        """An end before the start, or written with a time when the start has none."""
        found = []
        if self.end is not None:
            if isinstance(self.end, dt.datetime) != isinstance(self.start, dt.datetime):
                found.append(FieldProblem(("end",), "E111",
                                          "начало и окончание записаны по-разному: одно с временем, другое без",
                                          str(self.end), "укажите время в обоих полях или только даты",
                                          allowed="оба поля с временем (2024-03-15 10:00) или оба — только даты"))
            elif self.end < self.start:
                found.append(FieldProblem(("end",), "E111", "окончание раньше начала", str(self.end),
                                          "проверьте год, месяц и день в полях start и end",
                                          allowed=f"не раньше {self.start}"))
        return found

    def repeat_problems(self) -> list[FieldProblem]:
        """A repetition that ends before it begins or says both until and count."""
        found = []
        if self.repeat:
            if self.repeat.until and self.repeat.count:
                found.append(FieldProblem(("repeat",), "E111", "в repeat укажите until или count, не оба",
                                          hint="оставьте until (до какой даты) или count (сколько раз)",
                                          allowed="repeat: {freq: monthly, until: 2027-05-31} или {freq: monthly, count: 9}"))
            if self.repeat.until and self.repeat.until < self.first_day:
                found.append(FieldProblem(("repeat", "until"), "E111", "повторение заканчивается раньше начала",
                                          str(self.repeat.until), "проверьте год в until",
                                          allowed=f"не раньше {self.first_day}"))
        return found

    def place_problems(self) -> list[FieldProblem]:
        found = []
        if self.format != ONLINE and not self.location:
            found.append(FieldProblem(("format",), "E102", NEEDS_LOCATION,
                                      hint="location: адрес или название места",
                                      allowed="location для очного и смешанного; online_url для дистанционного"))
        if self.format == ONLINE and not self.online_url:
            found.append(FieldProblem(("format",), "E102", "у дистанционного мероприятия нет online_url",
                                      hint="добавьте ссылку на трансляцию, когда она появится",
                                      severity="warning", allowed="online_url: https://…"))
        return found


#: Said by `place_problems` and by the proposal form (render/proposal.py) in the same words.
NEEDS_LOCATION = "для очного и смешанного мероприятия нужно поле location"
ONLINE = "distantsionno"


class Event(Timed, Entity):
    """An event. Times are read in `timezone`; a date without time means «весь день»."""

    summary: str | None = Field(None, max_length=600, description="Коротко о мероприятии.")
    type: vocab("event_types", "виды мероприятий") = Field(description="Вид мероприятия.")
    start: Moment = Field(description="Начало: 2024-03-15 10:00 или только дата (весь день).")
    end: Moment | None = Field(None, description="Окончание, не раньше начала; дата — включительно.")
    timezone: TimeZone = Field(description="Часовой пояс IANA; по умолчанию — из data/site.yml.")
    format: vocab("event_formats", "форматы") = Field(
        description="Формат: очно, дистанционно, смешанный.")
    location: str | None = Field(None, description="Место проведения (нужно, если не дистанционно).")
    online_url: Url | None = Field(None, description="Ссылка на трансляцию или вебинар.")
    organizer: Ref | None = Field(None, description="id организации или объединения-организатора.")
    associations: RefList = Field((), description="id методических объединений.")
    audience: vocab_list("audiences", "аудитории") = Field((), description="Для кого.")
    levels: vocab_list("levels", "уровни образования") = Field((), description="Уровни образования.")
    subjects: vocab_list("subjects", "предметы") = Field((), description="Предметы.")
    topics: vocab_list("topics", "темы") = Field((), description="Темы: функциональная грамотность, ШНОР, наставничество…")
    municipality: MunicipalityId | None = Field(None, description="Муниципалитет (id).")
    registration_url: Url | None = Field(None, description="Ссылка на регистрацию.")
    registration_deadline: Date | None = Field(None, description="Регистрация до (дата).")
    feedback_url: Url | None = Field(None, description="Ссылка на анкету обратной связи для участников.")
    state: vocab("event_states", "состояния мероприятия") = Field(
        "zaplanirovano", title="состояние мероприятия", description="запланировано, перенесено, отменено, состоялось.")
    participants: int | None = Field(None, ge=0, description="Сколько участников было.")
    results: str | None = Field(None, description="Итоги.")
    winners: Annotated[tuple[Annotated[Winner, BeforeValidator(_winner)], ...], BeforeValidator(_one_or_many)] = Field(
        (), description="Победители и призёры {name, organization, place, nomination, public}; имя — только с public: true.")
    satisfaction: Annotated[Satisfaction, BeforeValidator(_satisfaction)] | None = Field(
        None, description="Удовлетворённость участников по анкете: доля в % или {share, respondents}.")
    materials: tuple[Material, ...] = Field((), description="Материалы {title, url или file}.")
    practices: RefList = Field((), description="id практик, представленных на мероприятии.")
    repeat: Repeat | None = Field(None, description="Повторение {freq, interval, until, count}.")

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: object, info: ValidationInfo) -> object:
        """The site's zone is the default; `status: отменено` is read as the event's state."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        data.setdefault("timezone", info.context.timezone)
        status = data.get("status")
        states = info.context.vocabularies["event_states"]
        if status is not None and STATUSES.resolve(status) is None and states.resolve(status):
            data.setdefault("state", data.pop("status"))
        return data

    def problems(self) -> list[FieldProblem]:
        found = self.end_problems() + self.place_problems()
        if self.registration_deadline and self.registration_deadline > self.last_day:
            found.append(FieldProblem(("registration_deadline",), "E111",
                                      "регистрация заканчивается после мероприятия",
                                      str(self.registration_deadline), "проверьте дату registration_deadline",
                                      allowed=f"не позже {self.last_day}"))
        found += self.repeat_problems()
        for index, winner in enumerate(self.winners):
            if not (winner.name or winner.person or winner.organization or winner.text):
                found.append(FieldProblem(("winners", index), "E111", "о победителе ничего не сказано",
                                          hint="укажите name (с public: true), organization или person",
                                          allowed="{name, organization, place, nomination, public}"))
            elif winner.name and not winner.public:
                found.append(private_name(("winners", index), winner.name))
        return found
