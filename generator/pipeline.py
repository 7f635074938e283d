"""The script of phases: load -> validate -> link -> render. MkDocs and the CLI both call it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.config import load_config
from generator.diagnostics import Diagnostic, Diagnostics, display_path
from generator.link import Site, link
from generator.load import discover, escaping_links, read_source
from generator.models.common import ValidationContext
from generator import bank, calendar_pages, consistency, guide, network, render, statdefs, statpages
from generator.render import material_uri
from generator.validate import line_of, validate_source
from generator.vocabularies import load_vocabularies

INTRO_FILE = "content/index.md"


@dataclasses.dataclass
class Generated:
    """What the generator hands to MkDocs: page texts and files to copy, by their site URI."""

    site: Site
    pages: dict[str, str]
    #: site URI -> exact content of a generated file (feeds, exports, charts).
    assets: dict[str, str | bytes]
    #: site URI -> absolute path of a material file that lies outside MkDocs' docs folder.
    files: dict[str, Path]
    #: src URI of a page -> schema.org data, added as JSON-LD after sanitising.
    json_ld: dict[str, dict] = dataclasses.field(default_factory=dict)


#: Producers of pages and files from the Site, in order; each owns its own URIs.
PRODUCERS: tuple = (
    render.outputs,
    network.outputs,
    statpages.outputs,
    calendar_pages.outputs,
    guide.outputs,
    bank.outputs,
)


def build_date(timezone: str) -> dt.date:
    """The day the site is built for: SOURCE_DATE_EPOCH (reproducible builds) or today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return now.astimezone(ZoneInfo(timezone)).date()


def start_of_today() -> int:
    """00:00 UTC of the current day as a Unix time: the default SOURCE_DATE_EPOCH of a build."""
    today = dt.datetime.now(dt.timezone.utc).date()
    return int(dt.datetime(today.year, today.month, today.day, tzinfo=dt.timezone.utc).timestamp())


def check(root: Path, today: dt.date | None = None) -> tuple[Site | None, Diagnostics]:
    """Validate a whole site; every problem is collected. Returns the Site even with errors."""
    root = root.resolve()
    diagnostics = Diagnostics()
    config, problems = load_config(root)
    diagnostics.extend(problems)
    vocabularies, problems = load_vocabularies(root)
    diagnostics.extend(problems)
    for escaped in escaping_links(root):
        diagnostics.add(Diagnostic(
            display_path(escaped, root), 0, 0, "E012",
            "символическая ссылка ведёт за пределы папки сайта; такой файл не публикуется",
            value=str(escaped.readlink()), hint="положите сам файл в папку сайта вместо ссылки"))
    diagnostics.extend(statdefs.load_definitions(root, vocabularies)[1])
    context = ValidationContext(vocabularies, config.timezone)
    records = []
    for kind, path in discover(root):
        source, problems = read_source(kind, path, root)
        diagnostics.extend(problems)
        if source.data is None:
            continue
        entity, problems = validate_source(source, context)
        diagnostics.extend(problems)
        if entity is not None:
            records.append((source, entity))
            diagnostics.extend(_check_files(source, entity, root))
    site, problems = link(records, root, config, vocabularies, today or build_date(config.timezone))
    diagnostics.extend(problems)
    diagnostics.extend(consistency.check(site, records))
    return site, diagnostics


def _attached_files(entity) -> list[tuple[tuple, str]]:
    found = [(("materials", i), m.file) for i, m in enumerate(getattr(entity, "materials", ())) if m.file]
    for key in ("regulation", "plan", "file"):
        value = getattr(entity, key, None)
        if value and ":" not in value:
            found.append(((key,), value))
    return found


def _check_files(source, entity, root: Path) -> list[Diagnostic]:
    """An attached file must exist and stay inside the site folder (no `../../etc/passwd`)."""
    problems = []
    for path, file in _attached_files(entity):
        target = (source.path.parent / file).resolve()  # follows links: a link out is refused
        inside = target.is_relative_to(root) and not any(
            part.startswith(".") for part in target.relative_to(root).parts)
        if not inside or not target.is_file() or target.suffix == ".md":
            line, column = line_of(source, path)
            problems.append(Diagnostic(
                source.rel, line, column, "E204",
                "файл вне папки сайта" if not inside else "файл не найден" if not target.is_file()
                else "материал не может быть файлом .md",
                value=file, allowed="путь к файлу внутри папки сайта, относительно файла записи",
                hint="положите файл рядом с записью, например materials/plan.pdf"))
    return problems


def generate(root: Path, today: dt.date | None = None) -> tuple[Generated | None, Diagnostics]:
    """Check, then render every page. None when there are errors: nothing may be published."""
    root = root.resolve()
    site, diagnostics = check(root, today)
    if diagnostics.errors:
        return None, diagnostics
    intro_path = root / INTRO_FILE
    intro = _body(intro_path.read_text(encoding="utf-8-sig")) if intro_path.is_file() else ""
    produced = render.outputs(site, intro)
    for producer in PRODUCERS[1:]:
        produced.merge(producer(site))
    files = {}
    for kind_map in (site.practices,):  # files of `content/` are MkDocs' own docs already
        for entity in kind_map.values():
            for _, file in _attached_files(entity):
                files[material_uri(entity.source, file)] = (root / entity.source).parent.joinpath(file).resolve()
    return Generated(site, produced.pages, produced.assets, files, produced.json_ld), diagnostics


def _body(text: str) -> str:
    """A narrative page's Markdown without its frontmatter."""
    text = text.replace("\r\n", "\n")
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            return text[end + 4:].lstrip("\n")
    return text
