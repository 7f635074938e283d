"""MkDocs glue: a thin adapter that hands the generator's pages to MkDocs.

`plugins: [kopilka]` in mkdocs.yml makes plain `mkdocs build` and `mkdocs serve` produce the
same site as `kopilka build`. Pages exist only in memory (File.generated), so `mkdocs serve`
never sees its own output and never loops.
"""

from __future__ import annotations

import logging
import os
from importlib import resources
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator.load import CONTENT_FOLDERS
from generator.pipeline import INTRO_FILE, Generated, generate, start_of_today
from generator.sanitize import clean_html, json_ld_script

log = logging.getLogger("mkdocs.plugins.kopilka")
#: `mkdocs serve` makes a new config, hence a new plugin, for every rebuild: what must outlive a
#: rebuild lives here. `dirty` is true under `serve --dirty` (and `kopilka serve`).
_SESSION: dict = {"command": None, "dirty": False}
#: site root -> {page URI: text} of the previous build of this process, for dirty rebuilds.
_LAST_PAGES: dict[Path, dict[str, str]] = {}


class _UnchangedPage(File):
    """A generated page whose text equals the previous build's: a dirty rebuild skips it."""

    def is_modified(self) -> bool:
        return not os.path.isfile(self.abs_dest_path)
#: Record sources inside MkDocs' docs folder (`content/`): rendered from data, never as written.
_RECORD_PREFIXES = tuple(folder.removeprefix("content/") + "/"
                         for folder in CONTENT_FOLDERS.values() if folder.startswith("content/"))


def _package_assets() -> list[tuple[str, str]]:
    """Kopilka's own CSS and scripts (generator/assets/): (file name, site URI), sorted."""
    names = sorted(p.name for p in resources.files("generator").joinpath("assets").iterdir() if p.is_file())
    return [(name, f"assets/kopilka/{name}") for name in names]


class KopilkaPlugin(BasePlugin):
    def __init__(self) -> None:
        self.root: Path | None = None
        self.generated: Generated | None = None
        self.preset: Generated | None = None
        self.progress = None  # set by `kopilka build`: counts pages as MkDocs renders them

    def on_startup(self, *, command: str, dirty: bool) -> None:
        _SESSION.update(command=command, dirty=dirty)
        # Reproducible output: pin the build moment to the start of the day (sitemap dates,
        # gzip headers, «upcoming» lists) unless the caller chose it. A preview follows the clock.
        if command != "serve":
            os.environ.setdefault("SOURCE_DATE_EPOCH", str(start_of_today()))

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path).parent.resolve()
        if Path(config.docs_dir).resolve() != self.root / "content":
            raise PluginError("Kopilka: в mkdocs.yml должно быть docs_dir: content")
        if not config.use_directory_urls:
            raise PluginError("Kopilka: в mkdocs.yml нужно use_directory_urls: true")
        for name, uri in _package_assets():
            target = config.extra_css if name.endswith(".css") else config.extra_javascript
            if name.endswith((".css", ".js")) and uri not in target:
                target.append(uri)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if self.preset is not None:  # `kopilka build` has checked and generated already
            self.generated, self.preset = self.preset, None
            return
        generated, diagnostics = generate(self.root)
        for item in diagnostics.sorted():
            if item.severity == "warning":
                log.warning(item.format())
        if generated is None:
            errors = diagnostics.sorted()
            text = "\n".join(d.format() for d in errors if d.severity == "error")
            raise PluginError(f"Kopilka: сайт не собран, ошибок: {len(diagnostics.errors)}\n{text}")
        self.generated = generated

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        intro = INTRO_FILE.removeprefix("content/")
        docs = Path(config.docs_dir).resolve()
        for file in list(files):
            from_docs = file.src_dir and Path(file.src_dir).resolve() == docs
            if from_docs and not Path(file.abs_src_path).resolve().is_relative_to(self.root):
                files.remove(file)  # a link out of the site is never published (check: E012)
                continue
            if file.src_uri == intro or (file.src_uri.endswith(".md") and file.src_uri.startswith(_RECORD_PREFIXES)):
                files.remove(file)
        # Only a dirty preview may skip pages: `build` and a clean `serve` render every page.
        last = _LAST_PAGES.get(self.root, {}) if _SESSION["dirty"] and _SESSION["command"] == "serve" else {}
        for uri, text in self.generated.pages.items():
            kind = _UnchangedPage if last.get(uri) == text else File
            files.append(kind.generated(config, uri, content=text))
        if _SESSION["command"] == "serve":
            _LAST_PAGES[self.root] = self.generated.pages
        for uri, content in self.generated.assets.items():
            files.append(File.generated(config, uri, content=content))
        for uri, path in self.generated.files.items():
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        for name, uri in _package_assets():
            content = resources.files("generator").joinpath("assets", name).read_bytes()
            files.append(File.generated(config, uri, content=content))
        return files

    def on_page_content(self, html: str, page, config: MkDocsConfig, files: Files) -> str:
        # Structured data is built from records and escaped by `json_ld_script`, so it is added
        # after the cleaner, which would (rightly) remove any script.
        data = self.generated.json_ld.get(page.file.src_uri) if self.generated else None
        return clean_html(html) + (json_ld_script(data) if data else "")

    def on_post_page(self, output: str, page, config: MkDocsConfig) -> str:
        if self.progress is not None:
            self.progress.advance()
        return output

    def on_serve(self, server, config: MkDocsConfig, builder):
        for folder in ("practices", "data"):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server
