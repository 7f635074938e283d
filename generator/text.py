"""Text rules shared by every phase: ids from titles, comparison keys of words."""

from __future__ import annotations

import re

_TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                     "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split()))


def suggest_id(text: str) -> str:
    """A valid id from any title or file name: transliterated, lower case, hyphens."""
    latin = "".join(_TRANSLIT.get(ch, ch) for ch in text.lower()).replace("_", "")
    return re.sub(r"[^a-z0-9]+", "-", latin).strip("-")[:60].strip("-") or "zapis"
