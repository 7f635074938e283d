"""The methodological office on tiny sites built in-process: who looks after what, contacts,
consultations, answered questions, overdue tasks, winners, satisfaction, communities, members.

Every expectation is computed here from the records the test writes, never read back from the
generator's own tables.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from generator.build.pipeline import generate
from generator.corpus.check import check
from tests.sitefiles import elements_of

ORGS = {
    "content/organizations/penza-mms.md": """---
title: МКУ «ЦКО и МОУО» г. Пензы
kind: ММС
municipality: penza
address: г. Пенза, ул. Пушкина, 4
email: metod@penza.example.org
phone: "+7 (8412) 56-00-00"
hours: пн–пт, 9:00–18:00
departments:
  - {title: Отдел общего образования, email: ooo@penza.example.org}
  - {title: Отдел воспитательной работы, phone: "+7 (8412) 56-00-20", head: belova}
---
""",
    "content/organizations/murom-mms.md": "---\ntitle: МКУ ЦРПК\nkind: ММС\nmunicipality: murom\n---\n",
    "content/organizations/school.md": "---\ntitle: МБОУ СОШ № 57\nkind: ОО\nmunicipality: penza\n---\n",
}


def person(pid: str, name: str, *, public: bool, org: str = "penza-mms", extra: str = "") -> dict[str, str]:
    return {f"content/people/{pid}.md": f"---\ntitle: {name}\npublic: {'true' if public else 'false'}\n"
                                         f"organization: {org}\n{extra}---\n"}


PEOPLE = {
    **person("ivanova", "Иванова Мария Петровна", public=True,
             extra="subjects: [математика]\nlevels: [ООО]\nemail: ivanova@penza.example.org\n"
                   "department: отдел общего образования\n"),
    # looks after mathematics in Murom too, though she works in Penza
    **person("petrova", "Петрова Анна Ивановна", public=True,
             extra="subjects: [математика, физика]\nmunicipalities: [penza, murom]\n"),
    **person("sidorov", "Сидоров Олег Павлович", public=True, org="murom-mms", extra="subjects: [физика]\n"),
    **person("belova", "Белова Светлана Игоревна", public=True, extra="subjects: [воспитание]\nlevels: [ООО]\n"),
    # no consent: never on the site, whatever refers to him
    **person("sokolov", "Соколов Андрей Николаевич", public=False,
             extra="subjects: [математика]\nlevels: [ООО]\nemail: sokolov@penza.example.org\n"),
}


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """(Site, Generated) of one small site with the office's records, built on 2026-11-22."""
    from tests.conftest import write_site

    root = write_site(tmp_path_factory.mktemp("office") / "site", {**ORGS, **PEOPLE, **PRACTICE, **EXTRA},
                      with_defaults=False)
    site, diagnostics = check(root, today=dt.date(2026, 11, 22))
    assert not diagnostics.errors, [d.format() for d in diagnostics.errors]
    built, _ = generate(root, today=dt.date(2026, 11, 22))
    return site, built, diagnostics


PRACTICE = {"practices/zadachi.md": """---
title: Задачи на математическую грамотность
summary: Банк контекстных задач.
authors: [Иванова Мария Петровна]
organization: school
levels: [ООО]
subjects: [математика]
type: методическая разработка
year: 2024
---
"""}
EXTRA = {
    "content/consultations/matematika.md": """---
title: Консультации для учителей математики
hosts: [ivanova, sokolov]
organization: penza-mms
subjects: [математика]
format: очно
location: ул. Пушкина, 4
start: 2026-09-01 15:00
end: 2026-09-01 17:00
repeat: {freq: еженедельно, until: 2027-05-25}
signup: {url: "https://forms.example.org/zapis", phone: "+7 (8412) 56-00-12"}
---
""",
    "content/questions/programma.md": """---
title: Нужно ли менять рабочую программу при смене учебника?
date: 2026-10-05
answered_by: sokolov
organization: penza-mms
topics: [ФГОС]
levels: [ООО]
subjects: [математика]
practices: [zadachi]
---
Нет: меняется тематическое планирование.
""",
    "content/questions/chtenie.md": """---
title: Где взять тексты для смыслового чтения?
date: 2026-11-01
answered_by: ivanova
topics: [читательская грамотность, ФГОС]
levels: [НОО]
---
В банке практик.
""",
}


