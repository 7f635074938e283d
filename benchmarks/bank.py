"""Benchmark of the practice bank at scale: filter index, facet clicks, search download, build.

    python -m benchmarks.bank --practices 10000 [--runs 15] [--lunr]

Generates a synthetic bank (benchmarks/synth.py) under benchmarks/out/, builds it with the real
CLI (MkDocs + Pagefind) and reports medians:
- the filter index (practices/filter.json) raw and gzipped, and the time to build it;
- the Pagefind run over the built site;
- the bytes a first search query downloads (every response the search page fetches from
  pagefind/, in headless Chromium, served by a local http.server);
- the time from a facet click to updated results (after the next frame), in headless Chromium;
- with --lunr, the size of Material's lunr index (search/search_index.json) for the same bank.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from benchmarks.synth import make_site

OUT = Path(__file__).resolve().parent / "out"
EPOCH = "1795305600"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def _kb(n: float) -> str:
    return f"{n / 1024:,.0f} KiB".replace(",", " ")


def _median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _serve(directory: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def browser_figures(site_dir: Path, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    server, base = _serve(site_dir)
    figures: dict = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            # first search query: a fresh context (empty cache); count what pagefind/ sends
            context = browser.new_context()
            tab = context.new_page()
            sizes: dict[str, int] = {}
            tab.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())) if "/pagefind/" in r.url else None)
            tab.goto(base + "search/?q=наставничеству")
            tab.wait_for_selector(".pagefind-ui__result-link", timeout=60000)
            tab.wait_for_load_state("networkidle")
            ui = sum(v for k, v in sizes.items() if "pagefind-ui" in k)
            figures["search_first_query_bytes"] = sum(sizes.values())
            figures["search_first_query_bytes_without_ui"] = sum(sizes.values()) - ui
            figures["search_first_query_files"] = len(sizes)
            figures["search_results"] = tab.inner_text(".pagefind-ui__message")
            context.close()
            # facet click -> updated results, after the next frame
            context = browser.new_context(viewport={"width": 1280, "height": 1000})
            tab = context.new_page()
            start = time.perf_counter()
            tab.goto(base + "practices/")
            tab.wait_for_selector(".kp-filter[data-kp-ready]", timeout=120000)
            figures["filter_ready_s"] = time.perf_counter() - start
            clicks, updates = [], []
            for n in range(runs):
                key = ("levels", "subjects", "types", "years")[n % 4]
                ms = tab.evaluate("""async (key) => {
                    const boxes = [...document.querySelectorAll(`input[data-kp-key="${key}"]`)];
                    const box = boxes[Math.floor(boxes.length / 2)];
                    const t0 = performance.now();
                    box.click();
                    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
                    return [performance.now() - t0, window.kopilkaFilter.lastUpdateMs];
                }""", key)
                clicks.append(ms[0])
                updates.append(ms[1])
            figures["facet_click_ms_median"] = statistics.median(clicks)
            figures["facet_click_ms_max"] = max(clicks)
            figures["filter_update_ms_median"] = statistics.median(updates)
            context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--lunr", action="store_true", help="also build with Material's search plugin")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from generator.corpus.check import check
    from generator.render import bank_export
    from generator.search import indexer as search

    root = OUT / f"bank-{args.practices}"
    make_site(root, args.practices)
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    site, diagnostics = check(root)
    assert not diagnostics.errors, diagnostics.sorted()[:5]
    report: dict = {"practices": len(site.practices)}
    files = bank_export.files(site)
    raw = files[bank_export.FILTER_INDEX].encode("utf-8")
    report["filter_index_bytes"] = len(raw)
    report["filter_index_gzip_bytes"] = len(gzip.compress(raw, 6, mtime=0))
    report["csv_bytes"] = len(files[bank_export.CSV_EXPORT].encode("utf-8"))
    runs = 3 if args.practices >= 5000 else 5
    report["filter_index_build_s"] = _median_time(lambda: bank_export.filter_index(site), runs)

    site_dir = root / "site"
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(root), "--site-dir", str(site_dir)],
                            env=env, capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    report["site_build_s"] = time.perf_counter() - start
    assert result.returncode == 0, result.stderr[-2000:]
    report["pages"] = sum(1 for _ in site_dir.rglob("index.html"))
    report["pagefind_index_s"] = _median_time(lambda: search.index_site(site_dir), 1)
    report["pagefind_bundle_bytes"] = sum(p.stat().st_size for p in (site_dir / "pagefind").rglob("*") if p.is_file())
    report.update(browser_figures(site_dir, args.runs))

    if args.lunr:
        config = (root / "mkdocs.yml").read_text(encoding="utf-8").replace(
            "plugins:\n  - kopilka", "plugins:\n  - search:\n      lang: ru\n  - kopilka")
        (root / "mkdocs-lunr.yml").write_text(config, encoding="utf-8")
        lunr_dir = root / "site-lunr"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs-lunr.yml"),
                        "-d", str(lunr_dir)], env=env, check=True, cwd=Path(__file__).resolve().parent.parent)
        report["lunr_build_s"] = time.perf_counter() - start
        index = (lunr_dir / "search" / "search_index.json").read_bytes()
        report["lunr_index_bytes"] = len(index)
        report["lunr_index_gzip_bytes"] = len(gzip.compress(index, 6, mtime=0))

    print(json.dumps(report, ensure_ascii=False, indent=2))
    print(f"\nfilter index: {_kb(report['filter_index_bytes'])} raw, {_kb(report['filter_index_gzip_bytes'])} gzip"
          f" (built in {report['filter_index_build_s']:.2f} s)")
    print(f"first search query downloads {_kb(report['search_first_query_bytes'])}"
          f" ({_kb(report['search_first_query_bytes_without_ui'])} without Pagefind's UI script)")
    print(f"facet click -> results: median {report['facet_click_ms_median']:.1f} ms")
    if args.lunr:
        print(f"Material lunr index: {_kb(report['lunr_index_bytes'])} raw, {_kb(report['lunr_index_gzip_bytes'])} gzip")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
