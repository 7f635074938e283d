"""What changed and when: a record's dates of change and the links to its history.

The dates come from the site's git history (`source.history`), read once per build and given to
the graph as one input per record, so a page changes only when its own record's dates do. Where
the history does not reach (a shallow clone), the page says so instead of showing a wrong day.
"""

from __future__ import annotations

from markupsafe import escape

from generator.build.incremental import Graph, transient
from generator.corpus import lookup
from generator.render.formatting import date_ru

#: What a record page says when its dates are beyond the history at hand.
UNKNOWN = "дата изменения неизвестна: сайт собран из неполной истории репозитория"


@transient
def record_footer(g: Graph, kind: str, entity_id: str) -> str:
    """The line under a record's page: added and updated days, edit and history links."""
    dates, state = lookup.dates(g, kind, entity_id), lookup.history_state(g)
    parts = []
    if dates.created is not None:
        parts.append(f"добавлено {date_ru(dates.created)}")
    if dates.changed is not None and dates.changed != dates.created:
        parts.append(f"обновлено {date_ru(dates.changed)}")
    if dates.changed is None and state.available:
        parts.append(UNKNOWN)
    record = lookup.record(g, kind, entity_id)
    publishing = lookup.publishing(g)
    for text, history in (("Исправить на GitHub", False), ("История изменений", True)):
        link = publishing.source_link(record.source, history) if record is not None else None
        if link:
            parts.append(f'<a href="{escape(link)}">{text}</a>')
    if not parts:
        return ""
    text = " · ".join(parts)
    return f'\n<p class="kp-changed" data-pagefind-ignore>{text[0].upper()}{text[1:]}</p>\n'
