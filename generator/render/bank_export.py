"""The bank's filter index (`practices/filter.json`) and open-data export (`practices/practices.csv`).

The filter index is what the browser filter downloads, so it is compact: facet values are written
once and practices refer to them by position. Schema `kopilka.practices/1`:

    {"schema": "kopilka.practices/1",
     "facets": [{"key": "levels", "title": "Уровни образования",
                 "values": [["ooo", "ООО"], …]}, …],          # [slug, label], display order
     "practices": [["<id>", "<title>", [0, 2], [5], …], …],  # one row per practice
     "words": {"prefix": 6, "tokens": ["матема", …], "postings": [[0, 3, 1, …], …]}}

A practice row is its id, its title, then one list per facet (in `facets` order) holding the
positions of its values in that facet's `values`; an empty list means no value. Rows are sorted by
title, so a row's position is its rank by title. A practice's URL is `practices/<id>/`.
`words` indexes the title and summary: every word, lower case with «ё» as «е», cut to its first
`prefix` letters, is a token (sorted); `postings[i]` lists the rows whose title or summary has
token `i`, as gaps (the first row, then differences). Words shorter than three letters are left out.

The CSV has one row per practice with readable labels (multiple values joined by «; »), UTF-8 with
a byte-order mark so that spreadsheet programs read Cyrillic correctly.
"""

from __future__ import annotations

import io
import json
import re

from generator.corpus.site import Site
from generator.derive import queries
from generator.derive.facets import FACETS, facet_indexes, practice_values
from generator.render import csvcells

SCHEMA_ID = "kopilka.practices/1"
FILTER_INDEX = "practices/filter.json"
CSV_EXPORT = "practices/practices.csv"
#: Words are cut to this many letters: crude, but it folds most Russian endings
#: («наставничество», «наставничеству» -> «настав»); full-text search does real stemming.
PREFIX = 6
_WORD = re.compile(r"[0-9a-zа-я]+")

#: (key, meaning): the documented schema of filter.json, shown on the open-data page.
SCHEMA: list[tuple[str, str]] = [
    ("schema", f"версия формата: «{SCHEMA_ID}»"),
    ("facets", "указатели (уровни, предметы, тип, …): key — имя, title — название, "
               "values — значения [slug, подпись] в порядке показа"),
    ("practices", "по строке на практику, по алфавиту названий: [id, название, "
                  "затем для каждого указателя список номеров значений из его values]"),
    ("words", "слова названия и аннотации: tokens — первые 6 букв слов (строчные, «ё» как «е»), "
              "postings — для каждого слова номера строк practices в виде разностей"),
]
#: (column, meaning) of practices.csv.
CSV_COLUMNS: list[tuple[str, str]] = [
    ("id", "идентификатор практики (имя файла)"), ("url", "адрес страницы от корня сайта"),
    ("title", "название"), ("summary", "аннотация"), ("year", "год описания"),
    ("levels", "уровни образования"), ("subjects", "предметы"), ("type", "тип практики"),
    ("topics", "темы"), ("municipality", "муниципалитет"), ("organization", "id организации"),
    ("organization_title", "организация"), ("stage", "этап"), ("evidence", "доказанность"),
    ("review", "решение экспертизы"), ("tags", "метки"), ("authors", "авторы"),
    ("added", "дата добавления в банк"),
]


def words_of(text: str) -> set[str]:
    """The tokens of a text, as the browser filter cuts the words of a query."""
    return {w[:PREFIX] for w in _WORD.findall(text.lower().replace("ё", "е")) if len(w) >= 3}


def _gaps(rows: list[int]) -> list[int]:
    return [row - previous for row, previous in zip(rows, [0] + rows[:-1])]


def filter_index(site: Site) -> dict:
    indexes = facet_indexes(site)
    practices = queries.by_title(site.practices.values())
    positions = {key: {v.slug: n for n, v in enumerate(index.values)} for key, index in indexes.items()}
    rows, postings = [], {}
    for row, practice in enumerate(practices):
        rows.append([practice.id, practice.title] + [
            [positions[spec.key][v.slug] for v in practice_values(indexes[spec.key], practice, site.municipality_of(practice))]
            for spec in FACETS])
        for token in words_of(practice.title + " " + practice.summary):
            postings.setdefault(token, []).append(row)
    tokens = sorted(postings)
    return {
        "schema": SCHEMA_ID,
        "facets": [{"key": index.key, "title": index.title,
                    "values": [[v.slug, v.label] for v in index.values]} for index in indexes.values()],
        "practices": rows,
        "words": {"prefix": PREFIX, "tokens": tokens, "postings": [_gaps(postings[t]) for t in tokens]},
    }


def csv_export(site: Site) -> str:
    vocab = site.vocabularies

    def labels(name: str, ids) -> str:
        return "; ".join(vocab[name].label(i) for i in ids if i in vocab[name].by_id)

    out = io.StringIO()
    writer = csvcells.Writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _ in CSV_COLUMNS])
    for p in queries.by_title(site.practices.values()):
        org = site.organizations.get(p.organization)
        municipality = site.municipality_of(p)
        writer.writerow([
            p.id, f"practices/{p.id}/", p.title, " ".join(p.summary.split()), p.year,
            labels("levels", p.levels), labels("subjects", p.subjects), labels("practice_types", (p.type,)),
            labels("topics", p.topics),
            vocab.municipalities[municipality].title if municipality in vocab.municipalities else "",
            p.organization, org.title if org else "",
            labels("practice_stages", (p.stage,) if p.stage else ()),
            labels("evidence_levels", (p.evidence,) if p.evidence else ()),
            labels("review_decisions", (p.review.decision,)) if p.review else "",
            "; ".join(p.tags), "; ".join(a.name for a in p.authors), p.added.isoformat() if p.added else "",
        ])
    return "\ufeff" + out.getvalue()


def filter_json(site: Site) -> str:
    return json.dumps(filter_index(site), ensure_ascii=False, separators=(",", ":")) + "\n"
