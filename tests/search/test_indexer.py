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
