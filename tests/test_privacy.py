"""No person without `public: true` appears in any output: pages, search index, feeds (iCalendar and Atom), exports, JSON-LD.

The private names, e-mails, phones and ids are read from the source files themselves (a person
without `public: true`, a member or winner named without it, a contact or an author marked
`public: false`), then looked for in every output: of an in-process build of a small site that
refers to private people from every field that can name one, and of the real build of the example
site (theme, sitemap, feeds, exports and Pagefind's compressed fragments included).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import yaml

from generator.build.pipeline import generate
from generator.corpus.check import check
from tests.conftest import REPO

PRIVATE_SITE = {
    "content/organizations/mms.md": """---
title: Методический центр
kind: ММС
municipality: penza
email: centre@example.org
departments:
  - {title: Отдел общего образования, head: hidden-head}
---
""",
    "content/organizations/school.md": "---\ntitle: МБОУ СОШ № 1\nkind: ОО\nmunicipality: penza\n---\n",
    "content/people/hidden-head.md": """---
title: Скрытова Вера Павловна
organization: mms
department: Отдел общего образования
subjects: [математика]
levels: [ООО]
email: skrytova@example.org
phone: "+7 900 111-22-33"
summary: Руководитель отдела без согласия на публикацию.
---
Текст о Скрытовой.
""",
    "content/people/draft-person.md": """---
title: Черновикова Ольга Игоревна
status: черновик
public: true
organization: mms
subjects: [математика]
email: chernovikova@example.org
---
""",
    "content/people/open-person.md": """---
title: Открытова Анна Сергеевна
public: true
organization: mms
subjects: [математика]
email: otkrytova@example.org
---
""",
    "content/associations/gmo.md": """---
title: ГМО учителей математики
kind: ГМО
level: муниципальный
municipality: penza
leader: {name: Тайнова Лидия Марковна, public: false, organization: school}
members:
  - hidden-head
  - open-person
  - {name: Безымянов Глеб Ильич, organization: school}
  - {name: Согласнова Ирина Петровна, public: true}
---
""",
    "content/events/2026-02-02-konkurs.md": """---
title: Конкурс «Учитель года»
type: конкурс
start: 2026-02-02
format: очно
location: Пенза
organizer: mms
state: состоялось
results: Итоги подведены.
winners:
  - {name: Невидимов Пётр Ильич, organization: school, place: победитель, nomination: учитель истории}
  - {person: hidden-head, place: призёр}
  - {name: Видимова Юлия Олеговна, public: true, organization: school, place: призёр}
---
""",
    "content/consultations/k.md": """---
title: Консультации по математике
hosts: [hidden-head, draft-person]
organization: mms
subjects: [математика]
format: дистанционно
online_url: https://example.org/k
start: 2026-09-01 15:00
repeat: {freq: еженедельно, until: 2027-05-25}
---
""",
    "content/questions/q.md": """---
title: Как оформить рабочую программу?
answered_by: hidden-head
organization: mms
topics: [ФГОС]
---
Ответ.
""",
    "content/programs/plan.md": """---
title: План работы
kind: план
organization: mms
actions:
  - {title: Мониторинг, deadline: 2026-10-01, people: [hidden-head, draft-person], organizations: [mms]}
---
""",
    "practices/p.md": """---
