"""Generated pages skip the theme's per-page render (fastpages.py) and record bodies are GitHub
Markdown (bodies.py): the pages must be exactly what the theme would have made, and a body must
read as GitHub's preview showed it."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import EPOCH, run_kopilka

from generator.render.bodies import render_body


def _html_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.html")}


def test_every_page_is_what_the_theme_renders_in_full(example_build, tmp_path):
    # The reference: the same build with every page rendered by Material's main.html in full.
    reference = tmp_path / "full"
    result = run_kopilka("build", ".", "--site-dir", str(reference),
                         env={"SOURCE_DATE_EPOCH": EPOCH, "KOPILKA_FULL_THEME": "1"})
    assert result.returncode == 0, result.stderr
    fast, full = _html_files(example_build), _html_files(reference)
    assert fast.keys() == full.keys()
    different = sorted(name for name in fast if fast[name] != full[name])
    assert different == [], different[:10]
    # and the pages that matter carry their own title, description and table of contents
    page = fast["practices/adaptatsiya-molodykh-pedagogov-nazranovskogo-rayona/index.html"].decode()
    assert "<title>" in page and "kptitlemarker" not in page and "kpcontentmarker" not in page


def test_a_record_page_has_its_own_title_toc_and_anchors(example_build):
    page = (example_build / "practices" / "adaptatsiya-molodykh-pedagogov-nazranovskogo-rayona" / "index.html").read_text()
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert title.startswith("Сопровождение социально-профессиональной адаптации")
    toc = re.search(r'<nav class="md-nav md-nav--secondary".*?</nav>', page, re.S).group(0)
    headings = re.findall(r'<h2 id="([a-z0-9-]+)">', page)
    assert headings, "the practice text has sections"
    for anchor in headings:
        if f'href="#{anchor}"' not in toc:
            # only headings of the record's text are in the table of contents; the card's own
            # sections (results, related practices) are the template's
            assert anchor in {"rezultaty-v-tsifrakh", "chto-nuzhno", "kak-povtorit", "meropriyatiya",
                              "pokhozhie-praktiki", "materialy", "voprosy"}, anchor


def test_body_is_github_markdown_with_readable_anchors():
    text = ("## Цель и задачи\nСписок без пустой строки:\n- первое\n  - вложенное на два пробела\n"
            "- второе\n\n## Цель и задачи\n\n| а | б |\n|---|---|\n| 1 | 2 |\n")
    body = render_body(text, "practices/x.md")
    assert "<li>первое" in body.html and "<li>вложенное на два пробела</li>" in body.html
    assert body.html.count("<ul>") == 2  # nested, as GitHub shows it
    assert '<h2 id="tsel-i-zadachi">' in body.html and '<h2 id="tsel-i-zadachi-2">' in body.html
    assert "<table>" in body.html
    assert [t["id"] for t in body.toc] == ["tsel-i-zadachi", "tsel-i-zadachi-2"]


def test_body_headings_nest_in_the_table_of_contents():
    body = render_body("## Один\n### Внутри\n## Два\n", "events/x.md")
    assert [(t["id"], [c["id"] for c in t["children"]]) for t in body.toc] == [
        ("odin", ["vnutri"]), ("dva", [])]


def test_body_links_point_at_the_built_site():
    body = render_body("[план](materials/plan.pdf) [другая](drugaya.md#shagi) [сайт](https://example.org/a) "
                       "[раздел](#tsel) [выше](../../etc/passwd)", "practices/x.md")
    hrefs = re.findall(r'href="([^"]*)"', body.html)
    assert hrefs == ["../materials/plan.pdf", "../drugaya/#shagi", "https://example.org/a", "#tsel",
                     "../../etc/passwd"]
    # the last one leaves the site: left as written, it resolves to nothing the site publishes


def test_raw_html_in_a_body_is_cleaned():
    body = render_body('<script>alert(1)</script>\n\n<p onclick="x()">текст</p>\n\n'
                       '[ссылка](javascript:alert(1))\n\n<img src="a.png" onerror="x()">', "practices/x.md")
    assert "<script" not in body.html and "onclick" not in body.html and "onerror" not in body.html
    assert "javascript:" not in body.html and "текст" in body.html


def test_a_site_url_gives_fast_pages_the_canonical_url_mkdocs_would(tmp_path):
    # FastPage computes it when asked (a preview makes 17,000 pages and renders a few); the
    # value must be MkDocs' own, or the theme's <link rel="canonical"> would point elsewhere.
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    from generator.build.outputs import Page as Output
    from generator.mkdocs.fastpages import FastPage

    (tmp_path / "content").mkdir()
    for site_url in ("https://metod.example.ru/bank", "https://metod.example.ru/", None):
        config = MkDocsConfig()
        config.load_dict({"site_name": "Копилка", "site_url": site_url, "docs_dir": str(tmp_path / "content"),
                          "site_dir": str(tmp_path / "site")})
        assert config.validate() == ([], [])
        for uri in ("practices/nastavnichestvo.md", "index.md", "practices/levels/do.md"):
            file = File(uri, config.docs_dir, config.site_dir, True)
            fast, plain = FastPage(Output(uri, "", ""), file, config), Page(None, file, config)
            assert (fast.canonical_url, fast.abs_url) == (plain.canonical_url, plain.abs_url)


def test_a_fast_page_knows_its_anchors_for_mkdocs_link_validation(tmp_path):
    # MkDocs checks a Markdown page's links to `page#anchor` against the target's anchor ids.
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File

    from generator.mkdocs.fastpages import FastPage

    (tmp_path / "content").mkdir()
    config = MkDocsConfig()
    config.load_dict({"site_name": "Копилка", "docs_dir": str(tmp_path / "content"), "site_dir": str(tmp_path / "site")})
    config.validate()
    from generator.build.outputs import Page

    file = File("practices/p.md", config.docs_dir, config.site_dir, True)
    page = FastPage(Page("practices/p.md", "П", '<h2 id="aktualnost">Актуальность</h2><p id="x">т</p>'), file, config)
    page.read_source(config)
    page.render(config, None)
    assert page.present_anchor_ids == {"aktualnost", "x"}
