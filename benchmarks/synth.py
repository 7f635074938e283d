"""A synthetic Kopilka site of any size: valid, Russian, deterministic for a seed.

`make_site(root, practices=10000, events=2000, associations=300)` writes a complete site that
`kopilka check` accepts with no errors: the repository's `data/`, an `mkdocs.yml` (the search
plugin disabled: Material's lunr index is replaced by Pagefind elsewhere and would dominate the
timings), organisations, associations, events, programs and practices of about 600 words, all
referring to each other as real sites do. Proportions not given follow the example site:
one event per five practices, one association per 33 practices, one organisation per 20
practices (at least one methodological service per municipality), one program per 200 practices.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent

#: Labels and aliases as contributors write them; every value is in data/vocabularies.yml.
LEVELS = ["ДО", "НОО", "ООО", "СОО", "СПО", "ДПО"]
SUBJECTS = ["математика", "русский язык", "литература", "иностранный язык", "история",
            "обществознание", "география", "биология", "химия", "физика", "информатика",
            "окружающий мир", "технология", "музыка", "физическая культура", "начальные классы",
            "межпредметная", "воспитание", "управление", "педагогика и психология"]
TYPES = ["урок", "внеурочная деятельность", "воспитательная практика", "проект",
         "методическая разработка", "управленческая практика", "наставничество",
         "работа с родителями", "методическое сопровождение", "сетевое взаимодействие"]
TOPICS = ["функциональная грамотность", "наставничество", "ФГОС", "инклюзия", "профориентация",
          "цифровая среда", "ШНОР", "молодые педагоги", "профессиональные дефициты", "ИОМ",
          "одарённые дети", "оценка качества", "читательская грамотность", "аттестация"]
STAGES = ["разработка", "апробация", "обобщение", "распространение", "внедрение"]
EVIDENCE = ["описана", "апробирована", "подтверждена результатами", "тиражирована"]
AUDIENCES = ["учителя", "воспитатели", "молодые педагоги", "руководители", "методисты",
             "классные руководители", "родители", "обучающиеся"]
ASSOCIATION_KINDS = ["ГМО", "РМО", "ШМО", "сетевое сообщество", "творческая группа",
                     "проблемная группа", "постоянно действующий семинар", "клуб молодых педагогов"]
ASSOCIATION_LEVELS = ["школьный", "муниципальный", "региональный"]
EVENT_TYPES = ["семинар", "вебинар", "мастер-класс", "круглый стол", "конференция",
               "открытый урок", "заседание МО", "консультация", "стажировка"]
DOCUMENT_KINDS = ["концепция", "программа развития", "план", "дорожная карта", "положение"]
SCHOOL_KINDS = [("ОО", "МБОУ «Средняя общеобразовательная школа № {n}»"),
                ("ОО", "МБОУ «Гимназия № {n}»"), ("ОО", "МАОУ «Лицей № {n}»"),
                ("ДОО", "МБДОУ «Детский сад № {n}»"), ("УДО", "МБУ ДО «Центр детского творчества № {n}»")]
SURNAMES = ["Иванова", "Петрова", "Смирнова", "Кузнецова", "Попова", "Соколова", "Лебедева",
            "Козлова", "Новикова", "Морозова", "Волкова", "Алексеева", "Семёнова", "Егорова"]
NAMES = ["Анна", "Мария", "Елена", "Ольга", "Татьяна", "Наталья", "Ирина", "Светлана", "Юлия"]
PATRONYMICS = ["Александровна", "Сергеевна", "Владимировна", "Петровна", "Ивановна", "Николаевна"]
POSITIONS = ["учитель", "методист", "заместитель директора", "педагог-психолог", "воспитатель"]

HEADINGS = ["Актуальность", "Цель и задачи", "Описание", "Результаты", "Условия тиражирования",
            "Ресурсы"]
SUBJECTS_OF_TEXT = ["Педагоги школы", "Методическая служба округа", "Учителя начальных классов",
                    "Творческая группа учителей", "Наставники и молодые специалисты",
                    "Руководители методических объединений", "Классные руководители",
                    "Педагоги-психологи", "Участники сетевого сообщества", "Администрация школы"]
ACTIONS = ["разработали систему заданий", "проводят практикумы", "составляют маршрутные листы",
           "анализируют результаты диагностики", "организуют взаимопосещение уроков",
           "ведут банк методических материалов", "проводят открытые занятия",
           "обсуждают трудные задания", "готовят методические рекомендации",
           "сопровождают молодых педагогов", "проводят онлайн-консультации"]
PURPOSES = ["для развития функциональной грамотности обучающихся",
            "чтобы снизить профессиональные дефициты учителей",
            "для подготовки к государственной итоговой аттестации",
            "для повышения качества образовательных результатов",
            "чтобы поддержать педагогов в первые годы работы",
            "для введения обновлённых федеральных образовательных стандартов",
            "чтобы школы с низкими результатами получили адресную помощь",
            "для формирования читательской и математической грамотности"]
DETAILS = ["по единому плану на учебный год", "на базе опорных школ муниципалитета",
           "в очном и дистанционном формате", "с участием родителей и социальных партнёров",
           "по итогам анкетирования педагогов", "с опорой на материалы федерального банка заданий",
           "в течение трёх учебных четвертей", "с обязательной рефлексией после каждого занятия"]
OUTCOMES = ["Доля педагогов, применяющих практику, выросла вдвое.",
            "Результаты диагностической работы улучшились на двенадцать процентов.",
            "Опыт представлен на муниципальном семинаре и в сетевом сообществе.",
            "Молодые специалисты остались работать в школе после первого года.",
            "Материалы практики вошли в муниципальный банк заданий.",
            "Родители отмечают рост интереса детей к предмету."]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(NAMES)} {rng.choice(PATRONYMICS)}"


def _sentence(rng: random.Random) -> str:
    return (f"{rng.choice(SUBJECTS_OF_TEXT)} {rng.choice(ACTIONS)} {rng.choice(PURPOSES)} "
            f"{rng.choice(DETAILS)}.")


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) if rng.random() < 0.85 else rng.choice(OUTCOMES)
                    for _ in range(sentences))


def practice_body(rng: random.Random, words: int = 600) -> str:
    """About `words` words under the six recommended headings."""
    half = max(1, words // len(HEADINGS) // 16 // 2)  # a sentence is about 16 words
    parts = []
    for heading in HEADINGS:
        parts.append(f"## {heading}\n\n{_paragraph(rng, half)}\n\n{_paragraph(rng, half)}\n")
    return "\n".join(parts)


def _frontmatter(data: dict, body: str) -> str:
    head = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{head}---\n\n{body}"


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _sample(rng: random.Random, pool: list, low: int, high: int) -> list:
    return rng.sample(pool, rng.randint(low, min(high, len(pool))))


def _mkdocs_config() -> str:
    """The repository's mkdocs.yml with the `search` plugin left out (see the module doc)."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config.get("plugins", [])
                         if (next(iter(p)) if isinstance(p, dict) else p) != "search"]
    config["theme"]["features"] = [f for f in config["theme"].get("features", [])
                                   if not f.startswith("search.")]
    return ("# Synthetic benchmark site (benchmarks/synth.py). Material's `search` (lunr) plugin is\n"
            "# disabled: it is being replaced by Pagefind and would dominate the timings.\n"
            + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000))


