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
from mkdocs.utils import write_file

from generator.build.outputs import File as FileOutput
from generator.build.outputs import Page
from generator.build.pipeline import Generated
from generator.mkdocs.fastpages import FastPage
from generator.mkdocs.frame import frame_key
from generator.mkdocs.warm import Kept, nav_title


def quick_rebuild(plugin, generated: Generated) -> bool:
    """Write what `generated` changed into the preview's folder, as MkDocs' dirty build would;
    False (and nothing written) when MkDocs must build instead."""
    config = plugin.mkdocs_config
    if not _same_frame(plugin, config, generated):
        return False
    made = _outputs_to_write(plugin, config, generated)
    if made is None:
        return False
    for uri, file, text in made:
        if text is None:
            file.copy_file()
        else:  # as MkDocs' _build_page writes a page
            write_file(text.encode("utf-8", errors="xmlcharrefreplace"), file.abs_dest_path)
        plugin.kept[uri] = (generated.outputs[uri], file)
    for uri in plugin.remove_gone(Path(config.site_dir), set(generated.outputs)):
        plugin.kept.pop(uri, None)
    plugin.generated = generated
    return True


def _same_frame(plugin, config, generated: Generated) -> bool:
    """Whether MkDocs would build this revision in exactly the frame of the previous build."""
    previous = plugin.generated
    return (config is not None and plugin.shells is not None and previous is not None
            and generated.narrative == previous.narrative and generated.hidden == previous.hidden
            and plugin.shells_frame is not None
            and frame_key(config, generated.outputs, nav_title) == plugin.shells_frame)


def _outputs_to_write(plugin, config, generated: Generated) -> list[tuple[str, object, str | None]] | None:
    """(URI, MkDocs file, page text or None for a file) of every changed output, or None when
    one of them is neither a file nor a generated page of a known shape."""
    made = []
    for uri in sorted(generated.changed):
        output = generated.outputs.get(uri)
        if isinstance(output, FileOutput):
            made.append((uri, Kept.generated(config, uri, content=output.content), None))
            continue
        if not isinstance(output, Page):
            return None
        page = _menu_page(plugin, config, uri, output) if uri in plugin.shells.menu else _page(plugin, config, uri, output)
        if page is None:
            return None
        made.append(page)
    return made


def _page(plugin, config, uri: str, output: Page) -> tuple[str, object, str] | None:
    """A page outside the menu, from the shell of its shape."""
    page = FastPage(output, Kept.generated(config, uri, content=""), config)
    page.read_source(config)
    page.render(config, None)
    text = plugin.shells.filled(page)
    return None if text is None else (uri, page.file, plugin.on_post_page(text, page, config))


def _menu_page(plugin, config, uri: str, output: Page) -> tuple[str, object, str] | None:
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
    return uri, page.file, plugin.on_post_page(text, page, config)