def text_of(built, uri: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", built.text(uri)))


def curator_table(html: str) -> dict[str, list[str]]:
    """{municipality title: [names]} of a page's «Кто курирует» table ({} without one)."""
    if 'class="kp-table kp-curators"' not in html:
        return {}
    table = html.split('class="kp-table kp-curators"', 1)[1].split("</table>", 1)[0]
    found = {}
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</th><td>(.*?)</td></tr>", table, re.S):
        place = re.sub(r"<[^>]+>", "", row[0]).strip()
        found[place] = re.findall(r'<a href="[^"]*people/[^"]+/">([^<]+)</a>', row[1])
    return found


def expected_curators(site, field: str, value: str) -> dict[str, list[str]]:
    """Who looks after `value`, by municipality title, from the records: a person's own
    municipalities, else their organisation's; only people with public: true; by name."""
    found: dict[str, list[str]] = {}
    for p in sorted(site.people.values(), key=lambda p: p.title):
        if value in getattr(p, field):
            places = p.municipalities or (site.organizations[p.organization].municipality,)
            for m in places:
                found.setdefault(site.vocabularies.municipalities[m].title, []).append(p.title)
    return found


def contacts_curators(html: str, label: str) -> dict[str, list[str]]:
    """{municipality title: [names]} of one subject's or level's rows on the contacts page."""
    found, current = {}, None
    for table in html.split('class="kp-table kp-curators"')[1:]:
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("</table>", 1)[0], re.S):
            head = re.search(r'<th scope="row"[^>]*>(.*?)</th>', row)
            if head:
                current = re.sub(r"<[^>]+>", "", head.group(1)).strip()
            cells = re.findall(r"<td>(.*?)</td>", row, re.S)
            if current == label and len(cells) == 2:
                place = re.sub(r"<[^>]+>", "", cells[0]).strip()
                found[place] = re.findall(r'<a href="[^"]*people/[^"]+/">([^<]+)</a>', cells[1])
    return found


def test_who_looks_after_a_subject_in_each_municipality(office):
    site, built, _ = office
    contacts = built.text("contacts/index.md")
    vocab = site.vocabularies
    for field in ("subjects", "levels"):
        for entry in vocab[field].entries:
            expected = expected_curators(site, field, entry.id)
            label = entry.label if field == "subjects" else entry.long_label
            assert contacts_curators(contacts, label) == expected, entry.id
            # every page of that subject or level that exists says the same
            pages = [f"practices/{field}/{entry.id}.md", f"questions/{field}/{entry.id}.md",
                     f"events/{'subject' if field == 'subjects' else 'level'}/{entry.id}.md"]
            for uri in (u for u in pages if u in built.outputs):
                assert curator_table(built.text(uri)) == expected, uri
    # Petrova looks after mathematics in Murom although her organisation is in Penza
    assert "Петрова Анна Ивановна" in expected_curators(site, "subjects", "matematika")["округ Муром"]
    assert curator_table(built.text("practices/subjects/matematika.md"))["округ Муром"] == ["Петрова Анна Ивановна"]
    assert "Соколов" not in built.text("practices/subjects/matematika.md")


def test_contacts_show_the_service_its_departments_and_public_people(office):
    site, built, _ = office
    contacts = built.text("contacts/index.md")
    org = site.organizations["penza-mms"]
    for value in (org.address, org.email, org.phone, org.hours, *(d.title for d in org.departments)):
        assert value in contacts, value
    links = [attrs.get("href") for tag, attrs in elements_of(contacts) if tag == "a"]
    assert "tel:+78412560000" in links and "mailto:metod@penza.example.org" in links
    # a department lists its people; its head is named only because she agreed
    general = contacts.split("Отдел общего образования", 1)[1].split("<h4>", 1)[0]
    assert "Иванова Мария Петровна" in general
    assert "Руководитель" in contacts.split("Отдел воспитательной работы", 1)[1]
    page = text_of(built, "organizations/penza-mms.md")
    assert "Отделы и специалисты" in page and org.email in page
    # the register lists every published person once under each of their roles, or with the others
    register = text_of(built, "people/index.md")
    assert all(p.title in register for p in site.people.values())


