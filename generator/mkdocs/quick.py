"""A preview's rebuild without MkDocs' build, when an edit changed only generated pages and files.

MkDocs' dirty build costs 0.8 s at 10,000 practices however little changed: it lists the docs
folder and every theme file (Material's icons), makes the navigation, walks 22,000 files five
times to find the Markdown pages and copies or skips each static file. After an edit of records
the preview knows exactly what changed (`Generated.changed`), and a generated page is the
theme's shell with its own values put in (`fastpages.Shells`), so it writes those outputs itself.

Only when nothing else can differ from what MkDocs would write: the previous build succeeded,
the frame is the same (mkdocs/frame.py: mkdocs.yml and what it inherits, theme overrides, the
menu and its titles; no other plugin or hook), the narrative pages (Markdown MkDocs renders)
are the same, and every changed output is a generated page whose shape has a shell, a page of
the menu (rendered by the theme with its own page object, as MkDocs does), or a file. Anything
else — a Markdown page, an attached file, a page of a shape not seen yet — goes to MkDocs'
dirty build, as before. `tests/test_preview.py` checks that a preview after
edits serves what a new preview of the edited site serves.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands.build import get_context

from generator.build.outputs import File as FileOutput
from generator.build.outputs import Page
from generator.build.pipeline import Generated
from generator.mkdocs.fastpages import FastPage
from generator.mkdocs.frame import frame_key
from generator.mkdocs.preview import remove_outputs
from generator.mkdocs.warm import Kept, nav_title


def quick_rebuild(plugin, generated: Generated) -> bool:
    """Write what `generated` changed into the preview's folder, as MkDocs' dirty build would;
    False (and nothing written) when MkDocs must build instead."""
    config = plugin.mkdocs_config
    if not _same_frame(plugin, config, generated):
        return False
    pages = _pages_to_write(plugin, config, generated)
    if pages is None:
        return False
    for uri, page, text in pages:
        _write(Path(page.file.abs_dest_path), text.encode("utf-8", errors="xmlcharrefreplace"))
        plugin.kept[uri] = (generated.outputs[uri], page.file)
    for uri in sorted(generated.changed):
        output = generated.outputs.get(uri)
        if isinstance(output, FileOutput):
            file = Kept.generated(config, uri, content=output.content)
            file.copy_file()
            plugin.kept[uri] = (output, file)
    current = set(generated.outputs)
    gone = plugin.published - current
    remove_outputs(Path(config.site_dir), gone)  # a deleted record's page goes too
    for uri in gone:
        plugin.kept.pop(uri, None)
    plugin.published = current
    plugin.generated = generated
    return True


def _same_frame(plugin, config, generated: Generated) -> bool:
    """Whether MkDocs would build this revision in exactly the frame of the previous build."""
    previous = plugin.generated
    return (config is not None and plugin.shells is not None and previous is not None
            and generated.narrative == previous.narrative and generated.hidden == previous.hidden
            and plugin.shells_frame is not None
            and frame_key(config, generated.outputs, nav_title) == plugin.shells_frame)


def _pages_to_write(plugin, config, generated: Generated) -> list[tuple[str, FastPage, str]] | None:
    """Every changed page as it is written, or None when one of them is not a generated page
    of a known shape, or another changed output is not a file."""
    made = []
    for uri in sorted(generated.changed):
        output = generated.outputs.get(uri)
        if isinstance(output, FileOutput):
            continue
        if not isinstance(output, Page):
            return None
        text = _menu_page(plugin, config, uri, output) if uri in plugin.shells.menu else _page(plugin, config, uri, output)
        if text is None:
            return None
        made.append(text)
    return made


def _page(plugin, config, uri: str, output: Page) -> tuple[str, FastPage, str] | None:
    """A page outside the menu, from the shell of its shape."""
    page = FastPage(output, Kept.generated(config, uri, content=""), config)
    page.read_source(config)
    page.render(config, None)
    text = plugin.shells.filled(page)
    return None if text is None else (uri, page, plugin.on_post_page(text, page, config))


def _menu_page(plugin, config, uri: str, output: Page) -> tuple[str, FastPage, str] | None:
    """A page of the site's menu: the menu's own page object shows the new output, rendered by
    the theme with its tab active, as MkDocs' `_build_page` does."""
    kept = plugin.kept.get(uri)
    page = kept[1].page if kept is not None else None
    if not isinstance(page, FastPage) or page is not plugin.shells.menu[uri]:
        return None
    page.replace(output)
    page.read_source(config)
    page.render(config, None)
    shells = plugin.shells
    page.active = True
    try:
        text = shells.output(page, get_context(shells.nav, shells.doc_files, config, page))
    finally:
        page.active = False
    return uri, page, plugin.on_post_page(text, page, config)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
