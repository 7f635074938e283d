"""A synthetic Kopilka site of any size: valid, Russian, deterministic for a seed.

`make_site(root, practices=10000, events=2000, associations=300)` writes a complete site that
`kopilka check` accepts with no errors: the repository's `data/`, an `mkdocs.yml` (the search
plugin disabled: Material's lunr index is replaced by Pagefind elsewhere and would dominate the
timings), organisations, associations, events, programs and practices, all referring to each
other as real sites do. It is made to cost what a real bank costs: a practice has 300 to 1,500
words under its headings, with subheadings, lists, a table, emphasis and links; its 1 to 4
authors come from a pool of a third as many people as there are practices, some of whom wrote
many; a quarter of the events repeat (weekly or monthly, as association meetings do), in the
time zones of the regions. Proportions not given: one event per five practices, one association
per 33 practices, one organisation per 50 practices (at least one methodological service per
municipality), one program per 200 practices.
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
#: Surnames in their masculine form; a woman's is made by `_feminine`.
SURNAMES = ["Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов",
            "Новиков", "Морозов", "Волков", "Алексеев", "Семёнов", "Егоров", "Павлов", "Степанов",
            "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв",
            "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв", "Сергеев", "Фролов",
            "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв", "Ильин", "Максимов",
            "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев", "Антонов",
            "Тарасов", "Жуков", "Баранов", "Филиппов", "Комаров"]
NAMES = ["Анна", "Мария", "Елена", "Ольга", "Татьяна", "Наталья", "Ирина", "Светлана", "Юлия",
         "Екатерина", "Людмила", "Галина", "Надежда", "Марина", "Валентина", "Оксана", "Вера",
         "Любовь", "Дарья", "Ксения", "Алла", "Лариса", "Нина", "Жанна", "Полина"]
MALE_NAMES = ["Александр", "Сергей", "Владимир", "Андрей", "Алексей", "Дмитрий", "Николай",
              "Михаил", "Игорь", "Евгений", "Виктор", "Юрий", "Олег", "Павел", "Роман"]
PATRONYMIC_ROOTS = ["Александров", "Сергеев", "Владимиров", "Петров", "Иванов", "Николаев",
                    "Андреев", "Алексеев", "Михайлов", "Викторов", "Юрьев", "Олегов", "Павлов",
                    "Борисов", "Геннадьев", "Анатольев", "Васильев", "Евгеньев", "Фёдоров", "Романов"]
#: The regions' zones: a national bank's events are not all in Moscow time.
ZONES = ["Europe/Moscow", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Novosibirsk",
         "Asia/Krasnoyarsk", "Asia/Irkutsk", "Asia/Vladivostok", "Europe/Kaliningrad"]
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


def _feminine(surname: str) -> str:
    return surname[:-2] + "ина" if surname.endswith("ин") else surname + "а"


def _person(rng: random.Random) -> str:
    """A full name; four in five teachers are women."""
    surname, root = rng.choice(SURNAMES), rng.choice(PATRONYMIC_ROOTS)
    if rng.random() < 0.8:
        return f"{_feminine(surname)} {rng.choice(NAMES)} {root}на"
    return f"{surname} {rng.choice(MALE_NAMES)} {root}ич"


def people(rng: random.Random, count: int) -> list[str]:
    """`count` different people (50 × 40 × 20 names: enough for a bank of 100,000 practices)."""
    found: dict[str, None] = {}
    while len(found) < count:
        found.setdefault(_person(rng))
    return list(found)


def _author(rng: random.Random, pool: list[str]) -> str:
    """Someone of `pool`, the first ones far more often: a few methodists write many practices."""
    return pool[int(len(pool) * rng.random() ** 2.5)]


def _sentence(rng: random.Random) -> str:
    return (f"{rng.choice(SUBJECTS_OF_TEXT)} {rng.choice(ACTIONS)} {rng.choice(PURPOSES)} "
            f"{rng.choice(DETAILS)}.")


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) if rng.random() < 0.85 else rng.choice(OUTCOMES)
                    for _ in range(sentences))


def _words(text: str) -> int:
    return len(text.split())


def _list(rng: random.Random, numbered: bool) -> str:
    items = [rng.choice(ACTIONS).capitalize() + " " + rng.choice(DETAILS) for _ in range(rng.randint(3, 6))]
    return "\n".join(f"{n}. {item};" if numbered else f"- {item};" for n, item in enumerate(items, 1))


def _table(rng: random.Random) -> str:
    rows = ["| Показатель | Было | Стало |", "|---|---:|---:|"]
    for outcome in rng.sample(OUTCOMES, rng.randint(3, 5)):
        before = rng.randint(10, 60)
        rows.append(f"| {outcome.rstrip('.')} | {before} % | {before + rng.randint(5, 30)} % |")
    return "\n".join(rows)


def _section(rng: random.Random, heading: str, words: int) -> str:
    """A section of about `words` words: paragraphs, and now and then a subheading, a list, a
    table (in «Результаты»), emphasis or a link, as contributors write them."""
    blocks, written = [f"## {heading}"], 0
    if heading == "Результаты":
        blocks.append(_table(rng))
        written += _words(blocks[-1])
    while True:
        paragraph = _paragraph(rng, rng.randint(2, 5))
        if rng.random() < 0.3:
            first, _, rest = paragraph.partition(" ")
            paragraph = f"**{first}** {rest}"
        if rng.random() < 0.1:
            paragraph += " Подробнее — на [сайте методической службы](https://metod.example.org/materialy)."
        if written and written + _words(paragraph) > words:
            break
        blocks.append(paragraph)
        written += _words(paragraph)
        roll = rng.random()
        if roll < 0.15:
            blocks.append(f"### {rng.choice(PURPOSES).capitalize()}")
        elif roll < 0.35:
            items = _list(rng, numbered=roll < 0.22)
            if written + _words(items) <= words:
                blocks.append(items)
                written += _words(items)
    return "\n\n".join(blocks) + "\n"


def practice_body(rng: random.Random, words: int | None = None) -> str:
    """`words` words (300 to 1,500 when not given) under the six recommended headings."""
    words = words or rng.randint(300, 1500)
    return "\n".join(_section(rng, heading, words // len(HEADINGS)) for heading in HEADINGS)


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
    organizations = max(len(municipalities), practices // 50)
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
        zone = rng.choice(ZONES)
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
        if zone != "Europe/Moscow":
            data["timezone"] = zone
        if rng.random() < 0.25:  # association meetings and consultations repeat
            data["repeat"] = ({"freq": "monthly", "count": rng.randint(3, 9)} if rng.random() < 0.7
                              else {"freq": "weekly", "count": rng.randint(4, 12)})
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

    authors = people(rng, max(1, practices // 3))
    position = {name: rng.choice(POSITIONS) for name in authors}
    for n in range(practices):
        subjects = _sample(rng, SUBJECTS, 1, 2)
        data = {"title": f"{rng.choice(TYPES).capitalize()}: {subjects[0]} — "
                         f"{rng.choice(PURPOSES)} (№ {n})",
                "summary": _paragraph(rng, 2)[:590],
                "authors": [{"name": name, "position": position[name]}
                            for name in dict.fromkeys(_author(rng, authors) for _ in range(rng.randint(1, 4)))],
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
