"""What can still be checked of a record whose fields have errors: the ids it names.

Validation gives no record when any field is wrong, and without a record its references were
never checked: a contributor fixed five mistakes only to meet a sixth, the missing organisation.
The ids are read here from the raw frontmatter, by the same table of reference fields the link
phase uses, and checked there against every record.
"""

from __future__ import annotations

from generator.corpus.link import REFERENCES
from generator.models.common import ID_RE


def raw_references(kind: str, data: dict) -> tuple[tuple[str, tuple, str], ...]:
    """(field, key path, id) of every id-shaped value under a reference field of `kind`.
    A value that is not an id (a number, a title, a list where one id is wanted) is left to the
    field's own diagnostic."""
    found = []
    for (owner, field), _ in REFERENCES.items():
        if owner == kind:
            found.extend((field, path, value) for path, value in _raw_values(data, field))
    return tuple(found)


def _raw_values(data: object, field: str, prefix: tuple = ()) -> list[tuple[tuple, str]]:
    name, _, inner = field.partition(".")
    if not isinstance(data, dict) or name not in data:
        return []
    value, path = data[name], prefix + (name,)
    if inner:
        items = value if isinstance(value, list) else []
        return [hit for index, item in enumerate(items) for hit in _raw_values(item, inner, path + (index,))]
    if isinstance(value, list):
        return [(path + (index,), item.strip()) for index, item in enumerate(value) if _is_id(item)]
    if isinstance(value, str) and "," in value:  # `events: a, b` is a list as the models read it
        return [(path, part.strip()) for part in value.split(",") if _is_id(part)]
    return [(path, value.strip())] if _is_id(value) else []


def _is_id(value: object) -> bool:
    return isinstance(value, str) and bool(ID_RE.match(value.strip()))
