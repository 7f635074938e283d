from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field

from generator.models.base import Entity, FieldProblem, material_problems
from generator.models.common import (
    FilePath,
    Date,
    Entry,
    Material,
    MunicipalityId,
    Record,
    Ref,
    RefList,
    Text,
    TextList,
    Url,
    Vocabulary,
    Year,
    fixed,
    vocab,
)

BETTER = Vocabulary("better", [
    Entry("higher", "выше", aliases=("higher", "больше", "выше — лучше")),
    Entry("lower", "ниже", aliases=("lower", "меньше", "ниже — лучше")),
])


#: Where an indicator's actual values may come from besides `actuals`: data the site holds.
INDICATOR_SOURCES = Vocabulary("indicator_sources", [
    Entry("event_satisfaction", "удовлетворённость участников мероприятий",
          aliases=("удовлетворённость", "удовлетворенность", "удовлетворенность участников мероприятий",
                   "satisfaction", "event_satisfaction")),
])


#: States of a task of a roadmap or plan; «просрочено» is not written: it follows from the deadline.
ACTION_STATES = Vocabulary("action_states", [
    Entry("planned", "запланировано", aliases=("planned", "не начато", "план")),
    Entry("in-progress", "в работе", aliases=("in progress", "выполняется", "в процессе")),
    Entry("done", "выполнено", aliases=("done", "исполнено", "сделано")),
    Entry("cancelled", "отменено", aliases=("cancelled", "снято")),
])
#: States whose task can no longer be late.
CLOSED_STATES = frozenset({"done", "cancelled"})




def _period(value: object) -> object:
    if isinstance(value, int):
        return {"start": value, "end": value}
    if isinstance(value, str) and "-" in value.replace("–", "-"):
        start, _, end = value.replace("–", "-").partition("-")
        return {"start": start.strip(), "end": end.strip()}
    return value


class Period(Record):
    """Years, both inclusive."""

    start: Year = Field(description="Первый год.")
    end: Year = Field(description="Последний год (включительно).")


PeriodField = Annotated[Period, BeforeValidator(_period)]


class Approval(Record):
    by: str | None = Field(None, description="Кем утверждён документ.")
    date: Date | None = Field(None, description="Дата утверждения.")
    number: str | None = Field(None, description="Номер приказа.")


class Risk(Record):
    type: Text = Field(description="Вид риска.")
    manifestation: str | None = Field(None, description="Как проявляется.")
    measures: str | None = Field(None, description="Меры по снижению.")


class Stage(Record):
    title: Text = Field(description="Название этапа.")
    period: PeriodField | None = Field(None, description="Годы этапа: 2021 или {start, end}.")
    activities: TextList = Field((), description="Мероприятия этапа.")
    result: str | None = Field(None, description="Результат этапа.")


class Indicator(Record):
    """A target indicator; values are numbers in `unit`. Years are keys: `2021: 50`."""

    code: Text = Field(description="Код, например П5.")
    title: Text = Field(description="Название показателя.")
    unit: str | None = Field(None, description="Единица: %, чел., ед.")
    criterion: str | None = Field(None, description="Как считается.")
    baseline: float | None = Field(None, description="Исходное значение.")
    targets: dict[Year, float] = Field({}, description="Целевые значения по годам.")
    actuals: dict[Year, float] = Field({}, description="Выполнение по годам.")
    better: fixed(BETTER, "направление показателя") = Field(
        "higher", title="что лучше: рост или снижение", description="higher (выше — лучше) или lower (ниже — лучше).")
    source: fixed(INDICATOR_SOURCES, "источники данных показателя") | None = Field(None, description=(
        "Откуда факт за год, если его нет в actuals: «удовлетворённость участников мероприятий» — средняя "
        "удовлетворённость прошедших мероприятий организации (поле satisfaction мероприятий)."))


