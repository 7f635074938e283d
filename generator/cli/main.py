"""`kopilka` commands: parse arguments, run the pipeline, print diagnostics, set the exit code."""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path

from generator import __version__
from generator.build.progress import Progress
from generator.build.runtime import os_reason, tune_gc
from generator.cli.paths import UsageError, dev_addr, site_relative, site_root
from generator.diagnostics import Diagnostics
from generator.text import PAGES

# The pipeline (pydantic, MkDocs, Jinja) is imported by the command that runs it: `--help` and a
# mistyped command answer at once, and Ctrl+C while it loads is an interrupt like any other.


def _print_diagnostics(diagnostics: Diagnostics, fmt: str, stream=sys.stdout) -> None:
    from generator.cli import report

    report.write(diagnostics.sorted(), fmt, stream)


def cmd_check(args: argparse.Namespace) -> int:
    try:
        return _check(args)
    except UsageError:
        raise
    except Exception as error:  # a bug: a program reading --format json still gets JSON, and
        if args.format == "json":  # the traceback follows on stderr
            from generator.diagnostics import Diagnostic

            internal = Diagnostic("", 0, 0, "E900", f"внутренняя ошибка Kopilka: {type(error).__name__}: {error}",
                                  allowed="проверка без внутренних ошибок",
                                  hint="сообщите разработчикам Kopilka и приложите файл, на котором это случилось")
            print(json.dumps([internal.as_dict()], ensure_ascii=False), flush=True)
        raise


def _check(args: argparse.Namespace) -> int:
    from generator.corpus.check import check_counts

    root = site_root(args.path)
    only = [site_relative(value, root) for value in args.only or ()]
    progress = Progress.for_terminal() if args.format == "text" else Progress()
    counts, diagnostics = check_counts(root, progress)
    status = _report_check(args, diagnostics, root, only)
    if args.format == "text" and not args.changed and not only and not diagnostics.errors:
        print(f"Проверено: практик {counts['practice']}, мероприятий {counts['event']}, "
              f"объединений {counts['association']}, документов {counts['program']}, "
              f"организаций {counts['organization']}"
              + (f", специалистов на сайте {counts['person']}, консультаций {counts['consultation']}, "
                 f"ответов на вопросы {counts['question']}" if counts.get("person") or counts.get("consultation")
                 or counts.get("question") else "") + ".")
    return status


def _report_check(args: argparse.Namespace, diagnostics: Diagnostics, root: Path, only: list[str]) -> int:
    """Print the check's problems in the chosen format; with --changed only those of the files
    changed since the branch left the base, with --only those of the files named (the whole
    site was checked, so references resolve)."""
    from generator.cli import report

    items = diagnostics.sorted()
    if only:
        items = report.only_paths(diagnostics, only)
        if args.format == "text":
            print(f"Показаны ошибки и предупреждения только в {', '.join(only)} "
                  "(и ошибки файлов данных сайта, без которых сайт не собрать).")
    if args.changed:
        try:
            changed, removed = report.changed_files(root, args.base or report.default_base(root))
        except report.GitError as error:
            raise UsageError(f"--changed: {error}") from error
        items, whole = report.only_changed(Diagnostics(items), changed, removed)
        if args.format == "text":
            print("Изменились данные сайта или удалена запись: показаны ошибки всего сайта." if whole
                  else f"Изменённых файлов: {len(changed)}; показаны ошибки только в них.")
    report.write(items, args.format, sys.stdout, report.repo_prefix(root) if args.format == "github" else "")
    return 1 if any(d.severity == "error" for d in items) else 0


