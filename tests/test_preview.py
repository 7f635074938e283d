"""Live preview: `kopilka serve` shows an edit to a practice, re-rendering only what changed."""

from __future__ import annotations

import importlib.util
import logging
import time
from pathlib import Path

import pytest

from tests.conftest import REPO


def load_script():
    spec = importlib.util.spec_from_file_location("preview_latency", REPO / "scripts" / "preview_latency.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def example_copy(tmp_path) -> Path:
    load_script().copy_site(tmp_path)
    return tmp_path


def test_dirty_rebuild_renders_only_the_edited_page(example_copy, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.chdir(REPO)  # the plugin of this checkout, not an installed one
    out = example_copy / "out"

    def rebuild(first: bool = False) -> None:
        config = load_config(str(example_copy / "mkdocs.yml"), site_dir=str(out))
        if first:
            config.plugins.on_startup(command="serve", dirty=True)
        build(config, dirty=True)

    rebuild(first=True)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 200
    before = {p: p.stat().st_mtime_ns for p in pages}
    time.sleep(0.05)
    practice = sorted((example_copy / "practices").glob("*.md"))[0]
    text = practice.read_text(encoding="utf-8")
    practice.write_text(text.replace("## Актуальность\n", "## Актуальность\n\nНовый абзац превью.\n", 1),
                        encoding="utf-8")
    rebuild()
    changed = {p.relative_to(out).as_posix() for p in pages if p.stat().st_mtime_ns != before[p]}
    assert f"practices/{practice.stem}/index.html" in changed
    assert changed <= {f"practices/{practice.stem}/index.html", "404.html"}
    assert "Новый абзац превью." in (out / "practices" / practice.stem / "index.html").read_text(encoding="utf-8")


def test_serve_shows_edits(tmp_path):
    """The real server: every edit appears, bounded; figures are printed for the record."""
    result = load_script().measure(edits=3, timeout=60)
    print("preview:", result)
    assert result["timeouts"] == 0, result
    assert result["search_ready_s"] is not None, "the preview's search index never appeared"


def test_serve_shows_a_title_edit_on_the_practice_first_and_then_in_lists(tmp_path):
    """The real server with a big bank's setting: the practice's page has the new title after
    the quick rebuild, and its organisation's page after the background completion."""
    result = load_script().measure(edits=2, timeout=90, practice=Path(_PRACTICE).stem,
                                   env={"KOPILKA_PREVIEW_QUICK_AFTER": "0"},
                                   follow="organizations/uo-nazranovsky/")
    print("preview with completion:", result)
    assert result["timeouts"] == 0, result
    assert any("видна на странице записи" in line for line in result["messages"]), result
    assert any("видна на всех страницах" in line for line in result["messages"]), result


def test_preview_hears_of_an_edit_at_once_and_not_of_a_read(tmp_path):
    # MkDocs' own server and config; its polling observer is never started here, so only the
    # plugin's inotify watch can ask for the rebuild.
    import time

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer

    from generator.mkdocs import plugin as mkdocs_plugin
    from generator.mkdocs.plugin import KopilkaPlugin

    (tmp_path / "content").mkdir()
    (tmp_path / "practices").mkdir()
    practice = tmp_path / "practices" / "p.md"
    practice.write_text("---\ntitle: П\n---\n", encoding="utf-8")
    config = MkDocsConfig()
    config.load_dict({"site_name": "Копилка", "docs_dir": str(tmp_path / "content"), "site_dir": str(tmp_path / "site")})
    config.validate()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    try:
        plugin = KopilkaPlugin()
        plugin.root = tmp_path
        plugin.on_serve(server, config, None)
        assert str(tmp_path / "practices") in server._watched_paths
        if server.observer._timeout == mkdocs_plugin.PREVIEW_POLL_SECONDS:  # no inotify here
            assert mkdocs_plugin.PREVIEW_POLL_SECONDS < 0.5  # MkDocs' default
            return
        assert server.observer._timeout == mkdocs_plugin.PREVIEW_FALLBACK_POLL_SECONDS
        time.sleep(0.3)
        practice.read_text(encoding="utf-8")  # the build reads files: not an edit
        time.sleep(0.5)
        assert not server._want_rebuild
        practice.write_text("---\ntitle: Правка\n---\n", encoding="utf-8")
        deadline = time.monotonic() + 5
        while not server._want_rebuild and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server._want_rebuild
        # inotify works here: polling these folders would report the same edit a second later
        while str(tmp_path / "practices") in server._watched_paths and time.monotonic() < deadline:
            time.sleep(0.01)
        assert str(tmp_path / "practices") not in server._watched_paths
    finally:
        server.server_close()


# --- an edit of a record's fields: its own page at once, the rest in the background --------

def _edit_line(path: Path, prefix: str, line: str) -> None:
    """`path` with its first line starting with `prefix` replaced by `line`."""
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, text in enumerate(lines) if text.startswith(prefix))
    lines[index] = line
    path.write_text("\n".join(lines), encoding="utf-8")


_PRACTICE = "practices/adaptatsiya-molodykh-pedagogov-nazranovskogo-rayona.md"
_FIELD_EDITS = {
    # (file, line prefix, new line, what the record's own page shows at once)
    "practice title": (_PRACTICE, "title:", 'title: "Новое название практики"', "Новое название практики"),
    "practice subject (a facet)": (_PRACTICE, "subjects:", "subjects: [математика, физическая культура]", "subjects/fizicheskaya-kultura/"),
    "practice year": (_PRACTICE, "year:", "year: 2019", "2019"),
    "organisation title": ("content/organizations/artem-sosh-1.md", "title:",
                           'title: "Школа № 1 после правки"', "Школа № 1 после правки"),
    "association title": ("content/associations/kirovskiy-ekspertnyy-sovet.md", "title:",
                          'title: "Экспертный совет после правки"', "Экспертный совет после правки"),
    "event start": ("content/events/2025-10-08-seminar-funktsionalnaya-gramotnost-penza.md", "start:",
                    'start: "2025-10-08 13:30"', "13:30"),
}


def _own_page(generated, edited: Path, root: Path) -> str:
    from generator.render.urls import page_uri

    source = edited.relative_to(root).as_posix()
    for kind in ("practice", "event", "association", "organization", "program"):
        for entity in generated.site.by_kind(kind).values():
            if entity.source == source:
                return generated.pages[page_uri(kind, entity.id)]
    raise AssertionError(f"no record of {source}")


def _when_done(event):
    """A completion's callback: sets `event` when the result is ready; a failure is no result."""
    def done(error):
        assert error is None, error
        event.set()
    return done


def _outputs(generated) -> tuple:
    return generated.pages, generated.assets, generated.json_ld


@pytest.fixture
def preview_state():
    from generator.build import pipeline

    pipeline._LAST[0] = None
    yield pipeline
    pipeline.cancel_completion()
    pipeline._LAST[0] = None


@pytest.mark.parametrize("edit", sorted(_FIELD_EDITS))
def test_a_field_edit_shows_on_its_page_first_and_then_everywhere_exactly(edit, example_copy, preview_state,
                                                                            monkeypatch):
    """Quick: only the edited record's own page is new. Then every page is made again in a
    forked process, and the preview's site is the one a full build of the edited files makes."""
    import threading

    pipeline = preview_state
    monkeypatch.setenv("KOPILKA_PREVIEW_QUICK_AFTER", "0")  # as a big bank: the example builds fast
    file, prefix, line, shown = _FIELD_EDITS[edit]
    first, diagnostics = pipeline.generate(example_copy, remember=True)
    assert first is not None, diagnostics.sorted()[:3]
    before = {name: dict(part) for name, part in zip(("pages", "assets", "json_ld"), _outputs(first))}
    _edit_line(example_copy / file, prefix, line)

    quick, diagnostics = pipeline.generate(example_copy, remember=True)
    assert quick is not None, [d.format() for d in diagnostics.sorted()[:3]]
    assert quick.preview == "quick"
    assert shown in _own_page(quick, example_copy / file, example_copy)
    changed = [uri for uri, text in quick.pages.items() if before["pages"].get(uri) != text]
    assert len(changed) <= 2, changed  # the record's own page (and nothing made from others)

    ready = threading.Event()
    assert pipeline.complete_in_background(_when_done(ready))
    assert not pipeline.complete_in_background(_when_done(ready))  # one at a time for one Site
    assert ready.wait(120), "the background completion never reported"
    completed, _ = pipeline.generate(example_copy, remember=True)
    assert completed.preview == "completed"

    pipeline._LAST[0] = None
    full, _ = pipeline.generate(example_copy)
    for name, mine, theirs in zip(("pages", "assets", "json_ld"), _outputs(completed), _outputs(full)):
        differ = sorted(k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k))
        assert not differ, (name, differ[:5])
    # and the edit did reach pages other than the record's own (lists, facets, calendars)
    assert sum(before["pages"].get(uri) != text for uri, text in completed.pages.items()) > len(changed)


