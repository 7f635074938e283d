"""What search engines and messengers read: the sitemap, canonical links, Open Graph, JSON-LD.

Checked on the real build of the example site (which sets `site_url`), field by field against
the records and, for dates, against git asked file by file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest

from generator.corpus.check import check
from tests.conftest import REPO, repo_is_shallow
from tests.sitefiles import elements_of, page

SITE_URL = "https://kopilka.example.org/"
SHALLOW = repo_is_shallow()
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
#: schema.org LearningResource (and its CreativeWork parent) properties the data may use.
LEARNING_RESOURCE = {"@context", "@type", "name", "description", "inLanguage", "educationalLevel", "about",
                     "learningResourceType", "author", "url", "dateCreated", "dateModified",
                     "sourceOrganization", "license", "keywords"}


@pytest.fixture(scope="module")
def example():
    site, diagnostics = check(REPO, dt.date(2026, 11, 22))
    assert not diagnostics.errors
    return site


def git_day(rel: str, *args: str) -> dt.date | None:
    done = subprocess.run(["git", "-C", str(REPO), "log", "--first-parent", "--format=%cs", *args, "--", rel],
                          capture_output=True, text=True, check=True)
    days = done.stdout.split()
    return dt.date.fromisoformat(days[0]) if days else None


def meta(html: str) -> dict[str, str]:
    found = {}
    for tag, attrs in elements_of(html):
        if tag == "meta" and (attrs.get("property") or attrs.get("name", "")).startswith(("og:", "twitter:")):
            found[attrs.get("property") or attrs["name"]] = attrs["content"]
    return found


def canonical(html: str) -> str | None:
    return next((a["href"] for tag, a in elements_of(html) if tag == "link" and a.get("rel") == "canonical"), None)


def json_ld(html: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def test_the_sitemap_lists_every_published_page_with_its_last_change(example_build, example):
    tree = ET.parse(example_build / "sitemap.xml")
    entries = {u.find(f"{SITEMAP}loc").text: u.find(f"{SITEMAP}lastmod").text for u in tree.getroot()}
    pages = {SITE_URL + p.parent.relative_to(example_build).as_posix().removeprefix(".") + "/"
             for p in example_build.rglob("index.html") if p.parent != example_build}
    pages = {p.replace(SITE_URL + "/", SITE_URL) for p in pages} | {SITE_URL}
    assert set(entries) == pages
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", day) for day in entries.values())
    for p in list(example.practices.values())[:10]:
        assert SHALLOW or entries[f"{SITE_URL}practices/{p.id}/"] == git_day(p.source, "-1").isoformat()


def test_every_generated_page_has_a_canonical_address_and_its_preview(example_build):
    checked = 0
    for path in sorted(example_build.rglob("index.html")):
        html = path.read_text(encoding="utf-8")
        tags = meta(html)  # generated pages and the narrative ones written in Markdown alike
        address = canonical(html)
        assert address and tags["og:url"] == address, path
        assert address == SITE_URL + path.parent.relative_to(example_build).as_posix().removeprefix(".").lstrip("/") + \
            ("/" if path.parent != example_build else "")
        assert tags["og:locale"] == "ru_RU" and tags["og:site_name"] == "Методическая копилка"
        assert tags["og:title"] == tags["twitter:title"] and tags["twitter:card"] == "summary"
        checked += 1
    assert checked == len(list(example_build.rglob("index.html")))


def test_a_practice_preview_and_learning_resource_data_field_by_field(example_build, example):
    vocab = example.vocabularies
    for p in example.practices.values():
        html = page(example_build, f"practices/{p.id}/")
        tags = meta(html)
        assert tags["og:title"] == p.title
        assert tags["og:description"] == tags["twitter:description"] == " ".join(p.summary.split())
        assert tags["og:url"] == f"{SITE_URL}practices/{p.id}/"
        (data,) = [d for d in json_ld(html) if d["@type"] == "LearningResource"]
        assert set(data) <= LEARNING_RESOURCE
        assert data["@context"] == "https://schema.org" and data["inLanguage"] == "ru"
        assert data["name"] == p.title and data["description"] == p.summary
        assert data["url"] == tags["og:url"]
        assert data["educationalLevel"] == [vocab["levels"].by_id[v].title for v in p.levels]
        assert data["about"] == [vocab["subjects"].label(v) for v in p.subjects] + [
            vocab["topics"].label(v) for v in p.topics]
        assert data["learningResourceType"] == vocab["practice_types"].label(p.type)
        assert data["author"] == [{"@type": "Person", "name": " ".join(a.name.split())} for a in p.authors if a.shown]
        if not SHALLOW:
            assert data["dateCreated"] == git_day(p.source, "--reverse").isoformat()  # its first commit
            assert data["dateModified"] == git_day(p.source, "-1").isoformat()
        assert data["sourceOrganization"] == {"@type": "Organization", "name": example.organizations[p.organization].display_title}
        licenses = sorted({m.license for m in p.materials if m.license})
        assert data.get("license") == (licenses[0] if len(licenses) == 1 else licenses or None)


def test_private_authors_are_not_in_the_structured_data(example_build, example):
    hidden = {a.name for p in example.practices.values() for a in p.authors if not a.shown}
    for p in example.practices.values():
        text = json.dumps(json_ld(page(example_build, f"practices/{p.id}/")), ensure_ascii=False)
        assert not [name for name in hidden if name in text]
