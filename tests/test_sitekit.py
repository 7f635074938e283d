"""`kopilka init`: a new site skeleton that checks and builds as it is."""

from __future__ import annotations

import filecmp

import yaml

from generator.tools.sitekit import skeleton
from tests.conftest import EPOCH, REPO, run_kopilka
from tests.sitefiles import page


def test_init_creates_a_site_that_builds(tmp_path):
    target = tmp_path / "novyy-sayt"
    result = run_kopilka("init", str(target), "--title", "Копилка: Примерный округ",
                         "--package", "kopilka==0.1.0")
    assert result.returncode == 0, result.stderr
    assert "data/municipalities.yml" in result.stdout
    for rel in ("data/vocabularies.yml", "data/municipalities.yml", "data/site.yml", "mkdocs.yml",
                "data/statistics.yml",
                "README.md", "CONTRIBUTING.md", ".gitignore", "practices/.gitkeep",
                ".github/workflows/pull-request.yml", ".github/workflows/publish.yml",
                ".github/pull_request_template.md", "content/about.md"):
        assert (target / rel).is_file(), rel
    assert filecmp.cmp(target / "data/vocabularies.yml", REPO / "data/vocabularies.yml", shallow=False)
    assert yaml.safe_load((target / "data/site.yml").read_text(encoding="utf-8"))["title"] == "Копилка: Примерный округ"
    mkdocs = yaml.safe_load((target / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", ""))
    assert mkdocs["site_name"] == "Копилка: Примерный округ"
    workflow = (target / ".github/workflows/pull-request.yml").read_text(encoding="utf-8")
    assert "KOPILKA_PACKAGE: kopilka==0.1.0" in workflow
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Копилка: Примерный округ") and "kopilka check" in readme

    check = run_kopilka("check", str(target))
    assert check.returncode == 0 and "Ошибок: 0" in check.stdout, check.stdout
    out = tmp_path / "built"
    build = run_kopilka("build", str(target), "--site-dir", str(out), env={"SOURCE_DATE_EPOCH": EPOCH})
    assert build.returncode == 0, build.stderr
    assert "Как добавить практику" in page(out, "contributing")
    assert "Организации по видам" in page(out, "stats/organizatsii-po-vidam")
    assert run_kopilka("linkcheck", str(out)).returncode == 0

    added = run_kopilka("new", "practice", "--title", "Первая практика", "--path", str(target))
    assert added.returncode == 0 and (target / "practices/pervaya-praktika.md").is_file()


def test_init_refuses_a_folder_with_files(tmp_path):
    (tmp_path / "x.txt").write_text("мой файл", encoding="utf-8")
    result = run_kopilka("init", str(tmp_path))
    assert result.returncode == 1 and "не пустая" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


def test_skeleton_links_resolve():
    """Shared files are links to the repository's own: each must point at an existing file."""
    for path in skeleton().rglob("*"):
        assert path.exists(), f"broken link in the skeleton: {path}"


def test_a_new_site_has_an_address_placeholder_and_feeds_once_it_is_filled_in(tmp_path):
    import feedparser

    from tests.conftest import PRACTICE

    target = tmp_path / "sayt"
    assert run_kopilka("init", str(target), "--title", "Копилка округа").returncode == 0
    mkdocs = (target / "mkdocs.yml").read_text(encoding="utf-8")
    assert "kopilka.example.org" not in mkdocs and "# site_url: https://адрес-вашего-сайта.ru/" in mkdocs
    check = run_kopilka("check", str(target))
    assert check.returncode == 0 and "W401" in check.stdout and "sitemap.xml" in check.stdout, check.stdout
    out = tmp_path / "before"
    assert run_kopilka("build", str(target), "--site-dir", str(out), env={"SOURCE_DATE_EPOCH": EPOCH}).returncode == 0
    assert "<loc>" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    assert not (out / "practices/feed.xml").exists()

    (target / "mkdocs.yml").write_text(mkdocs.replace("# site_url: https://адрес-вашего-сайта.ru/",
                                                      "site_url: https://kopilka.okrug.example/"), encoding="utf-8")
    org = next((target / "content/organizations").glob("*.md")).stem
    (target / "practices/nastavnichestvo.md").write_text(PRACTICE.replace("organization: school", f"organization: {org}"),
                                                        encoding="utf-8")
    check = run_kopilka("check", str(target))
    assert check.returncode == 0 and "W401" not in check.stdout, check.stdout
    out = tmp_path / "after"
    assert run_kopilka("build", str(target), "--site-dir", str(out), env={"SOURCE_DATE_EPOCH": EPOCH}).returncode == 0
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://kopilka.okrug.example/practices/nastavnichestvo/</loc>" in sitemap
    feed = feedparser.parse((out / "practices/feed.xml").read_bytes())
    assert not feed.bozo and [e.link for e in feed.entries] == ["https://kopilka.okrug.example/practices/nastavnichestvo/"]
