"""The Russian name of a field, for messages a teacher reads: «поле «type» (тип практики)».

A field's `title` where one is set; otherwise the start of its description, which by the house
rule begins with what the field is («Тип практики.», «id организации, где …»). A description
that begins with the values instead («true — …», «рекомендовано, …») gives no name: such a field
sets `title`.
"""

from __future__ import annotations

import re

from pydantic.fields import FieldInfo

_CUT = re.compile(r"[.,:;({]| — | – ")
_LATIN_TAIL = re.compile(r"(\s+[A-Za-z]+)+$")


def label_of(info: FieldInfo) -> str | None:
    if info.title:
        return info.title
    head = _CUT.split((info.description or "").strip(), maxsplit=1)[0].strip()
    if head.startswith("id "):
        return head
    if not head or head[0].islower() or head[0].isascii():
        return None
    head = _LATIN_TAIL.sub("", head)  # «Ссылка https://…» -> «ссылка»
    return head if head[:2].isupper() else head[0].lower() + head[1:]
