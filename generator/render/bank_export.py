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
from collections import defaultdict

from generator.build.incremental import Graph
from generator.corpus import lookup
from generator.corpus.site import Site
from generator.derive import queries
from generator.derive.facets import FACETS, facet_indexes, facet_summary, practice_values, values_of
from generator.models import Practice
from generator.render import csvcells
from generator.source.vocabularies import Vocabularies

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


def csv_row(p: Practice, vocab: Vocabularies, organization_title: str | None, municipality: str | None) -> list:
    """One practice as the CSV's cells, labels readable."""
    def labels(name: str, ids) -> str:
        return "; ".join(vocab[name].label(i) for i in ids if i in vocab[name].by_id)

    return [
        p.id, f"practices/{p.id}/", p.title, " ".join(p.summary.split()), p.year,
        labels("levels", p.levels), labels("subjects", p.subjects), labels("practice_types", (p.type,)),
        labels("topics", p.topics),
        vocab.municipalities[municipality].title if municipality in vocab.municipalities else "",
        p.organization, organization_title or "",
        labels("practice_stages", (p.stage,) if p.stage else ()),
        labels("evidence_levels", (p.evidence,) if p.evidence else ()),
        labels("review_decisions", (p.review.decision,)) if p.review else "",
        "; ".join(p.tags), "; ".join(a.name for a in p.authors if a.shown), p.added.isoformat() if p.added else "",
    ]


def _csv_lines(rows) -> str:
    out = io.StringIO()
    writer = csvcells.Writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def csv_export(site: Site) -> str:
    header = _csv_lines([[name for name, _ in CSV_COLUMNS]])
    rows = [csv_row(p, site.vocabularies, org.title if (org := site.organizations.get(p.organization)) else None,
                    site.municipality_of(p)) for p in queries.by_title(site.practices.values())]
    return "\ufeff" + header + _csv_lines(rows)


def filter_json(site: Site) -> str:
    return json.dumps(filter_index(site), ensure_ascii=False, separators=(",", ":")) + "\n"


# --- the same as queries of the build graph, one practice at a time --------------------------
# A build makes the files from each practice's own row and words, kept in the graph: an edit of
# one practice makes its row again and joins the rest as they were.

def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def facet_positions(g: Graph, key: str) -> dict[str, int]:
    """slug -> position of each value in the filter index's list of that facet's values."""
    return {v.slug: n for n, v in enumerate(g.query(facet_summary, key))}


def filter_row(g: Graph, practice_id: str) -> str:
    p = g.query(lookup.fields, "practice", practice_id)
    row = [p.id, p.title] + [[g.query(facet_positions, spec.key)[v.slug] for v in values_of(g, spec.key, p.id)]
                             for spec in FACETS]
    return _dump(row)


def practice_words(g: Graph, practice_id: str) -> frozenset[str]:
    p = g.query(lookup.fields, "practice", practice_id)
    return frozenset(words_of(p.title + " " + p.summary))


def words_index(order, words) -> dict:
    """The `words` of a filter index: `words(id)` are the tokens of the row of each id in `order`."""
    postings: dict[str, list[int]] = defaultdict(list)  # not setdefault: a new list per token
    for row, entity_id in enumerate(order):                # was a third of the filter index's time
        for token in words(entity_id):
            postings[token].append(row)
    tokens = sorted(postings)
    return {"prefix": PREFIX, "tokens": tokens, "postings": [_gaps(postings[t]) for t in tokens]}


def filter_file_text(g: Graph) -> str:
    """`practices/filter.json`, byte for byte what `filter_json` writes for the same Site."""
    order = g.query(queries.practices_by_title)
    facets = [{"key": spec.key, "title": spec.title,
               "values": [[v.slug, v.label] for v in g.query(facet_summary, spec.key)]} for spec in FACETS]
    rows = ",".join(g.query(filter_row, i) for i in order)
    return (f'{{"schema":{_dump(SCHEMA_ID)},"facets":{_dump(facets)},"practices":[{rows}],'
            f'"words":{g.query(filter_words)}}}\n')


def filter_words(g: Graph) -> str:
    """The filter index's words as JSON: a query of its own, so that an edit of a practice's
    facets or organisation, which moves no row and changes no word, does not index the words
    again (0.15 s at 10,000 practices)."""
    order = g.query(queries.practices_by_title)
    return _dump(words_index(order, lambda i: g.query(practice_words, i)))


def csv_line(g: Graph, practice_id: str) -> str:
    p = g.query(lookup.fields, "practice", practice_id)
    organization = g.query(lookup.fields, "organization", p.organization)
    return _csv_lines([csv_row(p, lookup.vocabularies(g), organization.title if organization else None,
                               g.query(lookup.municipality_of, "practice", practice_id))])


def csv_file_text(g: Graph) -> str:
    """`practices/practices.csv`, byte for byte what `csv_export` writes for the same Site."""
    header = _csv_lines([[name for name, _ in CSV_COLUMNS]])
    return "\ufeff" + header + "".join(g.query(csv_line, i) for i in g.query(queries.practices_by_title))
