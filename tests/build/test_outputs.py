"""What the render phase hands to the publish phase: typed outputs, a page's text kept small."""

from __future__ import annotations


def test_a_pages_text_reads_back_as_made_and_compares_by_content():
    import pickle

    from generator.build.outputs import Page, Text

    text = "<p>Текст с «кавычками» и \U0001F600</p>" * 50
    page = Page("practices/a.md", "А", text)
    assert page.html == text and isinstance(page.content, Text)
    assert page == Page("practices/a.md", "А", text) and page != Page("practices/a.md", "А", text + " ")
    again = pickle.loads(pickle.dumps(page))
    assert again == page and again.html == text
    assert len(page.content.data) < len(text.encode("utf-8")) / 3  # kept small: it is what a build holds
