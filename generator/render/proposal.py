"""The pages «Предложить практику» and «Предложить мероприятие»: a form that writes the record's
file, for a teacher who will never install Python.

The form is made here from the content model and the site's vocabularies (choices are the
labels a file writes), and the browser checks what was typed against the same JSON Schema
`kopilka schema` writes, with a vendored validator (assets/vendor/cfworker-json-schema/, MIT),
in the words of `validate.MESSAGES`. The file is then shown, offered to copy or download, and
opened on GitHub's «create new file» page of the repository in mkdocs.yml's `repo_url`.
Everything that comes from a record or a vocabulary is escaped: the HTML with `html.escape`,
the data script as JSON whose `<`, `>`, `&` and line separators are escaped.
"""

from __future__ import annotations

import html
import json

from generator.build.incremental import Graph
from generator.build.outputs import Page
from generator.corpus import lookup
from generator.models import MODELS
from generator.render.previews import preview_tags
from generator.source.discover import CONTENT_FOLDERS
from generator.text import TRANSLIT
from generator.tools.schema import content_schema
from generator.models.labels import field_info, field_label, field_name, vocabulary_of
from generator.models.event import NEEDS_LOCATION, ONLINE
from generator.validate import KIND_WORDS, MESSAGES, naming

#: content type -> (page URI, title, the fields asked for: key, widget, label if not the field's
#: own Russian name). Widgets: line,
#: text (several lines), lines (one item a line), choice/choices (a vocabulary), record:KINDS
#: (a published record's id), year, moment (date and time), url.
FORMS = {
    "practice": ("propose/practice/index.md", "Предложить практику", [
        ("title", "line"), ("summary", "text"), ("authors", "lines"), ("organization", "record:organization", "Организация"),
        ("levels", "choices"), ("subjects", "choices"), ("type", "choice"), ("year", "year"),
        ("topics", "choices"), ("stage", "choice"), ("audience", "choices")]),
    "event": ("propose/event/index.md", "Предложить мероприятие", [
        ("title", "line"), ("type", "choice"), ("start", "moment"), ("end", "moment"), ("format", "choice"),
        ("location", "line"), ("online_url", "url"), ("organizer", "record:organization,association", "Организатор"),
        ("summary", "text"), ("levels", "choices"), ("subjects", "choices"), ("registration_url", "url")]),
}
#: The text after the frontmatter: one box per heading (a practice's recommended sections).
SECTIONS = {
    "practice": ["Актуальность", "Цель и задачи", "Описание", "Результаты", "Условия тиражирования", "Ресурсы"],
    "event": ["О мероприятии"],
}


def _rules(g: Graph, kind: str) -> list[dict]:
    """The model's rules across fields that the form can tell before the file exists, each with
    the message `kopilka check` gives: `require` is needed unless `key` has one of `unless`."""
    if kind != "event":
        return []
    online = lookup.vocabularies(g)["event_formats"].label(ONLINE)
    return [{"key": "format", "unless": [online], "require": "location",
             "message": naming(MODELS["event"], ("format",), NEEDS_LOCATION)}]


def plan(g: Graph) -> list[tuple]:
    return [(proposal_page, kind) for kind in FORMS]


def proposal_page(g: Graph, kind: str) -> Page:
    uri, title, fields = FORMS[kind]
    vocabularies = lookup.vocabularies(g)
    spec = [_field(g, kind, *field) for field in fields]
    data = {"kind": kind, "folder": CONTENT_FOLDERS[kind], "fields": spec, "sections": SECTIONS[kind],
            "schema": content_schema(kind, vocabularies), "messages": MESSAGES, "kinds": KIND_WORDS,
            "translit": TRANSLIT, "newFile": lookup.publishing(g).new_file_link() or "",
            "timezone": lookup.config(g).timezone, "rules": _rules(g, kind)}
    body = "".join(_control(item) for item in spec) + "".join(
        _section(index, heading) for index, heading in enumerate(SECTIONS[kind]))
    # proposal.js is loaded by the page's `kp-proposal` mark (render/pageassets.py)
    description = "Форма, которая собирает файл записи для репозитория сайта"
    return Page(uri, title, f"<h1>{html.escape(title)}</h1>\n" + _page(kind, body, data), description,
                head=preview_tags(g, uri, title, description))  # as every page: canonical address, previews


