"""The plugin's pages as a reader sees them in the menu: the section of every page is marked."""

from __future__ import annotations

import re

import pytest

from tests.sitefiles import page

#: a page of each type -> the section tab it belongs under
PAGES = {
    "practices/parnye-komandy-shnor/": "Практики",
    "practices/levels/ooo/": "Практики",
    "events/2025-10-08-seminar-funktsionalnaya-gramotnost-penza/": "Мероприятия",
    "events/2026-11/": "Мероприятия",
    "associations/kirovskiy-ekspertnyy-sovet/": "Объединения",
    "programs/murom-programma-razvitiya-2021-2025/": "Документы",
    "organizations/artem-sosh-1/": "Организации",
    "municipalities/penza/": "Муниципалитеты",
    "regions/penzenskaya-oblast/": "Муниципалитеты",
    "stats/site-practices-levels/": "Статистика",
    "practices/": "Практики",
}


@pytest.mark.parametrize("url", sorted(PAGES))
def test_every_page_marks_its_section_in_the_tabs_and_the_menu(example_build, url):
    html = page(example_build, url)
    tabs = re.findall(r'<li class="md-tabs__item md-tabs__item--active">\s*<a [^>]*>\s*([^<]+?)\s*</a>', html)
    assert tabs == [PAGES[url]], tabs
    if url == "practices/":
        return  # a section's own page: Material marks it in its menu in a way of its own
    # the phone menu (Material's drawer) marks the same section
    assert re.search(r'md-nav__item--active[^>]*>\s*<a [^>]*>\s*<span class="md-ellipsis">\s*'
                     + re.escape(PAGES[url]), html), url
