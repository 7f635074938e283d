"""What the preview needs of MkDocs' development server beyond its public API.

Each private name used here has a contract test (tests/mkdocs/test_contracts.py), so that an
upgrade of MkDocs that renames one fails there, with the name, rather than in a preview.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import jinja2

from generator.render.urls import page_url

#: Events of an edit; opening or reading a file (the build does) is not one.
EDIT_EVENTS = frozenset({"created", "modified", "deleted", "moved", "closed"})


def ask_rebuild(server) -> None:
    """Make MkDocs' preview server rebuild, as its own watch callback does after an edit
    (private: `LiveReloadServer._rebuild_cond`, `_want_rebuild`)."""
    condition = getattr(server, "_rebuild_cond", None)
    if condition is None:  # not MkDocs 1.x's LiveReloadServer: the next rebuild, after an edit,
        return  # takes what is waiting
    with condition:
        server._want_rebuild = True
        condition.notify_all()


def watch_instantly(server, folders: list[str]) -> bool:
    """Rebuild the preview as soon as inotify reports an edit under `folders` (Linux). Returns
    False where that is not available; MkDocs' own polling then finds edits."""
    try:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers.inotify import InotifyObserver
    except ImportError:
        return False
    if getattr(server, "_rebuild_cond", None) is None:  # not MkDocs 1.x's LiveReloadServer
        return False

    proven: list[bool] = []
    seen: dict[str, tuple | None] = {}  # path -> (mtime, size) when it last asked for a rebuild

    def edited(event) -> None:
        if event.is_directory or event.event_type not in EDIT_EVENTS:
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
        ask_rebuild(server)
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


class TemplateCache(jinja2.BytecodeCache):
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


def built_path(site_dir: Path, uri: str) -> Path:
    """Where MkDocs writes an output: a page's index.html, a file under its own URI."""
    return site_dir / page_url(uri) / "index.html" if uri.endswith(".md") else site_dir / uri


def remove_outputs(site_dir: Path, uris: set[str]) -> None:
    """Delete what a preview's previous build wrote for outputs that are gone (a deleted
    record's page), so that the preview never serves a page the site no longer has. Only ever
    inside the preview's own temporary site folder."""
    for uri in uris:
        path = built_path(site_dir, uri)
        with contextlib.suppress(OSError):
            path.unlink()
        if path.name == "index.html":  # its folder, once empty: the server would list it
            with contextlib.suppress(OSError):
                path.parent.rmdir()
