"""What the MkDocs side of a warm publish does (build/reuse.py): which outputs MkDocs may skip,
what names a page in the navigation, and which files of the linked copy to unlink first."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from generator.build.outputs import Page
from generator.build.reuse import Published, output_digest
from generator.build.write import remove_file, unlink


class Unchanged(File):
    """A generated file the same as in the previous build (a preview's or a warm publish's):
    MkDocs' dirty build skips rendering or copying it, and the previous build's file stays."""

    def is_modified(self) -> bool:
        return False


class Kept(File):
    """A preview's generated file, kept from one rebuild to the next while its output is the
    same: `modified` says whether this rebuild writes it (MkDocs' dirty build skips it if not)."""

    modified = True

    def is_modified(self) -> bool:
        return self.modified


def nav_title(output) -> str:
    """What names an output in the navigation when mkdocs.yml does not (mkdocs/frame.py)."""
    return output.title if isinstance(output, Page) else output_digest(output)


def rendered_templates(config: MkDocsConfig) -> list[str]:
    """The files MkDocs renders from theme templates on every build (sitemap.xml and its
    gzip'd copy, 404.html), which a warm publish writes again too."""
    names = [*sorted(config.theme.static_templates), *config.extra_templates]
    return names + [f"{name}.gz" for name in names if name == "sitemap.xml"]


def clear_for_writing(files: Files, config: MkDocsConfig, previous: Published) -> None:
    """A warm publish: unlink in the site folder (a linked copy of the previous site) every
    file this build writes, so that MkDocs makes a new file instead of writing into the
    previous site's, and remove what this build no longer has. Kept: the unchanged outputs
    and the theme's files MkDocs would not copy again; pages and files of the site's own
    folder are always written again (their dates on disk are not trusted)."""
    site, docs = Path(config.site_dir), Path(config.docs_dir).resolve()
    for uri in sorted(previous.files - {file.dest_uri for file in files}):
        remove_file(site, uri)
    for file in files:
        if isinstance(file, Unchanged):
            continue
        theme = file.src_dir is not None and Path(file.src_dir).resolve() != docs
        if not theme or file.is_modified():
            unlink(Path(file.abs_dest_path))
    for name in rendered_templates(config):
        unlink(site / name)
