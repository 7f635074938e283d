"""Results, winners, satisfaction, communities and event facets on the built example site.

Expectations come from the records (check of the repository) and the build day, never from the
generator's own tables.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from generator.corpus.check import check
from generator.derive.calendar import HORIZON, occurrences, series_last_day
from generator.render.formatting import MONTHS_NOMINATIVE, number_ru
from tests.conftest import REPO
from tests.sitefiles import body_text, page

BUILD_DAY = dt.date(2026, 11, 22)  # conftest.EPOCH


@pytest.fixture(scope="module")
def site():
    site, diagnostics = check(REPO, today=BUILD_DAY)
    assert not diagnostics.errors
    return site


def past(site) -> list:
    return [e for e in site.events.values()
            if series_last_day(e, BUILD_DAY + HORIZON) < BUILD_DAY and e.state != "otmeneno"]


def test_reports_of_past_events_by_month_with_their_materials(example_build, site):
    reports = [e for e in past(site) if e.results or e.materials or e.winners]
    assert len(reports) >= 20
    for year in sorted({e.first_day.year for e in reports}):
        html = page(example_build, f"events/results/{year}/")
        text = body_text(html)
        months = re.findall(r'<h2 id="mesyats-(\d+)">', html)
        of_year = [e for e in reports if e.first_day.year == year]
        assert [int(m) for m in months] == sorted({e.first_day.month for e in of_year}, reverse=True)
        for e in of_year:
            section = html.split(f'id="mesyats-{e.first_day.month}"', 1)[1].split('<h2 id="mesyats-', 1)[0]
            assert f'id="{e.id}"' in section, e.id
            for m in e.materials:
                assert m.title in section
        others = [e for e in site.events.values() if e.first_day.year == year and e not in of_year]
        assert not [e.title for e in others if f'id="{e.id}"' in html]
        assert MONTHS_NOMINATIVE[of_year[0].first_day.month - 1].capitalize() in text


def test_winners_of_a_year_with_names_only_where_they_agreed(example_build, site):
    years = {e.first_day.year for e in site.events.values() if e.winners and e.state != "otmeneno"}
    assert years
    for year in years:
        html = page(example_build, f"events/winners/{year}/")
        events = [e for e in site.events.values() if e.winners and e.first_day.year == year and e.state != "otmeneno"]
        assert re.findall(r'<h2 id="([^"]+)">', html) == [e.id for e in sorted(events, key=lambda e: e.start_at)]
        for e in events:
            part = html.split(f'<h2 id="{e.id}">', 1)[1].split("<h2 ", 1)[0]
            for w in e.winners:
                if w.text:
                    assert w.text in part
                elif w.name:
                    assert (w.name in part) == w.public, w.name
                for value in (w.place, w.nomination):
                    assert value is None or value in part
    # an organisation's page lists the winners it sent
    for e in site.events.values():
        for w in e.winners:
            if w.organization in site.organizations:
                text = body_text(page(example_build, f"organizations/{w.organization}/"))
                assert "Победители и призёры" in text and e.title in text and (w.place or "") in text


def _mean(shares) -> str:
    total = sum(Decimal(str(s)) for s in shares) / len(shares)
    return number_ru(float(total.quantize(Decimal("0.1"), ROUND_HALF_UP)))


def test_satisfaction_per_year_and_against_the_programs_target(example_build, site):
    text = body_text(page(example_build, "events/satisfaction/"))
    recorded = [e for e in past(site) if e.satisfaction]
    for year in {e.first_day.year for e in recorded}:
        shares = [e.satisfaction.share for e in recorded if e.first_day.year == year]
        assert f"{year} {len(shares)} {_mean(shares)} " in text, year
    # П7 of Murom: the year without a written actual takes its events' mean (ЦРПК and its ГМО)
    program = site.programs["murom-programma-razvitiya-2021-2025"]
    p7 = next(i for i in program.indicators if i.code == "П7")
    runs = {program.organization} | {a.id for a in site.associations.values() if a.organization == program.organization}
    for year in sorted(p7.targets):
        shares = [e.satisfaction.share for e in recorded if e.organizer in runs and e.first_day.year == year]
        if year not in p7.actuals and shares:
            assert f"{year} {number_ru(p7.targets[year])} {_mean(shares)}*" in text, year
            assert f"{_mean(shares)}*" in body_text(page(example_build, f"programs/{program.id}/"))


def test_events_matching_two_facets(example_build, site):
    data = json.loads((example_build / "events" / "filter.json").read_text(encoding="utf-8"))
    keys = [f["key"] for f in data["facets"]]
    slugs = {f["key"]: [v[0] for v in f["values"]] for f in data["facets"]}
    rows = {r[0]: r for r in data["events"]}
    assert set(rows) == set(site.events)

    def has(row, key, slug) -> bool:
        return slugs[key].index(slug) in row[5 + keys.index(key)]

    checked = 0
    for topic in {t for e in site.events.values() for t in e.topics}:
        for fmt in {e.format for e in site.events.values()}:
            expected = {e.id for e in site.events.values() if topic in e.topics and e.format == fmt}
            assert {i for i, r in rows.items() if has(r, "topics", topic) and has(r, "formats", fmt)} == expected
            checked += bool(expected)
    assert checked >= 10
    # «онлайн в этом месяце»: the build day's month (any day of an occurrence in it) and online
    month = f"{BUILD_DAY:%Y-%m}"

    def in_month(e) -> bool:
        return any(o.first_day <= BUILD_DAY.replace(day=30) and o.last_day >= BUILD_DAY.replace(day=1)
                   for o in occurrences(e, e.first_day + HORIZON))

    expected = {e.id for e in site.events.values() if e.format == "distantsionno" and in_month(e)}
    assert expected
    assert {i for i, r in rows.items() if has(r, "months", month) and has(r, "formats", "distantsionno")} == expected
    # the static page of a topic lists the same events as the index, upcoming and past apart
    topic = max({t for e in site.events.values() for t in e.topics},
                key=lambda t: sum(t in e.topics for e in site.events.values()))
    html = page(example_build, f"events/topic/{topic}/")
    listed = set(re.findall(r'href="(?:\.\./)+events/([^/"]+)/"', html)) & set(site.events)
    assert listed == {e.id for e in site.events.values() if topic in e.topics}


def test_the_communities_directory_has_every_community_of_every_association(example_build, site):
    text = body_text(page(example_build, "associations/soobshchestva/"))
    html = page(example_build, "associations/soobshchestva/")
    for a in site.associations.values():
        for url in {c.url for c in a.communities} | ({a.community_url} if a.community_url else set()):
            assert f'href="{url}"' in html, url
            assert a.title in text
    assert html.count("<tr>") - 1 == len({(a.id, c.url) for a in site.associations.values() for c in a.communities}
                                         | {(a.id, a.community_url) for a in site.associations.values() if a.community_url})


def test_association_members_are_listed_by_name_where_public(example_build, site):
    people = site.people
    for a in site.associations.values():
        if not a.members:
            continue
        text = body_text(page(example_build, f"associations/{a.id}/"))
        hidden = 0
        for m in a.members:
            if m.person:
                assert (m.person in people) == (people[m.person].title in text if m.person in people else False)
                hidden += m.person not in people
            elif m.public:
                assert m.name in text
            else:
                assert m.name not in text
                hidden += 1
        if hidden:
            assert re.search(rf"{hidden} участник\w*: имена публикуются только с согласия", text), a.id
