"""The preview's rebuild alone: MkDocs' dirty build as `kopilka serve` runs it, in this process.

    python -m benchmarks.rebuild /tmp/bench10k/site --edits 5 [--title]

`benchmarks.run` times an edit through the live server (debounce, threads, the client's polling
included); this times only the rebuild after one practice's text (or, with `--title`, its
title) changed, and the plugin's hooks within it, so that a profile can say where the rest of
the time goes. The practice is restored afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path


def _retitled(text: str, n: int) -> str:
    """The practice with « (правка n)» added to its title, the YAML line rewritten whole."""
    import re

    import yaml

    line = re.search(r"^title: (.*)$", text, flags=re.M)
    title = yaml.safe_load(line.group(1))
    new = yaml.safe_dump({"title": f"{title} (правка {n})"}, allow_unicode=True, width=10_000).strip()
    return text[:line.start()] + new + text[line.end():]


def measure(root: Path, edits: int, title: bool = False) -> dict:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.mkdocs import plugin as mkdocs_plugin

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    hooks: dict[str, float] = {}
    for name in ("on_pre_build", "on_files", "on_env", "on_page_content", "on_page_context", "on_post_build"):
        original = getattr(mkdocs_plugin.KopilkaPlugin, name)

        def timed(*args, _original=original, _name=name, **kwargs):
            started = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                hooks[_name] = hooks.get(_name, 0.0) + time.perf_counter() - started

        setattr(mkdocs_plugin.KopilkaPlugin, name, timed)
    # The live server's threads are running during a real preview (no forking then).
    threading.Thread(target=threading.Event().wait, daemon=True).start()
    site_dir, url = tempfile.mkdtemp(prefix="kopilka-rebuild-"), "http://127.0.0.1:8000/"

    def config():
        loaded = load_config(config_file=str(root / "mkdocs.yml"), site_dir=site_dir)
        loaded.site_url = url
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=True)
    started = time.perf_counter()
    build(first, serve_url=url, dirty=True)
    result: dict = {"first_build_s": round(time.perf_counter() - started, 2), "edits": []}
    practices = sorted((root / "practices").glob("*.md"))
    practice = practices[len(practices) // 2]
    original = practice.read_text(encoding="utf-8")
    try:
        for n in range(edits):
            edited = _retitled(original, n) if title else original + f"\n\nПравка {n}.\n"
            practice.write_text(edited, encoding="utf-8")
            hooks.clear()
            started = time.perf_counter()
            build(config(), serve_url=url, dirty=True)
            result["edits"].append({"total_s": round(time.perf_counter() - started, 2),
                                    **{k: round(v, 2) for k, v in hooks.items()}})
    finally:
        practice.write_text(original, encoding="utf-8")
    result["median_s"] = statistics.median(e["total_s"] for e in result["edits"])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--title", action="store_true", help="edit the title (frontmatter), not the text")
    args = parser.parse_args()
    print(json.dumps(measure(args.site.resolve(), args.edits, args.title), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
