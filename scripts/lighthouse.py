"""Lighthouse (mobile, its default throttling) on the example site served gzip'd, as a table.

    python scripts/lighthouse.py [SITE_DIR]

Builds the example site unless SITE_DIR is given, serves it on 127.0.0.1 with gzip, and runs
Lighthouse 12 from npm (installed into .cache/lighthouse/ on first use) with Debian's chromium on
the page types the accessibility issue names. Not a test: scores depend on how busy the machine
is (a shared two-core machine moves performance by a few points between runs).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / ".cache" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
PAGES = {"home": "", "bank": "practices/", "practice": "practices/edinyy-metodicheskiy-den/",
         "event": "events/2026-12-09-seminar-rabochie-programmy-stavropol/",
         "program": "programs/murom-programma-razvitiya-2021-2025/", "statistics table": "stats/primorye-2022-staff/"}
TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv", ".ics")


class _Gzip(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not (path.endswith(TEXT) and os.path.isfile(path) and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        data = gzip.compress(Path(path).read_bytes(), 9, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


def _lighthouse() -> Path:
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                        str(LIGHTHOUSE.parents[2]), "lighthouse@12"], check=True)
    return LIGHTHOUSE


def _audit(url: str, out: Path) -> dict:
    subprocess.run([str(_lighthouse()), url, "--quiet", "--output=json", f"--output-path={out}",
                    "--only-categories=performance,accessibility,best-practices,seo",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                   env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, check=True, timeout=300)
    return json.loads(out.read_text(encoding="utf-8"))


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="kopilka-lighthouse-"))
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else work / "site"
    if len(sys.argv) == 1:
        subprocess.run([sys.executable, "-m", "generator", "build", str(REPO), "--site-dir", str(site)], check=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gzip, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    print("| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT | bytes |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, path in PAGES.items():
        report = _audit(base + path, work / f"{name}.json")
        score = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
        audits = report["audits"]
        print(f"| {name} | {score['performance']} | {score['accessibility']} | {score['best-practices']} | "
              f"{score['seo']} | {audits['first-contentful-paint']['displayValue']} | "
              f"{audits['largest-contentful-paint']['displayValue']} | {audits['total-blocking-time']['displayValue']} | "
              f"{int(audits['total-byte-weight']['numericValue']):,} |".replace(",", " "))
    server.shutdown()


if __name__ == "__main__":
    main()
