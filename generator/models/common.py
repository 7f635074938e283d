"""Field types shared by the content types.

Vocabulary-backed fields read the site's vocabularies from the validation context, so one
model serves every site. Errors are raised as PydanticCustomError whose type is our stable
diagnostic code and whose context carries the value, what is allowed and the nearest choice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

from generator.diagnostics import join_allowed, nearest
from generator.models.datehints import guess_date, guess_moment
from generator.source.vocabularies import Entry, Vocabularies, Vocabulary


@dataclasses.dataclass(frozen=True)
class ValidationContext:
    vocabularies: Vocabularies
    timezone: str


def _problem(code: str, message: str, value: object = None, allowed: str | None = None,
             hint: str | None = None) -> PydanticCustomError:
    return PydanticCustomError(code, message, {
        "value": None if value is None else str(value), "allowed": allowed, "hint": hint})


def _context(info: ValidationInfo) -> ValidationContext:
    return info.context


class Record(BaseModel):
    """Base of every content type: frozen, unknown keys refused, numbers accepted as text."""

    model_config = ConfigDict(frozen=True, extra="forbid", coerce_numbers_to_str=True,
                              str_strip_whitespace=True)


# --- vocabularies ---------------------------------------------------------------------

STATUSES = Vocabulary("statuses", [
    Entry("published", "опубликовано", aliases=("опубликована", "published")),
    Entry("draft", "черновик", aliases=("draft",)),
    Entry("review", "на экспертизе", aliases=("экспертиза", "на рассмотрении")),
    Entry("archived", "архив", aliases=("в архиве", "архивная", "archived")),
])
#: Statuses whose entries exist in the built site; drafts and entries under review never do.
VISIBLE_STATUSES = frozenset({"published", "archived"})


#: A value not checked because its data file could not be read: never shown one by one, but
#: counted at the data file's own problem (corpus/unchecked.py).
UNCHECKED = "E300"


def _unchecked(vocabulary: Vocabulary, value: object) -> PydanticCustomError:
    return _problem(UNCHECKED, "значение не проверено: файл данных сайта не прочитан", value,
                    hint=vocabulary.unavailable)


def _resolve(vocabulary: Vocabulary, value: object, what: str) -> str:
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise _problem("E103", f"ожидается одно значение из словаря «{what}»", value,
                       join_allowed(vocabulary.labels()), "напишите одно значение строкой, без списка и вложенных полей")
    resolved = vocabulary.resolve(value)
    if resolved is None and vocabulary.unavailable:
        raise _unchecked(vocabulary, value)
    if resolved is None:
        suggestion = vocabulary.suggest(value)
        raise _problem("E104", f"значения «{value}» нет в словаре «{what}»", value,
                       join_allowed(vocabulary.labels(), 40),
                       f"возможно, вы имели в виду «{suggestion}»" if suggestion else
                       "выберите значение из списка допустимых или попросите добавить его в data/vocabularies.yml")
    return resolved


def fixed(vocabulary: Vocabulary, what: str) -> Any:
    """A field holding one entry id of a vocabulary Kopilka fixes itself (pages depend on its
    entries: repetition, task states, roles), accepting the same spellings as a site's."""

    def pick(value: object) -> str:
        return _resolve(vocabulary, value, what)

    return Annotated[str, BeforeValidator(pick)]


@dataclasses.dataclass(frozen=True)
class FromVocabulary:
    """Marks a field whose values come from the site's vocabulary `name`, so that a message
    about the field left empty can list what may be written (validate.py)."""

    name: str


def vocab(name: str, what: str | None = None) -> Any:
    """A field holding one entry id of the site's vocabulary `name`."""

    def check(value: object, info: ValidationInfo) -> str:
        return _resolve(_context(info).vocabularies[name], value, what or name)

    return Annotated[str, BeforeValidator(check), FromVocabulary(name)]


