"""The form «Предложить практику» / «Предложить мероприятие» in real headless Chromium: a teacher
fills it in, gets a file that `kopilka check` accepts and GitHub's «create new file» page with the
file filled in; a wrong value is refused with the same words as `check`; nothing leaves the site
before that click."""

from __future__ import annotations

import json
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser import needs_chromium, served
from tests.conftest import EPOCH, REPO, run_kopilka

pytest.importorskip("playwright.sync_api")
pytestmark = needs_chromium
REPOSITORY = "https://github.com/kopilka-example/metodkopilka"


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    """The example site with a repository in mkdocs.yml (the example itself names none)."""
    root = tmp_path_factory.mktemp("proposal") / "src"
    for part in ("practices", "content", "data"):
        shutil.copytree(REPO / part, root / part)
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(text + f"\nrepo_url: {REPOSITORY}\nedit_uri: edit/main/content/\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def base_url(sources, tmp_path_factory):
    out = tmp_path_factory.mktemp("proposal-site") / "site"
    built = run_kopilka("build", str(sources), "--site-dir", str(out), env={"SOURCE_DATE_EPOCH": EPOCH})
    assert built.returncode == 0, built.stderr
    with served(out) as url:
        yield url


@pytest.fixture
def tab(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="ru-RU")
    outside = []

    def guard(route):  # the site's own host only; GitHub answers with a stand-in page
        url = route.request.url
        if url.startswith(base_url):
            return route.continue_()
        outside.append(url)
        if url.startswith(REPOSITORY + "/new/"):
            return route.fulfill(status=200, content_type="text/html", body="<title>GitHub</title>")
        return route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.outside = outside
    yield tab
    assert errors == []
    context.close()


def _fill_practice(tab, base_url):
    tab.goto(base_url + "propose/practice/")
    tab.fill("#kp-f-title", "Читательские марафоны: «Книга — другу»")
    tab.fill("#kp-f-summary", "Марафоны чтения: классы читают одну книгу и обсуждают её: вопросы, роли, итоговая встреча.")
    tab.fill("#kp-f-authors", "Иванова Мария Петровна\nПетров Иван Сергеевич")
    tab.select_option("#kp-f-organization", "penza-gimnaziya-4")
    tab.check("input[name=levels][value='ООО']")
    tab.check("input[name=subjects][value='литература']")
    tab.select_option("#kp-f-type", "внеурочная деятельность")
    tab.fill("#kp-f-year", "2025")
    for index in range(6):
        tab.fill(f"#kp-s-{index}", f"Текст раздела {index + 1}: что, зачем и как.")


def _produced(tab) -> tuple[str, str]:
    tab.click("#kp-proposal-form button[type=submit]")
    tab.wait_for_selector("#kp-proposal[data-state]", state="attached")
    return tab.inner_text("#kp-proposal-name"), tab.text_content("#kp-proposal-text")


def _check_alone(sources, tmp_path, name: str, text: str) -> list[dict]:
    site = tmp_path / "site"
    shutil.copytree(sources, site, ignore=shutil.ignore_patterns(".kopilka-cache", "site"))
    (site / name).write_text(text, encoding="utf-8")
    result = run_kopilka("check", str(site), "--only", name, "--format", "json")
    return [d for d in json.loads(result.stdout) if d["path"] == name]


def test_the_practice_form_writes_a_file_check_accepts_and_opens_it_on_github(tab, base_url, sources, tmp_path):
    _fill_practice(tab, base_url)
    name, text = _produced(tab)
    assert name == "practices/chitatelskie-marafony-kniga-drugu.md"
    assert text.startswith('---\ntitle: "Читательские марафоны: «Книга — другу»"\n')
    assert _check_alone(sources, tmp_path, name, text) == []  # no error, no warning
    link = tab.get_attribute("#kp-proposal-github", "href")
    address = urlsplit(link)
    assert f"{address.scheme}://{address.netloc}{address.path}" == REPOSITORY + "/new/main"
    assert parse_qs(address.query) == {"filename": [name], "value": [text]}
    assert tab.outside == []  # nothing left the site before the click
    tab.click("#kp-proposal-github")
    tab.wait_for_url(REPOSITORY + "/new/**")
    assert tab.outside == [link]


def test_a_wrong_value_is_refused_with_the_words_of_check(tab, base_url, sources, tmp_path):
    _fill_practice(tab, base_url)
    long = "Очень длинная аннотация. " * 30
    tab.fill("#kp-f-summary", long)
    tab.fill("#kp-f-year", "1800")
    tab.click("#kp-proposal-form button[type=submit]")
    tab.wait_for_selector("#kp-proposal[data-state=problems]", state="attached")
    shown = tab.locator("#kp-proposal-problems li").all_inner_texts()
    assert tab.is_hidden("#kp-proposal-result")
    # the same file written by hand: check says the same
    fields = {"summary": json.dumps(long.strip(), ensure_ascii=False), "year": "1800"}
    text = ("---\ntitle: Практика\n" + "".join(f"{k}: {v}\n" for k, v in fields.items()) +
            "authors: [Иванова Мария Петровна]\norganization: penza-gimnaziya-4\nlevels: [ООО]\n"
            "subjects: [литература]\ntype: внеурочная деятельность\n---\n")
    said = [d["message"] for d in _check_alone(sources, tmp_path, "practices/p.md", text) if d["severity"] == "error"]
    assert shown == said == ["поле «summary» (аннотация) длиннее 600 знаков",
                             "значение поля «year» (год описания практики) вне допустимого диапазона"]


def test_an_empty_form_names_every_required_field(tab, base_url):
    tab.goto(base_url + "propose/practice/")
    tab.click("#kp-proposal-form button[type=submit]")
    tab.wait_for_selector("#kp-proposal[data-state=problems]", state="attached")
    shown = tab.locator("#kp-proposal-problems li").all_inner_texts()
    assert shown[0] == "не заполнено обязательное поле «title» (название)"
    assert len(shown) == 8 and all(s.startswith("не заполнено обязательное поле «") for s in shown)
    assert tab.get_attribute("#kp-f-type", "aria-invalid") == "true"


def test_the_event_form_writes_a_file_check_accepts(tab, base_url, sources, tmp_path):
    tab.goto(base_url + "propose/event/")
    tab.fill("#kp-f-title", "Семинар «Функциональная грамотность на уроках»")
    tab.select_option("#kp-f-type", "семинар")
    tab.fill("#kp-f-start", "2027-03-15T10:00")
    tab.fill("#kp-f-end", "2027-03-15T12:30")
    tab.select_option("#kp-f-format", "дистанционно")
    tab.fill("#kp-f-online_url", "https://example.org/webinar")
    tab.fill("#kp-s-0", "Разбор заданий и приёмов работы.")
    name, text = _produced(tab)
    assert name == "content/events/2027-03-15-seminar-funktsionalnaya-gramotnost-na-urokakh.md"
    assert [d for d in _check_alone(sources, tmp_path, name, text) if d["severity"] == "error"] == []


def test_a_text_too_long_for_an_address_is_pasted_by_hand(tab, base_url):
    _fill_practice(tab, base_url)
    tab.fill("#kp-s-2", "Подробное описание. " * 600)
    name, text = _produced(tab)
    link = urlsplit(tab.get_attribute("#kp-proposal-github", "href"))
    assert parse_qs(link.query) == {"filename": [name]}
    assert tab.is_visible("#kp-proposal-long") and tab.is_visible("#kp-proposal-copy")
    assert tab.get_attribute("#kp-proposal-download", "download") == name.split("/")[-1]


def test_an_event_in_person_without_a_place_is_told_as_check_tells_it(tab, base_url, sources, tmp_path):
    tab.goto(base_url + "propose/event/")
    tab.fill("#kp-f-title", "Семинар")
    tab.select_option("#kp-f-type", "семинар")
    tab.fill("#kp-f-start", "2027-03-15T10:00")
    tab.select_option("#kp-f-format", "очно")
    tab.click("#kp-proposal-form button[type=submit]")
    tab.wait_for_selector("#kp-proposal[data-state=problems]", state="attached")
    shown = tab.locator("#kp-proposal-problems li").all_inner_texts()
    text = "---\ntitle: Семинар\ntype: семинар\nstart: 2027-03-15 10:00\nformat: очно\n---\n"
    said = [d["message"] for d in _check_alone(sources, tmp_path, "content/events/s.md", text) if d["severity"] == "error"]
    assert shown == said == ["поле «format» (формат): для очного и смешанного мероприятия нужно поле location"]
