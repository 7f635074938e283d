"""The text of a record (after its frontmatter) -> safe HTML and a table of contents.

Record bodies are GitHub Flavored Markdown, rendered by cmark-gfm: contributors write and preview
them in GitHub's editor, and the site shows what that preview showed (Python-Markdown, which MkDocs
uses for narrative pages, differs in lists and line breaks). cmark-gfm also takes 0.07 ms for a
600-word practice where Python-Markdown takes 2.4 ms: a third of a 10,000-practice build.

Raw HTML in a body is untrusted: the result is cleaned by nh3 (`sanitize.clean_html`) before
headings get their anchors and relative links are pointed at the built site.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import cmarkgfm
from cmarkgfm.cmark import Options

from generator.render.sanitize import clean_html
from generator.render.urls import page_url
from generator.text import suggest_id

_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES | Options.CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE
_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r'(<(?:a|img)\b[^>]*?\s(?:href|src)=")([^"]*)(")')


@dataclass(frozen=True)
class Body:
    html: str
    #: Headings in the form of Python-Markdown's toc_tokens (mkdocs.structure.toc.get_toc).
    toc: tuple


@functools.lru_cache(maxsize=4096)
def _slug(heading: str) -> str:
    """A heading's anchor; records repeat their section headings, so each is spelled once."""
    return suggest_id(heading)


def render_body(text: str, src_uri: str) -> Body:
    """`text` of the record whose page is `src_uri` (`practices/<id>.md`), ready for the page."""
    if not text.strip():
        return Body("", ())
    cleaned = clean_html(cmarkgfm.github_flavored_markdown_to_html(text, options=_OPTIONS))
    cleaned = _LINK.sub(lambda m: m.group(1) + _link(m.group(2), src_uri) + m.group(3), cleaned)
    seen: set[str] = set()
    flat: list[dict] = []

    def anchor(match: re.Match) -> str:
        level, inner = int(match.group(1)), match.group(2)
        name = " ".join(html.unescape(_TAG.sub("", inner)).split())
        base = _slug(name) if name else "razdel"
        slug, n = base, 1
        while slug in seen:
            n += 1
            slug = f"{base}-{n}"
        seen.add(slug)
        flat.append({"level": level, "id": slug, "name": html.escape(name, quote=False), "children": []})
        return (f'<h{level} id="{slug}">{inner}<a class="headerlink" href="#{slug}" '
                f'title="Постоянная ссылка">&para;</a></h{level}>')

    result = _HEADING.sub(anchor, cleaned)
    return Body(result, tuple(_nest(flat)))


def _nest(flat: list[dict]) -> list[dict]:
    """Flat headings -> the tree of toc_tokens (a deeper heading is a child of the one above)."""
    roots: list[dict] = []
    stack: list[dict] = []
    for token in flat:
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(token)
        stack.append(token)
    return roots


def _link(target: str, src_uri: str) -> str:
    """A relative link in a body, written from the record's file, as seen from its page.

    `materials/plan.pdf` beside `practices/x.md` is `practices/materials/plan.pdf` in the site,
    and `other.md` is the page `practices/other/`, both relative to `practices/x/`.
    """
    parts = urlsplit(html.unescape(target))
    if parts.scheme or parts.netloc or target.startswith(("/", "#")) or not parts.path:
        return target
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), parts.path))
    if resolved.startswith("../") or resolved == "..":
        return target
    if resolved.endswith(".md"):
        resolved = page_url(resolved) or "./"
    here = page_url(src_uri)
    relative = posixpath.relpath(resolved, here or ".")
    if resolved.endswith("/") and not relative.endswith("/"):
        relative += "/"
    suffix = ("?" + parts.query if parts.query else "") + ("#" + parts.fragment if parts.fragment else "")
    return html.escape(relative + suffix, quote=True)
