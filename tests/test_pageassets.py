"""Each page loads only the assets it uses, and they are published minified."""

from __future__ import annotations

import re
from importlib import resources

from generator.render.pageassets import EVERY_PAGE, assets, page_assets, published
from tests.sitefiles import page


def _loaded(html: str) -> set[str]:
    return set(re.findall(r'(?:href|src)="[^"]*assets/kopilka/([a-z]+\.(?:css|js))"', html))


def test_every_asset_but_the_common_ones_names_what_it_works_on():
    for asset in assets():
        assert asset.name in EVERY_PAGE or asset.needs, f"{asset.name} would never be loaded"


def test_pages_load_their_own_assets_only(example_build):
    home, bank, search = (page(example_build, url) for url in ("", "practices/", "search/"))
    assert set(EVERY_PAGE) <= _loaded(home)
    assert not {"filter.js", "filter.css", "search.js"} & _loaded(home)
    assert {"filter.js", "filter.css"} <= _loaded(bank) and "search.js" not in _loaded(bank)
    assert "search.js" in _loaded(search) and "filter.js" not in _loaded(search)
    month = next((example_build / "events").glob("20??-??/index.html")).read_text(encoding="utf-8")
    assert {"calendar.css", "calendar.js"} <= _loaded(month)


def test_a_page_loads_what_its_markup_asks_for():
    assert [a.name for a in page_assets('<div class="kp-filter" data-kp-filter="x.json"></div>')] == \
        ["filter.css", "filter.js"]
    assert [a.name for a in page_assets('<td class="kp-day" data-kp-date="2026-01-01"></td>')] == \
        ["calendar.css", "calendar.js"]
    assert page_assets("<p>Текст.</p>") == []


def test_assets_are_published_minified(example_build):
    for asset in assets():
        source = resources.files("generator.render").joinpath("assets", asset.name).read_bytes()
        built = (example_build / asset.uri).read_bytes()
        assert built == published(asset.name)
        assert len(built) < len(source) * 0.9, asset.name
        assert b"/*" not in built, asset.name  # comments are for the source