def make_site(root: Path, practices: int, events: int = 0, associations: int = 0, seed: int = 1) -> None:
    """Write a complete valid site of `practices` practices into `root` (created or refilled).

    `events` and `associations` of 0 mean «in proportion to the practices». The same arguments
    always write byte-identical files.
    """
    rng = random.Random(seed)
    root = Path(root)
    events = events or max(1, practices // 5)
    associations = associations or max(1, practices // 33)
    municipalities = [m["id"] for m in yaml.safe_load(
        (REPO / "data" / "municipalities.yml").read_text(encoding="utf-8"))["municipalities"]]
    # every municipality has its methodological service (a municipality without one is a warning)
    organizations = max(len(municipalities), practices // 20)
    programs = max(1, practices // 200)
    for folder in ("data", "practices", "content"):
        shutil.rmtree(root / folder, ignore_errors=True)
    shutil.copytree(REPO / "data", root / "data")
    _write(root / "mkdocs.yml", _mkdocs_config())
    for folder in ("organizations", "associations", "events", "programs"):
        (root / "content" / folder).mkdir(parents=True)
    (root / "practices").mkdir(parents=True)
    shutil.copy(REPO / "content" / "about.md", root / "content" / "about.md")

    org_ids = []
    for n in range(organizations):
        municipality = municipalities[n % len(municipalities)]
        if n < len(municipalities):
            org_id, kind, title = f"mms-{municipality}", "ММС", f"Методическая служба {municipality}"
            data = {"title": title, "kind": kind, "municipality": municipality,
                    "form": "отдельная организация", "staff_count": rng.randint(2, 15)}
        else:
            kind, pattern = rng.choice(SCHOOL_KINDS)
            org_id = f"org-{n:05d}"
            data = {"title": pattern.format(n=n), "kind": kind, "municipality": municipality,
                    "parent": f"mms-{municipality}", "address": f"ул. Школьная, {n % 120 + 1}"}
        data["summary"] = _sentence(rng)
        org_ids.append(org_id)
        _write(root / "content" / "organizations" / f"{org_id}.md",
               _frontmatter(data, _paragraph(rng, 3) + "\n"))

    association_ids = []
    for n in range(associations):
        assoc_id = f"assoc-{n:05d}"
        subjects = _sample(rng, SUBJECTS, 1, 2)
        data = {"title": f"{rng.choice(ASSOCIATION_KINDS)} «{subjects[0].capitalize()}» № {n}",
                "kind": rng.choice(ASSOCIATION_KINDS), "level": rng.choice(ASSOCIATION_LEVELS),
                "subjects": subjects, "organization": rng.choice(org_ids),
                "leader": {"name": _person(rng), "position": rng.choice(POSITIONS)},
                "members_count": rng.randint(5, 80), "founded": rng.randint(2005, 2025),
                "summary": _sentence(rng)}
        association_ids.append(assoc_id)
        _write(root / "content" / "associations" / f"{assoc_id}.md",
               _frontmatter(data, _paragraph(rng, 8) + "\n"))

    event_ids = []
    for n in range(events):
        year, month, day = rng.choice((2025, 2026, 2027)), rng.randint(1, 12), rng.randint(1, 28)
        hour = rng.randint(9, 16)
        event_id = f"{year}-{month:02d}-{day:02d}-event-{n:05d}"
        online = rng.random() < 0.4
        data = {"title": f"{rng.choice(EVENT_TYPES).capitalize()}: {rng.choice(PURPOSES)}",
                "type": rng.choice(EVENT_TYPES),
                "start": f"{year}-{month:02d}-{day:02d} {hour:02d}:00",
                "end": f"{year}-{month:02d}-{day:02d} {hour + 2:02d}:00",
                "format": "дистанционно" if online else "очно",
                "organizer": rng.choice(org_ids),
                "municipality": rng.choice(municipalities),
                "audience": _sample(rng, AUDIENCES, 1, 2), "levels": _sample(rng, LEVELS, 1, 2),
                "subjects": _sample(rng, SUBJECTS, 1, 2)}
        if online:
            data["online_url"] = f"https://vebinar.example.org/{event_id}"
        else:
            data["location"] = f"актовый зал, ул. Школьная, {n % 120 + 1}"
        if association_ids and rng.random() < 0.5:
            data["associations"] = [rng.choice(association_ids)]
        event_ids.append(event_id)
        _write(root / "content" / "events" / f"{event_id}.md",
               _frontmatter(data, _paragraph(rng, 5) + "\n"))

    for n in range(programs):
        start = rng.randint(2019, 2026)
        data = {"title": f"{rng.choice(DOCUMENT_KINDS).capitalize()} методической службы № {n}",
                "kind": rng.choice(DOCUMENT_KINDS), "organization": org_ids[n % len(org_ids)],
                "period": {"start": start, "end": start + rng.randint(0, 4)},
                "summary": _sentence(rng), "goal": _sentence(rng),
                "tasks": [_sentence(rng) for _ in range(3)],
                "indicators": [{"code": f"П{i + 1}", "title": f"Показатель {i + 1}", "unit": "%",
                                "baseline": rng.randint(10, 50),
                                "targets": {start: rng.randint(50, 90)}} for i in range(3)]}
        _write(root / "content" / "programs" / f"program-{n:04d}.md",
               _frontmatter(data, _paragraph(rng, 10) + "\n"))

    for n in range(practices):
        subjects = _sample(rng, SUBJECTS, 1, 2)
        data = {"title": f"{rng.choice(TYPES).capitalize()}: {subjects[0]} — "
                         f"{rng.choice(PURPOSES)} (№ {n})",
                "summary": _paragraph(rng, 2)[:590],
                "authors": [{"name": _person(rng), "position": rng.choice(POSITIONS)}
                            for _ in range(rng.randint(1, 3))],
                "organization": rng.choice(org_ids),
                "levels": _sample(rng, LEVELS, 1, 2), "subjects": subjects,
                "type": rng.choice(TYPES), "year": rng.randint(2018, 2026),
                "topics": _sample(rng, TOPICS, 1, 3), "stage": rng.choice(STAGES),
                "evidence": rng.choice(EVIDENCE), "audience": _sample(rng, AUDIENCES, 1, 2),
                "results": [rng.choice(OUTCOMES)],
                "added": f"{rng.randint(2020, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "tags": _sample(rng, ["урок", "проект", "ГИА", "ВПР", "семинар", "сеть"], 0, 2)}
        if association_ids and rng.random() < 0.3:
            data["association"] = rng.choice(association_ids)
        if event_ids and rng.random() < 0.2:
            data["events"] = [rng.choice(event_ids)]
        if rng.random() < 0.1:
            data["replicated_in"] = [rng.choice(org_ids)]
        _write(root / "practices" / f"practice-{n:05d}.md",
               _frontmatter(data, practice_body(rng)))
