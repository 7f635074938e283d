"""Real MkDocs + Material builds: the example site, determinism, safety, failure."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.corpus.check import check
from generator.render.urls import entity_url
from generator.source.discover import discover
from generator.source.frontmatter import read_source
from tests.conftest import EPOCH, PRACTICE, REPO, run_kopilka
from tests.sitefiles import body_text, elements_of, links_of, page, resolve, text_files


@pytest.fixture(scope="module")
def records():
    site, diagnostics = check(REPO)
    assert not diagnostics.errors
    return site


@pytest.fixture(scope="module")
def hidden_ids():
    """Ids of records that must not exist in the site: drafts and those under review."""
    hidden = {}
    for kind, path in discover(REPO):
        source, _ = read_source(kind, path, REPO)
        status = str((source.data or {}).get("status", "")).lower()
        if status in ("черновик", "на экспертизе"):
            hidden[source.id] = kind
    return hidden


def test_every_published_entity_has_a_page(example_build, records):
    for kind in ("practice", "association", "event", "program", "organization"):
        entities = records.by_kind(kind)
        assert entities, kind
        for entity_id, entity in entities.items():
            built = page(example_build, entity_url(kind, entity_id))
            assert html.escape(entity.title, quote=False) in built
    for municipality in records.vocabularies.municipalities:
        assert (example_build / entity_url("municipality", municipality) / "index.html").is_file()


def test_example_site_has_the_promised_size(records):
    assert len(records.practices) >= 40
    assert len(records.associations) >= 12
    assert len(records.events) >= 40
    assert len(records.programs) >= 2
    zones = {e.timezone for e in records.events.values()}
    assert len(zones) >= 3
    primorye = [o for o in records.organizations.values() if "primorye-2022" in o.monitoring]
    assert len(primorye) == 34


def test_drafts_and_entries_under_review_appear_nowhere(example_build, hidden_ids):
    assert len([k for k in hidden_ids.values() if k == "practice"]) >= 2
    for entity_id, kind in hidden_ids.items():
        assert not (example_build / entity_url(kind, entity_id)).exists()
    for path, text in text_files(example_build):
        for entity_id in hidden_ids:
            assert f"/{entity_id}/" not in text and f'"{entity_id}"' not in text, (path, entity_id)


def test_private_contacts_never_reach_the_site(example_build, records):
    private = [p.contact.email for p in records.practices.values()
               if p.contact and not p.contact.public and p.contact.email]
    public = [(p.id, p.contact.email) for p in records.practices.values()
              if p.contact and p.contact.public and p.contact.email]
    assert private and public
    for path, text in text_files(example_build):
        for email in private:
            assert email not in text, path
    for practice_id, email in public:
        assert email in page(example_build, entity_url("practice", practice_id))


def test_practice_page_card_shows_the_records_values(example_build, records):
    practice = next(p for p in records.practices.values() if p.review and p.association)
    text = body_text(page(example_build, entity_url("practice", practice.id)))
    vocab = records.vocabularies
    assert ", ".join(vocab["levels"].label(x) for x in practice.levels) in text
    assert ", ".join(vocab["subjects"].label(x) for x in practice.subjects) in text
    assert vocab["practice_types"].label(practice.type) in text
    assert vocab["review_decisions"].label(practice.review.decision) in text
    assert html.escape(records.organizations[practice.organization].display_title, quote=False) in text
    assert html.escape(records.associations[practice.association].title, quote=False) in text
    assert "organization:" not in text and "levels:" not in text  # a card, not raw YAML


def test_relations_are_shown_on_both_sides(example_build, records):
    org_id, practice_ids = next((k[1], v) for k, v in records.relations.items() if k[0] == "org_practices")
    built = page(example_build, entity_url("organization", org_id))
    for practice_id in practice_ids:
        assert f'href="../../practices/{practice_id}/"' in built


def test_home_page_shows_newest_practices_and_next_events(example_build, records):
    built = page(example_build, "")
    today = records.build_date
    upcoming = sorted((e for e in records.events.values() if e.last_day >= today and e.state != "otmeneno"),
                      key=lambda e: e.start_at)
    first_shown = built.index("Ближайшие мероприятия")
    assert html.escape(upcoming[0].title, quote=False) in built[first_shown:]
    newest = max(records.practices.values(), key=lambda p: p.added or p.year)
    assert html.escape(newest.title, quote=False) in built


def test_every_internal_link_resolves(example_build):
    broken = []
    for path in example_build.rglob("*.html"):
        for tag, attr, value in links_of(path.read_text(encoding="utf-8")):
            target = resolve(example_build, path, value)
            if target is not None and not target.exists():
                broken.append((str(path.relative_to(example_build)), value))
    assert broken == []


#: <link> relations a browser does not load: the page's own address, its feeds.
NOT_FETCHED = ("canonical", "alternate")


def test_no_request_to_any_third_party_host(example_build):
    offenders = []
    for path in example_build.rglob("*.html"):
        for tag, attrs in elements_of(path.read_text(encoding="utf-8")):
            if tag == "link" and attrs.get("rel") in NOT_FETCHED:
                continue  # an address of this page or its feed, for readers and search engines
            for value in (attrs.get("href"), attrs.get("src")):
                if tag in ("script", "link", "img", "iframe", "source", "video", "audio") and \
                        (value or "").startswith(("http://", "https://", "//")):
                    offenders.append((path.name, tag, value))
    for path in example_build.rglob("*.css"):
        text = path.read_text(encoding="utf-8")
        if "@import url(http" in text or "url(https://" in text or "fonts.googleapis" in text:
            offenders.append((path.name, "css", "external url"))
    assert offenders == []


def test_pages_are_in_russian_and_navigation_lists_sections_only(example_build, records):
    built = page(example_build, "")
    assert '<html lang="ru"' in built
    nav = built.split('<nav class="md-tabs"', 1)[1].split("</nav>", 1)[0]
    assert "practices/" in nav
    for practice_id in records.practices:
        assert practice_id not in nav


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical_and_plain_mkdocs_gives_the_same_site(example_build, tmp_path):
    again = tmp_path / "again"
    # the second build indexes the ~170 record pages in shards of 25 (a big bank's way): same bundle
    result = run_kopilka("build", str(REPO), "--site-dir", str(again),
                         env={"SOURCE_DATE_EPOCH": EPOCH, "KOPILKA_SEARCH_SHARD_PAGES": "25"})
    assert result.returncode == 0, result.stderr
    assert _tree(again) == _tree(example_build)
    plain = tmp_path / "plain"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(plain)], cwd=REPO, check=True,
                   env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH}, timeout=600)
    assert _tree(plain) == _tree(example_build)


def test_failed_build_leaves_the_previous_site_untouched(site_dir):
    root = site_dir({"practices/p.md": PRACTICE})
    assert run_kopilka("build", str(root)).returncode == 0
    before = _tree(root / "site")
    assert "practices/p/index.html" in before
    (root / "practices" / "broken.md").write_text(PRACTICE.replace("type: наставничество", "type: ???"),
                                                  encoding="utf-8")
    result = run_kopilka("build", str(root))
    assert result.returncode == 1
    assert "practices/broken.md:8" in result.stderr and "Прежняя версия сайта не изменилась" in result.stderr
    assert _tree(root / "site") == before
    # plain mkdocs refuses too, before it cleans the site folder
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, capture_output=True, text=True)
    assert plain.returncode != 0 and "E104" in plain.stderr
    assert _tree(root / "site") == before


def test_a_rebuild_replaces_the_site_and_the_old_copy_goes_away(site_dir):
    import time

    root = site_dir({"practices/p.md": PRACTICE})
    assert run_kopilka("build", str(root)).returncode == 0
    (root / "practices" / "p.md").write_text(PRACTICE.replace("Наставничество в школе", "Новое название"),
                                             encoding="utf-8")
    assert run_kopilka("build", str(root)).returncode == 0
    assert "Новое название" in (root / "site" / "practices" / "p" / "index.html").read_text(encoding="utf-8")
    # the previous site is deleted in the background, after the swap: nothing is left beside it
    deadline = time.monotonic() + 30
    while [p.name for p in root.iterdir() if p.name.startswith("site.")] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("site")) == ["site"]


HOSTILE = """---
title: "<script>alert('title')</script> Урок"
summary: "<img src=x onerror=alert('summary')>"
authors: ["<b onmouseover=alert(1)>Автор</b>"]
organization: school
levels: [ООО]
subjects: [математика]
type: урок
year: 2024
tags: ["<svg onload=alert(1)>"]
---
Текст <script>alert('body')</script> и <img src="x.png" onerror="alert('img')">.

