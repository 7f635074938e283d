"""The MkDocs plugin: hands the generator's outputs to MkDocs, by their type.

`plugins: [kopilka]` in mkdocs.yml makes plain `mkdocs build` and `mkdocs serve` produce the
same site as `kopilka build`. Outputs exist only in memory (File.generated), so `mkdocs serve`
never sees its own output and never loops. A `Page` becomes a FastPage (finished HTML, the
theme around it); a `MarkdownPage` is MkDocs' own page; a `File` or `Copy` is published as it is.

MkDocs keeps one instance of a plugin that has `on_startup` for a whole `mkdocs serve`, so the
preview's Session (the build graph) lives on the instance: each rebuild makes only what changed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator.build.outputs import Copy, MarkdownPage, Page
from generator.build.pipeline import INTRO_FILE, Generated, Session, generate
from generator.build.publish import mark, refusal
from generator.build.reuse import Published, digests, write_stamp
from generator.build.runtime import freeze_heap, tune_gc
from generator.build.state import code_key
from generator.build.write import remove_later, remove_leftovers, search_pages_dir, unlink
from generator.corpus.cache import CACHE_DIR
from generator.corpus.check import start_of_today
from generator.mkdocs.csp import with_policy, without_repository_facts
from generator.mkdocs.fastpages import MAIN, TEMPLATES, FastPage, Shells
from generator.mkdocs.frame import config_digest, frame_key, toolchain
from generator.mkdocs.warm import Kept, Unchanged, clear_for_writing, nav_title, rendered_templates
from generator.mkdocs.preview import TemplateCache, remove_outputs, watch_instantly
from generator.mkdocs.quick import quick_rebuild
from generator.mkdocs.skiplink import with_skip_link
from generator.mkdocs.theme import THEME_TEMPLATES, russian_markdown
from generator.render.pageassets import EVERY_PAGE, FOLDER, assets, published, vendored, with_page_assets
from generator.render.previews import tags as preview_tags
from generator.render.sanitize import clean_html
from generator.search.indexer import (IndexPlan, SearchError, finish_index, start_index, stop_index,
                                      write_inputs)
from generator.source.discover import CONTENT_FOLDERS, InsideSite

log = logging.getLogger("mkdocs.plugins.kopilka")
#: Record sources inside MkDocs' docs folder (`content/`): rendered from data, never as written.
_RECORD_PREFIXES = tuple(folder.removeprefix("content/") + "/"
                         for folder in CONTENT_FOLDERS.values() if folder.startswith("content/"))
#: How often the preview server looks for edited files: without inotify, and beside it.
PREVIEW_POLL_SECONDS = 0.2
PREVIEW_FALLBACK_POLL_SECONDS = 1.0


def _overridden(config: MkDocsConfig, name: str) -> bool:
    """The site owner's theme override (`custom_dir`) has its own `name`: theirs is kept."""
    custom = getattr(config.theme, "custom_dir", None)
    return bool(custom) and (Path(custom) / name).is_file()


def _nav_titles(items) -> dict[str, str]:
    """src URI -> the title mkdocs.yml's `nav` gives it (MkDocs applies it only to pages it
    makes itself)."""
    found: dict[str, str] = {}
    for item in items or ():
        for title, value in (item.items() if isinstance(item, dict) else [(None, item)]):
            if isinstance(value, str) and title is not None:
                found.setdefault(value, title)
            elif isinstance(value, list):
                found.update({k: v for k, v in _nav_titles(value).items() if k not in found})
    return found