def test_a_persons_page_says_what_they_look_after_and_where(office):
    site, built, _ = office
    p = site.people["petrova"]
    page = text_of(built, "people/petrova.md")
    assert "математика, физика" in page and "город Пенза" in page and "округ Муром" in page
    ivanova = text_of(built, "people/ivanova.md")
    assert "Консультации для учителей математики" in ivanova
    assert "Где взять тексты для смыслового чтения?" in ivanova
    assert p.title in page
    assert "people/sokolov.md" not in built.outputs


def test_consultations_list_their_next_dates_hosts_and_how_to_sign_up(office):
    site, built, _ = office
    c = site.consultations["matematika"]
    index = text_of(built, "consultations/index.md")
    # weekly on Tuesdays from 1 September: the next three on the build day (Sunday 22 November)
    for day in ("24 ноября 2026", "1 декабря 2026", "8 декабря 2026"):
        assert day in index
    assert "по вторникам, 15:00–17:00 (МСК)" in index
    assert "Иванова Мария Петровна" in index and "Соколов" not in index
    page = built.text("consultations/matematika.md")
    assert c.signup.url in page and "tel:+78412560012" in page


def test_questions_are_listed_faceted_and_linked_from_the_practice(office):
    site, built, _ = office
    newest_first = sorted(site.questions.values(), key=lambda q: q.date, reverse=True)
    index = built.text("questions/index.md")
    assert [index.index(q.title) for q in newest_first] == sorted(index.index(q.title) for q in newest_first)
    for topic in {t for q in site.questions.values() for t in q.topics}:
        page = built.text(f"questions/topics/{topic}.md")
        for q in site.questions.values():
            assert (q.title in page) == (topic in q.topics), (topic, q.id)
    practice = built.text("practices/zadachi.md")
    assert site.questions["programma"].title in practice
    # the answer of an unpublished person keeps its text, not his name
    answer = text_of(built, "questions/programma.md")
    assert "тематическое планирование" in answer and "Соколов" not in answer


def test_searchable_answers_carry_the_banks_filters(office):
    _, built, _ = office
    page = built.outputs["questions/chtenie.md"]
    assert page.searchable
    assert 'data-pagefind-filter="Темы">читательская грамотность</span>' in page.html
    assert 'data-pagefind-filter="Раздел">Вопросы и ответы</span>' in page.html


def test_a_reference_to_an_unpublished_person_is_a_warning_not_an_error(office):
    _, _, diagnostics = office
    warned = {(d.path, d.code) for d in diagnostics.items if d.code == "W208"}
    assert ("content/consultations/matematika.md", "W208") in warned
    assert ("content/questions/programma.md", "W208") in warned


# --- tasks ---------------------------------------------------------------------------------

ROADMAP = """---
title: Дорожная карта
kind: дорожная карта
organization: penza-mms
actions:
  - {title: Мониторинг дефицитов, deadline: 2026-10-01, status: выполнено, done: 2026-09-20}
  - {title: Программа наставничества, deadline: 2026-10-01, status: в работе, organizations: [penza-mms]}
  - {title: План работы с молодыми, deadline: 2026-11-21, people: [ivanova, sokolov]}
  - {title: Виртуальный кабинет, deadline: 2026-11-22, responsible: руководители ММС}
  - {title: ШМО, deadline: 2026-01-01, status: отменено}
  - {title: Сайт, deadline: 2026-12-31, status: в работе}
---
"""


