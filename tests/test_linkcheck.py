"""`kopilka linkcheck`: the example site's internal links and anchors all resolve; breaks are found."""

from __future__ import annotations

from pathlib import Path

from generator.tools.linkcheck import external_problems, internal_problems
from tests.conftest import REPO, run_kopilka
from tests.sitefiles import links_of


def test_example_site_has_no_broken_internal_links(example_build):
    broken, external = internal_problems(example_build)
    assert broken == []
    assert external  # association websites, online events
    result = run_kopilka("linkcheck", str(example_build))
    assert result.returncode == 0 and "битых 0" in result.stdout


def test_the_check_sees_every_link_and_anchor_kind(example_build):
    # a practice's own page (practices/ also holds facet pages): it has headings and cards
    practice_id = sorted(p.stem for p in (REPO / "practices").glob("*.md"))[0]
    practice = example_build / "practices" / practice_id / "index.html"
    hrefs = [v for _, _, v in links_of(practice.read_text(encoding="utf-8"))]
    assert any(h.startswith("#") for h in hrefs) and any(h.startswith("../") for h in hrefs)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_broken_pages_files_and_anchors_are_reported(tmp_path):
    site = tmp_path / "site"
    write(site / "index.html", '<a href="a/">ok</a><a href="a/#here">ok</a><a href="a/#gone">x</a>'
                               '<a href="missing/">x</a><img src="img/none.png">'
                               '<a href="#top">x</a><a href="mailto:a@b.ru">m</a>'
                               '<a href="https://example.org/">e</a><a href="../../etc/passwd">o</a>')
    write(site / "a" / "index.html", '<h2 id="here">Here</h2><a name="old"></a><a href="../#x">x</a>'
                                     '<a href="../a/#old">ok</a>')
    broken, external = internal_problems(site)
    found = {(b.page, b.href) for b in broken}
    assert found == {("index.html", "a/#gone"), ("index.html", "missing/"),
                     ("index.html", "img/none.png"), ("index.html", "#top"),
                     ("index.html", "../../etc/passwd"), ("a/index.html", "../#x")}
    assert external == [("index.html", "https://example.org/")]
    result = run_kopilka("linkcheck", str(site))
    assert result.returncode == 1 and "a/#gone" in result.stdout


def test_external_links_are_bounded_and_time_out(tmp_path):
    # Unroutable addresses: nothing leaves the machine; each attempt is cut by the timeout.
    links = [("index.html", f"http://127.0.0.1:9/{n}") for n in range(5)]
    broken = external_problems(links, limit=3, timeout=1.0)
    assert len(broken) == 3 and all("не открывается" in b.reason for b in broken)
