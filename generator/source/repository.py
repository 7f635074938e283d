"""Where a site's sources live on GitHub: `repo_url` (and the branch of `edit_uri`) of mkdocs.yml.

Read from the YAML parser's events, as everything of mkdocs.yml is (`datafile.check_structure`):
MkDocs loads the file itself, with tags Kopilka never constructs. Only top-level plain strings are
taken; anything else means «no repository», and the proposal form then offers copy and download.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import yaml

from generator.models.common import link_kind
from generator.source.datafile import read_text

#: `edit_uri: edit/main/content/` or `blob/dev/…`: the branch new files are proposed to.
_BRANCH = re.compile(r"^/?(?:edit|blob|tree)/([^/]+)/")


@dataclasses.dataclass(frozen=True)
class Repository:
    url: str = ""  # https://github.com/owner/name, without a trailing slash; "" when unknown
    branch: str = "main"

    def new_file_url(self) -> str:
        """GitHub's «create new file» page of the branch (the file's name and text are added
        as `filename` and `value` by the form)."""
        return f"{self.url}/new/{self.branch}" if self.url else ""


def read_repository(root: Path) -> Repository:
    path = root / "mkdocs.yml"
    text, problems = read_text(path, root, "mkdocs") if path.is_file() else (None, [])
    if text is None or problems:
        return Repository()
    settings = _top_level_strings(text)
    url = settings.get("repo_url", "").rstrip("/")
    if not url.startswith("https://github.com/") or link_kind(url) != "url":
        return Repository()
    branch = _BRANCH.match(settings.get("edit_uri", ""))
    return Repository(url, branch.group(1) if branch else "main")


def _top_level_strings(text: str) -> dict[str, str]:
    """Plain scalar values of the top-level mapping, by key; nothing is constructed."""
    found: dict[str, str] = {}
    depth, key = 0, None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                key = None if depth == 2 and key is not None else key
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent) and depth == 1:
                if key is None:
                    key = event.value
                else:
                    if event.tag is None or event.tag == "tag:yaml.org,2002:str":
                        found[key] = event.value
                    key = None
            if depth == 1 and isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                key = None
    except yaml.YAMLError:
        return {}
    return found
