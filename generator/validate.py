"""Raw frontmatter -> typed model, or diagnostics; every problem of a file in one pass."""

from __future__ import annotations

import re

from pydantic import BaseModel, ValidationError

from generator.diagnostics import Diagnostic, join_allowed, nearest
from generator.models import MODELS, Entity
from generator.models.common import ValidationContext
from generator.models.labels import field_info, field_label, field_name, fields_at, vocabulary_of, written_key
from generator.source.frontmatter import SourceFile

KIND_WORDS = {
    "string_type": "текст", "int_type": "целое число", "int_parsing": "целое число",
    "int_from_float": "целое число", "float_type": "число", "float_parsing": "число",
    "bool_type": "true или false", "bool_parsing": "true или false",
    "list_type": "список", "tuple_type": "список", "dict_type": "набор полей «ключ: значение»",
    "model_type": "набор полей «ключ: значение»", "model_attributes_type": "набор полей «ключ: значение»",
}
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: The words of the commonest problems, shared with the browser form (render/proposal.py): a
#: value refused there reads as `kopilka check` says it.
MESSAGES = {
    "required": "не заполнено обязательное поле {field}",
    "too_long": "поле {field} длиннее {limit} знаков",
    "range": "значение поля {field} вне допустимого диапазона",
    "kind": "в поле {field} ожидается {kind}",
    "wrong": "неверное значение поля {field}",
}
_RANGE = {"greater_than_equal": ("ge", "не меньше"), "less_than_equal": ("le", "не больше"),
          "greater_than": ("gt", "больше"), "less_than": ("lt", "меньше")}


def validate_source(source: SourceFile, context: ValidationContext) -> tuple[Entity | None, list[Diagnostic]]:
    model = MODELS[source.kind]
    data = dict(source.data or {})
    problems: list[Diagnostic] = []
    for key in Entity.FILE_KEYS:
        if key in data:
            problems.append(_at(source, (key,), "E101",
                                f"поле «{key}» задаётся самим файлом и в метаданных не пишется",
                                value=str(data.pop(key))[:80], allowed="поля записи, кроме id, source и body",
                                hint="id — это имя файла; текст пишите после второй строки ---"))
    for key in [k for k in data if not (isinstance(k, str) and _KEY.match(k))]:
        # a key no field can have (a list, a number, `null`, brackets): unknown, said plainly
        known = fields_at(model, ())
        problems.append(_at(source, (key,), "E101", f"неизвестное поле «{key}»", value=str(key)[:80],
                            allowed=join_allowed(known, 40), hint="имя поля — латинские буквы, например title"))
        data.pop(key)
    data.update(id=source.id, source=source.rel, body=source.body)
    try:
        entity = model.model_validate(data, context=context)
    except ValidationError as error:
        items = error.errors()
        deep = {_clean_loc(i["loc"])[:1] for i in items if len(_clean_loc(i["loc"])) > 1}
        # A list whose only item was refused is also "too short": say the first thing only.
        items = [i for i in items if not (i["type"] == "too_short" and _clean_loc(i["loc"]) in deep)]
        problems.extend(translate(source, model, item, context.vocabularies)
                        for item in _misspelt_required(model, items))
        return None, problems
    for p in entity.problems():
        problems.append(_at(source, p.field, p.code, naming(model, p.field, p.message), value=p.value,
                            allowed=p.allowed, hint=p.hint, severity=p.severity))
    if any(p.severity == "error" for p in problems):
        return None, problems
    return entity, problems


def _misspelt_required(model: type[BaseModel], items: list[dict]) -> list[dict]:
    """`tipe:` written for the required `type` is one mistake, not two: the unknown key is told
    with the field it most likely is, and the missing field is not told again."""
    missing = {_clean_loc(i["loc"]) for i in items if i["type"] == "missing"}
    merged, meant = [], set()
    for item in items:
        loc = _clean_loc(item["loc"])
        if item["type"] == "extra_forbidden" and loc:
            guess = nearest(str(loc[-1]), [str(m[-1]) for m in missing if m[:-1] == loc[:-1]], cutoff=0.6)
            if guess and loc[:-1] + (guess,) not in meant:
                meant.add(loc[:-1] + (guess,))
                item = {**item, "type": "misspelt_required", "ctx": {"meant": guess}}
        merged.append(item)
    return [i for i in merged if not (i["type"] == "missing" and _clean_loc(i["loc"]) in meant)]


def _at(source: SourceFile, path: tuple, code: str, message: str, *, value: str | None = None,
        allowed: str | None = None, hint: str | None = None, severity: str = "error") -> Diagnostic:
    line, column = line_of(source, path)
    return Diagnostic(source.rel, line, column, code, message, value=value, allowed=allowed,
                      hint=hint, severity=severity)


def line_of(source: SourceFile, path: tuple) -> tuple[int, int]:
    """The position of the nearest written ancestor of `path` (a missing key -> its parent)."""
    path = tuple(path)
    while path:
        if path in source.positions:
            return source.positions[path]
        path = path[:-1]
    # `()`: where the whole of what was validated stands (an entry of a data file), if given
    return source.positions.get((), (1, 1) if source.data is not None else (0, 0))


def _clean_loc(loc: tuple) -> tuple:
    """Pydantic adds validator and type tags (`function-before[…]`, `[key]`) to locations;
    keep only the path a contributor wrote. Field names never contain brackets."""
    return tuple(part for part in loc if not (isinstance(part, str) and ("[" in part or "(" in part)))


