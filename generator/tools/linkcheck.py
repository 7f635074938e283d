"""`kopilka linkcheck`: every internal link and anchor of a built site resolves.

Works on the built folder, as a reader's browser would: a link to `x/` opens `x/index.html`, a
fragment must name an `id` (or `<a name>`) in the target page. External links are checked only
on request, at most `limit` of them, in parallel, each with a timeout.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

_SKIP_SCHEMES = ("mailto", "tel", "data", "javascript")


@dataclasses.dataclass(frozen=True, order=True)
class BrokenLink:
    page: str  # the built file, relative to the site folder
    href: str
    reason: str

    def format(self) -> str:
        return f"{self.page}: {self.href} — {self.reason}"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.anchors: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.anchors.add(value)
            elif (name == "href" and tag in ("a", "link", "area")) or (name == "src" and tag in ("img", "script", "iframe", "source")):
                self.links.append(value)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def _target(site: Path, page: Path, path_part: str) -> Path:
    base = site if path_part.startswith("/") else page.parent
    target = (base / unquote(path_part.lstrip("/"))).resolve()
    if path_part.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def internal_problems(site: Path) -> tuple[list[BrokenLink], list[tuple[str, str]]]:
    """Broken internal links and anchors; and the external links seen as (page, url)."""
    site = site.resolve()
    pages = {path: _parse(path) for path in sorted(site.rglob("*.html"))}
    broken: list[BrokenLink] = []
    external: list[tuple[str, str]] = []
    for path, parsed in pages.items():
        rel = path.relative_to(site).as_posix()
        for href in parsed.links:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https") or href.startswith("//"):
                external.append((rel, href))
                continue
            if parts.scheme in _SKIP_SCHEMES or parts.scheme:
                continue
            path_part, fragment = urldefrag(href)
            target = _target(site, path, path_part) if path_part else path
            if not target.is_relative_to(site):
                broken.append(BrokenLink(rel, href, "ссылка ведёт за пределы сайта"))
            elif not target.is_file():
                broken.append(BrokenLink(rel, href, "страница или файл не найдены"))
            elif fragment and target.suffix == ".html":
                anchors = pages[target].anchors if target in pages else _parse(target).anchors
                if unquote(fragment) not in anchors:
                    broken.append(BrokenLink(rel, href, f"на странице нет якоря #{unquote(fragment)}"))
    return sorted(set(broken)), sorted(set(external))


def _fetch(url: str, timeout: float) -> str | None:
    """None when the link works; otherwise why not."""
    for method in ("HEAD", "GET"):  # some servers refuse HEAD
        request = urllib.request.Request(url, method=method, headers={"User-Agent": "kopilka-linkcheck"})
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                return None
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue
            return f"ответ сервера {error.code}"
        except (urllib.error.URLError, OSError, ValueError) as error:
            return f"не открывается ({getattr(error, 'reason', error)})"
    return None


def external_problems(links: list[tuple[str, str]], limit: int = 200, timeout: float = 10.0,
                      workers: int = 8) -> list[BrokenLink]:
    """Check up to `limit` distinct external URLs; each with `timeout` seconds."""
    urls = sorted({url for _, url in links})[:limit]
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        results = dict(zip(urls, pool.map(lambda u: _fetch(u, timeout), urls)))
    return sorted({BrokenLink(page, url, results[url]) for page, url in links
                   if results.get(url)})