@pytest.mark.parametrize("change", ["added", "removed"])
def test_a_new_or_deleted_practice_file_is_previewed_the_same_way(change, example_copy, preview_state, monkeypatch):
    import threading

    pipeline = preview_state
    monkeypatch.setenv("KOPILKA_PREVIEW_QUICK_AFTER", "0")
    pipeline.generate(example_copy, remember=True)
    source = example_copy / _PRACTICE
    if change == "added":
        text = source.read_text(encoding="utf-8").replace("title: ", 'title: "Новая практика в превью" #', 1)
        (example_copy / "practices" / "novaya-praktika-v-prevyu.md").write_text(text, encoding="utf-8")
        uri = "practices/novaya-praktika-v-prevyu.md"
    else:
        source.unlink()
        uri = f"practices/{source.stem}.md"
    quick, diagnostics = pipeline.generate(example_copy, remember=True)
    assert quick is not None, [d.format() for d in diagnostics.sorted()[:3]]
    assert quick.preview == "quick"
    if change == "added":
        assert "Новая практика в превью" in quick.pages[uri]
    else:
        assert uri not in quick.pages
    ready = threading.Event()
    assert pipeline.complete_in_background(_when_done(ready))
    assert ready.wait(120)
    completed, _ = pipeline.generate(example_copy, remember=True)
    pipeline._LAST[0] = None
    full, _ = pipeline.generate(example_copy)
    for mine, theirs in zip(_outputs(completed), _outputs(full)):
        assert mine == theirs


