"""Dates of change from git: a full clone knows them, a shallow one says what it does not know.

A small site is committed on chosen days (commit dates are what the build reads), cloned in
full and shallow, and built from each clone: the record pages show the days, or the notice.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from generator.build.pipeline import Session, generate
from generator.render.changes import UNKNOWN
from generator.source.history import FileDates, read_history
from tests.conftest import PRACTICE, write_site

DAY = dt.date(2026, 6, 1)


def git(root: Path, *args: str, day: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Методист", "GIT_AUTHOR_EMAIL": "m@example.org",
           "GIT_COMMITTER_NAME": "Методист", "GIT_COMMITTER_EMAIL": "m@example.org"}
    if day:
        env |= {"GIT_AUTHOR_DATE": f"{day}T12:00:00+03:00", "GIT_COMMITTER_DATE": f"{day}T12:00:00+03:00"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def commit(root: Path, day: str, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, day=day)


def practice(title: str) -> str:
    return PRACTICE.replace("title: Наставничество в школе", f"title: {title}")


@pytest.fixture(scope="module")
def origin(tmp_path_factory) -> Path:
    """a and b added on 10 January, a changed on 5 March, b renamed to c on 1 April, d added on
    1 May; a commit that changes only code on 20 May."""
    root = write_site(tmp_path_factory.mktemp("history") / "origin",
                      {"practices/a.md": practice("Практика А"), "practices/b.md": practice("Практика Б")})
    git(root, "init", "-q", "-b", "main")
    commit(root, "2026-01-10", "a and b")
    (root / "practices/a.md").write_text(practice("Практика А, исправленная"), encoding="utf-8")
    commit(root, "2026-03-05", "a changed")
    git(root, "mv", "practices/b.md", "practices/c.md")
    commit(root, "2026-04-01", "b renamed")
    (root / "practices/d.md").write_text(practice("Практика Г"), encoding="utf-8")
    commit(root, "2026-05-01", "d added")
    (root / "scripts").mkdir()
    (root / "scripts/tool.py").write_text("print()\n", encoding="utf-8")
    commit(root, "2026-05-20", "code only")
    return root


def clone(origin: Path, target: Path, *depth: str) -> Path:
    subprocess.run(["git", "clone", "-q", *depth, f"file://{origin}", str(target)], check=True, capture_output=True)
    return target


def test_a_full_clone_knows_every_day_and_follows_a_rename(origin, tmp_path):
    history = read_history(clone(origin, tmp_path / "full"))
    assert history.available and not history.shallow and history.notice is None
    d = dt.date
    assert history.of("practices/a.md") == FileDates(d(2026, 1, 10), d(2026, 3, 5))
    assert history.of("practices/c.md") == FileDates(d(2026, 1, 10), d(2026, 4, 1))
    assert history.of("practices/d.md") == FileDates(d(2026, 5, 1), d(2026, 5, 1))
    # a commit that changes only code makes nothing look fresh
    assert history.latest == d(2026, 5, 1)


def test_a_shallow_clone_does_not_pretend(origin, tmp_path):
    history = read_history(clone(origin, tmp_path / "shallow", "--depth", "2"))
    assert history.available and history.shallow and "fetch-depth: 0" in history.notice
    # the cut commit (20 May) shows every file as added: nothing is known of a or c
    assert history.of("practices/a.md") == FileDates(None, None)
    assert history.of("practices/c.md") == FileDates(None, None)
    assert history.latest is None


def test_pages_built_from_full_and_shallow_clones(origin, tmp_path):
    full, _ = generate(clone(origin, tmp_path / "full"), DAY)
    assert "Добавлено 10 января 2026 · обновлено 5 марта 2026" in full.text("practices/a.md")
    assert "Добавлено 10 января 2026 · обновлено 1 апреля 2026" in full.text("practices/c.md")
    assert UNKNOWN not in full.text("practices/a.md")
    shallow, _ = generate(clone(origin, tmp_path / "shallow", "--depth", "3"), DAY)
    # depth 3: 20 May, 1 May and the cut at 1 April: d was added inside the known history
    assert "Добавлено 1 мая 2026" in shallow.text("practices/d.md")
    page = shallow.text("practices/a.md")
    assert UNKNOWN[1:] in page and "января" not in page and "марта" not in page


def test_a_build_asks_git_log_once_however_many_pages(origin, tmp_path, monkeypatch):
    calls = tmp_path / "calls.txt"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    real = subprocess.run(["which", "git"], capture_output=True, text=True, check=True).stdout.strip()
    (bin_dir / "git").write_text(f'#!/bin/sh\necho "$@" >> "{calls}"\nexec "{real}" "$@"\n', encoding="utf-8")
    (bin_dir / "git").chmod(0o755)
    root = clone(origin, tmp_path / "full")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")

    def logs() -> list[str]:
        return [line for line in calls.read_text(encoding="utf-8").splitlines() if " log " in f" {line} "]

    session = Session()
    generated, _ = generate(root, DAY, session=session)
    assert len([o for o in generated.outputs if o.startswith("practices/")]) > 3
    assert len(logs()) == 1, logs()
    # a preview's next build on the same commit reuses the dates; a new commit reads them anew
    (root / "practices/a.md").write_text(practice("Практика А, третья правка"), encoding="utf-8")
    again, _ = generate(root, DAY, session=session)
    assert len(logs()) == 1 and "обновлено 5 марта 2026" in again.text("practices/a.md")
    commit(root, "2026-05-25", "a again")
    again, _ = generate(root, DAY, session=session)
    assert len(logs()) == 2 and "обновлено 25 мая 2026" in again.text("practices/a.md")


def test_whats_new_lists_additions_and_changes_by_week(origin, tmp_path):
    generated, _ = generate(clone(origin, tmp_path / "full"), DAY)
    page = generated.text("changes.md")
    weeks = [h.split(">", 1)[1] for h in page.split("<h2 ")[1:]]
    # d added on Friday 1 May; c renamed on Wednesday 1 April; a changed on Thursday 5 March;
    # the organisation added with the first commit, on Saturday 10 January
    assert [w.split("<", 1)[0] for w in weeks] == ["27 апреля – 3 мая 2026", "30 марта – 5 апреля 2026",
                                                   "2–8 марта 2026", "5–11 января 2026"]
    assert "организация · добавлено 10 января 2026" in weeks[3]
    assert "Практика Г</a> <span class=\"kp-meta\">практика · добавлено 1 мая 2026" in weeks[0]
    assert "Практика Б</a> <span class=\"kp-meta\">практика · обновлено 1 апреля 2026" in weeks[1]
    assert "Практика А, исправленная</a> <span class=\"kp-meta\">практика · обновлено 5 марта 2026" in weeks[2]


def test_the_home_page_says_whether_the_update_rule_holds(origin, tmp_path):
    root = clone(origin, tmp_path / "full")
    fresh, _ = generate(root, dt.date(2026, 5, 10))  # nine days after the last change of content
    assert "Материалы обновлены 1 мая 2026: правило «не реже раза в 14 дней» выполняется ✓" in fresh.text("index.md")
    late, _ = generate(root, dt.date(2026, 5, 20))
    assert "Материалы обновлены 1 мая 2026: правило «не реже раза в 14 дней» не выполняется" in late.text("index.md")
    settings = root / "data/site.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "update_days: 30\n", encoding="utf-8")
    monthly, _ = generate(root, dt.date(2026, 5, 20))
    assert "правило «не реже раза в 30 дней» выполняется ✓" in monthly.text("index.md")
    assert "Обновлено в пределах 30 дней" in monthly.text("stats/index.md")


def test_record_pages_link_to_their_file_and_history_on_github(origin, tmp_path):
    root = clone(origin, tmp_path / "full")
    mkdocs = root / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8") + "repo_url: https://github.com/okrug/kopilka\n"
                      "edit_uri: edit/main/content/\n", encoding="utf-8")
    generated, _ = generate(root, DAY)
    page = generated.text("practices/a.md")
    assert '<a href="https://github.com/okrug/kopilka/edit/main/practices/a.md">Исправить на GitHub</a>' in page
    assert '<a href="https://github.com/okrug/kopilka/commits/HEAD/practices/a.md">История изменений</a>' in page
    organization = generated.text("organizations/school.md")
    assert "https://github.com/okrug/kopilka/edit/main/content/organizations/school.md" in organization


def test_whats_new_has_a_feed_of_the_same_changes(origin, tmp_path):
    import feedparser

    generated, _ = generate(clone(origin, tmp_path / "full"), DAY)
    feed = feedparser.parse(generated.files["changes/feed.xml"])
    assert not feed.bozo
    assert [(e.title, dt.date(*e.updated_parsed[:3])) for e in feed.entries] == [
        ("Практика Г", dt.date(2026, 5, 1)), ("Практика Б", dt.date(2026, 4, 1)),
        ("Практика А, исправленная", dt.date(2026, 3, 5)), ("МБОУ «СОШ № 57» г. Пензы", dt.date(2026, 1, 10))]
    assert feed.entries[0].link == "https://kopilka.example.org/practices/d/"
    assert "changes/feed.xml" in generated.outputs["changes.md"].head
