"""Raw HTML in contributors' Markdown is untrusted: clean every rendered page with nh3 (ammonia).

No `<script>`, `<style>`, event-handler attribute or `javascript:` URL survives; the markup that
Markdown, its extensions and our templates produce does.
"""

from __future__ import annotations

import json

import nh3

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark", "nav", "ol", "p", "pre",
    "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "time", "tr", "u", "ul",
}
_COMMON = {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-current",
           "aria-hidden", "data-kp-last-day", "data-kp-local",
           "data-kp-local-end", "data-kp-end", "data-kp-upcoming", "data-kp-date", "hidden",
           "data-kp-count", "data-kp-filter", "data-kp-root", "data-kp-bundle", "data-pagefind-ignore"}
_ATTRIBUTES = {
    "*": _COMMON,
    "a": {"href", "hreflang", "download", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "checked", "disabled"},
    "td": {"colspan", "rowspan", "align"}, "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"}, "time": {"datetime"}, "ol": {"start", "type"}, "details": {"open"},
}


def clean_html(html: str) -> str:
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, link_rel=None,
                     url_schemes={"http", "https", "mailto", "tel"}, strip_comments=True)


def json_ld_script(data: dict) -> str:
    """A JSON-LD block that no value can break out of: `<`, `>`, `&`, U+2028 and U+2029 become
    \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    # LINE and PARAGRAPH SEPARATOR end a line in older JavaScript parsers
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'\n<script type="application/ld+json">{text}</script>\n'
