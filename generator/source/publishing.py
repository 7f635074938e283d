"""Where the site is published: `site_url`, `repo_url` and `edit_uri` of mkdocs.yml.

MkDocs loads mkdocs.yml itself (with its `!ENV` and `!!python/name:` tags); Kopilka needs only
three top-level strings of it, for what a relative link cannot do: feeds (a reader needs
absolute addresses), the sitemap, canonical links and rich previews, `webcal:` links, and links
to edit a record on GitHub. They are read from the parser's events, so no tag is constructed.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import yaml

from generator.diagnostics import Diagnostic

MKDOCS_FILE = "mkdocs.yml"
_GITHUB = re.compile(r"^https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
#: `edit_uri: edit/main/content/` or `blob/dev/…`: the branch a new file is proposed to.
_BRANCH = re.compile(r"^/?(?:edit|blob|tree)/([^/]+)/")
_KEYS = ("site_url", "repo_url", "edit_uri")
#: What depends on `site_url`: said by the check when it is missing.
NEEDS_SITE_URL = ("карта сайта (sitemap.xml)", "ленты новостей Atom", "канонические ссылки",
                  "превью в мессенджерах и соцсетях (Open Graph)", "адрес в разметке schema.org",
                  "подписка на календари по ссылке webcal:")


@dataclasses.dataclass(frozen=True)
class Publishing:
    """Absolute addresses of the published site and of its repository, if the owner set them.

    `site_url` always ends with a slash (a page's address is `site_url + its path`)."""

    site_url: str | None = None
    repo_url: str | None = None
    edit_uri: str | None = None

    def absolute(self, path: str) -> str | None:
        """The address of a site path (`practices/x/`), or None without `site_url`."""
        return None if self.site_url is None else self.site_url + path.lstrip("/")

    @property
    def webcal_base(self) -> str | None:
        """`site_url` with the webcal: scheme (calendar apps subscribe to it), if http(s)."""
        if self.site_url is None or not self.site_url.startswith(("https://", "http://")):
            return None
        return "webcal://" + self.site_url.split("://", 1)[1]

    def source_link(self, source: str, history: bool = False) -> str | None:
        """The page of a record's file on GitHub: to edit it, or its history of commits; None
        unless `repo_url` is a GitHub repository."""
        repo = (self.repo_url or "").rstrip("/")
        if not repo.startswith("https://github.com/"):
            return None
        if history:
            return f"{repo}/commits/HEAD/{source}"
        edit = (self.edit_uri or "edit/main/").strip("/")
        # MkDocs' edit_uri points into docs_dir (content/); a record may live in practices/
        if edit.endswith("/content"):
            edit = edit[: -len("/content")]
        return f"{repo}/{edit}/{source}"


    def new_file_link(self) -> str | None:
        """GitHub's «create new file» page of the branch of `edit_uri` (main by default): the
        proposal form adds the file's name and text (`?filename=…&value=…`); None unless
        `repo_url` is a GitHub repository."""
        repo = (self.repo_url or "").rstrip("/")
        if not _GITHUB.match(repo):
            return None
        branch = _BRANCH.match(self.edit_uri or "")
        return f"{repo}/new/{branch.group(1) if branch else 'main'}"


def load_publishing(root: Path) -> Publishing:
    """The three settings from mkdocs.yml (missing file, bad YAML: none; the check reports those)."""
    path = root / MKDOCS_FILE
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return Publishing()
    found = _top_level_strings(text)
    site_url = (found.get("site_url") or "").strip() or None
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    return Publishing(site_url, (found.get("repo_url") or "").strip() or None,
                      (found.get("edit_uri") or "").strip() or None)


def _top_level_strings(text: str) -> dict[str, str]:
    """Untagged scalar values of the keys `_KEYS` of the top-level mapping."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    found: dict[str, str] = {}
    depth, key = 0, None
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth == 2:  # a nested value: it was its key's
                    key = None
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif depth == 1 and isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                if key is None:
                    key = getattr(event, "value", "")
                    continue
                if key in _KEYS and isinstance(event, yaml.ScalarEvent) and event.tag is None:
                    found[key] = event.value
                key = None
    except yaml.YAMLError:
        return {}
    return found


def missing_site_url(root: Path, publishing: Publishing) -> list[Diagnostic]:
    """A warning when mkdocs.yml has no `site_url`, saying what the site goes without."""
    if publishing.site_url is not None or not (root / MKDOCS_FILE).is_file():
        return []
    return [Diagnostic(MKDOCS_FILE, 0, 0, "W401", "не указан адрес сайта (site_url)",
                       allowed="site_url: https://адрес-вашего-сайта/",
                       hint="без него не будет: " + ", ".join(NEEDS_SITE_URL) +
                            "; впишите адрес, по которому сайт открывается у читателей", severity="warning")]
