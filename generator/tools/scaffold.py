"""`kopilka new <type>`: a new record file from a template that explains every field in Russian.

The template is made from the content model (`fieldref`) and the site's vocabularies, so a new
field or vocabulary entry appears in it without anyone editing a template. Required fields are
left empty (an unfilled file fails `kopilka check` and says which field to fill); optional fields
are commented out with an example.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from generator.diagnostics import join_allowed
from generator.models import MODELS
from generator.source.discover import CONTENT_FOLDERS
from generator.source.vocabularies import Vocabularies
from generator.text import suggest_id
from generator.tools.fieldref import FieldRef, field_refs

#: An example value per key, as YAML; `kind.key` overrides `key` for one content type.
EXAMPLES: dict[str, str] = {
    "title": "Наставничество в школе",
    "person.title": "Иванова Мария Петровна",
    "consultation.title": "Консультации для учителей математики",
    "question.title": "Нужно ли менять рабочую программу при смене учебника?",
    "organization.title": "МБОУ «СОШ № 57» г. Пензы",
    "event.title": "Семинар «Наставничество в школе»",
    "association.title": "ГМО учителей математики",
    "program.title": "Программа развития муниципальной методической службы на 2025–2027 годы",
    "status": "черновик",
    "tags": "[молодые педагоги, ИОМ]",
    # quoted: a colon with a space inside a value is YAML syntax, and examples get pasted as they are
    "event.summary": '"Разбор заданий ВПР по математике: типичные ошибки и приёмы работы."',
    "summary": '"Пары «наставник — молодой педагог» на учебный год: план, встречи, открытые уроки."',
    "authors": "[Иванова Мария Петровна, {name: Петров Иван Сергеевич, position: учитель математики}]",
    "organization": "penza-sosh-57",
    "levels": "[ООО, СОО]",
    "subjects": "[математика]",
    "type": "наставничество",
    "event.type": "семинар",
    "year": "2025",
    "topics": "[наставничество]",
    "stage": "апробация",
    "evidence": "апробирована",
    "audience": "[молодые педагоги]",
    "results": "[«12 пар наставник — молодой педагог», {indicator: доля педагогов с ИОМ, before: 20, after: 65, unit: '%'}]",
    "event.results": "Участники разработали 12 сценариев уроков.",
    "resources": "Методист, 2 часа в неделю; кабинет с проектором.",
    "replication": "Подходит школам с 3 и более молодыми педагогами.",
    "replicated_in": "[penza-sosh-12]",
    "association": "penza-gmo-matematika",
    "events": "[2026-03-04-seminar-nastavnichestvo]",
    "materials": "[{title: План работы, file: materials/plan.pdf, license: CC BY 4.0}, {title: Видео урока, url: 'https://example.org/video'}]",
    "contact": "{email: ivanova@example.org, phone: '+7 900 000-00-00', public: false}",
    "review": "{experts: [Сидорова Анна Ивановна], date: 2025-05-20, decision: рекомендовано, score: 87}",
    "added": "2025-03-24",
    "website": "https://example.org",
    "kind": "ГМО",
    "program.kind": "программа развития",
    "organization.kind": "ОО",
    "level": "муниципальный",
    "municipality": "penza",
    "leader": "{name: Иванова Мария Петровна, position: руководитель ГМО, organization: penza-sosh-57}",
    "members_count": "36",
    "founded": "2015",
    "community_url": "https://example.org/community",
    "regulation": "https://example.org/polozhenie.pdf",
    "plan": "materials/plan-2025.pdf",
    "start": "2026-03-15 10:00",
    "end": "2026-03-15 13:00",
    "timezone": "Europe/Moscow",
    "format": "очно",
    "location": "г. Пенза, ул. Кирова, 10, актовый зал",
    "online_url": "https://example.org/webinar",
    "organizer": "penza-tsrpk",
    "associations": "[penza-gmo-matematika]",
    "registration_url": "https://example.org/registration",
    "registration_deadline": "2026-03-10",
    "state": "запланировано",
    "participants": "45",
    "winners": "[{name: Иванова Мария Петровна, public: true, organization: murom-sosh-16, place: победитель, nomination: Учитель года}]",
    "event.topics": "[функциональная грамотность, ШНОР]",
    "feedback_url": "https://forms.example.org/otzyv",
    "satisfaction": "{share: 92, respondents: 40}",
    "communities": "[{kind: форум, url: 'https://forum.example.org/khimiya', title: Форум учителей химии}]",
    "members": "[{name: Петрова Анна Ивановна, organization: murom-sosh-16, public: true}, sidorova-ev]",
    "email": "metodist@example.org",
    "phone": "+7 (8412) 56-00-00",
    "hours": "вторник и четверг, 14:00–17:00",
    "departments": "[{title: Отдел общего образования, email: ooo@example.org, phone: '+7 (8412) 56-00-01'}]",
    "position": "методист по математике",
    "department": "Отдел общего образования",
    "roles": "[методист, консультант]",
    "municipalities": "[penza]",
    "person.public": "true",
    "person.organization": "penza-tsko",
    "person.summary": "Консультирует учителей математики по рабочим программам и подготовке к ОГЭ.",
    "person.subjects": "[математика]",
    "person.levels": "[ООО, СОО]",
    "hosts": "[ivanova-mariya-petrovna]",
    "signup": "{url: 'https://forms.example.org/konsultatsiya', email: metodist@example.org, note: за два дня до консультации}",
    "consultation.summary": "Вопросы рабочих программ и ФГОС; можно прийти со своей программой.",
    "consultation.repeat": "{freq: еженедельно, until: 2027-05-25}",
    "consultation.start": "2026-09-01 15:00",
    "consultation.end": "2026-09-01 17:00",
    "question": "Нужно ли переписывать рабочую программу, если сменился учебник?",
    "question.summary": "Да, если меняется содержание или распределение часов; достаточно изменить тематическое планирование.",
    "date": "2026-10-12",
    "answered_by": "ivanova-mariya-petrovna",
    "question.practices": "[nastavnichestvo-v-shkole]",
    "actions": "[{title: Провести мониторинг дефицитов, deadline: 2026-10-01, status: в работе, organizations: [penza-tsko], responsible: руководители ММС}]",
    "practices": "[nastavnichestvo-v-shkole]",
    "repeat": "{freq: ежемесячно, until: 2026-05-31}",
    "approved": "{by: Управление образования, date: 2021-01-15, number: '12-о'}",
    "period": "{start: 2021, end: 2025}",
    "customer": "Управление образования администрации округа",
    "developers": "[Методический центр]",
    "executors": "[Методический центр, образовательные организации округа]",
    "goal": "Создать условия для профессионального роста педагогов.",
    "tasks": "[Развить сеть методических объединений, Поддержать молодых педагогов]",
    "directions": "[Наставничество, Функциональная грамотность]",
    "expected_results": "[Доля педагогов с ИОМ — не менее 80 %]",
    "financing": "Бюджет округа, 1,2 млн руб.",
    "control": "Управление образования, ежегодный отчёт",
    "legal_basis": "[Федеральный закон «Об образовании в Российской Федерации»]",
    "risks": "[{type: Кадровый, manifestation: Нехватка методистов, measures: Привлечение педагогов-наставников}]",
    "stages": "[{title: Подготовительный, period: 2021, activities: [Анализ состояния], result: Аналитическая справка}]",
    "indicators": "[{code: П1, title: Доля педагогов с ИОМ, unit: '%', baseline: 20, targets: {2024: 60, 2025: 80}}]",
    "document_url": "https://example.org/programma.pdf",
    "file": "programma.pdf",
    "short_title": "СОШ № 57",
    "parent": "penza-uo",
    "address": "г. Пенза, ул. Кирова, 10",
    "form": "отдельная организация",
    "staff_count": "7",
    "monitoring": "{monitoring-2025: {staff: 7}}",
}

#: The recommended headings of a practice's description, with what goes under each.
PRACTICE_BODY = (
    ("Актуальность", "Какую проблему решает практика и почему она важна."),
    ("Цель и задачи", "Цель практики и 2–4 задачи."),
    ("Описание", "Что и в каком порядке делают участники; сроки; роли."),
    ("Результаты", "Что изменилось: цифры, отзывы, продукты."),
    ("Условия тиражирования", "Что нужно, чтобы повторить практику в другой школе."),
    ("Ресурсы", "Кадры, время, оборудование, материалы."),
)
OTHER_BODY = {
    "person": "Коротко: чем специалист может помочь педагогам и по каким вопросам к нему обращаться. "
              "Личные телефоны и адреса сюда не пишите: репозиторий сайта открыт всем.",
    "consultation": "Что обсуждают на консультациях, как подготовиться, что взять с собой.",
    "question": "Ответ на вопрос: что делать, на какие документы опираться, к кому обратиться.",
    "association": "Расскажите о работе объединения: задачи, план на год, как вступить.",
    "event": "Программа мероприятия: что будет, для кого, что взять с собой.",
    "program": "Текст или основные положения документа.",
    "organization": "Коротко об организации и её методической работе.",
}
def title_example(kind: str) -> str:
    """The example title of a content type, for the template and for `kopilka new` without one."""
    return EXAMPLES.get(f"{kind}.title", EXAMPLES["title"])


KIND_WORDS = {"practice": "практики", "event": "мероприятия", "association": "объединения",
              "program": "документа", "organization": "организации", "person": "специалиста",
              "consultation": "консультаций", "question": "вопроса"}


def example(kind: str, name: str) -> str | None:
    return EXAMPLES.get(f"{kind}.{name}", EXAMPLES.get(name))


def _comment(kind: str, ref: FieldRef, vocabularies: Vocabularies | None) -> str:
    parts = [ref.description.rstrip(".") + "."]
    parts.append("Обязательно." if ref.required else "Необязательно.")
    if ref.vocabulary and vocabularies is not None:
        words = vocabularies[ref.vocabulary].labels()
        parts.append("Допустимо" + (" (список)" if ref.many else "") + ": " + join_allowed(words, 40) + ".")
    elif ref.name == "municipality" and vocabularies is not None:
        parts.append("Допустимо: id или название из data/municipalities.yml.")
    sample = example(kind, ref.name)
    if sample:
        parts.append(f"Пример: {sample}")
    return "# " + " ".join(parts)


def _scalar(value: object) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000).strip().removesuffix("\n...")


def template(kind: str, title: str, vocabularies: Vocabularies | None, year: int) -> str:
    """The text of a new record: every field with a comment, required ones first to fill."""
    lines = ["---", "# Метаданные записи. Строки с # — подсказки, их можно удалить. Чтобы заполнить",
             "# необязательное поле, уберите # в начале его строки."]
    for ref in field_refs(MODELS[kind]):
        lines.append(_comment(kind, ref, vocabularies))
        if ref.name == "title":
            lines.append(f"title: {_scalar(title)}")
        elif ref.name == "year":
            lines.append(f"year: {year}")
        elif ref.required or (kind == "association" and ref.name == "organization"):
            lines.append(f"{ref.name}:")
        elif kind == "person" and ref.name == "public":  # consent is a decision: check asks for true or false
            lines.append("public:")
        else:
            lines.append(f"# {ref.name}: {example(kind, ref.name) or ''}".rstrip())
    lines.append("---")
    lines.append("")
    if kind == "practice":
        for heading, hint in PRACTICE_BODY:
            lines += [f"## {heading}", "", hint, ""]
    else:
        lines += [OTHER_BODY[kind], ""]
    return "\n".join(lines)


def new_record(root: Path, kind: str, title: str, vocabularies: Vocabularies | None,
               today: dt.date | None = None) -> Path:
    """Create the file; FileExistsError if a record with that id exists (never overwrite)."""
    record_id = suggest_id(title)
    path = root / CONTENT_FOLDERS[kind] / f"{record_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = template(kind, title, vocabularies, (today or dt.date.today()).year)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return path


def next_steps(kind: str, rel: str) -> str:
    """What a contributor does after `kopilka new`, in Russian."""
    return "\n".join([
        f"Создан файл {KIND_WORDS[kind]}: {rel}",
        "Что дальше:",
        f"  1. Откройте {rel} и заполните пустые обязательные поля (подсказки — в строках с #).",
        "  2. Нужные необязательные поля раскомментируйте: уберите # в начале строки.",
        "  3. Напишите текст после второй строки ---.",
        "  4. Проверьте файл: kopilka check (все ошибки — с номером строки и подсказкой).",
        "  5. Посмотрите страницу: kopilka serve, затем откройте http://127.0.0.1:8000.",
        "  6. Отправьте изменения на рассмотрение (pull request).",
    ] + ([
        "Специалист появится на сайте, только если он согласен: public: true. Личные контакты",
        "в репозиторий не пишите — он открыт всем, даже то, что на сайте не показано.",
    ] if kind == "person" else []))
