"""Dynamics: one table definition over two or more monitoring campaigns.

    campaigns: [ingushetia-2022, ingushetia-2023]      # or [{id: …, label: 2022}, …]
    filter: {monitoring.$campaign: есть}
    classify: monitoring.$campaign.trained

`$campaign` in any text of the definition (field paths, formulas, published figures) is
replaced by each campaign's id and the definition is read once per campaign: the same rules,
the same levels, the same denominator rule. The periods are ordinary definitions; the table
that holds them (`StatDef.periods`) is shown side by side with the change between the first
and the last campaign (`derive/statdynamics.py`).
"""

from __future__ import annotations

import re

PLACEHOLDER = "$campaign"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def campaigns_of(raw: object, at: tuple, problems) -> tuple[tuple[str, str], ...]:
    """((id, label), …) of `campaigns:`, at least two, ids as in `monitoring:` of the records."""
    items = raw if isinstance(raw, list) else []
    found = []
    for item in items:
        campaign, label = (item.get("id"), item.get("label")) if isinstance(item, dict) else (item, None)
        if not isinstance(campaign, str) or not _ID.match(campaign):
            problems.add(at, "E302", "campaigns — список id кампаний мониторинга", campaign,
                         "id кампании, как в monitoring: у записей", "campaigns: [ingushetia-2022, ingushetia-2023]")
            return ()
        found.append((campaign, str(label or campaign)))
    if len(found) < 2 or len({c for c, _ in found}) != len(found):
        problems.add(at, "E302", "для динамики нужны хотя бы две разные кампании", raw,
                     "список из двух и более id", "campaigns: [ingushetia-2022, ingushetia-2023]")
        return ()
    return tuple(found)


def substituted(value: object, campaign: str) -> object:
    """`value` with `$campaign` replaced in every text and every key."""
    if isinstance(value, str):
        return value.replace(PLACEHOLDER, campaign)
    if isinstance(value, list):
        return [substituted(v, campaign) for v in value]
    if isinstance(value, dict):
        return {substituted(k, campaign): substituted(v, campaign) for k, v in value.items()}
    return value


def uses_placeholder(value: object) -> bool:
    if isinstance(value, str):
        return PLACEHOLDER in value
    if isinstance(value, list):
        return any(uses_placeholder(v) for v in value)
    if isinstance(value, dict):
        return any(uses_placeholder(k) or uses_placeholder(v) for k, v in value.items())
    return False