class KopilkaPlugin(BasePlugin):
    def __init__(self) -> None:
        self.root: Path | None = None
        #: `kopilka build` checks and generates before MkDocs starts, and hands the result here.
        self.preset: Generated | None = None
        self.generated: Generated | None = None
        self.progress = None  # set by `kopilka build`: counts pages as MkDocs renders them
        #: What this plugin instance remembers between the builds of one `mkdocs serve`.
        self.session: Session | None = None
        #: The errors that stopped the last build (the preview shows them over its pages).
        self.problems: list | None = None
        self.preview = False
        self.serving = False
        self.rebuild = False
        self.published: set[str] = set()  # URIs the preview's previous build wrote
        self.templates = TemplateCache()
        self.warned: set[str] | None = None
        self.nav = None
        self.shells: Shells | None = None
        #: Record pages for Pagefind, indexed in the background while MkDocs renders the site.
        self.search_pages: Path | None = None
        self.search = None
        self.indexing = None  # the preview's first index, finished by a thread
        self.search_failed = False
        self.stopping = False
        self.server = None
        self.started = 0.0
        #: A warm `kopilka build` (build/reuse.py): the previous build, whose folder the site
        #: folder starts as; `known` is the session's record of it, whether or not its folder is
        #: there (its digests are reused); `frame` the frame of this build (mkdocs/frame.py).
        self.previous: Published | None = None
        self.known: Published | None = None
        self.frame: str | None = None
        #: What this build published (its stamp is written into the site folder).
        self.record: Published | None = None
        self.digests: dict[str, str] = {}  # set by `kopilka build` when it has them already
        #: `kopilka build`'s own work, done while the search index is finished (its graph's save).
        self.meanwhile = None
        #: URIs of the outputs equal to those of the session's previous build (`known`).
        self.unchanged: frozenset[str] = frozenset()
        self.rewritten: int | None = None  # outputs a warm publish wrote again
        self.search_kept = False  # a warm publish kept the search bundle
        self.files: Files | None = None
        self.index_plan: IndexPlan | None = None
        #: A preview's MkDocs files of the previous build by URI, with the output each was made
        #: for, and the digest of mkdocs.yml they were made under (see `_kept_files`).
        self.kept: dict[str, tuple[object, File]] = {}
        self.kept_config: str | None = None
        #: The MkDocs configuration of the preview's last MkDocs build (mkdocs/quick.py).
        self.mkdocs_config: MkDocsConfig | None = None
        #: The frame the preview's shells were made in (mkdocs/frame.py): kept while it stays.
        self.shells_frame: str | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        tune_gc()
        # Reproducible output: pin the build moment to the start of the day (sitemap dates,
        # gzip headers, «upcoming» lists) unless the caller chose it. A preview follows the clock.
        if command != "serve":
            os.environ.setdefault("SOURCE_DATE_EPOCH", str(start_of_today()))
        self.preview = command == "serve" and dirty
        self.serving = command == "serve"  # MkDocs' live reload injects a script: no policy
        if self.preview and self.session is None:  # `kopilka serve` brings its own
            self.session = Session()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path).parent.resolve()
        if Path(config.docs_dir).resolve() != self.root / "content":
            raise PluginError("Kopilka: в mkdocs.yml должно быть docs_dir: content")
        if not config.use_directory_urls:
            raise PluginError("Kopilka: в mkdocs.yml нужно use_directory_urls: true")
        if self.preset is None:  # plain `mkdocs build` or a preview: `kopilka build` checked its own
            self._claim_site_dir(config)
        russian_markdown(config)
        for asset in assets():  # the others are loaded by the pages that use them
            target = config.extra_css if asset.name.endswith(".css") else config.extra_javascript
            if asset.name in EVERY_PAGE and asset.uri not in target:
                target.append(asset.uri)
        return config

    def _claim_site_dir(self, config: MkDocsConfig) -> None:
        """MkDocs empties `site_dir` next: refuse one that is not ours to empty (publish.py)."""
        custom = getattr(config.theme, "custom_dir", None)
        extra = (Path(config.docs_dir),) + ((Path(custom),) if custom else ())
        reason = refusal(Path(config.site_dir), self.root, clean=bool(os.environ.get("KOPILKA_CLEAN")),
                         extra_sources=extra)
        if reason:
            raise PluginError(reason.replace("--clean", "KOPILKA_CLEAN=1 (или kopilka build --clean)"))
        remove_leftovers(Path(config.site_dir))
        mark(Path(config.site_dir))

    # -- generate ---------------------------------------------------------------------------

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if self.preset is not None:  # `kopilka build` (or the preview's quick path) generated already
            self.generated, self.preset = self.preset, None
        else:
            self.started = time.perf_counter()
            self.generated = self._generate()
        if not self.preview:
            outputs, known = self.generated.outputs, self.known
            self.frame = self.frame or frame_key(config, outputs, nav_title)
            self.digests = self.digests or digests(outputs, self.generated.changed, known)
            self.unchanged = frozenset(uri for uri, digest in self.digests.items()
                                       if known is not None and known.outputs.get(uri) == digest)
        self._plan_search(Path(config.site_dir))

    def _generate(self) -> Generated:
        """Check and make the outputs; the errors stop the build (a preview shows them)."""
        generated, diagnostics = generate(self.root, session=self.session)
        self._warn([item.format() for item in diagnostics.sorted() if item.severity == "warning"])
        self.problems = diagnostics.sorted() if generated is None else None
        if generated is None:
            text = "\n".join(d.format() for d in diagnostics.sorted() if d.severity == "error")
            raise PluginError(f"Kopilka: сайт не собран, ошибок: {len(diagnostics.errors)}\n{text}")
        return generated

    def rebuild_in_place(self) -> bool:
        """A preview's rebuild after an edit: generate, and write what changed without MkDocs'
        build when only generated pages and files changed (mkdocs/quick.py). False when MkDocs
        must build: what was generated is handed to that build, which does not make it again."""
        if not (self.preview and self.published and self.generated is not None and self.problems is None):
            return False
        self.started = time.perf_counter()
        try:
            generated = self._generate()
        except PluginError:
            return False  # MkDocs' build checks again and reports the errors as it always does
        if not quick_rebuild(self, generated):
            self.preset = generated
            return False
        self._updated()
        return True

    def _updated(self) -> None:
        seconds = f"{time.perf_counter() - self.started:.1f}".replace(".", ",")
        log.info("Kopilka: предпросмотр обновлён за %s с", seconds)
        freeze_heap()

    def _plan_search(self, site_dir: Path) -> None:
        """Write Pagefind's input for the shards this build must index (search/indexer.py), or
        nothing: a warm publish keeps the previous bundle while the index's input is the same; a
        preview indexes only on its first build (Pagefind over the whole site would cost more
        than the edit's own rebuild)."""
        self.search_pages, previous = None, self.previous
        bundle_there = (site_dir / "pagefind" / "pagefind-entry.json").is_file()
        # the quick answer first: no page the index reads changed at all
        self.search_kept = previous is not None and bundle_there and self._search_unchanged()
        if self.search_kept:
            return
        if self.preview and ((site_dir / "pagefind").is_dir() or self.indexing or self.search_failed):
            return
        self.search_pages = search_pages_dir(site_dir)  # removed if this build is killed
        # a published build keeps each shard's bundle in the cache for the next
        cache = None if self.preview else self.root / CACHE_DIR / "search"
        if cache is not None:
            cache.mkdir(parents=True, exist_ok=True)
        known = self.known
        self.index_plan = write_inputs(self.generated.outputs.values(), self.search_pages, cache,
                                       f"{code_key()}|{toolchain()}", known.indexed if known else None,
                                       self.unchanged)
        if (previous is not None and bundle_there and self.index_plan.todo == 0
                and self.index_plan.key == previous.search_key):
            self.search_kept = True  # pages changed only where the index does not look: same bundle
        elif previous is not None:
            unlink(site_dir / "pagefind")  # the previous bundle, linked
        if self.search_kept or not self.index_plan.inputs:
            shutil.rmtree(self.search_pages, ignore_errors=True)  # nothing (new) to index
            self.search_pages = None

    def _searchable(self) -> frozenset[str]:
        return frozenset(uri for uri, output in self.generated.outputs.items()
                         if isinstance(output, Page) and output.searchable)

    def _search_unchanged(self) -> bool:
        searchable, previous = self._searchable(), self.previous
        return searchable == previous.searchable and all(
            previous.outputs.get(uri) == self.digests[uri] for uri in searchable)

    def _warn(self, warnings: list[str]) -> None:
        """Every warning on a build; a preview's rebuild repeats only new ones and counts the
        fixed ones, so that a contributor saving a file sees what this save changed."""
        shown = self.warned if self.preview else None
        for text in warnings:
            if shown is None or text not in shown:
                log.warning(text)
        fixed = len(shown - set(warnings)) if shown is not None else 0
        if fixed:
            log.info("Kopilka: исправлено предупреждений: %d, осталось: %d", fixed, len(warnings))
        if self.preview:
            self.warned = set(warnings)

    # -- the outputs as MkDocs files --------------------------------------------------------

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.rebuild = (self.preview and bool(self.published)) or self.previous is not None
        intro = INTRO_FILE.removeprefix("content/")
        docs = Path(config.docs_dir).resolve()
        inside = InsideSite(self.root)
        hidden = self.generated.hidden
        for file in list(files):
            if file.src_uri == intro or (file.src_uri.endswith(".md") and file.src_uri.startswith(_RECORD_PREFIXES)):
                files.remove(file)  # made from the records instead
            elif file.src_dir and inside.folder(file.src_dir) == docs and (
                    not inside(file.abs_src_path) or file.src_uri in hidden or not file.src_uri.endswith(".md")):
                # a link out of the site (check: E012), a draft page, or a file of content/: the
                # files published are those a published record or page attaches (Copy outputs)
                files.remove(file)
        taken = {file.dest_uri for file in files}
        changed = self.generated.changed if self.preview and self.rebuild else None
        if self.previous is not None:  # what differs from the folder the site starts as (`known`)
            changed = set(self.generated.outputs) - self.unchanged
            self.rewritten = len(changed)
        kept = self._kept_files(config)
        if self.preview and self.rebuild and kept is None:  # mkdocs.yml changed: every page is
            changed = None                                  # rendered again in its new frame,
            for file in files.documentation_pages():        # the narrative ones too (MkDocs
                unlink(Path(file.abs_dest_path))            # would judge them by their dates)
        kept, made = kept or {}, {}
        nav_titles = _nav_titles(config.nav)
        deferred = self._reads_contents_alone(config)
        for uri, output in self.generated.outputs.items():
            modified = changed is None or uri in changed
            kind = Kept if self.preview else File if modified else Unchanged
            previous = kept.get(uri)
            if not modified and previous is not None and previous[0] is output:
                file = previous[1]  # the same output in the same frame: its page is not rendered
            elif isinstance(output, Page):
                file = kind.generated(config, uri, content="")
                # finished HTML: no Markdown pass, the theme via a shell; a page in the nav is
                # named there as the site owner named it («Практики»)
                FastPage(output, file, config, nav_titles.get(uri), deferred)
            elif isinstance(output, MarkdownPage):
                file = kind.generated(config, uri, content=output.markdown)
            elif isinstance(output, Copy):
                file = File.generated(config, uri, abs_src_path=str(output.path))
                if file.dest_uri in taken:  # the theme's: never replaced (check: E017)
                    raise PluginError(f"Kopilka: файл {output.path} попал бы на место файла оформления "
                                      f"{uri}; переместите его в папку materials/ рядом с записью")
            else:
                file = kind.generated(config, uri, content=output.content)
            if isinstance(file, Kept):
                file.modified = modified
                made[uri] = (output, file)
            files.append(file)
        if self.preview:
            self.kept, self.mkdocs_config = made, config
        for asset in assets():
            files.append(File.generated(config, asset.uri, content=published(asset.name)))
        for name, content in vendored():  # as they came (with their licence), not minified
            files.append(File.generated(config, f"{FOLDER}/{name}", content=content))
        if self.previous is not None:
            clear_for_writing(files, config, self.previous)
        self.files = files
        if self.search_pages is not None:
            self._start_search(config)  # every record page is written: index while MkDocs works
        return files

    def _kept_files(self, config: MkDocsConfig) -> dict[str, tuple[object, File]] | None:
        """A preview's files of its previous build, to be used again for the outputs that are
        the same objects (unchanged in the graph), or None when mkdocs.yml has changed since.
        Making 22,000 MkDocs files and pages anew took 0.4-0.9 s of every rebuild at 10,000
        practices; MkDocs' dirty build neither reads nor renders an unchanged one."""
        if not self.preview:
            return None
        digest, self.kept_config = self.kept_config, config_digest(config)
        return self.kept if digest == self.kept_config else None

    def _reads_contents_alone(self, config: MkDocsConfig) -> bool:
        """No other plugin (or hook) handles page contents: a FastPage's may be made only when
        it is written (FastPage)."""
        handlers = config.plugins.events["page_content"]
        return all(getattr(handler, "__self__", None) is self for handler in handlers)

    def _start_search(self, config: MkDocsConfig) -> None:
        try:
            self.search = start_index(self.search_pages, Path(config.site_dir))
        except SearchError as error:
            raise PluginError(f"Kopilka: {error}") from error

    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        self.nav = nav
        return nav

    def on_env(self, env, config: MkDocsConfig, files: Files):
        own = {name: text for name, text in THEME_TEMPLATES.items() if not _overridden(config, name)}
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({**own, **TEMPLATES}), env.loader])
        if self.preview:
            env.bytecode_cache = self.templates
            if self.rebuild:  # the sitemap lists every page: the first preview build wrote it
                config.theme.static_templates.discard("sitemap.xml")
        frame = frame_key(config, self.generated.outputs, nav_title) if self.preview else None
        same = self.shells if frame is not None and frame == self.shells_frame else None
        self.shells, self.shells_frame = Shells(env, config, self.nav, files.documentation_pages(), same), frame
        return env

    def on_page_content(self, html: str, page, config: MkDocsConfig, files: Files) -> str:
        # A FastPage's content is safe as made (templates escape, record texts are cleaned); a
        # Markdown page's (the guide, narrative pages) is cleaned here. Structured data is built
        # from records and escaped by `json_ld_script`, after the cleaner, which removes scripts.
        if not isinstance(page, FastPage):
            # a narrative page gets the previews generated pages have, through the same theme
            # wrapper (`MAIN`); its title is known once its Markdown is rendered
            page.meta.setdefault("template", MAIN)
            page.meta["kopilka_head"] = preview_tags(config.site_name, page.title or config.site_name,
                                                     page.meta.get("description") or config.site_description,
                                                     page.canonical_url)
            return clean_html(html)
        return html  # its structured data is part of it (FastPage.generated_html)

    def on_page_context(self, context, page, config: MkDocsConfig, nav):
        if isinstance(page, FastPage):
            context["kopilka_output"] = self.shells.output(page, context)
        return context

    def on_post_page(self, output: str, page, config: MkDocsConfig) -> str:
        if self.progress is not None:
            self.progress.advance()
        if isinstance(page, FastPage):
            page.release()
        output = without_repository_facts(output)
        output = with_page_assets(with_skip_link(output), "../" * page.url.count("/"))
        return output if self.serving else with_policy(output)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        # 404.html: the theme's own page, with its own inline script
        if not template_name.endswith(".html"):
            return output_content
        root = urlsplit(config.site_url or "/").path.rstrip("/") + "/"  # 404.html: any depth
        output_content = with_page_assets(with_skip_link(output_content), root)
        return output_content if self.serving else with_policy(output_content)

    # -- after the build --------------------------------------------------------------------

    def on_post_build(self, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        if self.preview:
            self.remove_gone(site_dir, set(self.generated.outputs))
            if self.rebuild:
                self._updated()
            else:
                freeze_heap()
        if self.search_pages is None:
            if not self.preview:
                self._stamp(site_dir, config)
            return
        if self.preview:  # a preview serves its pages now; search follows when indexed
            self._finish_search_later(site_dir)
            return
        if self.meanwhile is not None:  # the index is made by other processes: this one is free
            self.meanwhile()
        # `kopilka build` shows waiting for the index as a stage of its own
        stage = self.progress.stage("Поисковый индекс", key="search") if self.progress else contextlib.nullcontext()
        try:
            with stage:
                finish_index(self.search, site_dir)
        except SearchError as error:
            raise PluginError(f"Kopilka: {error}") from error
        finally:
            remove_later(self.search_pages)  # ten thousand files: not on the build's time
            self.search_pages = None
        self._stamp(site_dir, config)  # last: every file of the folder is older than its stamp

    def _stamp(self, site_dir: Path, config: MkDocsConfig) -> None:
        """Say in the site folder what it holds, for the next build to start from (reuse.py)."""
        written = {file.dest_uri for file in self.files} | set(rendered_templates(config))  # pagefind/: whole
        plan = self.index_plan
        if plan is None and self.search_kept:  # the bundle of the previous build, kept
            plan = IndexPlan(self.previous.indexed, self.previous.search_key)
        self.record = Published(self.frame, self.digests, frozenset(written), self._searchable(),
                                plan.inputs if plan else {}, plan.key if plan else "")
        write_stamp(site_dir, self.record)

    def remove_gone(self, site_dir: Path, current: set[str]) -> set[str]:
        """A preview's outputs of its previous build that this one no longer has (a deleted
        record's page), removed from its folder; returns their URIs."""
        gone, self.published = self.published - current, current
        remove_outputs(site_dir, gone)
        return gone

    def _finish_search_later(self, site_dir: Path) -> None:
        """The preview's first build: Pagefind's shards and merge take a third of a big bank's
        build, and a contributor wants to see pages, so the index is finished by a thread."""
        process, pages = self.search, self.search_pages
        self.search_pages = None
        self.indexing = process

        def wait() -> None:
            try:
                finish_index(process, site_dir)
                log.info("Kopilka: поиск по сайту готов")
            except SearchError as error:
                self.search_failed = True  # not tried again on every rebuild
                if not self.stopping:
                    log.warning("Kopilka: поиск в предпросмотре недоступен: %s", error)
            finally:
                self.indexing = None
                # ten thousand files: removed by a process of its own, not by a thread that
                # shares the interpreter with the contributor's first edits (it made them
                # take 15-30 s instead of 5 at 10,000 practices)
                remove_later(pages)

        threading.Thread(target=wait, daemon=True, name="kopilka-search").start()

    def on_build_error(self, error) -> None:
        if self.search is not None:
            stop_index(self.search)
        if self.search_pages is not None:
            shutil.rmtree(self.search_pages, ignore_errors=True)
            self.search_pages = None

    def on_shutdown(self) -> None:
        process = self.indexing
        if process is not None and process.poll() is None:  # the waiting thread reaps it
            self.stopping = True
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)

    def on_serve(self, server, config: MkDocsConfig, builder):
        self.server = server
        folders = [config.docs_dir] + [str(self.root / f) for f in ("practices", "data") if (self.root / f).is_dir()]
        for folder in folders[1:]:
            server.watch(folder)
        # MkDocs polls the watched folders every 0.5 s; a preview should not wait for that. Where
        # the system reports edits itself (inotify), it does so at once; polling stays as the
        # fallback (a share inotify does not see) until inotify has reported an edit, then stops
        # for these folders. A poll of a 10,000-file bank takes a tenth of a second, time the
        # rebuild would share, and found every edit again. Elsewhere polling gets faster.
        instant = watch_instantly(server, folders)
        interval = PREVIEW_FALLBACK_POLL_SECONDS if instant else PREVIEW_POLL_SECONDS
        observer = getattr(server, "observer", None)
        if observer is not None and getattr(observer, "_timeout", 0) != interval:
            observer._timeout = interval  # set before the observer starts
        return server