def _as_list(value: object) -> object:
    """Contributors write `levels: ООО` or `levels: ООО, СОО` as often as a YAML list."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if value is None:
        return []
    return value


def vocab_list(name: str, what: str | None = None) -> Any:
    """Several entries: repeats removed, in the vocabulary's order (ДО before ДПО everywhere)."""

    def order(ids: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        vocabulary = _context(info).vocabularies[name]
        return tuple(sorted(set(ids), key=vocabulary.position))

    return Annotated[tuple[vocab(name, what), ...], BeforeValidator(_as_list), AfterValidator(order),
                     FromVocabulary(name)]


def _status(value: object) -> str:
    return _resolve(STATUSES, value, "статусы публикации")


Status = Annotated[str, BeforeValidator(_status)]


def _municipality(value: object, info: ValidationInfo) -> str:
    vocabularies = _context(info).vocabularies
    resolved = vocabularies.municipality_lookup.resolve(value)
    if resolved is None and vocabularies.municipality_lookup.unavailable:
        raise _unchecked(vocabularies.municipality_lookup, value)
    if resolved is None:
        suggestion = vocabularies.municipality_lookup.suggest(value)
        raise _problem("E110", f"муниципалитета «{value}» нет в data/municipalities.yml", value,
                       "id или название из data/municipalities.yml",
                       f"возможно, вы имели в виду «{suggestion}»" if suggestion else
                       "добавьте муниципалитет в data/municipalities.yml")
    return resolved


MunicipalityId = Annotated[str, BeforeValidator(_municipality)]

# --- text, ids, urls, tags -------------------------------------------------------------

Text = Annotated[str, Field(min_length=1)]


def _one_line(value: object) -> object:
    """A title is one line: line breaks, tabs and runs of spaces (also U+2028 from Word) become
    one space, so that no title breaks a page's metadata, a feed's line or a table's cell."""
    return " ".join(value.split()) if isinstance(value, str) else value


#: Text shown as one line: titles and names.
Line = Annotated[str, BeforeValidator(_one_line), Field(min_length=1)]
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _ref(value: object) -> str:
    text = str(value).strip()
    if not ID_RE.match(text):
        raise _problem("E103", "ожидается id записи: латинские строчные буквы, цифры и дефисы",
                       value, "например penza-sosh-57", "id — это имя файла записи без .md")  # names.REF_ALLOWED
    return text


Ref = Annotated[str, BeforeValidator(_ref)]
RefList = Annotated[tuple[Ref, ...], BeforeValidator(_as_list)]
#: Schemes a link may have: nothing that runs (javascript:, vbscript:) or carries a document
#: of its own (data:, file:) can be clicked on the site.
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
#: What browsers drop from a URL before reading its scheme: `java<TAB>script:` is `javascript:`.
_DROPPED = re.compile(r"[\x00-\x20\x7f]")
_BREAKS = re.compile(r"[\x00-\x1f\x7f]")


def link_kind(value: str) -> str:
    """The one rule for every link a record writes: "url" for an absolute link with a safe
    scheme, "file" for a relative path (checked as a file inside the site elsewhere), "unsafe"
    for any other scheme, written plainly or hidden by entities (`javascript&colon;`), tabs,
    line breaks or leading spaces, and for paths a browser would send off the site (`//host`,
    `\\host`, `/x`) or that name a computer's disk (`C:\\…`)."""
    text = value.strip()
    if _BREAKS.search(text):
        return "unsafe"
    seen = _DROPPED.sub("", html.unescape(text))
    match = _SCHEME.match(seen)
    if match:
        written = _SCHEME.match(text)
        safe = match.group(1).lower() in SAFE_SCHEMES
        return "url" if safe and written and written.group(1).lower() == match.group(1).lower() else "unsafe"
    if seen.startswith("/") or "\\" in seen:
        return "unsafe"
    return "file"


def _link_problem(value: str, wanted: str) -> PydanticCustomError:
    text = value.strip()
    if re.match(r"^[a-zA-Z]:[\\/]", text):
        return _problem("E103", "это путь к файлу на вашем компьютере, а не ссылка", value, wanted,
                        "положите файл в папку сайта рядом с записью и укажите путь к нему, например materials/plan.pdf")
    if _SCHEME.match(_DROPPED.sub("", html.unescape(text))) or text.startswith(("//", "\\")):
        return _problem("E103", "такая ссылка не допускается: на сайте можно открыть только ссылки "
                        "https://, http://, mailto: и tel:", value, wanted,
                        "вставьте адрес страницы из строки браузера, он начинается с https://")
    return _problem("E103", "путь к файлу должен быть относительным: от файла записи к файлу внутри "
                    "папки сайта", value, wanted, "например materials/plan.pdf (без / в начале и без \\)")


def _url(value: str) -> str:
    if link_kind(value) != "url":
        if link_kind(value) == "file":
            raise _problem("E103", "ссылка должна начинаться с https:// (или http://, mailto:, tel:)",
                           value, "https://…", f"https://{value}" if "." in value else
                           "вставьте адрес страницы из строки браузера")
        raise _link_problem(value, "https://…, http://…, mailto:…, tel:…")
    return value


def _url_or_file(value: str) -> str:
    if link_kind(value) == "unsafe":
        raise _link_problem(value, "ссылка https://… или путь к файлу внутри папки сайта")
    return value


def _file(value: str) -> str:
    kind = link_kind(value)
    if kind == "url":
        raise _problem("E103", "здесь нужен путь к файлу, а не ссылка", value,
                       "путь к файлу внутри папки сайта, например materials/plan.pdf",
                       "ссылку укажите в поле url")
    if kind == "unsafe":
        raise _link_problem(value, "путь к файлу внутри папки сайта, например materials/plan.pdf")
    return value


#: A link or a file beside the record (an association's regulation and plan).
LinkOrFile = Annotated[str, AfterValidator(_url_or_file)]
#: A file inside the site folder, relative to the record's file.
FilePath = Annotated[str, AfterValidator(_file)]
Url = Annotated[str, AfterValidator(_url)]


def _one_or_many(value: object) -> object:
    """A list of free texts; one text alone is a list of one (commas are kept)."""
    return [value] if isinstance(value, str) else [] if value is None else value


TextList = Annotated[tuple[Text, ...], BeforeValidator(_one_or_many)]


def _tags(value: object) -> object:
    items = _as_list(value)
    if not isinstance(items, list):
        return items
    seen: dict[str, None] = {}
    for item in items:
        if isinstance(item, (str, int, float)):
            tag = " ".join(str(item).lower().split())
            if tag:
                seen[tag] = None
        else:
            return items  # let the type check report it
    return list(seen)


Tags = Annotated[tuple[str, ...], BeforeValidator(_tags)]

_YES = {"true", "да", "yes", "1"}
_NO = {"false", "нет", "no", "0"}


def _bool(value: object) -> object:
    word = str(value).strip().lower()
    if isinstance(value, bool):
        return value
    if word in _YES or word in _NO:
        return word in _YES
    raise _problem("E103", "ожидается да или нет (true или false)", value, "true, false, да, нет",
                   "напишите true (да) или false (нет)")


Flag = Annotated[bool, BeforeValidator(_bool)]

# --- dates ----------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_RU = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


def _date_parts(text: str) -> tuple[int, int, int] | None:
    if m := _ISO.match(text):
        return int(m[1]), int(m[2]), int(m[3])
    if m := _RU.match(text):
        return int(m[3]), int(m[2]), int(m[1])
    return None


def _make_date(text: str, parts: tuple[int, int, int], code: str) -> dt.date:
    year, month, day = parts
    try:
        return dt.date(year, month, day)
    except ValueError:
        if 1 <= month <= 12:
            last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
            hint = f"в этом месяце {last} дней: {last:02d}.{month:02d}.{year}"
        else:
            hint = "месяц — число от 01 до 12"
        raise _problem(code, f"такой даты нет в календаре: {text}", text,
                       "ГГГГ-ММ-ДД или ДД.ММ.ГГГГ", hint) from None


def parse_date(value: object) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    text = str(value).strip()
    parts = _date_parts(text)
    if parts is None:
        meant = guess_date(text)
        raise _problem("E105", "дата записана в неизвестном виде", text,
                       "2024-03-15 или 15.03.2024",
                       f"запишите так: {meant}" if meant else "год, месяц и день цифрами: 2024-09-01")
    return _make_date(text, parts, "E105")


def parse_moment(value: object) -> dt.date | dt.datetime:
    """A date (all day) or a naive date-time read in the record's own zone."""
    if isinstance(value, dt.date):
        return value
    text = " ".join(str(value).replace("T", " ").split())
    date_text, _, time_text = text.partition(" ")
    parts = _date_parts(date_text)
    time_match = _TIME.match(time_text) if time_text else None
    if parts is None or (time_text and not time_match):
        meant = guess_moment(text)
        raise _problem("E106", "дата и время записаны в неизвестном виде", text,
                       "2024-03-15 10:00, 15.03.2024 10:00 или только дата",
                       f"запишите так: {meant}" if meant else "дата, пробел и время через двоеточие: 2024-09-01 10:00")
    day = _make_date(text, parts, "E106")
    if not time_match:
        return day
    hour, minute = int(time_match[1]), int(time_match[2])
    if hour > 23 or minute > 59:
        raise _problem("E106", f"такого времени нет: {time_text}", text, "ЧЧ:ММ от 00:00 до 23:59",
                       "часы от 0 до 23, минуты от 00 до 59")
    return dt.datetime(day.year, day.month, day.day, hour, minute)


Date = Annotated[dt.date, BeforeValidator(parse_date)]
Moment = Annotated[dt.date | dt.datetime, BeforeValidator(parse_moment)]
Year = Annotated[int, Field(ge=1990, le=2100)]


def check_zone(value: object) -> str:
    text = str(value).strip()
    try:
        if not isinstance(value, str):  # a list or a table is no zone, and str() of it no file name
            raise ValueError(text)
        ZoneInfo(text)
        return text
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file
        suggestion = nearest(text, available_timezones(), cutoff=0.6)
        raise _problem("E107", f"неизвестный часовой пояс «{text}»", text,
                       "имя IANA: Europe/Moscow, Asia/Vladivostok, Asia/Yekaterinburg…",
                       f"возможно, «{suggestion}»" if suggestion else
                       "имя пояса пишется как Часть_света/Город, например Europe/Samara") from None


TimeZone = Annotated[str, BeforeValidator(check_zone)]

# --- small structures -----------------------------------------------------------------


def _person(value: object) -> object:
    return {"name": value} if isinstance(value, str) else value


class Person(Record):
    """An author or leader: «Фамилия Имя Отчество», optionally with position and organisation.
    `public: false` keeps the name off the site (the record itself is published)."""

    name: Line = Field(description="ФИО полностью.")
    position: Line | None = Field(None, description="Должность.")
    organization: Line | None = Field(
        None, description="Организация: id записи организации или название текстом.")
    public: Flag | None = Field(
        None, title="показывать ли имя", description="false — не показывать имя на сайте (по умолчанию автор и руководитель видны).")

    @property
    def shown(self) -> bool:
        return self.public is not False


PersonItem = Annotated[Person, BeforeValidator(_person)]


class Material(Record):
    """A document or link attached to a record: a file inside the site folder or a URL."""

    title: Line = Field(description="Название материала.")
    file: FilePath | None = Field(None, description="Путь к файлу относительно файла записи.")
    url: Url | None = Field(None, description="Ссылка https://…")
    license: str | None = Field(None, description="Лицензия, например CC BY 4.0.")


# --- contacts -------------------------------------------------------------------------

_EMAIL = re.compile(r"^[^@\s<>\"'(),;:]+@[^@\s<>\"'(),;:]+\.[^@\s<>\"'(),;:.][^@\s<>\"'(),;:]*$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-–.]{3,}[0-9](\s*,?\s*(доб\.?|доп\.?)\s*[0-9]{1,6})?$")


def _email(value: object) -> str:
    text = str(value).strip()
    text = text[7:] if text.lower().startswith("mailto:") else text
    if not _EMAIL.match(text):
        raise _problem("E103", "адрес электронной почты записан неверно", value,
                       "имя@домен, например metodist@example.org",
                       "проверьте, что в адресе одна @, есть точка в домене и нет пробелов")
    return text


def _phone(value: object) -> str:
    text = " ".join(str(value).split())
    if not _PHONE.match(text):
        raise _problem("E103", "номер телефона записан неверно", value,
                       "цифры, пробелы, скобки и дефисы: +7 (8412) 56-00-00, доб. 12",
                       "напишите номер с кодом города; несколько номеров — в разных полях")
    return text


Email = Annotated[str, BeforeValidator(_email)]
Phone = Annotated[str, BeforeValidator(_phone)]


def tel_href(phone: str) -> str:
    """`tel:` link of a phone as written: digits and a leading plus, the extension dropped."""
    main = re.split(r"доб|доп", phone)[0]
    return "tel:" + ("+" if main.strip().startswith("+") else "") + re.sub(r"\D", "", main)
