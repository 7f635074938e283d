"""Fields by their key paths, and their Russian names for messages a teacher reads:
«поле «type» (тип практики)»; what a field's values come from (its vocabulary).

A field's `title` where one is set; otherwise the start of its description, which by the house
rule begins with what the field is («Тип практики.», «id организации, где …»). A description
that begins with the values instead («true — …», «рекомендовано, …») gives no name: such a field
sets `title`.
"""

from __future__ import annotations

import re
import types
import typing

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.models.base import Entity
from generator.models.common import FromVocabulary

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


def field_name(model: type[BaseModel], loc: tuple) -> str:
    """«type» (тип практики): the key as written, then its Russian name where it has one."""
    written = written_key(loc)
    if not written:
        return "метаданных"
    label = field_label(model, loc)
    numbers = [p for p in loc if isinstance(p, int)]
    item = f", значение № {numbers[-1] + 1}" if numbers else ""
    return (f"«{written}» ({label})" if label else f"«{written}»") + item


def written_key(loc: tuple) -> str:
    """The key path as a contributor writes it: `review.score`, list positions left out."""
    return ".".join(p for p in loc if isinstance(p, str))


def field_label(model: type[BaseModel], loc: tuple) -> str | None:
    info = field_info(model, loc)
    return label_of(info) if info else None


def model_of(annotation: object) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as `tuple[Person, ...] | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = model_of(arg)
        if found:
            return found
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated or isinstance(annotation, types.UnionType):
        return None
    return None


def _walk(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        if info is None:
            return None
        inner = model_of(info.annotation)
        if inner is None:
            return None
        model = inner
    return model


def fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys a contributor may write at `loc` (file keys excluded)."""
    target = _walk(model, loc)
    if target is None:
        return []
    return [name for name in target.model_fields if name not in Entity.FILE_KEYS]


def field_info(model: type[BaseModel], loc: tuple):
    names = [p for p in loc if isinstance(p, str)]
    if not names:
        return None
    parent = _walk(model, tuple(names[:-1]))
    return parent.model_fields.get(names[-1]) if parent else None


def vocabulary_of(info) -> str | None:
    marks = list(info.metadata)
    pending = [info.annotation]
    while pending:  # `vocab(...) | None`: the mark is inside the union
        annotation = pending.pop()
        if typing.get_origin(annotation) is typing.Annotated:
            marks.extend(annotation.__metadata__)
        pending.extend(typing.get_args(annotation))
    return next((m.name for m in marks if isinstance(m, FromVocabulary)), None)
