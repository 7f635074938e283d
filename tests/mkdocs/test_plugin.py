"""The plugin's pages as a reader sees them in the menu: the section of every page is marked."""

from __future__ import annotations

import re

import pytest

from tests.sitefiles import page

#: a page of each type -> the section tab it belongs under
PAGES = {
    "practices/parnye-komandy-shnor/": "Практики",
    "practices/levels/ooo/": "Практики",
    "events/2025-10-08-seminar-funktsionalnaya-gramotnost-penza/": "Мероприятия",
    "events/2026-11/": "Мероприятия",
    "associations/kirovskiy-ekspertnyy-sovet/": "Объединения",
    "programs/murom-programma-razvitiya-2021-2025/": "Документы",
    "organizations/artem-sosh-1/": "Организации",
    "municipalities/penza/": "Муниципалитеты",
    "regions/penzenskaya-oblast/": "Муниципалитеты",
    "stats/site-practices-levels/": "Статистика",
    "practices/": "Практики",
}


@pytest.mark.parametrize("url", sorted(PAGES))
def test_every_page_marks_its_section_in_the_tabs_and_the_menu(example_build, url):
    html = page(example_build, url)
    tabs = re.findall(r'<li class="md-tabs__item md-tabs__item--active">\s*<a [^>]*>\s*([^<]+?)\s*</a>', html)
    assert tabs == [PAGES[url]], tabs
    if url == "practices/":
        return  # a section's own page: Material marks it in its menu in a way of its own
    # the phone menu (Material's drawer) marks the same section
    assert re.search(r'md-nav__item--active[^>]*>\s*<a [^>]*>\s*<span class="md-ellipsis">\s*'
                     + re.escape(PAGES[url]), html), url


def test_a_page_adds_to_its_head_and_scripts_through_the_theme(tmp_path):
    # what producers give a page beyond its content (rich previews, its own scripts) reaches
    # the built HTML both for the first page of a shape (rendered by the theme in full) and for
    # the next one (filled into the shell)
    import shutil

    from generator.build.outputs import Page
    from generator.build.pipeline import Generated
    from generator.mkdocs.commands import build_site, site_config
    from tests.conftest import REPO

    root = tmp_path / "site"
    for folder in ("content", "practices", "data"):
        (root / folder).mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    outputs = {f"practices/p{n}.md": Page(f"practices/p{n}.md", f"Практика {n}", f"<p>Текст {n}</p>",
                                          head=f'<meta property="og:title" content="Практика {n}">',
                                          scripts=f'<script src="../../p{n}.js"></script>') for n in (1, 2)}
    outputs["index.md"] = Page("index.md", "Главная", "<p>Главная</p>")
    build_site(site_config(root), tmp_path / "out", Generated(None, outputs, set(outputs)))
    for n in (1, 2):
        html = (tmp_path / "out" / "practices" / f"p{n}" / "index.html").read_text(encoding="utf-8")
        head, body = html.split("</head>", 1)
        assert f'<meta property="og:title" content="Практика {n}">' in head
        assert body.rstrip().endswith(f'<script src="../../p{n}.js"></script>\n  </body>\n</html>'.strip())
        assert f"Текст {n}" in body


def _page_site(root, hook: str | None):
    import shutil

    from tests.conftest import REPO

    for folder in ("content", "practices", "data"):
        (root / folder).mkdir(parents=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if hook is not None:
        (root / "hook.py").write_text(hook, encoding="utf-8")
        config += "\nhooks:\n  - hook.py\n"
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def _pages_built(tmp_path, name: str, hook: str | None) -> dict[str, bytes]:
    from generator.build.outputs import Page
    from generator.build.pipeline import Generated
    from generator.mkdocs.commands import build_site, site_config

    root = _page_site(tmp_path / name, hook)
    outputs = {f"practices/p{n}.md": Page(f"practices/p{n}.md", f"Практика {n}", f"<h2 id='a'>Текст {n}</h2>",
                                          toc=({"level": 2, "id": "a", "name": f"Текст {n}", "children": []},),
                                          json_ld={"@type": "LearningResource", "name": f"Практика {n}"})
               for n in (1, 2, 3)}
    outputs["index.md"] = Page("index.md", "Главная", "<p>Главная</p>")
    out = tmp_path / f"{name}-out"
    build_site(site_config(root), out, Generated(None, outputs, set(outputs)))
    return {path.relative_to(out).as_posix(): path.read_bytes()
            for path in sorted(out.rglob("*.html"))}


def test_a_hook_reading_page_contents_sees_them_and_its_changes_are_published(tmp_path):
    # The plugin makes a generated page's text only when it is written, unless another plugin or
    # a hook handles page contents: that one gets the page's HTML (with its structured data) and
    # what it returns is published.
    hook = ("def on_page_content(html, page, config, files):\n"
            "    assert 'Текст' in html or 'Главная' in html, html\n"
            "    return html + '<p>добавлено хуком</p>'\n")
    pages = _pages_built(tmp_path, "hooked", hook)
    for n in (1, 2, 3):
        text = pages[f"practices/p{n}/index.html"].decode("utf-8")
        assert f"Текст {n}" in text and "<p>добавлено хуком</p>" in text
        assert f'"name": "Практика {n}"' in text or f'"name":"Практика {n}"' in text


def test_pages_made_when_written_are_those_made_before(tmp_path):
    # the same pages with a hook that reads every page's contents and changes nothing (MkDocs
    # then keeps them from its read loop to its write loop, as it does for its own pages)
    plain = _pages_built(tmp_path, "plain", None)
    hooked = _pages_built(tmp_path, "hooked", "def on_page_content(html, page, config, files):\n    return html\n")
    assert plain.keys() == hooked.keys() and len(plain) >= 4
    assert [path for path in plain if plain[path] != hooked[path]] == []
