"""The frame of a site: whatever every page shows beside its own content.

A warm publish (`build/reuse.py`) writes again only the outputs that changed and keeps every other
page of the previous site as it is. That is right only while the frame those pages were rendered
in is the same: the navigation (tabs and menu on every page), mkdocs.yml (site name, theme,
palette, extensions, `extra`), the site owner's theme overrides, and the versions of MkDocs,
Material and the rest of the toolchain. `frame_key` is a digest of all of it; any change makes the
next publish cold.

A site whose pages would show more than that is never published warm (`frame_key` is None):
without a `nav` in mkdocs.yml every page lists every page; another MkDocs plugin or hook may write
into the site folder in ways a warm publish cannot see.
"""

from __future__ import annotations

import hashlib
import re
from importlib import metadata
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

#: The toolchain whose versions shape every page.
PACKAGES = ("kopilka", "mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "pagefind-bin")
#: The plugins a warm publish knows: only Kopilka's own.
KNOWN_PLUGINS = frozenset({"kopilka"})
_INHERIT = re.compile(r"^INHERIT:\s*['\"]?([^'\"\n#]+?)['\"]?\s*(?:#.*)?$", re.M)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def toolchain() -> str:
    """The versions of the toolchain, as one line."""
    return " ".join(f"{package}={_version(package)}" for package in PACKAGES)


def _nav_uris(items) -> list[tuple[str | None, str]]:
    """(title given in mkdocs.yml or None, src URI) of every page in `nav`, in order."""
    found = []
    for item in items or ():
        for title, value in (item.items() if isinstance(item, dict) else [(None, item)]):
            if isinstance(value, str):
                found.append((title, value))
            elif isinstance(value, list):
                found += _nav_uris(value)
    return found


def _config_files(config: MkDocsConfig) -> list[Path]:
    """mkdocs.yml and the files it inherits from (`INHERIT:`)."""
    found, path = [], Path(config.config_file_path)
    while path.is_file() and path not in found:
        found.append(path)
        inherited = _INHERIT.search(path.read_text(encoding="utf-8"))
        if not inherited:
            break
        path = (path.parent / inherited.group(1).strip()).resolve()
    return found


def config_digest(config: MkDocsConfig) -> str:
    """A digest of mkdocs.yml and what it inherits: a preview keeps its pages' MkDocs objects
    while it is the same (see `KopilkaPlugin.on_files`)."""
    digest = hashlib.blake2b(digest_size=16)
    for path in _config_files(config):
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def frame_key(config: MkDocsConfig, outputs: dict, title_of) -> str | None:
    """The digest of the frame of `config`'s site, or None when it cannot be published warm.
    `outputs`: the generator's outputs by URI; `title_of(output)`: the title a page shows in
    the navigation (a nav entry without a title in mkdocs.yml is named by its page)."""
    if config.nav is None or set(config.plugins) - KNOWN_PLUGINS or config.hooks:
        return None
    digest = hashlib.blake2b(toolchain().encode(), digest_size=16)
    for path in _config_files(config):
        digest.update(path.read_bytes() + b"\0")
    custom = getattr(config.theme, "custom_dir", None)
    if custom:
        for path in sorted(p for p in Path(custom).rglob("*") if p.is_file()):
            digest.update(path.relative_to(custom).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    docs = Path(config.docs_dir)
    for title, uri in _nav_uris(config.nav):
        if title is not None:
            continue  # named in mkdocs.yml, which is in the digest
        if uri in outputs:
            digest.update(f"{uri}\0{title_of(outputs[uri])}\0".encode())
        elif (docs / uri).is_file():  # a narrative page, named by its first heading
            digest.update(uri.encode() + b"\0" + (docs / uri).read_bytes() + b"\0")
        else:
            digest.update(f"{uri}\0-\0".encode())  # a link, or a page to come
    return digest.hexdigest()
