"""Commands for contributors and site owners: new, schema, linkcheck, init.

Kept apart from `cli.py` (check, build, serve) so each stays short; `cli.parser()` adds these.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.source.discover import CONTENT_FOLDERS


def cmd_new(args: argparse.Namespace) -> int:
    from generator.diagnostics import display_path
    from generator.source.vocabularies import load_vocabularies
    from generator.tools import scaffold

    root = Path(args.path).resolve()
    if not (root / "mkdocs.yml").is_file():
        print(f"{root} — не папка сайта (нет mkdocs.yml): перейдите в папку сайта или укажите --path.",
              file=sys.stderr)
        return 2
    title = args.title
    if not title:
        if not sys.stdin.isatty():
            print("Укажите название: kopilka new practice --title \"Название практики\"", file=sys.stderr)
            return 2
        title = input(f"Название {scaffold.KIND_WORDS[args.kind]}: ").strip()
    if not title:
        print("Название не может быть пустым.", file=sys.stderr)
        return 2
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

    root = Path(args.path).resolve()
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

    site = Path(args.site_dir).resolve()
    if not (site / "index.html").is_file():
        print(f"В папке {site} нет собранного сайта: сначала kopilka build.", file=sys.stderr)
        return 2
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

    target = Path(args.dir).resolve()
    try:
        create_site(target, args.title, args.package)
    except FileExistsError as error:
        print(f"Папка {target} не пустая ({error}): новый сайт создаётся только в пустой папке.",
              file=sys.stderr)
        return 1
    print(owner_steps(target))
    return 0


def add_commands(commands) -> None:
    p = commands.add_parser("new", help="создать файл новой записи по шаблону")
    p.add_argument("kind", choices=tuple(CONTENT_FOLDERS))
    p.add_argument("--title", help="название записи (иначе спросит)")
    p.add_argument("--path", default=".", help="папка сайта")
    p.set_defaults(func=cmd_new)
    p = commands.add_parser("schema", help="JSON Schema для подсказок в редакторе")
    p.add_argument("path", nargs="?", default=".")
    p.add_argument("--out", help="куда записать схемы (по умолчанию schemas/)")
    p.set_defaults(func=cmd_schema)
    p = commands.add_parser("linkcheck", help="проверить ссылки собранного сайта")
    p.add_argument("site_dir", nargs="?", default="site")
    p.add_argument("--external", action="store_true", help="проверить и внешние ссылки (нужен интернет)")
    p.add_argument("--limit", type=int, default=200, help="не больше стольких внешних ссылок")
    p.add_argument("--timeout", type=float, default=10.0, help="секунд на одну внешнюю ссылку")
    p.set_defaults(func=cmd_linkcheck)
    p = commands.add_parser("init", help="создать новый сайт из заготовки")
    p.add_argument("dir")
    p.add_argument("--title", default="Методическая копилка", help="название сайта")
    p.add_argument("--package", default="", help="откуда CI ставит Kopilka (строка для pip install)")
    p.set_defaults(func=cmd_init)
