"""The preview's rebuild alone: MkDocs' dirty build as `kopilka serve` runs it, in this process.

    python -m benchmarks.rebuild /tmp/bench10k/site --edits 5 --kinds title,subject [--profile out.prof]

`benchmarks.run` times an edit through the live server (debounce, threads, the client's polling
included); this times only the rebuild after one practice changed, and the plugin's hooks within
it, so that a profile can say where the rest of the time goes. The kinds are those of the
preview's benchmark: its text, its title (a prefix, so that it moves in the bank's order), one of
its subjects (a facet) and its organisation. Each edit starts from the original practice, which
is restored afterwards, and is followed by the rebuild that restores it (not timed), as the
benchmark through the server does.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

import yaml

KINDS = ("text", "title", "subject", "organization")


def _edit_field(text: str, field: str, value: object) -> str:
    _, head, body = text.split("---\n", 2)
    data = yaml.safe_load(head)
    data[field] = value
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000) + "---\n" + body


def edited(root: Path, original: str, kind: str, n: int) -> str:
    """The practice after edit number n of this kind; two values alternate, so that every edit
    changes something."""
    data = yaml.safe_load(original.split("---\n", 2)[1])
    if kind == "text":
        return original + f"\n\nПравка {n}.\n"
    if kind == "title":
        return _edit_field(original, "title", f"Правка {n} {data['title']}")
    if kind == "subject":
        subjects = [s for s in ("химия", "физика", "музыка") if s not in data["subjects"]]
        return _edit_field(original, "subjects", [subjects[n % 2]])
    organizations = sorted(p.stem for p in (root / "content" / "organizations").glob("*.md"))
    others = [o for o in organizations if o != data["organization"]]
    return _edit_field(original, "organization", others[n % 2])


def measure(root: Path, edits: int, kinds: tuple[str, ...] = ("text",), profile: Path | None = None) -> dict:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.mkdocs import plugin as mkdocs_plugin

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    hooks: dict[str, float] = {}
    for name in ("rebuild_in_place", "on_pre_build", "on_files", "on_nav", "on_env", "on_page_content", "on_post_build"):
        original = getattr(mkdocs_plugin.KopilkaPlugin, name, None)
        if original is None:
            continue

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
    plugin = first.plugins["kopilka"]  # one instance for the whole preview, as in `kopilka serve`

    def rebuild() -> None:
        """What `kopilka serve` does after an edit (mkdocs/commands.py)."""
        if not plugin.rebuild_in_place():
            build(config(), serve_url=url, dirty=True)

    started = time.perf_counter()
    build(first, serve_url=url, dirty=True)
    result: dict = {"first_build_s": round(time.perf_counter() - started, 2)}
    practices = sorted((root / "practices").glob("*.md"))
    practice = practices[len(practices) // 2]
    original = practice.read_text(encoding="utf-8")
    profiler = cProfile.Profile() if profile else None
    try:
        for n, kind in ((n, kind) for n in range(edits + 1) for kind in kinds):
            # the first round warms the rebuild path and is not counted
            practice.write_text(edited(root, original, kind, n), encoding="utf-8")
            hooks.clear()
            started = time.perf_counter()
            if profiler and n:
                profiler.enable()
            rebuild()
            if profiler:
                profiler.disable()
            if n:
                result.setdefault(kind, []).append({"total_s": round(time.perf_counter() - started, 2),
                                        **{k: round(v, 2) for k, v in hooks.items()}})
            practice.write_text(original, encoding="utf-8")
            rebuild()
    finally:
        practice.write_text(original, encoding="utf-8")
    if profiler:
        profiler.dump_stats(str(profile))
    result["median_s"] = {kind: statistics.median(e["total_s"] for e in result[kind]) for kind in kinds}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--kinds", default="text", help=f"what the edits change, a comma-separated list of {', '.join(KINDS)}")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the timed rebuilds here")
    args = parser.parse_args()
    kinds = tuple(args.kinds.split(","))
    if unknown := set(kinds) - set(KINDS):
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    print(json.dumps(measure(args.site.resolve(), args.edits, kinds, args.profile),
                     ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
