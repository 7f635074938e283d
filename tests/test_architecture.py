"""The rules of ARCHITECTURE.md that a machine can check, so that they hold as the code grows."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "generator"
MUTATORS = {"append", "extend", "insert", "update", "setdefault", "pop", "popitem", "clear", "add", "discard",
            "remove", "__setitem__", "appendleft"}


def _modules():
    return sorted(PACKAGE.rglob("*.py"))


def _module_state_changes(path: Path) -> list[str]:
    """Module-level names that a function rebinds (`global`), assigns into or mutates."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        names.update(t.id for t in targets if isinstance(t, ast.Name))
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        local = {a.arg for a in function.args.args + function.args.kwonlyargs}
        for node in ast.walk(function):
            if isinstance(node, ast.Global):
                found += [f"{path.name}:{node.lineno} global {n}" for n in node.names]
            elif isinstance(node, (ast.Assign, ast.AugAssign)):
                for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    if (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name)
                            and target.value.id in names and target.value.id not in local):
                        found.append(f"{path.name}:{node.lineno} {target.value.id}[…] =")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                if (isinstance(owner, ast.Name) and owner.id in names and owner.id not in local
                        and node.func.attr in MUTATORS):
                    found.append(f"{path.name}:{node.lineno} {owner.id}.{node.func.attr}()")
    return found


def test_no_function_changes_module_state():
    # a cache lives on an object that is passed in (the build graph, a Session), never in a module
    found = [item for path in _modules() for item in _module_state_changes(path)]
    assert found == []


def test_only_the_mkdocs_package_imports_mkdocs_or_material():
    outside = []
    for path in _modules():
        if path.is_relative_to(PACKAGE / "mkdocs"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
            outside += [f"{path.relative_to(REPO)}: {n}" for n in names if n.split(".")[0] in ("mkdocs", "material")]
    assert outside == []


def test_templates_lay_out_views_and_never_reach_the_corpus():
    # a page's query gathers its view; a template that reads the Site or calls a query would make
    # the page depend on what the build graph cannot see
    found = []
    for path in sorted((PACKAGE / "render" / "templates").glob("*.j2")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\b(site|q)\.[a-z_]+", line):
                found.append(f"{path.name}:{number}")
    assert found == []
