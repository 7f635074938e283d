"""`kopilka build` and `kopilka serve` on MkDocs: the only place that runs MkDocs' own commands.

The build hands MkDocs what the generator made (`Generated`) and lets the plugin publish it; the
preview is MkDocs' live-reload server with a loop of our own around it, so that the preview's
Session lives for the whole preview, and so that a build with errors does not leave the browser
waiting: the problems are shown in Russian over every page the contributor has open (the last
good site stays underneath), and the page reloads by itself once the file is fixed.
"""

from __future__ import annotations

import errno
import html
import logging
import shutil
import socket
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.livereload import LiveReloadServer, _serve_url

from generator.build.pipeline import Generated, Session
from generator.build.reuse import Published
from generator.build.runtime import os_reason
from generator.diagnostics import Diagnostic
from generator.text import count_ru

log = logging.getLogger("mkdocs.plugins.kopilka")


class BuildFailed(Exception):
    """MkDocs could not publish the site (its message is the reason, in Russian where ours)."""


def site_config(root: Path):
    """The site's MkDocs configuration, as `kopilka build` publishes with it."""
    try:
        return load_config(str(root / "mkdocs.yml"))
    except MkDocsException as error:
        raise BuildFailed(str(error)) from error


def site_frame(config, generated: Generated) -> str | None:
    """The frame of the site's pages (mkdocs/frame.py): a warm publish needs the previous one's."""
    from generator.mkdocs.frame import frame_key
    from generator.mkdocs.warm import nav_title

    return frame_key(config, generated.outputs, nav_title)


def build_site(config, site_dir: Path, generated: Generated, progress=None, *,
               previous: Published | None = None, known: Published | None = None,
               frame: str | None = None, output_digests: dict[str, str] | None = None,
               meanwhile=None) -> Published:
    """Publish `generated` with MkDocs into `site_dir`: a fresh staging folder, or with
    `previous` a linked copy of that build's folder (build/reuse.py). `known` is the session's
    record of its previous build; `frame` and `output_digests` what the caller computed of this
    one; `meanwhile` work of the caller's to do while the search index is being finished.
    Returns what was published."""
    config.site_dir = str(site_dir)
    plugin = config.plugins["kopilka"]
    plugin.preset, plugin.progress = generated, progress
    plugin.previous, plugin.known, plugin.frame = previous, known, frame
    plugin.digests = output_digests or {}
    plugin.meanwhile = meanwhile
    try:
        build(config, dirty=previous is not None)
    except BaseException as error:  # a failure or an interrupt: the caller discards the folder
        plugin.on_build_error(error)  # stops Pagefind, if it runs
        if isinstance(error, (MkDocsException, OSError)):
            raise BuildFailed(str(error)) from error
        raise
    return plugin.record


class PreviewRefused(Exception):
    """The preview cannot start as asked (the port is taken, mkdocs.yml is wrong); the message
    is Russian and says what to do."""


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server that also shows the last build's problems over every page."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.problems: bytes | None = None  # the panel listing them, while the site has errors

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)
        if self.problems is None:
            return content
        start = content.find(b"<body")
        start = content.find(b">", start) + 1 if start >= 0 else 0
        return content[:start] + self.problems + content[start:]


def problems_panel(items: list[Diagnostic]) -> bytes:
    """The problems of a failed preview build as a panel over the page (Russian, escaped)."""
    errors = [d for d in items if d.severity == "error"]
    rows = []
    for d in errors:
        where = d.path + (f", строка {d.line}" if d.line else "")
        details = "".join(f"<br><small>{label}: {html.escape(value)}</small>" for label, value in (
            ("получено", d.value), ("допустимо", d.allowed), ("подсказка", d.hint)) if value)
        rows.append(f"<li><strong>{html.escape(where)}</strong> — {html.escape(d.message)}{details}</li>")
    title = f"Сайт не собран: {count_ru(len(errors), 'ошибка', 'ошибки', 'ошибок')}"
    return (f'<div role="alert" style="position:fixed;inset:0 0 auto 0;z-index:1000;max-height:80vh;overflow:auto;'
            f'background:#fff3f3;color:#5f0000;border-bottom:3px solid #b00020;padding:1em 1.5em;'
            f'font:16px/1.5 sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.3)">'
            f"<p><strong>{html.escape(title)}</strong>. Исправьте и сохраните файл — страница обновится сама. "
            f"Под этим сообщением — сайт до последней правки.</p><ol>{''.join(rows)}</ol></div>").encode()


def _try_bind(server: LiveReloadServer) -> None:
    """Bind a socket as the server will (its family, address reuse) and let it go."""
    with socket.socket(server.address_family, socket.SOCK_STREAM) as probe:
        if server.allow_reuse_address:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(server.server_address)


def _address_problem(host: str, port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return (f"порт {port} уже занят (может быть, предпросмотр уже запущен в другом окне). "
                f"Остановите его или выберите другой порт: kopilka serve --dev-addr {host}:{port + 1}")
    return (f"не удалось открыть адрес {host}:{port} ({os_reason(error)}). "
            "Укажите адрес этого компьютера, например --dev-addr 127.0.0.1:8000")


def serve_site(root: Path, dev_addr: str) -> None:
    """The live preview until Ctrl+C; the temporary site folder is removed at the end, however
    the preview ends (an interrupt while MkDocs loads its config included)."""
    site_dir = tempfile.mkdtemp(prefix="kopilka-preview-")
    try:
        _serve(root, dev_addr, site_dir)
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _serve(root: Path, dev_addr: str, site_dir: str) -> None:
    session = Session()

    def get_config():
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=site_dir, dev_addr=dev_addr)
        config.plugins["kopilka"].session = session
        return config

    try:
        config = get_config()
    except MkDocsException as error:
        raise PreviewRefused(f"mkdocs.yml не прочитан: {error}") from error
    config.plugins.on_startup(command="serve", dirty=True)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    config.site_url = serve_url = _serve_url(host, port, mount_path)
    server = PreviewServer(builder=lambda: None, host=host, port=port, root=site_dir, mount_path=mount_path)
    try:  # MkDocs binds only after the first build: a taken port is said before that work
        _try_bind(server)
    except OSError as error:  # the port is taken (another preview?) or the address is not this machine's
        config.plugins.on_shutdown()
        raise PreviewRefused(_address_problem(host, port, error)) from error
    log.info(f"Предпросмотр: {serve_url} — страницы обновляются после каждой правки; остановить: Ctrl+C.\n"
             "Обновляются только изменившиеся страницы (после правки mkdocs.yml — все); после правки "
             "шаблонов оформления (custom_dir) перезапустите предпросмотр.")

    plugin = config.plugins["kopilka"]  # one instance for the whole preview (it has on_startup)

    def builder(config=None) -> None:
        if config is None and plugin.rebuild_in_place():  # only generated outputs changed
            server.problems = None
            return
        config = config or get_config()
        config.site_url = serve_url
        try:
            build(config, serve_url=serve_url, dirty=True)
        except Abort:
            if plugin.problems is None:
                raise  # not the contributor's files: MkDocs' own error, as MkDocs says it
            server.problems = problems_panel(plugin.problems)
            return  # browsers reload and show the panel; the next save tries again
        server.problems = None

    server.builder = builder
    # no page yet (the first build failed) or none at this address: the problems, or a plain line
    server.error_handler = lambda code: (server.problems or b"") + (
        "<p>Страница не найдена.</p>".encode() if code == 404 else b"")
    try:
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Kopilka: предпросмотр остановлен")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