def test_an_edit_during_the_completion_restarts_it_for_the_newest_files(example_copy, preview_state, monkeypatch):
    import threading

    pipeline = preview_state
    monkeypatch.setenv("KOPILKA_PREVIEW_QUICK_AFTER", "0")
    pipeline.generate(example_copy, remember=True)
    path = example_copy / _PRACTICE
    _edit_line(path, "title:", 'title: "Первая правка"')
    pipeline.generate(example_copy, remember=True)
    stale = threading.Event()
    assert pipeline.complete_in_background(_when_done(stale))
    _edit_line(path, "year:", "year: 2018")  # saved again before the completion is back
    second, _ = pipeline.generate(example_copy, remember=True)
    assert second.preview == "quick"
    ready = threading.Event()
    assert pipeline.complete_in_background(_when_done(ready))
    assert ready.wait(120)
    completed, _ = pipeline.generate(example_copy, remember=True)
    assert completed.preview == "completed"
    pipeline._LAST[0] = None
    full, _ = pipeline.generate(example_copy)
    assert completed.pages == full.pages and completed.assets == full.assets
    assert any("Первая правка" in text and "2018" in text for text in full.pages.values())


def test_a_small_site_makes_every_page_at_once_after_a_field_edit(example_copy, preview_state, monkeypatch):
    pipeline = preview_state
    monkeypatch.setenv("KOPILKA_PREVIEW_QUICK_AFTER", "60")  # every page takes under a minute here
    pipeline.generate(example_copy, remember=True)
    _edit_line(example_copy / _PRACTICE, "title:", 'title: "Сразу везде"')
    generated, _ = pipeline.generate(example_copy, remember=True)
    assert generated.preview == ""
    assert sum("Сразу везде" in text for text in generated.pages.values()) > 3