title: Практика наставничества
summary: Пары наставник — молодой педагог.
authors: [{name: Открытый Автор Иванович}, {name: Закрытый Автор Петрович, public: false}]
organization: school
levels: [ООО]
subjects: [математика]
type: наставничество
year: 2025
events: [2026-02-02-konkurs]
contact: {email: secret-contact@example.org, phone: "+7 900 555-66-77", public: false}
---
Текст.
""",
}


def _frontmatter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8-sig")
    return yaml.safe_load(text.split("---", 2)[1]) or {} if text.startswith("---") else {}


def _public(value) -> bool:
    return value is True or str(value).strip().lower() in ("true", "да", "yes", "1")


def private_strings(root: Path) -> set[str]:
    """Every name, e-mail, phone and person id the sources mark as not to be published."""
    found: set[str] = set()
    for path in sorted((root / "content" / "people").glob("*.md")):
        data = _frontmatter(path)
        if not _public(data.get("public")) or str(data.get("status", "")).strip() in ("черновик", "на экспертизе"):
            found |= {str(data.get(k)) for k in ("title", "email", "phone") if data.get(k)}
            found.add(f"people/{path.stem}")
    for folder, field in (("content/associations", "members"), ("content/events", "winners")):
        for path in sorted((root / folder).glob("*.md")):
            for item in _frontmatter(path).get(field) or ():
                if isinstance(item, dict) and item.get("name") and not _public(item.get("public")):
                    found.add(item["name"])
    for path in sorted((root / "content" / "associations").glob("*.md")):
        leader = _frontmatter(path).get("leader")
        if isinstance(leader, dict) and str(leader.get("public")).lower() in ("false", "нет"):
            found.add(leader["name"])
    for path in sorted((root / "practices").glob("*.md")):
        data = _frontmatter(path)
        contact = data.get("contact")
        if isinstance(contact, dict) and not _public(contact.get("public")):
            found |= {str(contact[k]) for k in ("email", "phone") if contact.get(k)}
        for author in data.get("authors") or ():
            if isinstance(author, dict) and str(author.get("public")).lower() in ("false", "нет"):
                found.add(author["name"])
    return found


def leaks(texts: dict[str, str], private: set[str]) -> list[tuple[str, str]]:
    return [(name, secret) for name, text in texts.items() for secret in sorted(private) if secret in text]


def test_private_people_never_reach_an_output_of_the_build(site_dir):
    root = site_dir(PRIVATE_SITE, with_defaults=False)
    private = private_strings(root)
    assert {"Скрытова Вера Павловна", "skrytova@example.org", "people/hidden-head", "Черновикова Ольга Игоревна",
            "Безымянов Глеб Ильич", "Невидимов Пётр Ильич", "Тайнова Лидия Марковна", "Закрытый Автор Петрович",
            "secret-contact@example.org"} <= private
    site, diagnostics = check(root)
    assert not diagnostics.errors, [d.format() for d in diagnostics.errors]
    built, _ = generate(root)
    texts = {uri: built.text(uri) if isinstance(built.text(uri), str) else built.text(uri).decode("utf-8")
             for uri in built.outputs if not uri.endswith((".svg",)) and not hasattr(built.outputs[uri], "path")}
    texts.update({f"{uri} (JSON-LD)": json.dumps(o.json_ld, ensure_ascii=False)
                  for uri, o in built.outputs.items() if getattr(o, "json_ld", None)})
    assert leaks(texts, private) == []
    # and what may be shown is shown: the test would pass on an empty site otherwise
    shown = " ".join(texts.values())
    for name in ("Открытова Анна Сергеевна", "Согласнова Ирина Петровна", "Видимова Юлия Олеговна",
                 "Открытый Автор Иванович", "otkrytova@example.org"):
        assert name in shown, name
    assert "имя не публикуется" in built.text("events/2026-02-02-konkurs.md")
    # the Atom feeds were among the outputs looked into, and name the author who consented
    assert "Открытый Автор Иванович" in texts["practices/feed.xml"]
    assert "events/feeds/organization/mms.xml" in texts
    assert "И ещё 2 участника" in built.text("associations/gmo.md")


def test_the_example_site_publishes_nobody_without_consent(example_build):
    private = private_strings(REPO)
    assert private, "the example site has people without public: true to keep private"
    texts = {}
    for path in sorted(example_build.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(example_build).as_posix()
        data = path.read_bytes()
        if path.suffix in (".pf_fragment", ".pf_filter", ".pf_meta") or data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        texts[rel] = data.decode("utf-8", errors="replace")
    assert any(rel.startswith("pagefind/fragment/") for rel in texts), "the search index was read"
    assert "practices/feed.xml" in texts and "events/feeds/all.xml" in texts, "the Atom feeds were read"
    assert leaks(texts, private) == []
    published = {p.id for p in check(REPO)[0].people.values()}
    assert {rel.split("/")[1] for rel in texts if rel.startswith("people/") and rel.count("/") == 2} == published