@pytest.mark.parametrize("day", [dt.date(2026, 11, 22), dt.date(2027, 1, 10)])
def test_overdue_tasks_are_marked_on_the_build_day(site_dir, day):
    root = site_dir({**ORGS, **PEOPLE, "content/programs/karta.md": ROADMAP}, with_defaults=False)
    site, _ = check(root, today=day)
    program = site.programs["karta"]
    late = [a.title for a in program.actions
            if a.deadline < day and a.status not in ("done", "cancelled")]
    built, _ = generate(root, today=day)
    rows = re.findall(r"<tr( class=\"kp-overdue\")?><th scope=\"row\">\d+</th><td>(.*?)</td>",
                      built.text("programs/karta.md"))
    assert [title for marked, title in rows if marked] == late
    assert len(rows) == len(program.actions)
    # responsible: the organisation and the published person; the other person is not named
    table = built.text("programs/karta.md")
    assert "Иванова Мария Петровна" in table and "Соколов" not in table
    org = text_of(built, "organizations/penza-mms.md")
    assert "Программа наставничества" in org
    assert ("просрочено" in org) == ("Программа наставничества" in late)


# --- validation ------------------------------------------------------------------------------

@pytest.mark.parametrize("rel, text, code", [
    ("content/people/x.md", "---\ntitle: Икс\npublic: true\nemail: ivanova.example.org\n---\n", "E103"),
    ("content/people/x.md", "---\ntitle: Икс\npublic: true\nphone: позвонить\n---\n", "E103"),
    ("content/people/x.md", "---\ntitle: Икс\npublic: да\norganization: penza-mms\ndepartment: Бухгалтерия\n---\n", "W210"),
    ("content/people/x.md", "---\ntitle: Икс\npublic: true\nroles: [волшебник]\n---\n", "E104"),
    ("content/consultations/x.md", "---\ntitle: К\nformat: дистанционно\nonline_url: https://e.org\n"
                                   "start: 2026-09-01 15:00\nhosts: [nobody]\n---\n", "E202"),
    ("content/consultations/x.md", "---\ntitle: К\nformat: дистанционно\nonline_url: https://e.org\n"
                                   "start: 2026-09-01 15:00\nsignup: {note: позвоните}\n---\n", "E111"),
    ("content/associations/x.md", "---\ntitle: ГМО\nkind: ГМО\nlevel: муниципальный\nmunicipality: penza\n"
                                  "members: [{name: Петров Пётр}]\n---\n", "W209"),
    ("content/associations/x.md", "---\ntitle: ГМО\nkind: ГМО\nlevel: муниципальный\nmunicipality: penza\n"
                                  "communities: [{kind: блог, url: 'https://e.org'}]\n---\n", "E104"),
    ("content/events/x.md", "---\ntitle: Конкурс\ntype: конкурс\nstart: 2026-02-02\nformat: дистанционно\n"
                            "online_url: https://e.org\nwinners: [{place: 1 место}]\n---\n", "E111"),
    ("content/events/x.md", "---\ntitle: Конкурс\ntype: конкурс\nstart: 2026-02-02\nformat: дистанционно\n"
                            "online_url: https://e.org\nsatisfaction: 120\n---\n", "E109"),
    ("content/programs/x.md", "---\ntitle: План\nkind: план\nactions: [{title: Т, status: готово}]\n---\n", "E104"),
])
def test_office_fields_are_checked_with_their_own_codes(site_dir, rel, text, code):
    root = site_dir({**ORGS, rel: text}, with_defaults=False)
    _, diagnostics = check(root)
    found = [d for d in diagnostics.items if d.path == rel]
    assert code in {d.code for d in found}, [d.format() for d in found]
    assert all(d.message and d.hint for d in found if d.code == code)


def test_the_curators_query_is_the_plain_computation_over_the_site(office):
    from generator.build.pipeline import Session
    from generator.derive import contacts

    site, built, _ = office
    session = Session()
    generate(site.root, today=dt.date(2026, 11, 22), session=session)
    for field in ("subjects", "levels", "topics"):
        for entry in site.vocabularies[field].entries:
            assert session.graph.query(contacts.curators, field, entry.id) == contacts.curators_of(site, field, entry.id)
