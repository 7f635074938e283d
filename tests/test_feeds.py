"""Atom feeds, read back by feedparser as a feed reader reads them, and compared with the records.

The example site's build is the real one (CLI and MkDocs); the small sites are built in process
with a draft, an author who withheld consent and documents, and without `site_url`.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import feedparser
import pytest

from generator.build.pipeline import generate
from generator.corpus.check import check
from generator.derive import calendar
from tests.conftest import PRACTICE, REPO, repo_is_shallow, run_kopilka
from tests.sitefiles import elements_of, page, resolve

SITE_URL = "https://kopilka.example.org/"
SHALLOW = repo_is_shallow()
DAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def example():
    site, diagnostics = check(REPO, DAY)
    assert not diagnostics.errors
    return site


def parse(data: bytes) -> feedparser.FeedParserDict:
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def last_change(rel: str) -> dt.date | None:
    """A file's last change on the published line of history, asked of git file by file (the
    build asks once for all): the independent answer the feeds must agree with."""
    done = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--first-parent", "--format=%cs", "--", rel],
                          capture_output=True, text=True, check=True)
    return dt.date.fromisoformat(done.stdout.strip()) if done.stdout.strip() else None


def feed_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.xml") if p.name != "sitemap.xml")


def test_every_feed_of_the_example_parses_and_links_back_to_the_site(example_build):
    feeds = feed_files(example_build)
    assert len(feeds) > 50
    for path in feeds:
        feed = parse(path.read_bytes())
        uri = path.relative_to(example_build).as_posix()
        assert feed.feed.language == "ru"
        links = {link.rel: link.href for link in feed.feed.links}
        assert links["self"] == SITE_URL + uri
        assert links["alternate"].startswith(SITE_URL)
        target = links["alternate"].removeprefix(SITE_URL)
        assert (example_build / target / "index.html").is_file(), (uri, target)
        for entry in feed.entries:
            assert entry.link.startswith(SITE_URL)
            assert (example_build / entry.link.removeprefix(SITE_URL) / "index.html").is_file()
            assert entry.id.startswith("tag:kopilka.example.org,2024:")


def test_the_bank_feed_lists_the_practices_last_changed_first(example_build, example):
    feed = parse((example_build / "practices/feed.xml").read_bytes())
    practices = example.practices
    assert len(feed.entries) == min(50, len(practices))
    days = []
    for entry in feed.entries:
        practice_id = entry.id.rsplit("/", 1)[1]
        p = practices[practice_id]
        assert entry.title == p.title
        assert entry.link == f"{SITE_URL}practices/{practice_id}/"
        assert entry.summary == p.summary
        changed = last_change(p.source) or p.added or DAY
        if not SHALLOW:
            assert dt.date(*entry.updated_parsed[:3]) == changed
        assert [a.name for a in entry.authors] == [" ".join(a.name.split()) for a in p.authors if a.shown]
        days.append(changed)
    assert SHALLOW or days == sorted(days, reverse=True)


def test_each_level_and_subject_feed_holds_exactly_its_practices(example_build, example):
    for key in ("levels", "subjects"):
        values = {v for p in example.practices.values() for v in getattr(p, key)}
        assert values
        for value in values:  # a vocabulary value's id is its folder
            members = {p.id for p in example.practices.values() if value in getattr(p, key)}
            assert SHALLOW or _ids(example_build / "practices" / key / value / "feed.xml") == set(
                sorted(members, key=lambda i: (-(last_change(example.practices[i].source) or DAY).toordinal(),
                                               example.practices[i].title, i))[:50])
            html = page(example_build, f"practices/{key}/{value}/")
            assert _alternate(html) == [f"{SITE_URL}practices/{key}/{value}/feed.xml"]
            assert _visible_feeds(example_build, f"practices/{key}/{value}/") == [
                example_build / "practices" / key / value / "feed.xml"]


def _ids(path: Path) -> set[str]:
    return {e.id.rsplit("/", 1)[1] for e in parse(path.read_bytes()).entries}


def _visible_feeds(site: Path, url_path: str) -> list[Path]:
    """The Atom feeds the «Подписаться» line of a page links to, as files of the site."""
    html_file = site / url_path / "index.html"
    html = html_file.read_text(encoding="utf-8")
    assert "Подписаться" in html
    return [resolve(site, html_file, a["href"]) for tag, a in elements_of(html)
            if tag == "a" and a.get("type") == "application/atom+xml"]


def _alternate(html: str) -> list[str]:
    return [a["href"] for tag, a in elements_of(html)
            if tag == "link" and a.get("rel") == "alternate" and a.get("type") == "application/atom+xml"]


def test_documents_feed_holds_every_published_document(example_build, example):
    feed = parse((example_build / "programs/feed.xml").read_bytes())
    assert {e.id.rsplit("/", 1)[1]: e.title for e in feed.entries} == {
        p.id: p.display_title for p in example.programs.values()}
    assert _alternate(page(example_build, "programs/")) == [SITE_URL + "programs/feed.xml"]


def test_an_association_page_offers_its_upcoming_events_as_atom_ics_and_webcal(example_build, example):
    today = DAY
    groups = calendar.groups(example)
    offered = 0
    for association_id, events in groups["association"].items():
        html = page(example_build, f"associations/{association_id}/")
        atom = f"events/feeds/association/{association_id}.xml"
        assert _alternate(html) == [SITE_URL + atom]
        assert f'href="webcal://kopilka.example.org/events/feeds/association/{association_id}.ics"' in html
        upcoming = [e.id for e in calendar.split(events, today)[0]]
        feed = parse((example_build / atom).read_bytes())
        assert [e.id.rsplit("/", 1)[1] for e in feed.entries] == upcoming
        for entry in feed.entries:
            assert entry.title == example.events[entry.id.rsplit("/", 1)[1]].title
        offered += 1
    assert offered
    quiet = next(o for o in example.organizations if o not in groups["organization"])
    assert "Подписаться" not in page(example_build, f"organizations/{quiet}/")
    assert not _alternate(page(example_build, f"organizations/{quiet}/"))


def test_drafts_never_reach_a_feed(example_build):
    drafts = [p.stem for folder in ("practices", "content/events", "content/programs")
              for p in (REPO / folder).glob("*.md")
              if "\nstatus: черновик" in (text := p.read_text(encoding="utf-8")) or "\nstatus: на экспертизе" in text]
    assert drafts
    for path in feed_files(example_build):
        ids = {e.id.rsplit("/", 1)[1] for e in parse(path.read_bytes()).entries}
        assert not ids & set(drafts), path


# --- small sites ----------------------------------------------------------------------------

DRAFT = PRACTICE.replace("title: Наставничество в школе", "title: Черновик практики\nstatus: черновик")
SHY = PRACTICE.replace("authors: [Иванова Мария Петровна]",
                       "authors:\n  - Петров Пётр Петрович\n  - {name: Скрытова Анна Львовна, public: false}"
                       ).replace("title: Наставничество в школе", 'title: "Практика <b>с разметкой</b> & амперсандом"')


def test_a_small_site_feed_escapes_titles_and_leaves_out_drafts_and_private_authors(site_dir):
    root = site_dir({"practices/shown.md": SHY, "practices/draft.md": DRAFT, "practices/plain.md": PRACTICE})
    generated, diagnostics = generate(root, DAY)
    assert generated is not None and not diagnostics.errors
    feed = parse(generated.files["practices/feed.xml"])
    titles = {e.id.rsplit("/", 1)[1]: e.title for e in feed.entries}
    assert titles == {"shown": "Практика <b>с разметкой</b> & амперсандом", "plain": "Наставничество в школе"}
    shown = next(e for e in feed.entries if e.id.endswith("/shown"))
    assert [a.name for a in shown.authors] == ["Петров Пётр Петрович"]
    text = b"".join(v for u, v in generated.files.items() if u.endswith(".xml")).decode()
    assert "Скрытова" not in text and "Черновик практики" not in text
    # not a git checkout: the day a record gives itself, else the build day, and never the clock
    assert all(dt.date(*e.updated_parsed[:3]) == DAY for e in feed.entries)


def test_without_site_url_there_are_no_feeds_and_check_says_what_is_missing(site_dir):
    root = site_dir({"practices/plain.md": PRACTICE})
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text("\n".join(l for l in text.split("\n") if not l.startswith("site_url:")),
                                     encoding="utf-8")
    generated, diagnostics = generate(root, DAY)
    assert generated is not None
    assert not [u for u in generated.files if u.endswith(".xml")]
    assert "application/atom+xml" not in generated.outputs["practices/index.md"].head
    warning = next(d for d in diagnostics.warnings if d.code == "W401")
    assert warning.path == "mkdocs.yml"
    for needed in ("sitemap.xml", "Atom", "канонические", "Open Graph", "webcal"):
        assert needed in warning.hint
    result = run_kopilka("check", str(root))
    assert result.returncode == 0 and "W401" in result.stdout + result.stderr


def test_feeds_are_the_same_bytes_on_a_second_build(site_dir):
    root = site_dir({"practices/shown.md": SHY, "practices/plain.md": PRACTICE})
    first, _ = generate(root, DAY)
    second, _ = generate(root, DAY)
    assert {u: v for u, v in first.files.items() if u.endswith(".xml")} == \
           {u: v for u, v in second.files.items() if u.endswith(".xml")}


def test_the_calendars_page_offers_every_calendar_by_webcal(example_build, example):
    html = page(example_build, "events/feeds/")
    webcal = {a["href"] for tag, a in elements_of(html) if tag == "a" and a.get("href", "").startswith("webcal:")}
    groups = calendar.groups(example)
    expected = {"webcal://kopilka.example.org/events/feeds/all.ics"} | {
        f"webcal://kopilka.example.org/events/feeds/{kind}/{key}.ics"
        for kind in ("association", "organization", "municipality", "subject", "type") for key in groups[kind]}
    assert webcal == expected
    for href in webcal:  # each is the address of a calendar the site publishes
        assert (example_build / href.removeprefix("webcal://kopilka.example.org/")).is_file()
