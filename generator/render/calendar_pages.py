"""The calendar producer: event index, month pages, past years, subject/type lists and feeds.

Derivation lives in `calendar.py`, feed writing in `ical.py`, layout in the `events_*.j2` and
`month.md.j2` templates; this module only decides which page or file holds what.
"""

from __future__ import annotations

from generator.build.outputs import Outputs
from generator.corpus.site import Site
from generator.derive import calendar
from generator.render import ical
from generator.render.formatting import WEEKDAYS_SHORT
from generator.render.legacy import Renderer
from generator.render.urls import (
    FEEDS_PAGE,
    event_group_uri,
    event_ics_uri,
    feed_uri,
    month_uri,
    past_year_uri,
)

#: Group kind -> heading of its feeds on the subscription page.
GROUP_TITLES = {"association": "Объединения", "organization": "Организации",
                "municipality": "Муниципалитеты", "subject": "Предметы", "type": "Виды мероприятий"}
#: Kinds whose event lists get their own page (the others list events on the entity's page).
LISTED_KINDS = ("subject", "type")
#: Kinds with a feed of their own (the issue asks for these; organisations get one too).
FEED_KINDS = ("association", "organization", "municipality", "subject", "type")


def group_title(site: Site, kind: str, key: str) -> str:
    if kind == "subject":
        return site.vocabularies["subjects"].label(key)
    if kind == "type":
        return site.vocabularies["event_types"].label(key)
    if kind == "municipality":
        item = site.vocabularies.municipalities.get(key)
        return item.title if item else key
    entity = site.entity(kind, key)
    return getattr(entity, "display_title", None) or entity.title


def outputs(site: Site) -> Outputs:
    out = Outputs()
    renderer = Renderer(site)
    today = site.build_date
    months = calendar.months(site)
    groups = calendar.groups(site)
    titles = {(kind, key): group_title(site, kind, key) for kind, table in groups.items() for key in table}
    upcoming, past = calendar.split(site.events.values(), today)
    past_years = calendar.years_of_past(past)
    this_month = next(m for m in months if (m.year, m.month) == (today.year, today.month))

    renderer.render("events_index.md.j2", "events/index.md", "Мероприятия", None,
                    upcoming=upcoming, past_years=past_years, months=months, this_month=this_month,
                    groups=groups, titles=titles, listed_kinds=LISTED_KINDS)
    for index, month in enumerate(months):
        renderer.render("month.md.j2", month_uri(month.year, month.month), f"Мероприятия: {month.title.lower()}",
                        None, m=month, before=months[index - 1] if index else None,
                        after=months[index + 1] if index + 1 < len(months) else None,
                        weekdays=list(zip(WEEKDAYS_SHORT, calendar.WEEKDAYS)))
    for year, items in past_years:
        renderer.render("events_past.md.j2", past_year_uri(year), f"Прошедшие мероприятия {year} года", None,
                        year=year, items=items, past_years=past_years)
    for kind in LISTED_KINDS:
        for key, items in groups[kind].items():
            renderer.render("events_group.md.j2", event_group_uri(kind, key),
                            f"Мероприятия: {titles[(kind, key)]}", None,
                            kind=kind, key=key, items=items)
    renderer.render("events_feeds.md.j2", FEEDS_PAGE, "Календари мероприятий", None,
                    groups=groups, titles=titles, feed_kinds=FEED_KINDS, kind_titles=GROUP_TITLES)
    out.pages.update(renderer.pages)

    feeds = ical.FeedWriter(site)
    out.assets[feed_uri()] = feeds.feed(site.events.values(), site.config.title)
    for kind in FEED_KINDS:
        for key, items in groups[kind].items():
            out.assets[feed_uri(kind, key)] = feeds.feed(items, f"{site.config.title}: {titles[(kind, key)]}")
    for event in site.events.values():
        out.assets[event_ics_uri(event.id)] = feeds.feed([event], event.title)
    return out