def cmd_build(args: argparse.Namespace) -> int:
    from generator.build.publish import SiteDirRefused, check_site_dir
    from generator.build.state import load_session, save_graph, save_published
    from generator.mkdocs.commands import BuildFailed, build_site, site_config, site_frame
    from generator.build.pipeline import generate
    from generator.build.reuse import digests, reusable, sources_digest, unchanged_site
    from generator.build.write import discard, intact, publish, staging_dir
    from generator.corpus.check import start_of_today

    root = site_root(args.path, needs_mkdocs=True)
    site_dir = Path(args.site_dir).expanduser().resolve() if args.site_dir else root / "site"
    try:  # before any work: a wrong --site-dir must not cost the sources anything
        check_site_dir(site_dir, root, clean=args.clean)
    except SiteDirRefused as error:
        raise UsageError(str(error)) from error
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(start_of_today()))
    progress = Progress.for_terminal()
    started = time.perf_counter()
    session = load_session(root)  # what the previous build made: only changes are made again
    known, linking = session.published, _start_linking(site_dir, session.published)
    staging = None
    try:
        generated, diagnostics = generate(root, progress=progress, session=session)
        if diagnostics.items:
            _print_diagnostics(diagnostics, "text", sys.stderr)
        if generated is None:
            print("Сайт не собран: исправьте ошибки выше. Прежняя версия сайта не изменилась.", file=sys.stderr)
            return 1
        pages = sum(1 for uri in generated.outputs if uri.endswith(".md"))
        config = site_config(root)
        frame = site_frame(config, generated)
        # the previous build's folder, if it is what the session says it published: only the
        # outputs that changed are written again into a linked copy of it (build/reuse.py)
        previous = reusable(site_dir, known, frame)
        sources = sources_digest(root, generated.outputs, os.environ["SOURCE_DATE_EPOCH"])
        output_digests = digests(generated.outputs, generated.changed, known)
        if previous and unchanged_site(previous, output_digests, sources) and intact(site_dir, previous.files):
            return _unchanged(root, site_dir, session, generated, progress, started)
        if linking is not None:  # a child has been linking the previous site meanwhile
            if previous:
                staging = linking.staging()
            else:
                linking.cancel()  # before the staging folder is made anew
            linking = None
        if staging is None:
            previous, staging = None, staging_dir(site_dir)
        work = generated.work
        save = _GraphSave(root, session, progress, changed=work is None or work.computed or work.inputs_changed
                          or session.saved is None)
        with progress.stage("MkDocs", total=pages, unit=PAGES):
            session.published = build_site(config, staging, generated, progress, previous=previous,
                                           known=known, frame=frame, output_digests=output_digests,
                                           meanwhile=save)
    except BaseException as error:  # a failure or an interrupt: nothing of this build stays
        if staging is not None:
            discard(staging)
        if isinstance(error, BuildFailed):
            print(f"Сайт не собран: {error}. Прежняя версия сайта не изменилась.", file=sys.stderr)
            return 1
        raise
    finally:
        if linking is not None:  # not needed: cold, unchanged or failed
            linking.cancel()
    session.published = dataclasses.replace(session.published, sources=sources)
    publish(staging, site_dir)
    save()  # if the plugin had no search index to wait for
    save_published(root, session)
    progress.summary(f"Готово за {time.perf_counter() - started:.1f} с: страниц {pages}, "
                     f"практик {len(generated.site.practices)}.")
    _report_reuse(progress, generated, config.plugins["kopilka"])
    print(f"Сайт собран: {site_dir}")
    return 0


def _start_linking(site_dir: Path, known):
    """Link the previous build's folder into the staging folder while this build works, if the
    folder holds what the session says that build published (build/write.py `Linking`)."""
    from generator.build.reuse import read_stamp
    from generator.build.write import Linking

    if known is None or known.frame is None or read_stamp(site_dir) != known.stamp:
        return None
    return Linking(site_dir, known.files)


class _GraphSave:
    """Writes the build graph once: while the search index is finished, if the plugin waits for
    one (the main process is idle then: 2.5 s of 15 at 5,000 practices), or after publishing.
    A graph that nothing changed is the one saved already."""

    def __init__(self, root: Path, session, progress: Progress, changed: bool) -> None:
        self.root, self.session, self.progress, self.todo = root, session, progress, bool(changed)

    def __call__(self) -> None:
        from generator.build.state import save_graph

        if self.todo:
            self.todo = False
            with self.progress.stage("Кэш сборки", key="save"):
                save_graph(self.root, self.session)


