"""A site built from hostile but valid records, vocabularies, municipalities and materials.

Every value a visitor may see carries a script payload that would call `alert()`, open a dialog
or navigate away if it ever reached the page as markup; everything else that must stay out of
the site (a draft's file, a draft narrative page, an unreferenced file, a draft organisation's
id) carries a marker of its own. The site passes `kopilka check`: what it tests is the build.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import REPO

#: The script payloads, one per context they might break out of.
IMG = '<img src=x onerror="alert(\'img\')">'
SCRIPT = "<script>alert('script')</script>"
QUOTE = "\"'><svg onload=alert('attr')>"
TITLE = f"{IMG}{QUOTE} Урок\u2028с переносом"
LABEL = f"{IMG} метка\u2028с переносом"
MUNICIPALITY = f"{SCRIPT}Опасный\nокруг"  # a line break too: feeds are named after it
FORMULA = '=HYPERLINK("http://evil.example","x")'
#: Markers that must appear nowhere in the built site.
DRAFT_FILE = "secret-draft-regulation"
DRAFT_PAGE = "sekretnaya-chernovaya-stranitsa"
DRAFT_ORG = "chernovaya-organizatsiya"
STRAY_FILE = "stray-dropped-file"
#: Published materials whose names need URL encoding.
MATERIAL = "файл #1 ?.pdf"
NAMES = [MATERIAL, "план работы.docx", "итоги 100%.xlsx", "a&b.pdf"]

BODY = f"""## Описание

{SCRIPT}

<a href="javascript:alert('href')">ссылка javascript</a> · <a href="JaVa&#x09;ScRiPt:alert('tab')">вкладка</a> ·
[markdown](javascript:alert('md')) · <a href="data:text/html,<script>alert('data')</script>">data</a> ·
<iframe src="javascript:alert('iframe')"></iframe> <object data="x.svg"></object>
<img src="https://x.invalid/x" onerror="alert('body-img')"> <svg><script>alert('svg')</script></svg>
<form action="javascript:alert('form')"><button>кнопка</button></form>
<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')></style></mglyph></table></mtext></math>
<div style="background:url(javascript:alert('css'))" onclick="alert('click')">щёлкни</div>
"""


def q(text: str) -> str:
    """A YAML string holding `text` exactly: JSON strings are YAML, escapes and all."""
    return json.dumps(text)


def write_hostile_site(root: Path) -> Path:
    """The hostile site at `root` (made fresh)."""
    shutil.rmtree(root, ignore_errors=True)
    (root / "data").mkdir(parents=True)
    for name in ("site.yml", "statistics.yml"):
        shutil.copy(REPO / "data" / name, root / "data" / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    vocabularies = (REPO / "data" / "vocabularies.yml").read_text(encoding="utf-8")
    vocabularies = vocabularies.replace("topics:\n", f"topics:\n  - {{id: opasnaya-tema, label: {q(LABEL)}}}\n", 1)
    assert "opasnaya-tema" in vocabularies
    (root / "data" / "vocabularies.yml").write_text(vocabularies, encoding="utf-8")
    municipalities = (REPO / "data" / "municipalities.yml").read_text(encoding="utf-8")
    municipalities = municipalities.replace("municipalities:\n", "municipalities:\n  - id: opasnyy\n"
                                            f"    title: {q(MUNICIPALITY)}\n    type: ГО\n"
                                            f"    region: {q(IMG + ' область')}\n", 1)
    (root / "data" / "municipalities.yml").write_text(municipalities, encoding="utf-8")
    files = {
        "content/about.md": f"# О сайте\n\n{SCRIPT}\n\n[javascript](javascript:alert('about'))\n",
        f"content/{DRAFT_PAGE}.md": f"---\nstatus: черновик\n---\n# {DRAFT_PAGE}\n",
        f"content/events/{STRAY_FILE}.html": f"<script>alert('{STRAY_FILE}')</script>",
        f"content/associations/{DRAFT_FILE}.pdf": b"%PDF-1.4 draft",
        "content/associations/положение №2 #new.pdf": b"%PDF-1.4 published",
        "content/organizations/school.md": f"""---
title: {q(TITLE)}
short_title: {q(IMG)}
kind: ОО
municipality: opasnyy
website: https://example.org/school
---
{BODY}""",
        f"content/organizations/{DRAFT_ORG}.md": f"---\ntitle: Черновая организация\nkind: ОО\nmunicipality: opasnyy\nstatus: черновик\n---\n",
        "content/associations/opasnoe.md": f"""---
title: {q(QUOTE + " Объединение" + chr(10) + "с переводом строки")}
kind: ГМО
level: муниципальный
subjects: [математика]
organization: school
leader: {{name: {q(IMG)}, position: {q(SCRIPT)}, organization: {DRAFT_ORG}}}
regulation: "положение №2 #new.pdf"
plan: {q('https://example.org/plan?a=1&b=<2>')}
community_url: https://example.org/c
---
{BODY}""",
        "content/associations/chernovik.md": f"""---
title: Черновое объединение
kind: ГМО
level: муниципальный
organization: school
regulation: {DRAFT_FILE}.pdf
status: черновик
---
""",
        "content/events/opasnoe-sobytie.md": f"""---
title: {q(IMG + chr(10) + "Событие в две строки" + chr(0x2028) + "и ещё")}
type: семинар
start: 2026-12-15 10:00
end: 2026-12-15 12:00
timezone: Asia/Vladivostok
format: смешанный
location: {q(SCRIPT + " ул. Ленина, 1")}
online_url: https://example.org/online
organizer: opasnoe
municipality: opasnyy
---
{BODY}""",
        "practices/opasnaya-praktika.md": f"""---
title: {q(TITLE)}
summary: {q(SCRIPT + ' аннотация' + chr(0x2029) + 'с разделителем')}
authors: [{{name: {q(IMG)}, organization: {DRAFT_ORG}}}, {q(FORMULA)}]
organization: school
levels: [ООО]
subjects: [математика]
type: наставничество
topics: [opasnaya-tema]
year: 2025
tags: [{q(IMG)}, {q(FORMULA)}]
materials:
  - {{title: {q(IMG)}, file: {q('materials/' + MATERIAL)}}}
  - {{title: План, file: {q('materials/' + NAMES[1])}}}
  - {{title: Итоги, file: {q('materials/' + NAMES[2])}}}
  - {{title: Ссылки, file: {q('materials/' + NAMES[3])}}}
  - {{title: {q(FORMULA)}, url: {q('https://example.org/m?x=<1>')}}}
---
{BODY}
![картинка](materials/photo.png)
""",
        "practices/formula-v-nazvanii.md": f"""---
title: {q(FORMULA)}
summary: {q('+7 (999) и @всё')}
authors: [{q('-минус')}]
organization: school
levels: [СОО]
subjects: [информатика]
type: урок
year: 2024
---
## Описание
Текст.
""",
        **{f"practices/materials/{name}": b"%PDF-1.4 material" for name in NAMES},
        "practices/materials/photo.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 16,
    }
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root
