"""The theme's own texts in Russian: the 404 page, the footer, heading links, the page title."""

from __future__ import annotations

import re

import yaml

from generator.mkdocs.skiplink import SKIP_TEXT
from generator.mkdocs.theme import PERMALINK_TITLE
from tests.conftest import REPO
from tests.sitefiles import page


def _nav() -> list[tuple[str, str]]:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    return [(title, src) for item in config["nav"] for title, src in item.items()]


def test_the_404_page_helps_in_russian(example_build):
    text = (example_build / "404.html").read_text(encoding="utf-8")
    assert "Not found" not in text and "<h1>Страница не найдена</h1>" in text
    assert re.search(r'<form[^>]+action="/search/"[^>]*method="get"', text) and 'name="q"' in text
    for title, src in _nav():  # every section of the menu, from the site's root
        url = "/" + (src[:-len("index.md")] if src.endswith("index.md") else src[:-3] + "/")
        assert f'<a href="{url}">{title}</a>' in text, (title, url)


def test_footer_heading_links_title_and_skip_link_are_russian(example_build):
    home, about = page(example_build, ""), page(example_build, "about/")
    for text in (home, about):
        assert "Made with" not in text and "Material for MkDocs" not in text
        assert f'class="md-skip">{SKIP_TEXT}</a>' in text or f'class="md-skip">\n          {SKIP_TEXT}' in text
    assert "Permanent link" not in about and f'title="{PERMALINK_TITLE}"' in about
    site_name = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"]
    assert f"<title>{site_name}</title>" in home