def _field(g: Graph, kind: str, key: str, widget: str, label: str | None = None) -> dict:
    model = MODELS[kind]
    info = model.model_fields[key]
    label = label or field_label(model, (key,)) or key
    item = {"key": key, "widget": widget.split(":")[0], "name": field_name(model, (key,)),
            "label": label[:1].upper() + label[1:], "help": info.description or "",
            "required": info.is_required(), "options": _options(g, model, key, widget)}
    if widget == "text":
        item["maxLength"] = next((m.max_length for m in info.metadata if hasattr(m, "max_length")), None)
    return item


def _options(g: Graph, model, key: str, widget: str) -> list[tuple[str, str]]:
    """(value written to the file, text shown) of a choice."""
    if widget.startswith("record:"):
        found = [(g.query(lookup.title, kind, entity_id) or entity_id, entity_id)
                 for kind in widget.split(":")[1].split(",") for entity_id in lookup.ids(g, kind)]
        return [(entity_id, f"{title} ({entity_id})") for title, entity_id in sorted(found)]
    if widget.startswith("choice"):
        name = vocabulary_of(field_info(model, (key,)))
        return [(label, label) for label in lookup.vocabularies(g)[name].labels()]
    return []


def _control(item: dict) -> str:
    key, label, widget = item["key"], html.escape(item["label"]), item["widget"]
    star = ' <abbr title="обязательное поле">*</abbr>' if item["required"] else ""
    hint = f'<small id="kp-help-{key}">{html.escape(item["help"])}</small>'
    common = f'name="{key}" id="kp-f-{key}" aria-describedby="kp-help-{key}"'
    if widget == "choices":
        boxes = "".join(f'<label><input type="checkbox" name="{key}" value="{html.escape(value, quote=True)}"> '
                        f"{html.escape(text)}</label> " for value, text in item["options"])
        return f'<fieldset class="kp-field" data-key="{key}"><legend>{label}{star}</legend>{boxes}<br>{hint}</fieldset>\n'
    if widget in ("choice", "record"):
        options = "".join(f'<option value="{html.escape(value, quote=True)}">{html.escape(text)}</option>'
                          for value, text in item["options"])
        control = f'<select {common}><option value="">— выберите —</option>{options}</select>'
    elif widget in ("text", "lines"):  # no maxlength: a text too long is told, not cut
        control = f'<textarea {common} rows="{4 if widget == "text" else 3}"></textarea>'
    else:
        kind = {"year": "number", "moment": "datetime-local", "url": "url"}.get(widget, "text")
        control = f'<input type="{kind}" {common}>'
    return f'<p class="kp-field" data-key="{key}"><label for="kp-f-{key}">{label}{star}</label><br>{control}<br>{hint}</p>\n'


def _section(index: int, heading: str) -> str:
    return (f'<p class="kp-field"><label for="kp-s-{index}">{html.escape(heading)}</label><br>'
            f'<textarea id="kp-s-{index}" data-section="{html.escape(heading, quote=True)}" rows="4"></textarea></p>\n')


def _json(data: dict) -> str:
    """JSON safe inside a script element: no `</script>`, no HTML entities, no line separators."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _page(kind: str, body: str, data: dict) -> str:
    where = ("Нажмите «Открыть на GitHub»: откроется страница нового файла в репозитории сайта, имя и текст "
             "уже вписаны — останется предложить изменение (pull request)." if data["newFile"] else
             "Скопируйте текст или скачайте файл и отправьте его методисту или добавьте в репозиторий сайта.")
    return (f'<div class="kp-proposal" id="kp-proposal" data-kind="{kind}">\n'
            "<p>Заполните поля — форма соберёт файл записи и проверит его по тем же правилам, что и "
            f"<code>kopilka check</code>. {where} Поля со звёздочкой обязательны.</p>\n"
            f'<form id="kp-proposal-form" novalidate>\n{body}'
            '<p><button type="submit" class="md-button md-button--primary">Собрать файл</button></p>\n</form>\n'
            '<div id="kp-proposal-problems" role="alert"></div>\n'
            '<div id="kp-proposal-result" hidden><p><strong>Файл <code id="kp-proposal-name"></code></strong></p>\n'
            '<pre><code id="kp-proposal-text"></code></pre>\n'
            '<p><a id="kp-proposal-github" class="md-button md-button--primary" hidden>Открыть на GitHub</a> '
            '<button type="button" id="kp-proposal-copy" class="md-button">Скопировать</button> '
            '<a id="kp-proposal-download" class="md-button" download>Скачать файл</a></p>\n'
            '<p id="kp-proposal-long" hidden>Текст слишком длинный, чтобы передать его в адресе страницы: на GitHub '
            "откроется пустой файл с этим именем — вставьте в него скопированный текст.</p></div>\n"
            f'<script type="application/json" id="kp-proposal-data">{_json(data)}</script>\n</div>\n')
