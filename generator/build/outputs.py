"""What derive-and-render stages hand over: Markdown pages for MkDocs and files copied verbatim.

Each feature (pages, calendar, statistics, …) is a producer `outputs(site) -> Outputs`; the
pipeline merges them and refuses two producers writing the same URI.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass
class Outputs:
    #: src URI inside MkDocs' docs (e.g. `events/2026/12.md`) -> Markdown text.
    pages: dict[str, str] = dataclasses.field(default_factory=dict)
    #: site URI (e.g. `events/calendar.ics`, `stats/x.csv`) -> exact bytes or text to publish.
    assets: dict[str, str | bytes] = dataclasses.field(default_factory=dict)
    #: src URI of a page -> schema.org data, written as JSON-LD after the page is sanitised.
    json_ld: dict[str, dict] = dataclasses.field(default_factory=dict)

    def merge(self, other: "Outputs") -> None:
        for mine, theirs in ((self.pages, other.pages), (self.assets, other.assets),
                            (self.json_ld, other.json_ld)):
            clash = mine.keys() & theirs.keys()
            if clash:
                raise ValueError(f"two producers write the same files: {sorted(clash)[:5]}")
            mine.update(theirs)