class Action(Record):
    """A task of a roadmap or plan: who does it, by when, and how far it is."""

    title: Text = Field(description="Что сделать.")
    deadline: Date | None = Field(None, description="Срок: до какой даты.")
    status: fixed(ACTION_STATES, "состояния задач") = Field(
        "planned", description="Состояние: запланировано, в работе, выполнено, отменено.")
    organizations: RefList = Field((), description="Ответственные организации (id).")
    people: RefList = Field((), description="Ответственные специалисты (id из content/people/; видны, если public: true).")
    responsible: str | None = Field(None, description="Ответственные словами, например «руководители ММС».")
    done: Date | None = Field(None, description="Когда выполнено.")
    result: str | None = Field(None, description="Результат или отметка о выполнении.")

    def overdue(self, today) -> bool:
        """Late on `today`: the deadline has passed and the task is neither done nor cancelled."""
        return self.deadline is not None and self.deadline < today and self.status not in CLOSED_STATES


class Program(Entity):
    """A program document: concept, development program, plan, roadmap, regulation…"""

    summary: str | None = Field(None, max_length=600, description="Коротко о документе.")
    kind: vocab("document_kinds", "виды документов") = Field(description="Вид документа.")
    organization: Ref | None = Field(None, description="id организации-разработчика.")
    municipality: MunicipalityId | None = Field(None, description="Муниципалитет (id).")
    approved: Approval | None = Field(None, description="Утверждён {by, date, number}.")
    period: PeriodField | None = Field(None, description="Срок действия {start, end} (годы).")
    customer: str | None = Field(None, description="Заказчик.")
    developers: TextList = Field((), description="Разработчики.")
    executors: TextList = Field((), description="Исполнители.")
    goal: str | None = Field(None, description="Цель.")
    tasks: TextList = Field((), description="Задачи.")
    directions: TextList = Field((), description="Направления.")
    expected_results: TextList = Field((), description="Ожидаемые результаты.")
    financing: str | None = Field(None, description="Финансирование.")
    control: str | None = Field(None, description="Контроль за исполнением.")
    legal_basis: TextList = Field((), description="Основания разработки (нормативная база).")
    risks: tuple[Risk, ...] = Field((), description="Риски {type, manifestation, measures}.")
    stages: tuple[Stage, ...] = Field((), description="Этапы {title, period, activities, result}.")
    indicators: tuple[Indicator, ...] = Field((), description="Целевые показатели.")
    actions: tuple[Action, ...] = Field((), description=(
        "Задачи дорожной карты или плана {title, deadline, status, organizations, people, responsible, done, result}."))
    materials: tuple[Material, ...] = Field((), description="Материалы: статьи сборника, приложения {title, file или url}.")
    document_url: Url | None = Field(None, description="Ссылка на полный текст документа.")
    file: FilePath | None = Field(None, description="Файл полного текста рядом с записью.")

    def problems(self) -> list[FieldProblem]:
        found = []
        if self.period and self.period.end < self.period.start:
            found.append(FieldProblem(("period",), "E111", "срок заканчивается раньше, чем начинается",
                                      f"{self.period.start}–{self.period.end}", "поменяйте местами start и end",
                                      allowed="period: {start: 2021, end: 2025}, start не позже end"))
        codes: dict[str, int] = {}
        for index, indicator in enumerate(self.indicators):
            if indicator.code in codes:
                found.append(FieldProblem(("indicators", index, "code"), "E201",
                                          "код показателя использован дважды", indicator.code,
                                          "дайте показателю свой код: П1, П2, …", allowed="каждый код один раз"))
            codes[indicator.code] = index
        for index, action in enumerate(self.actions):
            if action.done and action.status != "done":
                found.append(FieldProblem(("actions", index, "done"), "E111",
                                          "указана дата выполнения, а состояние — не «выполнено»",
                                          str(action.done), "status: выполнено или уберите done",
                                          allowed="done вместе со status: выполнено"))
        return found + material_problems(self.materials)