def test_a_quick_page_that_fails_falls_back_to_making_every_page(example_copy, preview_state, monkeypatch):
    from generator.render import pages as render

    pipeline = preview_state
    monkeypatch.setenv("KOPILKA_PREVIEW_QUICK_AFTER", "0")
    pipeline.generate(example_copy, remember=True)
    _edit_line(example_copy / _PRACTICE, "title:", 'title: "Правка без быстрой страницы"')

    def unforeseen(site, items):
        raise KeyError("a table of the previous Site")
    monkeypatch.setattr(render, "record_pages", unforeseen)
    generated, _ = pipeline.generate(example_copy, remember=True)
    assert generated.preview == ""  # every page made, from fresh facets and lists
    monkeypatch.undo()
    pipeline._LAST[0] = None
    full, _ = pipeline.generate(example_copy)
    assert generated.pages == full.pages and generated.assets == full.assets


def test_a_text_edit_after_a_completion_is_exact_with_the_facets_it_sent_back(example_copy, preview_state,
                                                                              monkeypatch):
    import threading

    pipeline = preview_state
    monkeypatch.setenv("KOPILKA_PREVIEW_QUICK_AFTER", "0")
    pipeline.generate(example_copy, remember=True)
    _edit_line(example_copy / _PRACTICE, "subjects:", "subjects: [математика, физическая культура]")
    pipeline.generate(example_copy, remember=True)
    ready = threading.Event()
    assert pipeline.complete_in_background(_when_done(ready))
    assert ready.wait(120)
    assert pipeline.generate(example_copy, remember=True)[0].preview == "completed"
    other = sorted((example_copy / "practices").glob("*.md"))[-1]
    other.write_text(other.read_text(encoding="utf-8") + "\nАбзац после правки.\n", encoding="utf-8")
    text_edit, _ = pipeline.generate(example_copy, remember=True)
    assert text_edit.preview == ""  # exact at once: only the text changed
    assert "Абзац после правки." in text_edit.pages[f"practices/{other.stem}.md"]
    pipeline._LAST[0] = None
    full, _ = pipeline.generate(example_copy)
    assert text_edit.pages == full.pages and text_edit.assets == full.assets


def test_a_preview_rebuild_repeats_only_new_warnings_and_counts_fixed_ones(caplog, monkeypatch):
    from generator.mkdocs import plugin as mkdocs_plugin

    monkeypatch.setitem(mkdocs_plugin._PREVIEW, "dirty", True)
    monkeypatch.setitem(mkdocs_plugin._PREVIEW, "warned", None)
    plugin_log = logging.getLogger("mkdocs.plugins.kopilka")
    monkeypatch.setattr(plugin_log, "propagate", True)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.kopilka"):
        mkdocs_plugin.KopilkaPlugin._warn(["a.md:1: W1", "b.md:2: W2"])  # the first build: all
        assert [r.getMessage() for r in caplog.records] == ["a.md:1: W1", "b.md:2: W2"]
        caplog.clear()
        mkdocs_plugin.KopilkaPlugin._warn(["a.md:1: W1", "b.md:2: W2"])  # a save changing nothing
        assert caplog.records == []
        mkdocs_plugin.KopilkaPlugin._warn(["b.md:2: W2", "c.md:3: W3"])  # one fixed, one new
        assert [r.getMessage() for r in caplog.records] == [
            "c.md:3: W3", "Kopilka: исправлено предупреждений: 1, осталось: 2"]