[ссылка](javascript:alert('link')) и <a href="javascript:alert('a')">ещё</a>
<iframe src="https://evil.example"></iframe>
<div onclick="alert('div')" style="color:red">блок</div>
"""


def test_frontmatter_is_escaped_and_raw_html_in_bodies_is_defused(site_dir):
    root = site_dir({"practices/hostile.md": HOSTILE})
    result = run_kopilka("build", str(root))
    assert result.returncode == 0, result.stderr
    for path in (root / "site").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag, attrs in elements_of(text):
            assert tag not in ("iframe", "object", "embed"), (path, tag)
            assert not any(name.startswith("on") for name in attrs), (path, tag, attrs)
            for name in ("href", "src", "action"):
                assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), (path, attrs)
        scripts = [s.split("</script>")[0] for s in text.split("<script")[1:]]
        # structured data (JSON-LD) quotes the title as data, which no browser runs; nothing in
        # it can close its element or open another
        data = [s for s in scripts if s.startswith(' type="application/ld+json">')]
        assert not any("<" in s.split(">", 1)[1] for s in data), path
        assert not any("alert(" in s for s in scripts if s not in data), path
    built = page(root / "site", "practices/hostile")
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Урок" in built or \
           "&lt;script&gt;alert('title')&lt;/script&gt; Урок" in built
    assert "блок" in built and "ссылка" in built


def test_materials_are_copied_and_files_outside_the_site_are_never_read(site_dir):
    with_file = PRACTICE.replace("year: 2024", "year: 2024\nmaterials:\n  - {title: План, file: files/plan.pdf}")
    root = site_dir({"practices/p.md": with_file, "practices/files/plan.pdf": b"%PDF-1.4 plan"})
    assert run_kopilka("build", str(root)).returncode == 0
    assert (root / "site" / "practices" / "files" / "plan.pdf").read_bytes() == b"%PDF-1.4 plan"
    built_page = root / "site" / "practices" / "p" / "index.html"
    href = next(v for t, a, v in links_of(built_page.read_text(encoding="utf-8")) if v.endswith("plan.pdf"))
    assert resolve(root / "site", built_page, href).is_file()

    secret = root.parent / "secret.txt"
    secret.write_text("пароль", encoding="utf-8")
    outside = PRACTICE.replace("year: 2024", "year: 2024\nmaterials:\n  - {title: Секрет, file: ../../secret.txt}")
    (root / "practices" / "p.md").write_text(outside, encoding="utf-8")
    result = run_kopilka("build", str(root))
    assert result.returncode == 1 and "E204" in result.stderr
    assert not any("пароль" in text for _, text in text_files(root / "site"))


def test_links_out_of_the_site_are_reported_and_never_published(site_dir, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Секрет\n---\nпароль от почты\n", encoding="utf-8")
    root = site_dir({"practices/p.md": PRACTICE})
    (root / "content" / "leak.md").symlink_to(secret)
    (root / "practices" / "leak.md").symlink_to(secret)
    result = run_kopilka("check", str(root), "--format", "json")
    assert result.returncode == 1
    # (a tiny site lists all example municipalities with one organisation: W206 is about that)
    assert {(d["path"], d["code"]) for d in json.loads(result.stdout) if d["code"] != "W206"} == {
        ("content/leak.md", "E012"), ("practices/leak.md", "E012")}
    (root / "practices" / "leak.md").unlink()
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, capture_output=True, text=True)
    assert plain.returncode != 0  # the check refuses the build
    (root / "content" / "leak.md").unlink()
    assert run_kopilka("build", str(root)).returncode == 0
    assert not any("пароль" in text for _, text in text_files(root / "site"))
