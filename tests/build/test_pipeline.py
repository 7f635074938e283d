"""The pipeline: an incremental rebuild gives what a full build of the same files gives.

Each case edits a copy of the example site as a contributor or a site owner would, rebuilds with
the session that built it before (what `kopilka serve` does), and compares every output with a
fresh build of the edited files, byte for byte; every output that differs from the previous
build must be reported as changed (the preview writes only those).
"""

from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path

import pytest

from generator.build.pipeline import Session, generate
from tests.conftest import REPO

SITE_PARTS = ("practices", "content", "data", "mkdocs.yml")
PRACTICE = "practices/adaptatsiya-molodykh-pedagogov-nazranovskogo-rayona.md"
ORGANIZATION = "content/organizations/artem-sosh-1.md"
EVENT = "content/events/2025-10-08-seminar-funktsionalnaya-gramotnost-penza.md"


def replace_line(root: Path, rel: str, prefix: str, line: str | None) -> None:
    """The first line of `rel` that starts with `prefix` replaced by `line` (None: removed)."""
    path = root / rel
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, text in enumerate(lines) if text.startswith(prefix))
    lines[index:index + 1] = [] if line is None else [line]
    path.write_text("\n".join(lines), encoding="utf-8")


def append(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def add_practice(root: Path) -> None:
    source = (root / PRACTICE).read_text(encoding="utf-8")
    copy = re.sub(r"^title: .*$", 'title: "Новая практика для проверки"', source, count=1, flags=re.M)
    (root / "practices" / "novaya-praktika-dlya-proverki.md").write_text(copy, encoding="utf-8")


def attach_file(root: Path) -> None:
    """A text links to a file that the same save adds: the file is published."""
    append(root, PRACTICE, "\n[План работы](materials/plan-dlya-proverki.pdf)\n")
    (root / "practices" / "materials").mkdir(exist_ok=True)
    (root / "practices" / "materials" / "plan-dlya-proverki.pdf").write_bytes(b"%PDF-1.4\n")


def add_event(root: Path) -> None:
    source = (root / EVENT).read_text(encoding="utf-8")
    copy = re.sub(r"^title: .*$", 'title: "Новое мероприятие"', source, count=1, flags=re.M)
    copy = re.sub(r"^start: .*$", 'start: "2026-12-14 11:00"', copy, count=1, flags=re.M)
    copy = re.sub(r"^end: .*$", 'end: "2026-12-14 13:00"', copy, count=1, flags=re.M)
    copy = re.sub(r"^state: .*\n", "", copy, count=1, flags=re.M)
    (root / "content" / "events" / "2026-12-14-novoe-meropriyatie.md").write_text(copy, encoding="utf-8")


PERSON = "content/people/gorbunova-irina-viktorovna.md"
CONTEST = "content/events/2026-02-02-konkurs-uchitel-goda-murom.md"
ROADMAP = "content/programs/stavropol-dorozhnaya-karta-metodicheskoy-raboty-2020-2021.md"


def add_question(root: Path) -> None:
    source = (root / "content/questions/rabochaya-programma-novyy-uchebnik.md").read_text(encoding="utf-8")
    copy = re.sub(r"^title: .*$", 'title: "Новый вопрос о рабочей программе"', source, count=1, flags=re.M)
    copy = re.sub(r"^topics: .*$", "topics: [ФГОС, оценка качества]", copy, count=1, flags=re.M)
    (root / "content" / "questions" / "novyy-vopros.md").write_text(copy, encoding="utf-8")


EDITS = {
    # the office: a person withdraws consent, looks after other subjects; an event's facets and
    # survey; a winner agrees to be named; an answer is added; a roadmap task is done
    "person made private": lambda r: replace_line(r, PERSON, "public:", "public: false"),
    "person subjects": lambda r: replace_line(r, PERSON, "subjects:", "subjects: [физика]"),
    "event topics": lambda r: replace_line(r, EVENT, "topics:", "topics: [ШНОР, инклюзия]"),
    "event satisfaction": lambda r: replace_line(r, "content/events/2025-11-10-metodicheskaya-dekada-nachalnye-klassy-murom.md",
                                                 "satisfaction:", "satisfaction: 70"),
    "winner made public": lambda r: replace_line(r, CONTEST, "    organization: murom-sosh-16",
                                                 "    public: true\n    organization: murom-sosh-16"),
    "question added": add_question,
    "roadmap task done": lambda r: replace_line(r, ROADMAP, "    status: в работе", "    status: выполнено"),
    "practice text": lambda r: append(r, PRACTICE, "\n## Новый раздел\n\nТекст правки.\n"),
    "practice text links a new file": attach_file,
    "practice title": lambda r: replace_line(r, PRACTICE, "title:", 'title: "Новое название практики"'),
    "practice subject (a facet)": lambda r: replace_line(r, PRACTICE, "subjects:",
                                                          "subjects: [математика, физическая культура]"),
    "practice year": lambda r: replace_line(r, PRACTICE, "year:", "year: 2019"),
    "practice organisation": lambda r: replace_line(r, PRACTICE, "organization:", "organization: artem-sosh-1"),
    "practice made a draft": lambda r: replace_line(r, PRACTICE, "title:", "status: черновик\ntitle: Черновик"),
    "practice added": add_practice,
    "practice deleted": lambda r: (r / PRACTICE).unlink(),
    "organisation title": lambda r: replace_line(r, ORGANIZATION, "title:", 'title: "Школа № 1 после правки"'),
    "association title": lambda r: replace_line(r, "content/associations/kirovskiy-ekspertnyy-sovet.md", "title:",
                                                'title: "Экспертный совет после правки"'),
    "event start": lambda r: replace_line(r, EVENT, "start:", 'start: "2025-10-08 13:30"'),
    "event added": add_event,
    "program title": lambda r: replace_line(r, "content/programs/murom-programma-razvitiya-2021-2025.md", "title:",
                                            'title: "Программа после правки"'),
    "vocabulary label": lambda r: (r / "data/vocabularies.yml").write_text(
        (r / "data/vocabularies.yml").read_text(encoding="utf-8").replace("label: математика", "label: Математика",
                                                                          1), encoding="utf-8"),
    "site title": lambda r: replace_line(r, "data/site.yml", "title:", "title: Копилка после правки"),
    "site address (feeds, their links)": lambda r: replace_line(r, "mkdocs.yml", "site_url:",
                                                                "site_url: https://kopilka.other.example/"),
    "home page text": lambda r: (r / "content/index.md").write_text("Новое вступление главной.\n", encoding="utf-8"),
    # statistics: a level moves (a cross table over levels follows), a list a measure counts
    # grows, a practice's year moves it between the two columns of the dynamics table
    "monitoring group (levels, cross)": lambda r: replace_line(r, "content/organizations/uo-malgobeksky.md",
                                                               "    criterion2_group:", "    criterion2_group: 80–100 %"),
    "monitoring list (measures)": lambda r: replace_line(r, "content/organizations/uo-nazranovsky.md", "    sites:",
                                                         "    sites:\n      - новая стажировочная площадка"),
    "statistics definition": lambda r: (r / "data/statistics.yml").write_text(
        (r / "data/statistics.yml").read_text(encoding="utf-8").replace("shares: строка", "shares: столбец"),
        encoding="utf-8"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A copy of the example site at a fixed path, and its first build's session, pickled."""
    root = tmp_path_factory.mktemp("incremental") / "site"
    for part in SITE_PARTS:
        (shutil.copytree if (REPO / part).is_dir() else shutil.copy)(REPO / part, root / part)
    session = Session()
    first, diagnostics = generate(root, session=session)
    assert first is not None, [d.format() for d in diagnostics.errors][:3]
    return root, pickle.dumps(session.graph), first.outputs


def restore(root: Path) -> None:
    for part in SITE_PARTS:
        if (REPO / part).is_dir():
            shutil.rmtree(root / part)
            shutil.copytree(REPO / part, root / part)
        else:
            shutil.copy(REPO / part, root / part)


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_incremental_rebuild_equals_a_full_build(edit, built):
    root, graph, before = built
    restore(root)
    session = Session(graph=pickle.loads(graph))
    EDITS[edit](root)
    try:
        again, diagnostics = generate(root, session=session)
        assert again is not None, [d.format() for d in diagnostics.errors][:3]
        full, _ = generate(root)
    finally:
        restore(root)
    differ = sorted(uri for uri in again.outputs.keys() | full.outputs.keys()
                    if again.outputs.get(uri) != full.outputs.get(uri))
    assert differ == [], differ[:5]
    new = {uri for uri, output in again.outputs.items() if before.get(uri) != output}
    assert new, "the edit changed nothing: the case tests nothing"
    assert new <= again.changed, sorted(new - again.changed)[:5]
    # and it did not make everything again
    assert again.work.computed < full.work.computed


def test_a_commit_changes_the_dates_of_its_own_records_only(tmp_path):
    """Dates of change are inputs too: after a commit, an incremental rebuild equals a full one,
    and what it makes again is that record's page and the feeds and lists that show it."""
    import subprocess

    root = tmp_path / "site"
    for part in SITE_PARTS:
        (shutil.copytree if (REPO / part).is_dir() else shutil.copy)(REPO / part, root / part)
    env = {"GIT_AUTHOR_NAME": "М", "GIT_AUTHOR_EMAIL": "m@example.org", "GIT_COMMITTER_NAME": "М",
           "GIT_COMMITTER_EMAIL": "m@example.org"}

    def commit(day: str) -> None:
        dated = {**env, "GIT_AUTHOR_DATE": f"{day}T10:00:00Z", "GIT_COMMITTER_DATE": f"{day}T10:00:00Z"}
        for args in (["add", "-A"], ["commit", "-q", "-m", "правка"]):
            subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                           env={**__import__("os").environ, **dated})

    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, capture_output=True)
    commit("2026-09-01")
    session = Session()
    first, _ = generate(root, session=session)
    append(root, PRACTICE, "\n## Новый раздел\n\nТекст правки.\n")
    commit("2026-10-15")
    again, _ = generate(root, session=session)
    full, _ = generate(root)
    differ = sorted(uri for uri in again.outputs.keys() | full.outputs.keys()
                    if again.outputs.get(uri) != full.outputs.get(uri))
    assert differ == [], differ[:5]
    practice = "practices/" + Path(PRACTICE).name
    assert "обновлено 15 октября 2026" in again.text(practice)
    assert "обновлено" not in first.text(practice)
    assert {practice, "practices/feed.xml"} <= again.changed
    assert len(again.changed) < len(again.outputs) / 10