def translate(source: SourceFile, model: type[BaseModel], item: dict, vocabularies=None) -> Diagnostic:
    """One pydantic error of `model` as a Russian diagnostic at its line (records, site.yml).
    Every message names the field as the file writes it and, in brackets, in Russian."""
    loc = _clean_loc(item["loc"])
    kind = item["type"]
    ctx = item.get("ctx") or {}
    raw = item.get("input")
    value = _shown(raw)
    field = field_name(model, loc)
    if kind != "missing" and _empty(raw) and loc:  # `summary:` left as the template has it
        return _at(source, loc, "E102", MESSAGES["required"].format(field=field),
                   allowed=_allowed_values(model, loc, vocabularies) or ctx.get("allowed") or "непустое значение",
                   hint=_fill_hint(model, loc))
    if kind.startswith(("E1", "E2", "E3")):  # our own checks already speak Russian
        return _at(source, loc, kind, naming(model, loc, item["msg"]), value=ctx.get("value"), allowed=ctx.get("allowed"),
                   hint=ctx.get("hint"))
    if kind == "misspelt_required":
        meant = ctx["meant"]
        return _at(source, loc, "E101", f"неизвестное поле «{loc[-1]}»; обязательное поле "
                   f"{field_name(model, loc[:-1] + (meant,))} не заполнено", value=str(loc[-1]),
                   allowed=f"{meant}: значение", hint=f"переименуйте «{loc[-1]}» в «{meant}»")
    if kind == "extra_forbidden":
        known = fields_at(model, loc[:-1])
        name = loc[-1] if loc else item["loc"][-1]
        guess = nearest(str(name), known, cutoff=0.6)
        return _at(source, loc, "E101", f"неизвестное поле «{name}»", value=str(name),
                   allowed=join_allowed(known, 40),
                   hint=f"возможно, вы имели в виду «{guess}»" if guess else "уберите это поле или проверьте, как оно пишется")
    if kind in ("missing", "string_too_short", "too_short"):
        return _at(source, loc, "E102", MESSAGES["required"].format(field=field),
                   allowed=_allowed_values(model, loc, vocabularies) or f"{written_key(loc)}: значение",
                   hint=_fill_hint(model, loc))
    if kind in ("string_too_long", "too_long"):
        limit = ctx.get("max_length")
        return _at(source, loc, "E108", MESSAGES["too_long"].format(field=field, limit=limit),
                   value=f"{len(str(raw))} знаков", allowed=f"не больше {limit}",
                   hint="сократите текст; подробности перенесите в описание")
    if kind in _RANGE:
        key, word = _RANGE[kind]
        return _at(source, loc, "E109", MESSAGES["range"].format(field=field),
                   value=value, allowed=f"{word} {_number(ctx.get(key))}",
                   hint=_field_doc(model, loc) or "проверьте число")
    if kind in KIND_WORDS:
        return _at(source, loc, "E103", MESSAGES["kind"].format(field=field, kind=KIND_WORDS[kind]),
                   value=value, allowed=KIND_WORDS[kind], hint=_field_doc(model, loc))
    return _at(source, loc, "E103", MESSAGES["wrong"].format(field=field), value=value,
               allowed=ctx.get("pattern") or ctx.get("expected") or "значение, описанное в руководстве участника",
               hint=_field_doc(model, loc) or "проверьте, как записано это поле в примерах сайта")


def naming(model: type[BaseModel], loc: tuple, message: str) -> str:
    """`message` led by the field it is about, unless it names the field's key already."""
    key = written_key(loc).rsplit(".", 1)[-1]
    if not key or re.search(rf"(?<![a-z_]){re.escape(key)}(?![a-z_])", message):
        return message
    return f"поле {field_name(model, loc)}: {message}"


def _empty(raw: object) -> bool:
    return raw is None or (isinstance(raw, (str, list, tuple, dict)) and not raw) or (
        isinstance(raw, str) and not raw.strip())


def _shown(raw: object) -> str | None:
    """The value received, as the file wrote it: YAML words, not Python's (`None`, `True`)."""
    if raw is None or isinstance(raw, dict):
        return None
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, (list, tuple)):
        return "[" + ", ".join(_shown(x) or "…" for x in raw)[:118] + "]"
    return str(raw)[:120]


def _number(value: object) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _fill_hint(model: type[BaseModel], loc: tuple) -> str:
    """The field's description when it says more than its name; else where to write the value."""
    doc = _field_doc(model, loc) or ""
    if doc.rstrip(".").lower() != (field_label(model, loc) or "").lower():
        return doc
    return f"впишите значение после «{written_key(loc).rsplit('.', 1)[-1]}:» в той же строке"


def _field_doc(model: type[BaseModel], loc: tuple) -> str | None:
    info = field_info(model, loc)
    return info.description if info else None


def _allowed_values(model: type[BaseModel], loc: tuple, vocabularies) -> str | None:
    """The entries of the field's vocabulary, for a field left empty."""
    info = field_info(model, loc)
    name = vocabulary_of(info) if info else None
    if name is None or vocabularies is None or name not in vocabularies.vocabularies:
        return None
    return join_allowed(vocabularies[name].labels(), 40) or None
