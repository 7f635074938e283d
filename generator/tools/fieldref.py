"""What a contributor may write, read from the content models: one source for the scaffold
templates, the JSON Schema and the field reference of the contributor guide, so none drifts.

Vocabulary fields are found by their validator: `vocab(name)` makes a closure that remembers
`name`, so the site's vocabulary behind a field is read from the closure, not kept in a second
table that could go stale.
"""

from __future__ import annotations

import dataclasses
import inspect
import typing

from pydantic import BaseModel, BeforeValidator

from generator.models import MODELS, Entity
from generator.models.labels import model_of  # the same walk the error messages use

#: Keys the model requires but the pipeline fills when absent (the site's default zone).
DEFAULTED = frozenset({"timezone"})


@dataclasses.dataclass(frozen=True)
class FieldRef:
    """One key of one content type, as the contributor guide and the templates show it."""

    name: str
    description: str
    required: bool
    vocabulary: str | None  # name in data/vocabularies.yml, if the value comes from one
    many: bool  # a list
    fields: tuple["FieldRef", ...] = ()  # keys of a nested structure ({name, position, …})


def _validators(annotation: object) -> typing.Iterator[typing.Callable]:
    """Every before-validator function inside an annotation, outermost first."""
    for meta in getattr(annotation, "__metadata__", ()):
        if isinstance(meta, BeforeValidator):
            yield meta.func
    for arg in typing.get_args(annotation):
        yield from _validators(arg)


def vocabulary_name(func: typing.Callable) -> str | None:
    """The vocabulary a `vocab(name)` validator checks against, or None for other validators."""
    if func.__qualname__ != "vocab.<locals>.check":
        return None
    return inspect.getclosurevars(func).nonlocals.get("name")


def fixed_vocabulary(func: typing.Callable):
    """The vocabulary of a `fixed(vocabulary, …)` validator (Kopilka's own), or None."""
    if func.__qualname__ != "fixed.<locals>.pick":
        return None
    return inspect.getclosurevars(func).nonlocals.get("vocabulary")


def _is_list(annotation: object) -> bool:
    origin = typing.get_origin(annotation)
    if origin in (tuple, list):
        return True
    return any(_is_list(arg) for arg in typing.get_args(annotation)
               if typing.get_origin(arg) is not dict)


def field_refs(model: type[BaseModel]) -> tuple[FieldRef, ...]:
    """The keys of `model` in declaration order; file keys (id, source, body) left out."""
    found = []
    for name, info in model.model_fields.items():
        if name in Entity.FILE_KEYS:
            continue
        funcs = [m.func for m in info.metadata if isinstance(m, BeforeValidator)]
        vocabularies = [v for v in map(vocabulary_name, [*funcs, *_validators(info.annotation)]) if v]
        nested = model_of(info.annotation)
        found.append(FieldRef(
            name=name, description=info.description or "",
            required=info.is_required() and name not in DEFAULTED,
            vocabulary=vocabularies[0] if vocabularies else None,
            many=_is_list(info.annotation) and typing.get_origin(info.annotation) is not dict,
            fields=field_refs(nested) if nested is not None else ()))
    return tuple(found)


def all_field_refs() -> dict[str, tuple[FieldRef, ...]]:
    return {kind: field_refs(model) for kind, model in MODELS.items()}
