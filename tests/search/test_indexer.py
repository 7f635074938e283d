"""What Pagefind reads of a record page: excerpts that read as Russian text."""

from __future__ import annotations

import re

from generator.render.bodies import render_body
from generator.search.indexer import page_for_index, readable_for_search


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_labels_and_values_are_apart_in_the_index():
    card = "<dl class='kp-card'><dt>Вид</dt><dd>круглый стол</dd><dt>Когда</dt><dd>3 декабря 2025</dd></dl>"
    assert _text(readable_for_search(card)) == "Вид: круглый стол Когда: 3 декабря 2025"


def test_heading_links_are_not_indexed():
    body = render_body("## Цель и задачи\n\nТекст.\n", "practices/p.md")
    assert "&para;" in body.html  # the page keeps its heading link
    indexed = page_for_index("Практика", body.html)
    assert "&para;" not in indexed and "¶" not in indexed
    assert "Цель и задачи" in _text(indexed)


def test_what_pagefind_ignores_is_left_out_of_its_input_and_nothing_else():
    from generator.search.indexer import page_for_index

    content = ('<div data-pagefind-body><div hidden data-pagefind-ignore><span data-pagefind-filter="Раздел">'
               'Практики</span></div><h1>Т</h1><p>свой текст</p>'
               '<ul data-pagefind-ignore><li>чужая <ul><li>вложенная</li></ul> практика</li></ul>'
               '<p>после списка</p><img data-pagefind-ignore src="x.png"><p>после рисунка</p>'
               '<div data-pagefind-ignore>без конца <p>хвост текста</p></div>')
    text = page_for_index("Т", content)
    assert "data-pagefind-filter" in text and "Практики" in text  # the filters stay
    assert "свой текст" in text and "после списка" in text and "после рисунка" in text
    assert "чужая" not in text and "вложенная" not in text and "x.png" not in text
    assert "без конца" not in text and "хвост текста" not in text
    broken = page_for_index("Т", '<div data-pagefind-body><h1>Т</h1><section data-pagefind-ignore>нет конца '
                                 '<p>текст записи</p></div>')
    assert "текст записи" in broken  # no closing tag: only the opening tag goes
