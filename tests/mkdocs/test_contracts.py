"""What Kopilka relies on of MkDocs and Material beyond their public API, one test per name.

An upgrade that renames or changes one of these fails here, with the name, rather than in a
preview or a build (generator/mkdocs/ is the only package that uses them).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page


@pytest.fixture
def config(tmp_path: Path) -> MkDocsConfig:
    (tmp_path / "content" / "practices").mkdir(parents=True)
    (tmp_path / "content" / "practices" / "index.md").write_text("# Практики\n", encoding="utf-8")
    config = MkDocsConfig()
    config.load_dict({"site_name": "Копилка", "docs_dir": str(tmp_path / "content"),
                      "site_dir": str(tmp_path / "site"), "theme": {"name": "material", "language": "ru"},
                      "nav": [{"Практики": "practices/index.md"}]})
    assert config.validate() == ([], [])
    return config


@pytest.fixture
def server(tmp_path: Path):
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    yield server
    server.server_close()


def test_livereload_server_rebuilds_on_its_condition(server):
    # mkdocs/preview.py ask_rebuild: `_rebuild_cond` (a Condition) and `_want_rebuild`
    assert isinstance(server._rebuild_cond, threading.Condition)
    assert server._want_rebuild is False


def test_livereload_server_lists_what_it_watches(server, tmp_path):
    # mkdocs/preview.py watch_instantly: `_watched_paths`, and `unwatch` to stop polling
    server.watch(str(tmp_path))
    assert str(tmp_path) in server._watched_paths
    server.unwatch(str(tmp_path))
    assert str(tmp_path) not in server._watched_paths


def test_livereload_polling_has_a_timeout_we_may_set(server):
    # mkdocs/plugin.py on_serve: `observer._timeout`, set before the observer starts
    assert isinstance(server.observer._timeout, (int, float))


def test_a_page_takes_its_canonical_url_through_set_canonical_url(config):
    # mkdocs/fastpages.py FastPage overrides `Page._set_canonical_url` to compute it on demand
    assert callable(Page._set_canonical_url)
    config.site_url = "https://metod.example.ru/"
    page = Page(None, File("a/b.md", config.docs_dir, config.site_dir, True), config)
    assert page.canonical_url == "https://metod.example.ru/a/b/"


def test_get_context_makes_a_pages_template_context(config):
    # mkdocs/fastpages.py renders Material's main.html for a stand-in page with it
    from mkdocs.commands.build import get_context

    files = Files([File("practices/index.md", config.docs_dir, config.site_dir, True)])
    nav = get_navigation(files, config)
    page = files.get_file_from_path("practices/index.md").page
    context = get_context(nav, files, config, page)
    assert context["page"] is page and context["nav"] is nav and "base_url" in context


def test_material_has_the_toc_item_partial(config):
    # mkdocs/fastpages.py renders each table-of-contents item with `partials/toc-item.html`
    env = config.theme.get_env()
    assert env.get_template("partials/toc-item.html") is not None


def test_setting_a_page_active_marks_its_section(config):
    # mkdocs/fastpages.py marks a section's page active while a page of that section renders
    files = Files([File("practices/index.md", config.docs_dir, config.site_dir, True)])
    nav = get_navigation(files, config)
    page = nav.pages[0]
    page.active = True
    assert page.active and nav.items[0].active
    page.active = False
    assert not nav.items[0].active


def test_mkdocs_keeps_a_plugin_with_on_startup_across_config_loads(tmp_path):
    # mkdocs/plugin.py: the preview's Session lives on the plugin instance for a whole `serve`
    from mkdocs.config import load_config

    (tmp_path / "content").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: К\ndocs_dir: content\nplugins: [kopilka]\n", encoding="utf-8")
    first = load_config(str(tmp_path / "mkdocs.yml")).plugins["kopilka"]
    second = load_config(str(tmp_path / "mkdocs.yml")).plugins["kopilka"]
    assert first is second


def test_livereload_builds_the_serve_url_and_injects_into_html(server):
    # mkdocs/commands.py: `livereload._serve_url`, and PreviewServer overrides
    # `_inject_js_into_html` to put the problems panel over each served page
    from mkdocs.livereload import _serve_url

    assert _serve_url("127.0.0.1", 8000, "/") == "http://127.0.0.1:8000/"
    injected = server._inject_js_into_html(b"<html><body><p>x</p></body></html>", 5)
    assert injected.startswith(b"<html><body><p>x</p>") and b"livereload" in injected


def test_materials_repository_link_is_the_component_that_fetches_facts():
    # mkdocs/csp.py without_repository_facts: the mark Material's script looks for
    from importlib import resources

    from generator.mkdocs.csp import SOURCE_COMPONENT

    partial = resources.files("material").joinpath("templates", "partials", "source.html").read_text(encoding="utf-8")
    assert 'class="md-source"' + SOURCE_COMPONENT in partial


def test_plugins_list_their_handlers_by_event(config):
    # mkdocs/plugin.py _reads_contents_alone: `PluginCollection.events`, event name -> handlers
    # (a FastPage's text is made only when written while no other handler reads page contents)
    handlers = config.plugins.events["page_content"]
    assert isinstance(handlers, list)


def test_a_page_content_is_an_attribute_a_subclass_may_make_on_demand(config):
    # mkdocs/fastpages.py FastPage replaces `Page.content` with a property; MkDocs' read loop
    # sets it (`page.content = on_page_content(...)`) and its constructor sets it to None
    import inspect

    from mkdocs.commands import build

    assert "page.content = config.plugins.on_page_content(" in inspect.getsource(build._populate_page)
    assert "self.content = None" in inspect.getsource(Page.__init__)
