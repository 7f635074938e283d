"""The contributor guide «Как добавить практику»: a page of every site and CONTRIBUTING.md.

The field tables are made from the models' field descriptions and the site's vocabularies, the
error table from `diagnostics.CODES`: a new field or code is documented by being added. The
repository's CONTRIBUTING.md is the same text made with the example site's vocabularies;
`python -m generator.render.guide CONTRIBUTING.md` refreshes it and a test keeps it in step.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2

from generator.build.incremental import Graph
from generator.build.outputs import MarkdownPage
from generator.corpus import lookup
from generator.diagnostics import CODES, join_allowed
from generator.models import MODELS
from generator.source.discover import CONTENT_FOLDERS
from generator.source.vocabularies import Vocabularies
from generator.tools.fieldref import FieldRef, field_refs

PAGE = "contributing/index.md"
TITLES = {"practice": "Практика", "event": "Мероприятие", "association": "Объединение",
          "program": "Документ", "organization": "Организация", "person": "Специалист",
          "consultation": "Консультации", "question": "Вопрос — ответ"}

#: A complete, valid practice: shown in the guide and checked by the tests.
EXAMPLE_PRACTICE = """---
title: Наставничество в школе
summary: Пары «наставник — молодой педагог» на учебный год с общим планом, взаимными посещениями уроков и итоговым открытым уроком.
authors:
  - Иванова Мария Петровна
  - {name: Петров Иван Сергеевич, position: учитель математики}
organization: penza-sosh-57
levels: [ООО, СОО]
subjects: [математика]
type: наставничество
year: 2025
topics: [наставничество, молодые педагоги]
stage: апробация
results:
  - За год 6 молодых педагогов провели открытые уроки.
contact: {email: ivanova@example.org, public: false}
---

## Актуальность

Треть учителей математики школы работают меньше трёх лет.

## Цель и задачи

Сократить период адаптации молодого педагога.

## Описание

Наставник и молодой педагог составляют план на год и раз в две недели посещают уроки друг друга.

## Результаты

Все молодые педагоги остались в школе.

## Условия тиражирования

Нужны опытные учителя, готовые быть наставниками, и время в расписании.

## Ресурсы

План работы пары, лист наблюдения урока."""

_ENV = jinja2.Environment(loader=jinja2.PackageLoader("generator.render", "templates"),
                          autoescape=False, trim_blocks=True, lstrip_blocks=True,
                          keep_trailing_newline=True, undefined=jinja2.StrictUndefined)


def _cell(text: str) -> str:
    """Safe inside a Markdown table cell: no pipes, no raw HTML, one line."""
    return (" ".join(str(text).split()).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace("|", "\\|"))


_ENV.filters["cell"] = _cell


def markdown(vocabularies: Vocabularies | None) -> str:
    """The guide's Markdown; allowed values are listed when vocabularies are known."""
    def allowed(ref: FieldRef) -> str:
        if ref.vocabulary and vocabularies is not None:
            return join_allowed(vocabularies[ref.vocabulary].labels(), 60)
        if ref.name == "municipality" and vocabularies is not None:
            return "id или название из data/municipalities.yml"
        return ""

    kinds = [(kind, TITLES[kind], CONTENT_FOLDERS[kind], field_refs(MODELS[kind])) for kind in MODELS]
    return _ENV.get_template("contributing.md.j2").render(
        kinds=kinds, allowed=allowed, codes=sorted(CODES.items()), example=EXAMPLE_PRACTICE)


def guide_page(g: Graph) -> MarkdownPage:
    """The page «Как добавить практику» of the site, with the site's own vocabularies: Markdown
    (tables), which MkDocs renders."""
    return MarkdownPage(PAGE, "---\ntitle: Как добавить практику\n---\n\n" + markdown(lookup.vocabularies(g)))


def contributing_file(root: Path) -> str:
    """CONTRIBUTING.md of a site folder, with that site's vocabularies."""
    from generator.source.vocabularies import load_vocabularies

    vocabularies, problems = load_vocabularies(root)
    header = ("<!-- Made by `python -m generator.render.guide CONTRIBUTING.md` from the content model; "
              "edit generator/render/templates/contributing.md.j2 instead. -->\n")
    return header + markdown(None if problems else vocabularies)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "CONTRIBUTING.md")
    target.write_text(contributing_file(target.resolve().parent), encoding="utf-8")
