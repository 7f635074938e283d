"""Reading a built site in tests: pages, links and every text file."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements_of(html: str) -> list[tuple[str, dict]]:
    """Every start tag with its attributes, as a browser would see them."""
    parser = _Elements()
    parser.feed(html)
    return parser.elements


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append((tag, name, value))


def links_of(html: str) -> list[tuple[str, str, str]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def page(site: Path, url_path: str) -> str:
    return (site / url_path / "index.html").read_text(encoding="utf-8")


def text_files(site: Path):
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js", ".css", ".txt", ".csv", ".ics"):
            yield path, path.read_text(encoding="utf-8", errors="replace")


def resolve(site: Path, html_file: Path, href: str) -> Path | None:
    """The file an internal link points to, or None for external links and anchors."""
    if urlsplit(href).scheme or href.startswith(("//", "#", "mailto:")):
        return None
    target = urldefrag(href)[0]
    base = site if target.startswith("/") else html_file.parent  # 404.html links from the root
    path = (base / unquote(target.lstrip("/"))).resolve()
    if target.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path


def body_text(html: str) -> str:
    """The article's visible text, tags removed: what a reader sees."""
    article = html.split('<article', 1)[-1].split('</article>', 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article))
