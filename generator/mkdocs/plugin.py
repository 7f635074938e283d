"""MkDocs glue: a thin adapter that hands the generator's pages to MkDocs.

`plugins: [kopilka]` in mkdocs.yml makes plain `mkdocs build` and `mkdocs serve` produce the
same site as `kopilka build`. Pages exist only in memory (File.generated), so `mkdocs serve`
never sees its own output and never loops.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import shutil
import signal
import tempfile
import threading
import time
from importlib import resources
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator.build.pipeline import (
    INTRO_FILE,
    Generated,
    cancel_completion,
    complete_in_background,
    generate,
    start_of_today,
)
from generator.build.publish import mark, refusal
from generator.build.runtime import tune_gc
from generator.build.write import remove_later
from generator.mkdocs.fastpages import TEMPLATES, FastPage, Shells
from generator.render.sanitize import clean_html, json_ld_script
from generator.search.indexer import (
    SearchError,
    finish_index,
    mark_page,
    record_of,
    start_index,
    stop_index,
    write_input,
    write_page,
)
from generator.source.discover import CONTENT_FOLDERS, InsideSite
from generator.source.narrative import hidden_pages

log = logging.getLogger("mkdocs.plugins.kopilka")
#: Record sources inside MkDocs' docs folder (`content/`): rendered from data, never as written.
_RECORD_PREFIXES = tuple(folder.removeprefix("content/") + "/"
                         for folder in CONTENT_FOLDERS.values() if folder.startswith("content/"))


def _package_assets() -> list[tuple[str, str]]:
    """Kopilka's own CSS and scripts (generator/assets/): (file name, site URI), sorted."""
    names = sorted(p.name for p in resources.files("generator.render").joinpath("assets").iterdir() if p.is_file())
    return [(name, f"assets/kopilka/{name}") for name in names]


#: A dirty preview (`kopilka serve`, `mkdocs serve --dirty`) keeps the previous build's generated
#: files by site root, so that only pages whose text changed are rendered again. MkDocs makes a
#: new plugin for every rebuild and calls on_startup once, hence module state, not instance state.
_PREVIEW: dict = {"dirty": False, "previous": {}, "server": None}
#: How often the preview server looks for edited files: without inotify, and beside it.
PREVIEW_POLL_SECONDS = 0.2
PREVIEW_FALLBACK_POLL_SECONDS = 1.0
#: Events of an edit; opening or reading a file (the build does) is not one.
_EDIT_EVENTS = frozenset({"created", "modified", "deleted", "moved", "closed"})


def _ask_rebuild(server) -> None:
    """Make MkDocs' preview server rebuild, as its own watch callback does after an edit."""
    condition = getattr(server, "_rebuild_cond", None)
    if condition is None:  # not MkDocs 1.x's LiveReloadServer: the next rebuild, after an edit,
        return  # takes what is waiting
    with condition:
        server._want_rebuild = True
        condition.notify_all()


def _completed(server, error: str | None) -> None:
    """A quick rebuild's background completion is back: rebuild the preview with it."""
    if error is None:
        _ask_rebuild(server)
    else:
        log.warning("Kopilka: списки и указатели не обновились после правки; сохраните файл ещё раз.\n%s", error)


def _watch_instantly(server, folders: list[str]) -> bool:
    """Rebuild the preview as soon as inotify reports an edit under `folders` (Linux). Returns
    False where that is not available; MkDocs' own polling then finds edits."""
    try:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers.inotify import InotifyObserver
    except ImportError:
        return False
    condition = getattr(server, "_rebuild_cond", None)
    if condition is None:  # not MkDocs 1.x's LiveReloadServer
        return False

    proven: list[bool] = []
    seen: dict[str, tuple | None] = {}  # path -> (mtime, size) when it last asked for a rebuild

    def edited(event) -> None:
        if event.is_directory or event.event_type not in _EDIT_EVENTS:
            return
        # One save is several events (modified, modified, closed), and while a rebuild holds
        # the interpreter the last ones arrive after it began: a second rebuild for nothing.
        path = getattr(event, "dest_path", "") or event.src_path
        try:
            stat = os.stat(path)
            state = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            state = None
        if path in seen and seen[path] == state:
            return
        seen[path] = state
        _ask_rebuild(server)
        if not proven:  # inotify works on this file system: polling these folders would only
            proven.append(True)  # report the same edit again, a second rebuild a second later
            for folder in map(os.path.abspath, folders):
                while folder in server._watched_paths:  # watched by MkDocs and by config.watch
                    server.unwatch(folder)

    handler = FileSystemEventHandler()
    handler.on_any_event = edited
    observer = InotifyObserver()
    try:
        for folder in folders:
            observer.schedule(handler, folder, recursive=True)
        observer.daemon = True
        observer.start()
    except OSError:  # no inotify, or its limits are reached
        return False
    return True


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates kept across the rebuilds of a preview (MkDocs makes a new Jinja
    environment each time). Jinja keys them by name and source checksum: an edited template is
    compiled again."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _TemplateCache()


