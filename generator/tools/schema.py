"""`kopilka schema`: a JSON Schema per content type, so an editor with yaml-language-server
completes and checks frontmatter as you type.

The schema is the pydantic models' own (`model_json_schema`) with what the models accept before
validation made explicit: vocabulary fields become enums of the site's spellings (id, label,
title, aliases), a list may be written as one comma-separated line, an author as a plain name,
dates in both Russian and ISO forms. The generator stays the judge; the schema is a helper.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic.json_schema import GenerateJsonSchema

from generator.models import MODELS
from generator.models.common import STATUSES
from generator.source.vocabularies import Vocabularies, Vocabulary
from generator.tools.fieldref import fixed_vocabulary, vocabulary_name

SCHEMA_DIR = "schemas"
DATE = r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4})$"
MOMENT = r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4})([ T]\d{1,2}:\d{2})?$"
ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_STRING = {"type": "string"}


def spellings(vocabulary: Vocabulary) -> list[str]:
    """Every accepted way to write an entry, as written in the data file (ids first)."""
    words: dict[str, None] = {}
    for entry in vocabulary.entries:
        for word in (entry.label, entry.id, entry.title, *entry.aliases):
            if word:
                words[word] = None
    return list(words)


def _enum(words: list[str], description: str | None = None) -> dict:
    schema = {"type": "string", "enum": words}
    if description:
        schema["description"] = description
    return schema


def _generator(vocabularies: Vocabularies) -> type[GenerateJsonSchema]:
    """A schema generator that knows the site's vocabularies."""
    from generator.models import association, common, event, person, practice, program

    plain = {common._as_list: "list", common._tags: "list", common._one_or_many: "list", person._roles: "list",
             common._person: "one", practice._result: "one", association._member: "one", event._winner: "one",
             program._period: "period", event._satisfaction: "number"}
    fixed = {
        common._status: _enum(spellings(STATUSES) + spellings(vocabularies["event_states"])),
        common._municipality: _enum(spellings(vocabularies.municipality_lookup)),
        common.parse_date: {"type": "string", "pattern": DATE, "examples": ["2025-03-15", "15.03.2025"]},
        common.parse_moment: {"type": "string", "pattern": MOMENT, "examples": ["2025-03-15 10:00"]},
        common._ref: {"type": "string", "pattern": ID},
        common.check_zone: {"type": "string", "examples": ["Europe/Moscow", "Asia/Vladivostok"]},
        common._bool: {"anyOf": [{"type": "boolean"}, _enum(["да", "нет"])]},
        common._email: {"type": "string", "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$", "examples": ["metodist@example.org"]},
        common._phone: {"type": "string", "examples": ["+7 (8412) 56-00-00"]},
    }

    class SiteSchema(GenerateJsonSchema):
        def function_before_schema(self, schema):
            func = schema["function"]["function"]
            inner = super().function_before_schema(schema)
            name = vocabulary_name(func)
            if name is not None:
                return _enum(spellings(vocabularies[name]))
            own = fixed_vocabulary(func)
            if own is not None:  # one of Kopilka's own (repetition, task states, roles…)
                return _enum(spellings(own))
            if func in fixed:
                return dict(fixed[func])
            shape = plain.get(func)
            if shape == "list":  # `levels: ООО, СОО` is a list too
                return {"anyOf": [inner, _STRING]}
            if shape == "one":  # an author as a plain «ФИО», a result as plain text
                return {"anyOf": [_STRING, inner]}
            if shape == "number":  # a satisfaction as a bare share
                return {"anyOf": [{"type": "number"}, inner]}
            if shape == "period":
                return {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": r"^\d{4}\s*[-–]\s*\d{4}$"}, inner]}
            return inner

        def date_schema(self, schema):
            return {"type": "string", "pattern": DATE}

    return SiteSchema


def content_schema(kind: str, vocabularies: Vocabularies) -> dict:
    """The JSON Schema of one content type's frontmatter on this site."""
    model = MODELS[kind]
    schema = model.model_json_schema(schema_generator=_generator(vocabularies))
    for key in ("id", "source", "body"):  # set from the file, never written
        schema.get("properties", {}).pop(key, None)
        if key in schema.get("required", []):
            schema["required"].remove(key)
    if "timezone" in schema.get("required", []):
        schema["required"].remove("timezone")  # the site's zone is the default
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"kopilka-{kind}.schema.json"
    return schema


#: content type -> the glob of its files, for the editor's schema mapping.
GLOBS = {
    "practice": "practices/**/*.md",
    "association": "content/associations/**/*.md",
    "event": "content/events/**/*.md",
    "program": "content/programs/**/*.md",
    "organization": "content/organizations/**/*.md",
    "person": "content/people/**/*.md",
    "consultation": "content/consultations/**/*.md",
    "question": "content/questions/**/*.md",
}


def write_schemas(root: Path, vocabularies: Vocabularies, out: Path) -> list[Path]:
    """One `<kind>.schema.json` per content type, and the editor settings that map files to them."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in MODELS:
        path = out / f"{kind}.schema.json"
        path.write_text(json.dumps(content_schema(kind, vocabularies), ensure_ascii=False, indent=2,
                                   sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    settings_path = root / ".vscode" / "settings.json"
    settings = json.loads(settings_path.read_text(encoding="utf-8")) if settings_path.is_file() else {}
    rel = out.resolve().relative_to(root.resolve()).as_posix() if out.resolve().is_relative_to(root.resolve()) else str(out)
    settings["yaml.schemas"] = {f"./{rel}/{kind}.schema.json": glob for kind, glob in GLOBS.items()}
    settings_path.parent.mkdir(exist_ok=True)
    settings_path.write_text(json.dumps(settings, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                             encoding="utf-8")
    written.append(settings_path)
    return written

