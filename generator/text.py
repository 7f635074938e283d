"""Text rules shared by every phase: ids from titles, comparison keys of words, Russian plurals."""

from __future__ import annotations

import re

TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                     "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split()))


def suggest_id(text: str) -> str:
    """A valid id from any title or file name: transliterated, lower case, hyphens."""
    latin = "".join(TRANSLIT.get(ch, ch) for ch in text.lower()).replace("_", "")
    return re.sub(r"[^a-z0-9]+", "-", latin).strip("-")[:60].strip("-") or "zapis"


def plural(n: int, one: str, few: str, many: str) -> str:
    """The one rule of Russian number agreement: plural(3, 'практика', 'практики', 'практик') ->
    'практики'; 1, 21, 101 -> one; 2–4, 22–24 -> few; 0, 5–20, 11–14 -> many."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def count_ru(n: int, one: str, few: str, many: str) -> str:
    """«1 файл», «3 файла», «5 файлов»."""
    return f"{n} {plural(n, one, few, many)}"


#: Units of counts shown in the terminal (progress, summaries), by their plural forms.
FILES = ("файл", "файла", "файлов")
PAGES = ("страница", "страницы", "страниц")
