"""Consultations and questions: regular consultation hours, and answered questions.

Pages:
- `consultations/`: every consultation with its schedule, next dates, hosts and how to sign up;
- `consultations/<id>/`: one consultation;
- `questions/` (+ `page-N/`): answered questions, newest first, with their facets;
- `questions/<facet>/<value>/`: the questions of a topic, level or subject (a subject's and a
  level's page also says who looks after it);
- `questions/<id>/`: a question and its answer, with the practices and associations it concerns.

Hosts and those who answered are shown only if they are published people (`public: true`).
"""

from __future__ import annotations

import dataclasses
import math

from generator.build.incremental import Graph
from generator.build.outputs import Page
from generator.corpus import lookup
from generator.derive import calendar, collections, queries
from generator.models import Consultation
from generator.render import env
from generator.render.contacts import curator_rows
from generator.render.formatting import date_ru, msk_label
from generator.render.urls import page_uri, page_url, relative

CONSULTATIONS = "consultations/index.md"
#: How many next dates a consultation lists.
NEXT = 3
_ON_DAYS = ("по понедельникам", "по вторникам", "по средам", "по четвергам", "по пятницам", "по субботам",
            "по воскресеньям")


def plan(g: Graph) -> list[tuple]:
    keys: list[tuple] = [(consultations_index,)]
    keys += [(consultation_page, i) for i in lookup.ids(g, "consultation")]
    keys += [(questions_index, n) for n in range(1, g.query(question_pages) + 1)]
    for spec in collections.QUESTION_FACETS:
        keys += [(question_facet_page, spec.key, v.slug) for v in g.query(collections.summary, "question", spec.key)]
    keys += [(question_page, i) for i in lookup.ids(g, "question")]
    return keys


# --- consultations ------------------------------------------------------------------------

def schedule_text(c: Consultation) -> str:
    """«по вторникам, 15:00–17:00 (МСК), еженедельно до 25 мая 2027» — when the hours are."""
    parts = []
    if c.repeat and c.repeat.freq == "WEEKLY":
        parts.append(_ON_DAYS[c.first_day.weekday()])
    if not c.all_day:
        end = f"–{c.end_at:%H:%M}" if c.end is not None and c.end_at.date() == c.start_at.date() else ""
        parts.append(f"{c.start_at:%H:%M}{end} ({msk_label(c.start_at)})")
    parts.append(calendar.repeat_text(c) if c.repeat else date_ru(c.first_day))
    return ", ".join(parts)


@dataclasses.dataclass(frozen=True)
class ConsultationView:
    c: Consultation
    schedule: str
    #: the next occurrences not over on the build day (none: the series has ended).
    upcoming: tuple
    hosts: tuple


def consultation_view(g: Graph, consultation_id: str) -> ConsultationView:
    c = g.query(lookup.fields, "consultation", consultation_id)
    today = lookup.today(g)
    upcoming = tuple(o for o in calendar.occurrences(c, today + calendar.HORIZON) if calendar.last_day(o) >= today)[:NEXT]
    hosts = tuple(p for p in (g.query(lookup.fields, "person", i) for i in c.hosts) if p is not None)
    return ConsultationView(c, schedule_text(c), upcoming, hosts)


def consultations_index(g: Graph) -> Page:
    views = [g.query(consultation_view, i) for i in lookup.ids(g, "consultation")]
    views.sort(key=lambda v: (v.upcoming[0].start_at if v.upcoming else v.c.start_at, v.c.title, v.c.id))
    return env.page(g, "consultations_index.md.j2", CONSULTATIONS, "Консультации",
                    "Регулярные консультации методистов: когда, для кого и как записаться",
                    current=[v for v in views if v.upcoming], ended=[v for v in views if not v.upcoming],
                    questions=len(lookup.ids(g, "question")))


def consultation_page(g: Graph, consultation_id: str) -> Page:
    c = lookup.record(g, "consultation", consultation_id)
    return env.page(g, "consultation.md.j2", page_uri("consultation", consultation_id), c.title, c.summary, c=c,
                    view=g.query(consultation_view, consultation_id),
                    municipality=g.query(lookup.municipality_of, "consultation", consultation_id),
                    record=("consultation", consultation_id))


# --- questions ----------------------------------------------------------------------------

def question_pages(g: Graph) -> int:
    return max(1, math.ceil(len(lookup.ids(g, "question")) / lookup.config(g).page_size))


def questions_uri(number: int) -> str:
    return "questions/index.md" if number == 1 else f"questions/page-{number}.md"


def question_facet_uri(key: str, slug: str) -> str:
    return f"questions/{key}/{slug}.md"


def _facets(g: Graph) -> list[tuple]:
    return [(spec.key, spec.title, g.query(collections.summary, "question", spec.key))
            for spec in collections.QUESTION_FACETS]


def questions_index(g: Graph, number: int) -> Page:
    ordered = g.query(collections.order_ids, "question")
    size, pages = lookup.config(g).page_size, g.query(question_pages)
    src = questions_uri(number)
    title = "Вопрос — ответ" if number == 1 else f"Вопрос — ответ — страница {number}"
    return env.page(g, "questions_index.md.j2", src, title, "Ответы методистов на вопросы педагогов",
                    items=[g.query(lookup.fields, "question", i) for i in ordered[(number - 1) * size: number * size]],
                    facets=_facets(g) if number == 1 else [], number=number, pages=pages, total=len(ordered),
                    facet_link=lambda key, slug: relative(page_url(question_facet_uri(key, slug)), src),
                    page_link=lambda n: relative(page_url(questions_uri(n)), src))


def question_facet_page(g: Graph, key: str, slug: str) -> Page:
    spec = collections.COLLECTIONS["question"].specs[key]
    value = next(v for v in g.query(collections.summary, "question", key) if v.slug == slug)
    ids = g.query(collections.members, "question", key, slug)
    curators = curator_rows(g, key, slug) if key in ("subjects", "levels") else []
    return env.page(g, "questions_facet.md.j2", question_facet_uri(key, slug), f"Вопросы: {value.label}", None,
                    facet=spec.title, value=value, items=[g.query(lookup.fields, "question", i) for i in ids],
                    curators=curators)


def question_page(g: Graph, question_id: str) -> Page:
    q = lookup.record(g, "question", question_id)
    src = page_uri("question", question_id)
    card = [(spec.title, [(v, relative(page_url(question_facet_uri(spec.key, v.slug)), src))
                          for v in g.query(collections.values_of, "question", spec.key, question_id)])
            for spec in collections.QUESTION_FACETS]
    return env.page(g, "question.md.j2", src, q.title, q.summary or q.question, answer=q, card=card,
                    practices=queries.titled(g, "practice", q.practices),
                    associations=queries.titled(g, "association", q.associations),
                    record=("question", question_id))