def _report_reuse(progress: Progress, generated, plugin) -> None:
    """What the cache saved: the outputs made again, and what a warm publish wrote again."""
    work, total = generated.work, len(generated.outputs)
    progress.summary(f"Сделано заново: {len(generated.changed)} из {total} страниц и файлов"
                     + (f" (вычислений {work.computed})." if work else "."))
    if plugin.rewritten is not None:
        kept = "; поисковый индекс прежний (страницы записей не изменились)" if plugin.search_kept else ""
        progress.summary(f"Папка сайта обновлена: записано заново {plugin.rewritten} из {total} "
                         f"страниц и файлов, остальные взяты из прежней сборки{kept}.")


def _unchanged(root: Path, site_dir: Path, session, generated, progress: Progress, started: float) -> int:
    """The site folder already holds what this build would publish: it is left as it is."""
    from generator.build.state import save_session

    if generated.work is None or generated.work.computed or session.saved is None:  # inputs changed, outputs did not
        with progress.stage("Кэш сборки", key="save"):
            save_session(root, session)
    progress.summary(f"Готово за {time.perf_counter() - started:.1f} с: сайт не изменился — в папке сайта "
                     f"уже эта сборка, она оставлена как есть.")
    work = generated.work
    progress.summary(f"Сделано заново: {len(generated.changed)} из {len(generated.outputs)} страниц и файлов"
                     + (f" (вычислений {work.computed})." if work else "."))
    print(f"Сайт собран: {site_dir}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from generator.mkdocs.commands import PreviewRefused, serve_site
    from generator.source.datafile import check_structure

    root = site_root(args.path, needs_mkdocs=True)
    # MkDocs loads mkdocs.yml before any plugin runs: an alias bomb or a 10,000-level list in it
    # is refused here, from the parser's events, before MkDocs expands anything
    refused = [d for d in check_structure(root / "mkdocs.yml", root) if d.severity == "error"]
    if refused:
        _print_diagnostics(Diagnostics(refused), "text", sys.stderr)
        print("Предпросмотр не запущен: исправьте mkdocs.yml.", file=sys.stderr)
        return 1
    # The plugin's own lines (an edit shown, lists following) for the contributor; MkDocs' own
    # lines stay at warnings, as before.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    plugin_log = logging.getLogger("mkdocs.plugins.kopilka")
    plugin_log.addHandler(handler)
    plugin_log.setLevel(logging.INFO)
    plugin_log.propagate = False
    # MkDocs warns on every rebuild, in English, that a dirty build may leave navigation stale:
    # said once here, in Russian, with what to do about it.
    logging.getLogger("mkdocs.commands.build").addFilter(
        lambda record: not str(record.msg).startswith("A 'dirty' build is being performed"))
    # Dirty: a rebuild makes again only what an edit changed (build/incremental.py).
    try:
        serve_site(root, args.dev_addr)
    except PreviewRefused as error:
        raise UsageError(str(error)) from error
    return 0


EXIT_CODES = ("Коды выхода: 0 — готово (предупреждения не мешают), 1 — в файлах сайта есть ошибки, "
              "2 — команда указана неверно (папка, параметры, порт), 130 — прервано (Ctrl+C).")
PATH_HELP = "папка сайта (в ней mkdocs.yml, practices/, content/, data/); по умолчанию текущая"


def version() -> str:
    import platform
    from importlib.metadata import version as installed

    return (f"Kopilka {__version__}: генератор сайтов методических служб "
            f"(Python {platform.python_version()}, MkDocs {installed('mkdocs')})")


class Version(argparse.Action):
    """`--version` on one line, unwrapped (argparse's own wraps it at the terminal's width)."""

    def __call__(self, parser, namespace, values, option_string=None):  # noqa: ANN001 - argparse's
        print(version())
        parser.exit()


def parser() -> argparse.ArgumentParser:
    from generator.cli.russian import RussianParser

    main = RussianParser(prog="kopilka", description="Kopilka: сайт методической службы из папки файлов "
                         "Markdown — банк практик, объединения, мероприятия, документы.", epilog=EXIT_CODES)
    main.add_argument("--version", action=Version, nargs=0, help="показать версию и выйти")
    commands = main.add_subparsers(dest="command", required=True, title="команды", metavar="КОМАНДА")
    p = commands.add_parser("check", help="проверить все файлы сайта", epilog=EXIT_CODES,
                            description="Проверяет все файлы сайта и сообщает обо всех ошибках сразу: файл, "
                                        "строка, что получено, что допустимо, подсказка.")
    p.add_argument("path", nargs="?", default=".", metavar="ПАПКА", help=PATH_HELP)
    p.add_argument("--only", action="append", metavar="ФАЙЛ",
                   help="показать ошибки только этого файла или папки (можно повторить); проверяется всё равно "
                        "весь сайт, чтобы ссылки на другие записи были проверены")
    p.add_argument("--format", choices=("text", "json", "github"), default="text",
                   help="text — для людей, github — аннотации в pull request, json — для программ")
    p.add_argument("--changed", action="store_true",
                   help="показать ошибки только в файлах, изменённых относительно --base")
    p.add_argument("--base", metavar="ВЕТКА", help="базовая ветка или коммит для --changed (по умолчанию origin/main)")
    p.set_defaults(func=cmd_check)
    p = commands.add_parser("build", help="собрать сайт в папку site/", epilog=EXIT_CODES,
                            description="Проверяет файлы и собирает сайт. При ошибках ничего не записывается: "
                                        "прежняя версия сайта остаётся как была.")
    p.add_argument("path", nargs="?", default=".", metavar="ПАПКА", help=PATH_HELP)
    p.add_argument("--site-dir", metavar="ПАПКА_САЙТА", help="куда собрать сайт (по умолчанию site/ в папке сайта)")
    p.add_argument("--clean", action="store_true",
                   help="разрешить заменить непустую папку, собранную не Kopilka (всё в ней будет удалено)")
    p.set_defaults(func=cmd_build)
    p = commands.add_parser("serve", help="предпросмотр с автообновлением", epilog=EXIT_CODES,
                            description="Предпросмотр сайта в браузере: после каждой правки страницы обновляются "
                                        "сами, ошибки показываются поверх страницы.")
    p.add_argument("path", nargs="?", default=".", metavar="ПАПКА", help=PATH_HELP)
    p.add_argument("--dev-addr", default="127.0.0.1:8000", type=dev_addr, metavar="АДРЕС:ПОРТ",
                   help="адрес предпросмотра (по умолчанию 127.0.0.1:8000)")
    p.set_defaults(func=cmd_serve)
    from generator.cli.site import add_commands

    add_commands(commands, PATH_HELP, EXIT_CODES)
    return main


def _terminated(signum, frame) -> None:  # noqa: ANN001 - signal handler
    raise KeyboardInterrupt  # SIGTERM ends a command as Ctrl-C does: cleanup runs, no traceback


def main(argv: list[str] | None = None) -> int:
    command = None
    try:
        args = parser().parse_args(argv)
        command = args.command
        return _run(args)
    except UsageError as error:
        print(f"kopilka {command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        what = " Прежняя версия сайта не изменилась." if command == "build" else ""
        print(f"\nKopilka: прервано.{what}", file=sys.stderr)
        return 130
    except OSError as error:  # the machine's, not the content's: a disk full, a file without rights
        where = f" {error.filename}" if error.filename else ""
        print(f"kopilka {command}: не удалось прочитать или записать{where}: "
              f"{os_reason(error)}. Проверьте права доступа и свободное место на диске.", file=sys.stderr)
        return 1


def console() -> None:
    """The `kopilka` command: `main`, then the process ends at once.

    A build leaves a million objects (the build graph: 1 GB at 5,000 practices) that Python
    would free one by one on the way out: 3.2 s after «Сайт собран» at 5,000 practices, on every
    build. Everything the command writes is written and closed by then; the output streams and
    logging are flushed here, and what exit handlers would do is not needed: the command's
    temporary folders are removed by the command itself. Under a profiler or a tracer (coverage),
    whose report is written on the way out, the process ends as usual."""
    code = main()
    if sys.getprofile() is not None or sys.gettrace() is not None:
        raise SystemExit(code)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(code)


def _run(args: argparse.Namespace) -> int:
    tune_gc()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)
    return args.func(args)
