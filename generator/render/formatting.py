"""Russian presentation of dates, times, numbers and zones; pure functions used by templates."""

from __future__ import annotations

import datetime as dt

from generator.text import count_ru, plural  # noqa: F401 - templates and pages use them from here

MONTHS_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                   "сентября", "октября", "ноября", "декабря")
MONTHS_NOMINATIVE = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
                     "сентябрь", "октябрь", "ноябрь", "декабрь")
WEEKDAYS_SHORT = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")
MOSCOW_OFFSET = dt.timedelta(hours=3)


def date_ru(day: dt.date | None) -> str:
    """15 марта 2024"""
    if day is None:
        return ""
    return f"{day.day} {MONTHS_GENITIVE[day.month - 1]} {day.year}"


def msk_label(moment: dt.datetime) -> str:
    """Zone name as people in Russia say it: «МСК», «МСК+7», «МСК−1» (Kaliningrad)."""
    offset = moment.utcoffset() - MOSCOW_OFFSET
    hours = offset.total_seconds() / 3600
    if hours == 0:
        return "МСК"
    text = f"{abs(hours):g}".replace(".", ",")
    return f"МСК{'+' if hours > 0 else '−'}{text}"


def time_with_zone(moment: dt.datetime) -> str:
    """10:00 (МСК+7)"""
    return f"{moment:%H:%M} ({msk_label(moment)})"


def day_span(first: dt.date, last: dt.date) -> str:
    """3 марта 2025 · 3–5 марта 2025 · 30 марта – 2 апреля 2025 · 29 декабря 2025 – 9 января 2026"""
    if first == last:
        return date_ru(first)
    if first.year != last.year:
        return f"{date_ru(first)} – {date_ru(last)}"
    if first.month != last.month:
        return f"{first.day} {MONTHS_GENITIVE[first.month - 1]} – {date_ru(last)}"
    return f"{first.day}–{last.day} {MONTHS_GENITIVE[first.month - 1]} {first.year}"


def percent_ru(part: int, whole: int) -> str:
    """35,3 — one decimal, comma, half-up (not banker's) rounding."""
    if not whole:
        return "—"
    tenths = (part * 1000 + whole // 2) // whole if part >= 0 else -((-part * 1000 + whole // 2) // whole)
    return f"{tenths // 10},{tenths % 10}"


def number_ru(value: float | int | None) -> str:
    """50 · 12,5 — no trailing .0, comma decimal."""
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def event_when(event) -> str:
    """When an event happens, in its own zone: «3 марта 2025, 10:00–12:00 (МСК+7)»."""
    if event.all_day:
        return day_span(event.first_day, event.last_day) + (" (весь день)" if event.first_day == event.last_day else "")
    start = event.start_at
    if event.end is None:
        return f"{date_ru(start.date())}, {time_with_zone(start)}"
    end = event.end_at
    if end.date() == start.date():
        return f"{date_ru(start.date())}, {start:%H:%M}–{end:%H:%M} ({msk_label(start)})"
    return f"{date_ru(start.date())}, {time_with_zone(start)} – {date_ru(end.date())}, {time_with_zone(end)}"


def sentence_case(text: str) -> str:
    """A heading made of a vocabulary label: first letter capital, the rest as written
    («ассоциация» -> «Ассоциация», «ГМО» stays), so headings of one list look alike."""
    return text[:1].upper() + text[1:]
