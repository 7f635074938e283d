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
