"""`kopilka init DIR`: the skeleton another municipality or region starts its own site from.

The skeleton lives in `generator/skeleton/`. Vocabularies, `mkdocs.yml`, the workflows, the
pull-request template and the contributor guide are links to this repository's own files, so a
new site gets exactly what the example site uses and nothing is kept twice. Names that start with
a dot are stored without it (packaging drops hidden files) and get it back when copied.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import yaml

#: Stored name -> name in the new site.
_DOTTED = {"gitignore": ".gitignore", "github": ".github", "gitkeep": ".gitkeep"}
_FILLED = ("README.md", "data/site.yml")  # `{title}` is replaced in these


def skeleton() -> Path:
    return Path(str(resources.files("generator.tools").joinpath("skeleton")))


def _scalar(value: str) -> str:
    return yaml.safe_dump(value, allow_unicode=True, width=1000).strip().removesuffix("\n...")


def create_site(target: Path, title: str, package: str = "") -> list[Path]:
    """Copy the skeleton into `target` (missing or empty); returns the files written."""
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(next(iter(sorted(p.name for p in target.iterdir()))))
    source = skeleton()
    written = []
    for path in sorted(source.rglob("*")):
        if not path.is_file():  # follows links: a link to a file is a file
            continue
        rel = path.relative_to(source)
        rel_out = Path(*(_DOTTED.get(part, part) for part in rel.parts))
        out = target / rel_out
        out.parent.mkdir(parents=True, exist_ok=True)
        if rel.as_posix() in _FILLED:
            text = path.read_text(encoding="utf-8")
            out.write_text(text.replace("{title}", title if rel.suffix == ".md" else _scalar(title)),
                           encoding="utf-8")
        elif rel.as_posix() == "mkdocs.yml":
            out.write_text(_mkdocs(path.read_text(encoding="utf-8"), title), encoding="utf-8")
        elif rel.parts[0] == "github" and rel.suffix == ".yml":
            text = path.read_text(encoding="utf-8")
            out.write_text(text.replace('KOPILKA_PACKAGE: ""', f"KOPILKA_PACKAGE: {_scalar(package or '')}"),
                           encoding="utf-8")
        else:
            shutil.copyfile(path, out)
        written.append(out)
    return written


#: The new site's `site_url`, commented out until its owner knows the address (`check` warns).
SITE_URL_PLACEHOLDER = (
    "# Адрес, по которому читатели открывают сайт: из него делаются карта сайта, ленты новостей (Atom),\n"
    "# канонические ссылки, превью в мессенджерах и подписка на календари (webcal:). Впишите свой адрес\n"
    "# и уберите «# » в начале строки:\n"
    "# site_url: https://адрес-вашего-сайта.ru/")


def _mkdocs(text: str, title: str) -> str:
    """The example's mkdocs.yml with the new site's name and no address yet (not the example's)."""
    lines = []
    for line in text.splitlines():
        if line.startswith("site_name:"):
            line = f"site_name: {_scalar(title)}"
        elif line.startswith("# The example site of Kopilka"):
            line = "# Оформление и меню сайта. Записи лежат в practices/ и content/, страницы собираются из них."
        elif line.startswith("site_url:"):
            while lines and lines[-1].startswith("#"):  # the example's own note on the setting
                lines.pop()
            line = SITE_URL_PLACEHOLDER
        lines.append(line)
    return "\n".join(lines) + "\n"


def owner_steps(target: Path) -> str:
    return "\n".join([
        f"Создан новый сайт: {target}",
        "Что дальше:",
        "  1. Впишите свои муниципалитеты в data/municipalities.yml, название и описание — в data/site.yml,",
        "     адрес сайта (site_url) — в mkdocs.yml: без него нет карты сайта, лент новостей и превью.",
        "  2. Замените пример организации в content/organizations/ своей методической службой.",
        "  3. Добавьте практику: kopilka new practice --title \"Название\"",
        "  4. Проверьте и посмотрите: kopilka check, затем kopilka serve.",
        "  5. Публикация через GitHub: см. README.md в папке сайта.",
    ])
