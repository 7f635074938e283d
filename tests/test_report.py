"""Output for people, GitHub and machines; `check --changed` on a git branch."""

from __future__ import annotations

import io
import json
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

from generator.cli.report import github_command, only_changed, write_text
from generator.diagnostics import CODES, Diagnostic, Diagnostics
from tests.conftest import PRACTICE, run_kopilka

# GitHub's workflow command: ::error|warning key=value,…::message, with %, CR and LF escaped in
# the message and additionally `:` and `,` in property values.
ANNOTATION = re.compile(r"^::(error|warning)( (?P<props>[^:]*))?::(?P<message>[^\r\n]*)$")
PROPERTY = re.compile(r"^(file|line|endLine|col|endColumn|title)=[^,:\r\n]*$")


def parse_annotation(line: str) -> tuple[str, dict, str]:
    match = ANNOTATION.match(line)
    assert match, line
    props = {}
    for part in (match["props"] or "").split(","):
        assert PROPERTY.match(part), part
        key, _, value = part.partition("=")
        props[key] = unquote(value)
    return match[1], props, unquote(match["message"])


def test_github_annotation_is_escaped():
    item = Diagnostic("practices/a, b:c.md", 7, 3, "E104", "значения «100%» нет, см.\r\nниже",
                      value="x: y, z", hint="исправьте")
    kind, props, message = parse_annotation(github_command(item, prefix="site/"))
    assert kind == "error"
    assert props == {"file": "site/practices/a, b:c.md", "line": "7", "col": "3",
                     "title": f"E104: {CODES['E104']}"}
    assert message == item.format()


def test_warning_without_position_has_no_line():
    item = Diagnostic("data/site.yml", 0, 0, "W102", "ссылка без https", severity="warning")
    kind, props, _ = parse_annotation(github_command(item))
    assert kind == "warning" and "line" not in props and "col" not in props


def test_text_is_grouped_by_file_and_coloured_only_when_asked():
    items = [Diagnostic("b.md", 2, 0, "E102", "нет поля"), Diagnostic("a.md", 1, 0, "E101", "поле"),
             Diagnostic("a.md", 5, 0, "W101", "раздел", severity="warning")]
    collected = Diagnostics()
    collected.extend(items)
    plain, colour = io.StringIO(), io.StringIO()
    write_text(collected.sorted(), plain, colour=False)
    write_text(collected.sorted(), colour, colour=True)
    assert "\033[" not in plain.getvalue() and "\033[31m" in colour.getvalue()
    text = plain.getvalue()
    assert text.index("\na.md\n") < text.index("a.md:5") < text.index("\nb.md\n")
    assert "Ошибок: 2, предупреждений: 1." in text


def test_data_files_and_removals_widen_the_report():
    collected = Diagnostics()
    collected.extend([Diagnostic("practices/a.md", 1, 0, "E102", "x"),
                      Diagnostic("practices/b.md", 1, 0, "E202", "y"),
                      Diagnostic("data/vocabularies.yml", 1, 0, "E301", "z"),
                      Diagnostic("data/municipalities.yml", 1, 0, "W206", "w", severity="warning")])
    items, whole = only_changed(collected, {"practices/a.md"}, removed=False)
    assert {d.path for d in items} == {"practices/a.md", "data/vocabularies.yml"} and not whole
    assert len(only_changed(collected, {"data/site.yml"}, removed=False)[0]) == 4
    assert len(only_changed(collected, {"practices/c.md"}, removed=True)[0]) == 4


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                               "HOME": str(root), "PATH": "/usr/bin:/bin"}).stdout


@pytest.fixture
def repo_with_branch(site_dir):
    """A git repository: a valid site on main, then a branch that breaks one practice and adds
    a valid one. Another practice on main is already broken (not this branch's problem)."""
    broken_before = PRACTICE.replace("levels: [ООО]", "levels: [ЖЖЖ]")
    root = site_dir({"practices/good.md": PRACTICE, "practices/old.md": broken_before,
                     "practices/other.md": PRACTICE})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "site")
    git(root, "checkout", "-q", "-b", "change")
    (root / "practices/good.md").write_text(
        PRACTICE.replace("organization: school", "organization: nowhere"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "break one practice")
    (root / "practices/new.md").write_text(PRACTICE, encoding="utf-8")  # new, not committed
    return root


def test_changed_reports_exactly_the_changed_files_problems(repo_with_branch):
    root = repo_with_branch
    full = run_kopilka("check", str(root), "--format", "json")
    paths = {d["path"] for d in json.loads(full.stdout) if d["severity"] == "error"}
    assert paths == {"practices/good.md", "practices/old.md"}  # and the data files' warnings

    result = run_kopilka("check", str(root), "--changed", "--base", "main", "--format", "json")
    assert result.returncode == 1
    reported = json.loads(result.stdout)
    assert {d["path"] for d in reported} == {"practices/good.md"}
    assert {d["code"] for d in reported} == {"E202"}  # references are resolved site-wide
    expected = [d for d in json.loads(full.stdout) if d["path"] == "practices/good.md"]
    assert reported == expected

    github = run_kopilka("check", str(root), "--changed", "--base", "main", "--format", "github")
    annotations = [parse_annotation(line) for line in github.stdout.splitlines() if line.startswith("::")]
    assert [a[1]["file"] for a in annotations] == ["practices/good.md"]
    lines = (root / "practices/good.md").read_text(encoding="utf-8").split("\n")
    for _, props, message in annotations:
        assert lines[int(props["line"]) - 1] == "organization: nowhere"
        assert message.startswith("practices/good.md:" + props["line"])


def test_changed_passes_when_the_branch_is_clean(repo_with_branch):
    root = repo_with_branch
    git(root, "checkout", "-q", "-f", "main")
    git(root, "checkout", "-q", "-b", "clean")
    (root / "practices/new2.md").write_text(PRACTICE, encoding="utf-8")
    result = run_kopilka("check", str(root), "--changed", "--base", "main")
    assert result.returncode == 0, result.stdout
    assert "Ошибок: 0" in result.stdout


def test_changed_outside_git_says_why(site_dir):
    result = run_kopilka("check", str(site_dir({})), "--changed", "--base", "main")
    assert result.returncode == 2 and "--changed" in result.stderr
