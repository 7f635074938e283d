"""What a date or time written the Russian way meant, in the form Kopilka reads.

Dates in records are `2024-09-01` or `01.09.2024`; people also write «1 сентября 2024 г.»,
`2024/09/01`, `01.09.24`, `1.9.2024` and times as `10.00` or `10-00`. Those are not guessed
silently (`01.09.24` could be another century, a day-month swap another day): the message says
which ISO form was understood, and the contributor writes it.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    "январ": 1, "янв": 1, "феврал": 2, "фев": 2, "март": 3, "мар": 3, "апрел": 4, "апр": 4, "ма": 5,
    "июн": 6, "июл": 7, "август": 8, "авг": 8, "сентябр": 9, "сен": 9, "сент": 9, "октябр": 10,
    "окт": 10, "ноябр": 11, "ноя": 11, "декабр": 12, "дек": 12,
}
_WORDS = re.compile(r"^(\d{1,2})\s+([а-яё]+)\.?\s+(\d{4}|\d{2})(?:\s*(?:г\.?|года|год))?$")
_NUMBERS = [
    (re.compile(r"^(\d{4})[/.\s_](\d{1,2})[/.\s_](\d{1,2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})[/\-\s_,](\d{1,2})[/\-\s_,](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{1,2})[.,](\d{1,2})[.,](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{2})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
]
_TIME = re.compile(r"^(?:в\s*)?(\d{1,2})\s*(?:[:.\-,hч]|\s*час(?:ов|а)?\s*)\s*(\d{2})\s*(?:мин\.?|минут)?$|^(?:в\s*)?(\d{1,2})[:.](\d{2}):\d{2}$")
_HOUR = re.compile(r"^(?:в\s*)?(\d{1,2})\s*(?:ч\.?|час(?:ов|а)?)$")


def _month(word: str) -> int | None:
    word = word.lower().replace("ё", "е")
    for stem in sorted(_MONTHS, key=len, reverse=True):
        if word.startswith(stem) and (len(stem) > 2 or word in ("мая", "май")):
            return _MONTHS[stem]
    return None


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if year < 100 else year


def guess_date(text: str) -> str | None:
    """`2024-09-01` for «1 сентября 2024», `2024/09/01`, `01.09.24`…; None when nothing fits."""
    text = " ".join(str(text).lower().replace("\u00a0", " ").split()).rstrip(".,")
    match = _WORDS.match(text)
    if match:
        month = _month(match.group(2))
        parts = (_year(match.group(3)), month, int(match.group(1))) if month else None
    else:
        parts = None
        for pattern, order in _NUMBERS:
            found = pattern.match(text)
            if found:
                values = dict(zip(order, found.groups()))
                parts = (_year(values["y"]), int(values["m"]), int(values["d"]))
                break
    if parts is None:
        return None
    try:
        return dt.date(*parts).isoformat()
    except ValueError:
        return None


def guess_time(text: str) -> str | None:
    """`10:00` for «10.00», «10-00», «10 ч 30 мин», «10 ч», «10:00:00»."""
    text = " ".join(str(text).lower().split())
    match = _TIME.match(text)
    if match:
        hour, minute = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    elif match := _HOUR.match(text):
        hour, minute = match.group(1), "00"
    else:
        return None
    if int(hour) > 23 or int(minute) > 59:
        return None
    return f"{int(hour):02d}:{minute}"


def guess_moment(text: str) -> str | None:
    """`2024-09-01 10:00` for «1 сентября 2024 в 10.00», `01.09.24 10.00`…, or only the date."""
    text = " ".join(str(text).replace("T", " ").split())
    date = guess_date(text)
    if date:
        return date
    words = text.split(" ")
    for cut in range(len(words) - 1, 0, -1):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        date = guess_date(head) or _plain_date(head)
        time = guess_time(tail)
        if date and time:
            return f"{date} {time}"
    return None


def _plain_date(text: str) -> str | None:
    """A date already in an accepted form (only its time was written another way)."""
    for pattern, order in ((re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
                           (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), ("d", "m", "y"))):
        found = pattern.match(text)
        if found:
            values = dict(zip(order, found.groups()))
            try:
                return dt.date(int(values["y"]), int(values["m"]), int(values["d"])).isoformat()
            except ValueError:
                return None
    return None
