"""A skip link on every page: the theme writes one only for a page with headings, and points it
at the first heading, so a keyboard user on the home page or a list tabs through the whole menu.

Added to the finished HTML (the theme's `skip` area is not a template block): the link goes to
the content area, which gets an id and can take focus.
"""

from __future__ import annotations

import re

SKIP_TEXT = "Перейти к содержанию"
TARGET = "kp-content"
_EMPTY_SKIP = re.compile(r'<div data-md-component="skip">\s*</div>')
_CONTENT = '<div class="md-content" data-md-component="content">'


def with_skip_link(html: str) -> str:
    """`html` whose skip area, if empty, holds a link to the page's content."""
    if _CONTENT not in html or not _EMPTY_SKIP.search(html):
        return html
    link = f'<div data-md-component="skip"><a href="#{TARGET}" class="md-skip">{SKIP_TEXT}</a></div>'
    html = _EMPTY_SKIP.sub(lambda _: link, html, count=1)
    return html.replace(_CONTENT, f'<div class="md-content" data-md-component="content" id="{TARGET}" tabindex="-1">', 1)
