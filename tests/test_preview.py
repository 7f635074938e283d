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


#: A preview in a process of its own (MkDocs keeps one plugin instance per process): its first
#: build, then each edit of `argv[3]` (JSON: [path, old text, new text; old "" writes the file,
#: new null deletes it]) and a rebuild as `kopilka serve` makes it (mkdocs/commands.py): in place
#: when only generated outputs changed, else MkDocs' build. Prints which rebuilds were in place.
_PREVIEW = """
import json, pathlib, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
site, out, edits = pathlib.Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
url = "http://127.0.0.1:8000/"
def config():
    loaded = load_config(str(site / "mkdocs.yml"), site_dir=out)
    loaded.site_url = url
    return loaded
first = config()
first.plugins.on_startup(command="serve", dirty=True)
plugin = first.plugins["kopilka"]
build(first, serve_url=url, dirty=True)
in_place = []
for rel, old, new in edits:
    path = site / rel
    if new is None:
        path.unlink()
    else:
        text = path.read_text(encoding="utf-8") if old else ""
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1) if old else new, encoding="utf-8")
    in_place.append(plugin.rebuild_in_place())
    if not in_place[-1]:
        build(config(), serve_url=url, dirty=True)
print(json.dumps(in_place))
"""


def _preview(site: Path, out: Path, edits: list) -> tuple[dict[str, bytes], list[bool]]:
    """What the preview serves after `edits` (every file but the sitemap and the search index:
    the first build writes them), and which rebuilds were made in place."""
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _PREVIEW, str(site), str(out), json.dumps(edits)], cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    served = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
              if p.is_file() and not p.name.startswith("sitemap.xml") and "pagefind" not in p.parts}
    folders = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_dir() and not any(p.iterdir())}
    assert folders == set(), f"empty folders the preview would list: {sorted(folders)[:5]}"
    return served, json.loads(done.stdout.strip().splitlines()[-1])


def _field_line(path: Path, field: str) -> str:
    return next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith(f"{field}:"))


def test_a_preview_after_edits_serves_what_a_new_preview_of_the_edited_site_serves(tmp_path):
    """A preview keeps its MkDocs files and pages between rebuilds, and writes an edit of
    records in place, without MkDocs' build (mkdocs/quick.py); after edits of a narrative page,
    mkdocs.yml (its site name is on every page), a title, a text, a subject, an organisation, a
    new practice and its deletion it serves byte for byte what a preview started afresh serves."""
    edited = tmp_path / "edited"
    load_script().copy_site(edited)
    practices = sorted((edited / "practices").glob("*.md"))
    first, second, third = (p.relative_to(edited).as_posix() for p in practices[:3])
    title = _field_line(practices[0], "title")
    subjects = _field_line(practices[2], "subjects")
    organization = _field_line(practices[1], "organization")
    other = sorted(p.stem for p in (edited / "content" / "organizations").glob("*.md")
                   if f"organization: {p.stem}" != organization)[0]
    added = practices[1].read_text(encoding="utf-8").replace("title:", "title: Новая практика —", 1)
    narrative = sorted(p for p in (edited / "content").glob("*.md") if p.name != "index.md")[0]
    heading = next(line for line in narrative.read_text(encoding="utf-8").splitlines() if line.startswith("#"))
    site_name = _field_line(edited / "mkdocs.yml", "site_name")
    # MkDocs' builds first: what a rebuild in place writes is what the end compares
    edits = [[narrative.relative_to(edited).as_posix(), heading, heading + " (правка)"],
             ["mkdocs.yml", site_name, site_name + " (правка)"],
             [first, title, title.replace("title: ", "title: Правка — ", 1)],
             [second, "\n## ", "\n\nАбзац правки.\n\n## "],
             [third, subjects, "subjects: [музыка]"],
             [second, organization, f"organization: {other}"],
             ["practices/novaya-praktika.md", "", added],
             [first, "\n## ", "\n\nЕщё абзац.\n\n## "],
             ["practices/novaya-praktika.md", "", None]]
    served, in_place = _preview(edited, tmp_path / "out", edits)
    load_script().copy_site(tmp_path / "fresh")
    for rel, old, new in edits:
        path = tmp_path / "fresh" / rel
        if new is None:
            path.unlink()
        else:
            path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1) if old else new, encoding="utf-8")
    fresh, _ = _preview(tmp_path / "fresh", tmp_path / "out-fresh", [])
    # the Markdown page and mkdocs.yml by MkDocs, which renders them; records in place
    assert in_place == [False, False] + [True] * 7
    assert "Правка — " in served[f"practices/{practices[0].stem}/index.html"].decode("utf-8")
    assert "(правка)" in served["index.html"].decode("utf-8")
    assert "practices/novaya-praktika/index.html" not in served
    assert served.keys() == fresh.keys()
    assert [uri for uri in served if served[uri] != fresh[uri]] == []


