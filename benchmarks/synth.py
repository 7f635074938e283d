"""A synthetic Kopilka site for benchmarks (minimal version: practices and their organisations).

`make_site(root, practices, events, associations, seed)` writes a complete, valid site — data/,
mkdocs.yml, content/, practices/ — with Russian text. Same arguments, same files.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent

_SURNAMES = ("Иванова Петрова Сидорова Кузнецова Смирнова Попова Васильева Соколова Михайлова Новикова "
             "Фёдорова Морозова Волкова Алексеева Лебедева Семёнова Егорова Павлова Козлова Степанова "
             "Николаева Орлова Андреева Макарова Никитина Захарова Зайцева Соловьёва Борисова Яковлева "
             "Григорьева Романова Воробьёва Сергеева Кириллова Фролова Александрова Дмитриева Королёва Гусева").split()
_NAMES = "Анна Мария Елена Ольга Татьяна Наталья Ирина Светлана Юлия Марина Людмила Галина Надежда Вера Алла".split()
_PATRONYMICS = ("Ивановна Петровна Сергеевна Александровна Викторовна Николаевна Михайловна Андреевна "
                "Владимировна Юрьевна Геннадьевна Борисовна").split()
_SUBJECTS_OF = ("наставничество молодых педагогов", "функциональная грамотность", "читательская грамотность",
                "проектная деятельность", "цифровая образовательная среда", "работа с одарёнными детьми",
                "инклюзивное образование", "профориентация старшеклассников", "оценка качества образования",
                "сетевое взаимодействие школ", "воспитательная работа", "работа с родителями",
                "методическое сопровождение", "индивидуальный образовательный маршрут", "школьное самоуправление")
_ACTIONS = ("Практика описывает", "В практике показано", "Авторы предлагают", "Опыт школы раскрывает",
            "Методическая разработка представляет", "Педагоги выстроили")
_OBJECTS = ("систему занятий", "модель сопровождения", "цикл мероприятий", "комплекс заданий", "годовой план",
            "сетевой проект", "серию мастер-классов", "программу курса", "механизм обратной связи")
_TAILS = ("для учащихся основной школы", "для педагогов муниципалитета", "в малокомплектной сельской школе",
          "с опорой на результаты диагностики", "с использованием цифровых ресурсов",
          "в рамках обновлённых ФГОС", "при участии родителей и социальных партнёров",
          "на базе центра «Точка роста»", "в течение учебного года", "с последующим тиражированием опыта")
_RESULTS = ("выросла доля учащихся, выполняющих задания повышенного уровня",
            "педагоги освоили новые приёмы работы", "снизилось число неудовлетворительных результатов",
            "опыт представлен на муниципальном семинаре", "практику повторили в соседних школах")


def _vocabulary(name: str) -> list[str]:
    data = yaml.safe_load((REPO / "data" / "vocabularies.yml").read_text(encoding="utf-8"))
    return [entry["id"] for entry in data[name]]


def _summary(rng: random.Random) -> str:
    parts = []
    while sum(len(p) for p in parts) < rng.randint(250, 520):
        parts.append(f"{rng.choice(_ACTIONS)} {rng.choice(_OBJECTS)} по теме «{rng.choice(_SUBJECTS_OF)}» "
                     f"{rng.choice(_TAILS)}; в итоге {rng.choice(_RESULTS)}.")
    return " ".join(parts)[:590]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_SURNAMES)} {rng.choice(_NAMES)} {rng.choice(_PATRONYMICS)}"


def _dump(path: Path, meta: dict, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(f"---\n{text}---\n\n{body}\n", encoding="utf-8")


def make_site(root: Path, practices: int, events: int = 0, associations: int = 0, seed: int = 1) -> None:
    """Write a valid site of `practices` practices (events and associations: fuller version)."""
    rng = random.Random(seed)
    root = Path(root)
    for folder in ("data", "content", "practices"):
        shutil.rmtree(root / folder, ignore_errors=True)
    shutil.copytree(REPO / "data", root / "data")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "content").mkdir(parents=True)
    (root / "content" / "about.md").write_text("# О сайте\n\nСинтетический банк практик.\n", encoding="utf-8")
    municipalities = [m["id"] for m in yaml.safe_load(
        (REPO / "data" / "municipalities.yml").read_text(encoding="utf-8"))["municipalities"]]
    levels, subjects, types = _vocabulary("levels"), _vocabulary("subjects"), _vocabulary("practice_types")
    topics, stages, evidence = _vocabulary("topics"), _vocabulary("practice_stages"), _vocabulary("evidence_levels")
    orgs = [f"org-{n:04d}" for n in range(max(5, practices // 20))]
    for n, org in enumerate(orgs):
        _dump(root / "content" / "organizations" / f"{org}.md",
              {"title": f"МБОУ «Средняя школа № {n + 1}»", "kind": "ОО",
               "municipality": municipalities[n % len(municipalities)]}, "")
    for n in range(practices):
        subject = rng.choice(_SUBJECTS_OF)
        meta = {
            "title": f"{rng.choice(_OBJECTS).capitalize()}: {subject} {rng.choice(_TAILS)} (№ {n + 1})",
            "summary": _summary(rng),
            "authors": [_person(rng) for _ in range(rng.choice((1, 1, 2, 3)))],
            "organization": rng.choice(orgs),
            "levels": sorted(set(rng.sample(levels, rng.choice((1, 1, 2, 3))))),
            "subjects": sorted(set(rng.sample(subjects, rng.choice((1, 1, 2))))),
            "type": rng.choice(types),
            "year": rng.randint(2015, 2026),
            "topics": sorted(set(rng.sample(topics, rng.choice((0, 1, 2))))),
            "stage": rng.choice(stages),
            "evidence": rng.choice(evidence),
            "tags": sorted({rng.choice(_SUBJECTS_OF).split()[0] for _ in range(rng.choice((0, 1, 2)))}),
        }
        body = "\n\n".join(f"## {h}\n\n{_summary(rng)}" for h in ("Актуальность", "Описание", "Результаты"))
        _dump(root / "practices" / f"praktika-{n:05d}.md", meta, body)
