"""Commands for contributors and site owners: new, schema, linkcheck, init.

Kept apart from `cli.py` (check, build, serve) so each stays short; `cli.parser()` adds these.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.cli.paths import UsageError, site_root
from generator.source.discover import CONTENT_FOLDERS


def cmd_new(args: argparse.Namespace) -> int:
    from generator.diagnostics import display_path
    from generator.source.vocabularies import load_vocabularies
    from generator.tools import scaffold

    root = site_root(args.path_option or args.path)
    title = args.title
    if not title:
        if not sys.stdin.isatty():
            raise UsageError(f"укажите название: kopilka new {args.kind} --title "
                             f"\"{scaffold.title_example(args.kind)}\"")
        try:
            title = input(f"Название {scaffold.KIND_WORDS[args.kind]}: ").strip()
        except EOFError:  # Ctrl+D at the question: no title given
            title = ""
    if not title:
        raise UsageError("название не может быть пустым")
    vocabularies, problems = load_vocabularies(root)
    try:
        path = scaffold.new_record(root, args.kind, title, None if problems else vocabularies)
    except FileExistsError as error:
        print(f"Файл уже существует: {display_path(Path(error.filename), root)}. Он не изменён.\n"
              "Выберите другое название (--title) или откройте существующий файл.", file=sys.stderr)
        return 1
    print(scaffold.next_steps(args.kind, display_path(path, root)))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from generator.source.vocabularies import load_vocabularies
    from generator.tools.schema import SCHEMA_DIR, write_schemas

    root = site_root(args.path)
    vocabularies, problems = load_vocabularies(root)
    if problems:
        print("Сначала исправьте файлы данных сайта (kopilka check).", file=sys.stderr)
        return 1
    out = Path(args.out).resolve() if args.out else root / SCHEMA_DIR
    for path in write_schemas(root, vocabularies, out):
        print(f"Записано: {path}")
    return 0


def cmd_linkcheck(args: argparse.Namespace) -> int:
    from generator.tools.linkcheck import external_problems, internal_problems

    site = built_site(args.path, args.site_dir)
    broken, external = internal_problems(site)
    if args.external:
        broken += external_problems(external, limit=args.limit, timeout=args.timeout)
    for item in broken:
        print(item.format())
    checked = "внутренние и внешние" if args.external else "внутренние"
    print(f"Проверены {checked} ссылки: битых {len(broken)}.")
    return 1 if broken else 0


def cmd_init(args: argparse.Namespace) -> int:
    from generator.tools.sitekit import create_site, owner_steps

    target = Path(args.dir).expanduser().resolve()
    if target.exists() and not target.is_dir():
        raise UsageError(f"«{args.dir}» — это файл; новый сайт создаётся в новой или пустой папке")
    try:
        create_site(target, args.title, args.package)
    except FileExistsError as error:  # as `new` over an existing file: refused, nothing touched (1)
        print(f"kopilka init: папка {target} не пустая ({error}): новый сайт создаётся только в пустой "
              "или новой папке. Ничего не изменено.", file=sys.stderr)
        return 1
    print(owner_steps(target))
    return 0


def built_site(path: str, site_dir: str | None) -> Path:
    """The built site linkcheck reads: `--site-dir`, or PATH itself when it is a built site (as
    before: `kopilka linkcheck site`), or PATH's `site/` when PATH is the site folder."""
    candidates = [Path(site_dir)] if site_dir else [Path(path), Path(path) / "site"]
    for candidate in candidates:
        if (candidate / "index.html").is_file():
            return candidate.resolve()
    raise UsageError(f"в {candidates[-1].resolve()} нет собранного сайта (index.html): сначала kopilka build")


def add_commands(commands, path_help: str, exit_codes: str) -> None:
    kinds = ", ".join(CONTENT_FOLDERS)
    p = commands.add_parser("new", help="создать файл новой записи по шаблону", epilog=exit_codes,
                            description="Создаёт файл новой записи по шаблону, в котором каждое поле объяснено; "
                                        "существующий файл никогда не перезаписывается.")
    p.add_argument("kind", choices=tuple(CONTENT_FOLDERS), metavar="ТИП", help=f"что создать: {kinds}")
    p.add_argument("path", nargs="?", default=".", metavar="ПАПКА", help=path_help)
    p.add_argument("--title", metavar="НАЗВАНИЕ", help="название записи (если не указано, команда спросит)")
    p.add_argument("--path", dest="path_option", help=argparse.SUPPRESS)  # the old spelling, still accepted
    p.set_defaults(func=cmd_new)
    p = commands.add_parser("schema", help="JSON Schema для подсказок в редакторе", epilog=exit_codes,
                            description="Записывает JSON Schema типов записей в schemas/ и настройки "
                                        "yaml-language-server в .vscode/settings.json.")
    p.add_argument("path", nargs="?", default=".", metavar="ПАПКА", help=path_help)
    p.add_argument("--out", metavar="ПАПКА_СХЕМ", help="куда записать схемы (по умолчанию schemas/)")
    p.set_defaults(func=cmd_schema)
    p = commands.add_parser("linkcheck", help="проверить ссылки собранного сайта", epilog=exit_codes,
                            description="Проверяет, что каждая внутренняя ссылка и якорь собранного сайта ведут "
                                        "на существующую страницу.")
    p.add_argument("path", nargs="?", default=".", metavar="ПАПКА",
                   help="папка сайта (проверяется её site/) или сама папка собранного сайта; по умолчанию текущая")
    p.add_argument("--site-dir", metavar="ПАПКА_САЙТА", help="папка собранного сайта, если она не site/")
    p.add_argument("--external", action="store_true", help="проверить и внешние ссылки (нужен интернет)")
    p.add_argument("--limit", type=int, default=200, metavar="ЧИСЛО", help="не больше стольких внешних ссылок")
    p.add_argument("--timeout", type=float, default=10.0, metavar="СЕКУНД", help="секунд на одну внешнюю ссылку")
    p.set_defaults(func=cmd_linkcheck)
    p = commands.add_parser("init", help="создать новый сайт из заготовки", epilog=exit_codes,
                            description="Создаёт в новой или пустой папке заготовку сайта, которая сразу собирается.")
    p.add_argument("dir", metavar="ПАПКА", help="новая или пустая папка для сайта")
    p.add_argument("--title", default="Методическая копилка", metavar="НАЗВАНИЕ", help="название сайта")
    p.add_argument("--package", default="", metavar="PIP",
                   help="откуда CI ставит Kopilka (строка для pip install)")
    p.set_defaults(func=cmd_init)
