"""One channel for every problem a contributor or site owner must see.

A Diagnostic always names the file and line; `value`, `allowed` and `hint` carry the offending
value, what would be accepted and the nearest valid choice. Messages are Russian because
contributors read them; codes are stable so that documentation and CI can refer to them.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from pathlib import Path
from typing import Iterable, Literal

Severity = Literal["error", "warning"]

#: Stable codes with a short Russian title each; the contributor guide lists them.
CODES: dict[str, str] = {
    "E001": "файл сохранён не в UTF-8",
    "E002": "двоичный файл вместо текста",
    "E003": "пустой файл",
    "E004": "нет блока метаданных (---)",
    "E005": "блок метаданных не закрыт строкой ---",
    "E006": "синтаксическая ошибка YAML",
    "E007": "табуляция в YAML",
    "E008": "поле указано дважды",
    "E009": "якоря и ссылки YAML (& и *) не поддерживаются",
    "E010": "метаданные должны быть набором полей «ключ: значение»",
    "E011": "недопустимое имя файла (id)",
    "E012": "ссылка на файл за пределами папки сайта",
    "E013": "невидимый управляющий символ в тексте",
    "E014": "файл слишком большой",
    "E015": "слишком глубокая вложенность YAML",
    "E016": "такой тип файла не публикуется",
    "E017": "файл на месте, которое занимает сам сайт",
    "E018": "кэш сборки добавлен в репозиторий",
    "E101": "неизвестное поле",
    "E102": "не заполнено обязательное поле",
    "E103": "значение неверного вида",
    "E104": "значения нет в словаре",
    "E105": "неверная дата",
    "E106": "неверные дата и время",
    "E107": "неизвестный часовой пояс",
    "E108": "слишком длинный текст",
    "E109": "значение вне допустимого диапазона",
    "E110": "неизвестный муниципалитет",
    "E111": "поля противоречат друг другу",
    "E201": "id использован дважды",
    "E202": "ссылка на несуществующую запись",
    "E203": "ссылка на неопубликованную запись",
    "E204": "файл материалов не найден или лежит вне папки сайта",
    "E300": "значение не проверено из-за ошибки в файле данных (сводится в одну строку E301)",
    "E301": "ошибка в файле данных сайта",
    "E302": "ошибка в определении статистики",
    "E303": "неверное правило в определении статистики",
    "E304": "определение статистики ссылается на неизвестное поле, словарь или таблицу",
    "E900": "внутренняя ошибка Kopilka",
    "W301": "уровни статистики оставляют разрыв между диапазонами",
    "W302": "опубликованная доля невозможна при её знаменателе",
    "W303": "формула делит на ноль у некоторых записей",
    "W304": "мера над числами, а у записей в поле текст",
    "W101": "нет рекомендуемого раздела в описании",
    "W102": "ссылка без https",
    "W201": "целевое значение показателя вне срока документа",
    "W202": "выполнение показателя без целевого значения",
    "W203": "этап вне срока документа",
    "W204": "целевые значения меняются не в ту сторону",
    "W205": "организация руководителя или автора не найдена",
    "W206": "у муниципалитета нет организаций",
    "W207": "организация руководителя или автора не опубликована",
    "W208": "специалист не публикуется (нет public: true): его имя на сайте не появится",
    "W209": "имя участника или победителя без public: true на сайте не показывается",
    "W210": "у организации специалиста нет такого отдела",
    "W401": "не указан адрес сайта (site_url): нет карты сайта, лент и превью",
}


@dataclasses.dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem in one place of one file. `line` and `column` are 1-based; 0 means unknown."""

    path: str
    line: int
    column: int
    code: str
    message: str
    value: str | None = None
    allowed: str | None = None
    hint: str | None = None
    severity: Severity = "error"

    def format(self) -> str:
        """Human-readable, one problem per paragraph: `file:line:col: ошибка E101: …`."""
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        kind = "ошибка" if self.severity == "error" else "предупреждение"
        lines = [f"{where}: {kind} {self.code}: {self.message}"]
        if self.value is not None:
            lines.append(f"    получено: {self.value}")
        if self.allowed:
            lines.append(f"    допустимо: {self.allowed}")
        if self.hint:
            lines.append(f"    подсказка: {self.hint}")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


class Diagnostics:
    """Collects every problem of a run; nothing stops at the first one."""

    def __init__(self, items: Iterable[Diagnostic] = ()) -> None:
        self.items: list[Diagnostic] = list(items)

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        """Stable order for people and tests: by file, then line."""
        return sorted(set(self.items), key=lambda d: (d.path, d.line, d.column, d.code, d.message))


def nearest(value: str, choices: Iterable[str], cutoff: float = 0.5) -> str | None:
    """The closest choice to `value`, compared case-insensitively, or None."""
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(str(value).lower(), list(lowered), n=1, cutoff=cutoff)
    return lowered[match[0]] if match else None


def display_path(path: str | Path, root: Path) -> str:
    """Paths are shown relative to the site root with forward slashes, as in a pull request."""
    text, prefix = str(path), str(root).rstrip(os.sep) + os.sep
    if text.startswith(prefix) and f"{os.sep}.." not in text:  # the common case: no syscall, no parsing
        return text[len(prefix):].replace(os.sep, "/")
    path = Path(path)
    if path.is_absolute() and ".." not in path.parts and path.is_relative_to(root):
        return path.relative_to(root).as_posix()  # the common case, without a syscall per file
    try:  # resolve the folder, not the file: a link is named where it lies
        return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def join_allowed(values: Iterable[str], limit: int = 12) -> str:
    values = list(values)
    shown = ", ".join(values[:limit])
    return shown + (f" и ещё {len(values) - limit}" if len(values) > limit else "")
