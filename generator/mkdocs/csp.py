"""A Content-Security-Policy for every built page: only the site's own scripts run; and no page
asks a third party for anything (`without_repository_facts`).

The escaping everywhere else keeps a stranger's markup from becoming a script; the policy is the
second wall should anything slip through: scripts from the site's own files, the theme's inline
scripts by their hashes (Material writes a few, different by folder depth), WebAssembly for
Pagefind, no plugins, no `<base>` and no form posting elsewhere. Inline event handlers and
`javascript:` URLs never run. A preview has no policy: MkDocs' live reload injects a script.
"""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)
_DATA_TYPES = ("application/json", "application/ld+json")
_HEAD = re.compile(r"<head[^>]*>")
#: Material marks the header's repository link (mkdocs.yml `repo_url`) as a component whose
#: script asks api.github.com for the repository's stars, forks and latest release: a request to
#: a third party from every page. Without the mark the link stays and nothing is fetched.
SOURCE_COMPONENT = ' data-md-component="source"'


def without_repository_facts(html: str) -> str:
    return html.replace(SOURCE_COMPONENT, "")


def policy(html: str) -> str:
    """The policy for one page: its own inline scripts are allowed by their hashes."""
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
                     for attrs, body in _INLINE.findall(html) if not any(t in attrs for t in _DATA_TYPES)})
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *hashes])
    return f"script-src {scripts}; object-src 'none'; base-uri 'self'; form-action 'self'"


def with_policy(html: str) -> str:
    """`html` with its policy as the first element of its head (before any script)."""
    head = _HEAD.search(html)
    if head is None:
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    return html[:head.end()] + "\n    " + meta + html[head.end():]