def test_a_preview_writes_a_new_practice_in_place_and_removes_it_with_its_folder(tmp_path):
    """The new practice's page appears after a rebuild in place, on its own page, in the
    bank's lists and on the home page (a page of the menu); deleted, it is gone with its folder."""
    edited = tmp_path / "edited"
    load_script().copy_site(edited)
    source = sorted((edited / "practices").glob("*.md"))[1].read_text(encoding="utf-8")
    added = source.replace("title:", "title: Аааа новая практика —", 1)
    served, in_place = _preview(edited, tmp_path / "out", [["practices/aaaa-novaya.md", "", added]])
    assert in_place == [True]
    assert "Аааа новая практика" in served["practices/aaaa-novaya/index.html"].decode("utf-8")
    assert "aaaa-novaya/" in served["practices/index.html"].decode("utf-8")  # first by title
    gone, in_place = _preview(edited, tmp_path / "out-2", [["practices/aaaa-novaya.md", "", None]])
    assert in_place == [True]
    assert not (tmp_path / "out-2" / "practices" / "aaaa-novaya").exists()
    assert "aaaa-novaya/" not in gone["practices/index.html"].decode("utf-8")


def test_serve_shows_edits(tmp_path):
    """The real server: every edit appears, bounded; figures are printed for the record."""
    result = load_script().measure(edits=3, timeout=60)
    print("preview:", result)
    assert result["timeouts"] == 0, result
    assert result["search_ready_s"] is not None, "the preview's search index never appeared"


def test_serve_shows_a_title_edit_on_the_practice_and_on_its_organisation_page(tmp_path):
    """The real server: after one rebuild the practice's page and its organisation's list both
    show the new title (every page that shows it is made again at once)."""
    result = load_script().measure(edits=2, timeout=90, practice="adaptatsiya-molodykh-pedagogov-nazranovskogo-rayona",
                                   follow="organizations/uo-nazranovsky/")
    print("preview:", result)
    assert result["timeouts"] == 0, result


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


def test_a_preview_rebuild_repeats_only_new_warnings_and_counts_fixed_ones(caplog, monkeypatch):
    from generator.mkdocs.plugin import KopilkaPlugin

    plugin = KopilkaPlugin()
    plugin.on_startup(command="serve", dirty=True)
    plugin_log = logging.getLogger("mkdocs.plugins.kopilka")
    monkeypatch.setattr(plugin_log, "propagate", True)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.kopilka"):
        plugin._warn(["a.md:1: W1", "b.md:2: W2"])  # the first build: all
        assert [r.getMessage() for r in caplog.records] == ["a.md:1: W1", "b.md:2: W2"]
        caplog.clear()
        plugin._warn(["a.md:1: W1", "b.md:2: W2"])  # a save changing nothing
        assert caplog.records == []
        plugin._warn(["b.md:2: W2", "c.md:3: W3"])  # one fixed, one new
        assert [r.getMessage() for r in caplog.records] == [
            "c.md:3: W3", "Kopilka: исправлено предупреждений: 1, осталось: 2"]
