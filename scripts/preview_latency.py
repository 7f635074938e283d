"""How long `kopilka serve` takes to show an edit to one practice: edit -> the page served anew.

Copies the example site into a temporary folder, starts `python -m generator serve` on
127.0.0.1, edits one practice's title several times and polls its page until the new title is
served. Prints every figure and the median in seconds. Bounded: each edit waits at most
--timeout seconds, and the server is stopped at the end.

    python scripts/preview_latency.py [--edits 5] [--timeout 30]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as a script: make the repository's packages importable

from benchmarks.preview import free_port, wait_for  # noqa: E402


def copy_site(target: Path) -> None:
    for name in ("practices", "content", "data"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")


def measure(edits: int = 5, timeout: float = 30.0, practice: str | None = None,
            source: Path = REPO, env: dict | None = None, follow: str | None = None) -> dict:
    """`source`: the checkout whose generator serves (to compare before and after a change).
    `follow`: a page (URL path) that lists the practice; after each edit, also the seconds
    until it shows the new title (a big bank's preview updates lists after the record's page)."""
    with tempfile.TemporaryDirectory(prefix="kopilka-preview-") as tmp:
        site = Path(tmp)
        copy_site(site)
        practice = practice or sorted(p.stem for p in (site / "practices").glob("*.md"))[0]
        path = site / "practices" / f"{practice}.md"
        original = path.read_text(encoding="utf-8")
        port = free_port()
        url = f"http://127.0.0.1:{port}/practices/{practice}/"
        log = open(site / "serve.log", "w+", encoding="utf-8")
        server = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", str(site), "--dev-addr", f"127.0.0.1:{port}"],
            cwd=source, stdout=log, stderr=subprocess.STDOUT, text=True,
            start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})
        try:
            started = time.monotonic()
            if wait_for(url, "<html", timeout * 4) is None:
                raise RuntimeError("kopilka serve did not start")
            startup = time.monotonic() - started
            # the preview serves its pages before the search index is finished, then the index
            search = wait_for(f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json", '"version"', timeout * 4)
            search_ready = None if search is None else time.monotonic() - started
            time.sleep(1.0)  # let the watcher settle after the first build
            figures, followed = [], []
            for number in range(edits):
                marker = f"Правка номер {number} {time.monotonic_ns()}"
                path.write_text(_retitle(original, marker), encoding="utf-8")
                saved = time.monotonic()
                figure = wait_for(url, marker, timeout)
                figures.append(figure)
                if follow:
                    seen = wait_for(f"http://127.0.0.1:{port}/{follow}", marker, timeout)
                    followed.append(None if seen is None else time.monotonic() - saved)
                time.sleep(0.5)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        log.seek(0)
        messages = [line.strip() for line in log if "Kopilka:" in line]
        log.close()
        done = [f for f in figures if f is not None]
        result = {"practice": practice, "startup_s": round(startup, 2),
                  "search_ready_s": None if search_ready is None else round(search_ready, 2),
                  "edits_s": [None if f is None else round(f, 3) for f in figures],
                  "median_s": round(statistics.median(done), 3) if done else None,
                  "timeouts": len(figures) - len(done) + followed.count(None)}
        if follow:
            result["followed_s"] = [None if f is None else round(f, 3) for f in followed]
            result["messages"] = messages
        return result


def _retitle(text: str, title: str) -> str:
    """The practice with a new title line (the frontmatter's first `title:`)."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("title:"):
            lines[index] = f"title: {json.dumps(title, ensure_ascii=False)}"
            break
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--source", type=Path, default=REPO,
                        help="checkout whose generator serves (default: this one)")
    args = parser.parse_args()
    result = measure(args.edits, args.timeout, source=args.source.resolve())
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["timeouts"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
