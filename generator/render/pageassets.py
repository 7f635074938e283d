"""Each page loads only the styles and scripts it uses, minified.

A slow rural link pays for every file: the five stylesheets and four scripts on every page cost a
teacher seconds before the first text. `kopilka.css` and `kopilka.js` are for every page; any
other asset is loaded by the pages whose HTML it works on. What that is, the asset says itself,
so the rule cannot drift from the files: a stylesheet by the `kp-` classes its selectors name, a
script by its `@needs` line (classes, and `data-kp-…` attributes). Files are published minified
(rcssmin, rjsmin), the same bytes for the same source.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from importlib import resources

import rcssmin
import rjsmin

#: Loaded by every page (MkDocs' extra_css / extra_javascript).
EVERY_PAGE = ("kopilka.css", "kopilka.js")
FOLDER = "assets/kopilka"

_CSS_CLASS = re.compile(r"\.(kp-[A-Za-z0-9_-]+)")
_NEEDS = re.compile(r"@needs\s+([^*\n]+)")
_CLASS_ATTR = re.compile(r'\bclass="([^"]*)"')


@dataclasses.dataclass(frozen=True)
class Asset:
    name: str
    #: `kp-` classes and `data-kp-` attributes a page must have for this asset to load.
    needs: frozenset[str]

    @property
    def uri(self) -> str:
        return f"{FOLDER}/{self.name}"


def _read(name: str) -> str:
    return resources.files("generator.render").joinpath("assets", name).read_text(encoding="utf-8")


@functools.cache
def assets() -> tuple[Asset, ...]:
    """Kopilka's stylesheets and scripts, sorted by name, with what each needs."""
    names = sorted(p.name for p in resources.files("generator.render").joinpath("assets").iterdir()
                   if p.is_file() and p.name.endswith((".css", ".js")))
    found = []
    for name in names:
        text = _read(name)
        if name.endswith(".css"):
            needs = set(_CSS_CLASS.findall(text))
        else:
            needs = {token for line in _NEEDS.findall(text) for token in line.split()}
        found.append(Asset(name, frozenset(needs)))
    return tuple(found)


@functools.cache
def published(name: str) -> bytes:
    """The asset as the site serves it: minified."""
    text = _read(name)
    small = rcssmin.cssmin(text) if name.endswith(".css") else rjsmin.jsmin(text)
    return small.encode("utf-8")


#: Third-party code kept as it came, with its licence (assets/vendor/<name>/): published beside
#: Kopilka's assets, unminified, and loaded only by the script that imports it (proposal.js).
VENDOR = "vendor"


@functools.cache
def vendored() -> tuple[tuple[str, bytes], ...]:
    """(path under assets/kopilka/, bytes) of every vendored file, sorted."""
    folder = resources.files("generator.render").joinpath("assets", VENDOR)
    found = []
    for package in sorted((p for p in folder.iterdir() if p.is_dir()), key=lambda p: p.name):
        for item in sorted((p for p in package.iterdir() if p.is_file()), key=lambda p: p.name):
            found.append((f"{VENDOR}/{package.name}/{item.name}", item.read_bytes()))
    return tuple(found)


def marks_of(html: str) -> set[str]:
    """The classes and `data-kp-` attributes a page's HTML uses."""
    marks = {word for value in _CLASS_ATTR.findall(html) for word in value.split() if word.startswith("kp-")}
    marks.update(re.findall(r"\s(data-kp-[a-z-]+)=", html))
    return marks


def page_assets(html: str) -> list[Asset]:
    """The assets beyond EVERY_PAGE that `html` uses, in name order. A script brings the
    stylesheet of its name: it draws with classes the page's own HTML may not have yet."""
    marks = marks_of(html)
    chosen = {a.name for a in assets() if a.name not in EVERY_PAGE and a.needs & marks}
    chosen |= {name[:-3] + ".css" for name in chosen if name.endswith(".js")}
    return [a for a in assets() if a.name in chosen and a.name not in EVERY_PAGE]


def with_page_assets(html: str, root: str) -> str:
    """`html` with links to the assets it uses; `root` is the way from the page to the site's
    root (`../../`, or `/` for the 404 page)."""
    chosen = page_assets(html)
    if not chosen:
        return html
    styles = "".join(f'<link rel="stylesheet" href="{root}{a.uri}">' for a in chosen if a.name.endswith(".css"))
    scripts = "".join(f'<script src="{root}{a.uri}"></script>' for a in chosen if a.name.endswith(".js"))
    if styles:
        html = html.replace("</head>", styles + "</head>", 1)
    if scripts:
        at = html.rfind("</body>")
        html = html[:at] + scripts + html[at:] if at >= 0 else html + scripts
    return html