class _Unchanged(File):
    """A generated file with the same content as in the previous preview build: MkDocs' dirty
    build skips rendering or copying it, and the file from the previous build stays."""

    def is_modified(self) -> bool:
        return False


def _preview_file(config: MkDocsConfig, uri: str, content: str | bytes, previous: dict) -> File:
    kind = _Unchanged if previous.get(uri) == content else File
    return kind.generated(config, uri, content=content)


def _nav_sources(items) -> set[str]:
    """The src URIs named in mkdocs.yml's `nav`: these pages stay MkDocs' own (Markdown, nav)."""
    found: set[str] = set()
    for item in items or ():
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            if isinstance(value, str):
                found.add(value)
            elif isinstance(value, (list, dict)):
                found |= _nav_sources(value if isinstance(value, list) else [value])
    return found


class KopilkaPlugin(BasePlugin):
    def __init__(self) -> None:
        self.root: Path | None = None
        self.generated: Generated | None = None
        self.preset: Generated | None = None
        self.progress = None  # set by `kopilka build`: counts pages as MkDocs renders them
        self.nav = None
        self.shells: Shells | None = None
        #: Record pages for Pagefind, written as soon as the generated pages reach MkDocs and
        #: indexed in the background while MkDocs renders the site (both cores busy); the index
        #: is then kept in the site. `search_written`: the src URIs written already.
        self.search_pages: Path | None = None
        self.search: object = None
        self.search_written: set[str] = set()
        self.rebuild = False  # a dirty preview's rebuild after its first build
        self.started = 0.0  # when this build began (perf_counter), for the preview's messages

    def on_startup(self, *, command: str, dirty: bool) -> None:
        tune_gc()
        # Reproducible output: pin the build moment to the start of the day (sitemap dates,
        # gzip headers, «upcoming» lists) unless the caller chose it. A preview follows the clock.
        if command != "serve":
            os.environ.setdefault("SOURCE_DATE_EPOCH", str(start_of_today()))
        _PREVIEW.update(dirty=command == "serve" and dirty, previous={}, server=None, indexing=None,
                        search_failed=False, stopping=False, warned=None)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path).parent.resolve()
        if Path(config.docs_dir).resolve() != self.root / "content":
            raise PluginError("Kopilka: в mkdocs.yml должно быть docs_dir: content")
        if not config.use_directory_urls:
            raise PluginError("Kopilka: в mkdocs.yml нужно use_directory_urls: true")
        if self.preset is None:  # plain `mkdocs build` or a preview: `kopilka build` checked its own
            self._claim_site_dir(config)
        for name, uri in _package_assets():
            target = config.extra_css if name.endswith(".css") else config.extra_javascript
            if name.endswith((".css", ".js")) and uri not in target:
                target.append(uri)
        return config

    def _claim_site_dir(self, config: MkDocsConfig) -> None:
        """MkDocs empties `site_dir` next: refuse one that is not ours to empty (publish.py)."""
        custom = getattr(config.theme, "custom_dir", None)
        extra = (Path(config.docs_dir),) + ((Path(custom),) if custom else ())
        reason = refusal(Path(config.site_dir), self.root, clean=bool(os.environ.get("KOPILKA_CLEAN")),
                         extra_sources=extra)
        if reason:
            raise PluginError(reason.replace("--clean", "KOPILKA_CLEAN=1 (или kopilka build --clean)"))
        mark(Path(config.site_dir))

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self.started = time.perf_counter()
        # A preview indexes only on its first build: Pagefind over the whole site would cost
        # more than the edit's own rebuild. Published builds are always indexed afresh.
        self.search = None
        self.search_pages = None
        indexing = not (_PREVIEW["dirty"] and ((Path(config.site_dir) / "pagefind").is_dir()
                                               or _PREVIEW["indexing"] or _PREVIEW["search_failed"]))
        if self.preset is not None:  # `kopilka build` has checked and generated already
            self.generated, self.preset = self.preset, None
            self.search_pages = self.generated.search_dir
            if indexing and self.search_pages is None:
                self.search_pages = Path(tempfile.mkdtemp(prefix="kopilka-search-"))
            return
        if indexing:  # the producers write the record pages for Pagefind as they make them
            self.search_pages = Path(tempfile.mkdtemp(prefix="kopilka-search-"))
        generated, diagnostics = generate(self.root, remember=_PREVIEW["dirty"], search_dir=self.search_pages)
        self._warn([item.format() for item in diagnostics.sorted() if item.severity == "warning"])
        if generated is None:
            errors = diagnostics.sorted()
            text = "\n".join(d.format() for d in errors if d.severity == "error")
            raise PluginError(f"Kopilka: сайт не собран, ошибок: {len(diagnostics.errors)}\n{text}")
        self.generated = generated

    @staticmethod
    def _warn(warnings: list[str]) -> None:
        """Every warning on a build; a preview's rebuild repeats only new ones and counts the
        fixed ones, so that a contributor saving a file sees what this save changed."""
        shown = _PREVIEW["warned"] if _PREVIEW["dirty"] else None
        for text in warnings:
            if shown is None or text not in shown:
                log.warning(text)
        fixed = len(shown - set(warnings)) if shown is not None else 0
        if fixed:
            log.info("Kopilka: исправлено предупреждений: %d, осталось: %d", fixed, len(warnings))
        if _PREVIEW["dirty"]:
            _PREVIEW["warned"] = set(warnings)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.rebuild = self.root in _PREVIEW["previous"]
        intro = INTRO_FILE.removeprefix("content/")
        docs = Path(config.docs_dir).resolve()
        inside = InsideSite(self.root)
        hidden = hidden_pages(self.root)
        for file in list(files):
            if file.src_uri == intro or (file.src_uri.endswith(".md") and file.src_uri.startswith(_RECORD_PREFIXES)):
                files.remove(file)  # made from the records instead
            elif file.src_dir and inside.folder(file.src_dir) == docs and (
                    not inside(file.abs_src_path) or file.src_uri in hidden or not file.src_uri.endswith(".md")):
                # a link out of the site (check: E012), a draft page, or a file of content/ that
                # no published record or page attaches: never published (attachments.py)
                files.remove(file)
        previous = _PREVIEW["previous"].get(self.root, {})
        generated = {**self.generated.pages, **self.generated.assets}
        own = _nav_sources(config.nav) | {INTRO_FILE.removeprefix("content/")}
        # pages in the nav are MkDocs' own: on_page_content writes them as MkDocs renders them
        self.search_written = set(self.generated.search_written) - own if self.search_pages else set()
        for uri, content in generated.items():
            file = _preview_file(config, uri, content, previous)
            files.append(file)
            if uri.endswith(".md") and uri not in own:
                FastPage(None, file, config)  # finished HTML: no Markdown pass, the theme via a shell
                self._search_page(uri, content)
        if self.search_pages is not None and not any(  # a record page in the nav: on_page_content
                uri.endswith(".md") and uri not in self.search_written and record_of(self.generated.site, uri)
                for uri in generated):
            self._start_search(config)  # every record page is in: index while MkDocs works
        if _PREVIEW["dirty"]:
            _PREVIEW["previous"][self.root] = generated
        else:  # a one-shot build: the Files hold the texts now, and each FastPage cuts its own
            self.generated.pages.clear()
        taken = {file.dest_uri for file in files}
        for uri, path in self.generated.files.items():
            file = File.generated(config, uri, abs_src_path=str(path))
            if file.dest_uri in taken:  # the theme's or a producer's: never replaced (check: E017)
                raise PluginError(f"Kopilka: файл {path} попал бы на место файла сайта {uri}; "
                                  "переместите его в папку materials/ рядом с записью")
            files.append(file)
        for name, uri in _package_assets():
            content = resources.files("generator.render").joinpath("assets", name).read_bytes()
            files.append(File.generated(config, uri, content=content))
        return files

    def on_page_content(self, html: str, page, config: MkDocsConfig, files: Files) -> str:
        # Structured data is built from records and escaped by `json_ld_script`, so it is added
        # after the cleaner, which would (rightly) remove any script. A FastPage's untrusted part,
        # the record's text, was cleaned when it was rendered (bodies.py); the rest is templates'.
        data = self.generated.json_ld.get(page.file.src_uri) if self.generated else None
        if not isinstance(page, FastPage):
            html = clean_html(html)
        html = mark_page(self.generated.site, page.file.src_uri, html)
        if (self.search_pages is not None and page.file.src_uri not in self.search_written
                and record_of(self.generated.site, page.file.src_uri)):  # a record page in the nav
            write_page(self.search_pages, page.url, page.title or "", html)
        return html + (json_ld_script(data) if data else "")

    def _search_page(self, uri: str, content: str) -> None:
        """A generated record page the producers did not write for Pagefind (a preview's)."""
        if (self.search_pages is not None and self.search is None and uri not in self.search_written
                and write_input(self.generated.site, uri, content, self.search_pages)):
            self.search_written.add(uri)

    def _start_search(self, config: MkDocsConfig) -> None:
        if self.search is None:
            try:
                self.search = start_index(self.search_pages, Path(config.site_dir))
            except SearchError as error:
                raise PluginError(f"Kopilka: {error}") from error

    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        self.nav = nav
        return nav

    def on_env(self, env, config: MkDocsConfig, files: Files):
        if self.search_pages is not None:
            self._start_search(config)  # unless on_files started it
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader(TEMPLATES), env.loader])
        if _PREVIEW["dirty"]:
            env.bytecode_cache = _TEMPLATES
            if self.rebuild:  # the sitemap lists every page: the first preview build wrote it
                config.theme.static_templates.discard("sitemap.xml")
        self.shells = Shells(env, config, self.nav, files.documentation_pages())
        return env

    def on_page_context(self, context, page, config: MkDocsConfig, nav):
        if isinstance(page, FastPage):
            context["kopilka_output"] = self.shells.output(page, context)
        return context

    def on_post_build(self, config: MkDocsConfig) -> None:
        self._follow_up()
        if self.search_pages is None:
            return
        if _PREVIEW["dirty"]:  # a preview serves its pages now; search follows when indexed
            self._finish_search_later(Path(config.site_dir))
            return
        # `kopilka build` shows waiting for the index as a stage of its own
        stage = self.progress.stage("Поисковый индекс", key="search") if self.progress else contextlib.nullcontext()
        try:
            with stage:
                finish_index(self.search, Path(config.site_dir))
        except SearchError as error:
            raise PluginError(f"Kopilka: {error}") from error
        finally:
            remove_later(self.search_pages)  # ten thousand files: not on the build's time
            self.search_pages = None

    def _follow_up(self) -> None:
        """A preview's quick rebuild showed the edited records' own pages: every other page is
        made again in the background, and the preview rebuilds once more when it is ready."""
        kind = self.generated.preview if self.generated else ""
        seconds = f"{time.perf_counter() - self.started:.1f}".replace(".", ",")
        if kind == "completed":
            log.info("Kopilka: правка видна на всех страницах сайта")
        elif kind == "quick":
            if complete_in_background(functools.partial(_completed, _PREVIEW["server"])):
                log.info("Kopilka: правка видна на странице записи (за %s с); списки, указатели и "
                         "статистика обновятся в фоне через несколько секунд", seconds)
        elif _PREVIEW["dirty"] and self.rebuild:
            log.info("Kopilka: предпросмотр обновлён за %s с", seconds)

    def _finish_search_later(self, site_dir: Path) -> None:
        """The preview's first build: Pagefind's shards and merge take a third of a big bank's
        build, and a contributor wants to see pages, so the index is finished by a thread."""
        process, pages = self.search, self.search_pages
        self.search_pages = None
        _PREVIEW["indexing"] = process

        def wait() -> None:
            try:
                finish_index(process, site_dir)
                log.info("Kopilka: поиск по сайту готов")
            except SearchError as error:
                _PREVIEW["search_failed"] = True  # not tried again on every rebuild
                if not _PREVIEW["stopping"]:
                    log.warning("Kopilka: поиск в предпросмотре недоступен: %s", error)
            finally:
                _PREVIEW["indexing"] = None
                shutil.rmtree(pages, ignore_errors=True)

        threading.Thread(target=wait, daemon=True, name="kopilka-search").start()

    def on_shutdown(self) -> None:
        cancel_completion()
        process = _PREVIEW.get("indexing")
        if process is not None and process.poll() is None:  # the waiting thread reaps it
            _PREVIEW["stopping"] = True
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)

    def on_build_error(self, error) -> None:
        if self.search is not None:
            stop_index(self.search)
        if self.search_pages is not None:
            shutil.rmtree(self.search_pages, ignore_errors=True)
            self.search_pages = None

    def on_post_page(self, output: str, page, config: MkDocsConfig) -> str:
        if self.progress is not None:
            self.progress.advance()
        return output

    def on_serve(self, server, config: MkDocsConfig, builder):
        _PREVIEW["server"] = server  # a quick rebuild's completion asks it for one more build
        folders = [config.docs_dir] + [str(self.root / f) for f in ("practices", "data") if (self.root / f).is_dir()]
        for folder in folders[1:]:
            server.watch(folder)
        # MkDocs polls the watched folders every 0.5 s; a preview should not wait for that. Where
        # the system reports edits itself (inotify), it does so at once; polling stays as the
        # fallback (a share inotify does not see) until inotify has reported an edit, then stops
        # for these folders. A poll of a 10,000-file bank takes a tenth of a second, time the
        # rebuild would share, and found every edit again. Elsewhere polling gets faster.
        instant = _watch_instantly(server, folders)
        interval = PREVIEW_FALLBACK_POLL_SECONDS if instant else PREVIEW_POLL_SECONDS
        observer = getattr(server, "observer", None)
        if observer is not None and getattr(observer, "_timeout", 0) != interval:
            observer._timeout = interval  # set before the observer starts
        return server
