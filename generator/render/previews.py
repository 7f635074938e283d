"""Rich previews: the Open Graph and Twitter card tags a messenger or a search engine reads.

Every generated page gets them in its head: its title, description (the page's own, else the
site's), locale ru_RU and, with `site_url`, its canonical address (a preview needs an absolute
one; without it the tag is left out rather than made up). Values are escaped here: titles and
descriptions come from frontmatter.
"""

from __future__ import annotations

from markupsafe import escape

from generator.build.incremental import Graph
from generator.corpus import lookup
from generator.render.urls import page_url

LOCALE = "ru_RU"


def preview_tags(g: Graph, uri: str, title: str, description: str | None) -> str:
    """The tags of the page `uri` (a source URI such as `practices/x.md`)."""
    config, publishing = lookup.config(g), lookup.publishing(g)
    return tags(config.title, title, description or config.description, publishing.absolute(page_url(uri)))


def tags(site_name: str, title: str, description: str | None, address: str | None) -> str:
    """The tags of a page from its values (also for the Markdown pages MkDocs renders itself)."""
    text = " ".join((description or "").split())
    properties = [("og:type", "website"), ("og:site_name", site_name), ("og:title", title),
                  ("og:locale", LOCALE)]
    if text:
        properties.append(("og:description", text))
    if address is not None:
        properties.append(("og:url", address))
    names = [("twitter:card", "summary"), ("twitter:title", title)]
    if text:
        names.append(("twitter:description", text))
    return ("".join(f'<meta property="{key}" content="{escape(value)}">' for key, value in properties)
            + "".join(f'<meta name="{key}" content="{escape(value)}">' for key, value in names))
