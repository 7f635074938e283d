"""Statistics definitions (`data/statistics.yml`): tables as data the site owner edits.

A definition says which records (a content type and a filter), how to group them (count by one
key, cross-tabulate two, classify into ordered levels by rules, or measure: sums, means, shares
of people), over which denominator, with which per-record formulas, for one campaign or several
(dynamics), and optionally which figures a report published. Every problem is a Diagnostic with
file and line, reported together with content errors. This module reads a table; its parts have
modules of their own (statrules, statmeasures, statformula, statpublished, statperiods,
statlinks, statplausible). Rules are pure values here; `derive/stats.py` applies them.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from generator.diagnostics import Diagnostic, nearest
from generator.models import MODELS
from generator.source.frontmatter import ID_PATTERN
from generator.source.statformula import Formula, parse_formulas
from generator.source.statmeasures import Measure, parse_measures
from generator.source.statperiods import campaigns_of, substituted, uses_placeholder
from generator.source.statlinks import check_links
from generator.source.statplausible import plausibility
from generator.source.statpublished import Figure, Published, check_measure_figures, parse_published  # noqa: F401
from generator.source.statrules import NO_DATA_KEY, Rule, parse_rule
from generator.source.vocabularies import Vocabularies, _key
from generator.source.datafile import read_yaml

STATISTICS_FILE = "data/statistics.yml"
CONTENT_TYPES = {"practice": ("практики", "practices"), "event": ("мероприятия", "events"),
                 "association": ("объединения", "associations"), "program": ("документы", "programs"),
                 "organization": ("организации", "organizations")}
TABLE_KEYS = ("id", "title", "description", "content", "filter", "order", "names", "count", "cross",
              "classify", "measures", "formulas", "shares", "campaigns", "vocabulary", "levels", "denominator", "published", "chart", "members")
MODE_KEYS = ("count", "cross", "classify", "measures")
#: Derived fields every record has besides its own: its municipality (own or its organisation's).
PSEUDO_FIELDS = ("municipality", "municipality.type", "municipality.region")
TRANSFORMS = ("month", "year")
#: Pages of the statistics section that a table id must not take.
RESERVED_IDS = ("index", "data-quality", "program-indicators")


@dataclasses.dataclass(frozen=True)
class Level:
    id: str
    label: str
    rule: Rule | None          # None for the residual level («остальные»)
    line: int

    @property
    def rest(self) -> bool:
        return self.rule is None


@dataclasses.dataclass(frozen=True)
class StatDef:
    id: str
    title: str
    description: str
    content: str                            # content type: practice, organization, …
    filter: tuple[tuple[str, Rule], ...]
    order: str | None                       # field giving the report's row order
    names: str                              # "title" or "municipality"
    mode: str                               # count, cross, levels or measures
    fields: tuple[str, ...]                 # one for count/levels, two for cross
    vocabularies: tuple[str | None, ...]    # labels for the values of each field
    levels: tuple[Level, ...]
    denominator: str | int                  # "all", "with_value" or a stated number
    published: Published | None
    chart: bool
    list_members: bool                      # False: the page shows counts only (large built-in tables)
    path: str
    line: int
    measures: tuple[Measure, ...] = ()       # mode measures: one row each
    #: (table id, ((level id, label), …)) of each table whose levels a `level.<table>` field reads:
    #: rows and columns over them keep the other table's titles and order, empty levels included.
    linked_levels: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    formulas: tuple[Formula, ...] = ()        # per-record fields computed from the record's others
    shares: str | None = None                # cross tables: a cell's percent of its row, column or total
    #: dynamics: ((campaign label, the definition read for that campaign), …), first to last
    periods: tuple[tuple[str, "StatDef"], ...] = ()

    def formula(self, field: str) -> Formula | None:
        return next((f for f in self.formulas if f.name == field), None)

    def linked(self, field: str) -> tuple[tuple[str, str], ...] | None:
        """The (id, label) levels a `level.<table>` field takes, else None."""
        base = field.partition("|")[0]
        return dict(self.linked_levels).get(base[6:]) if base.startswith("level.") else None

    def level(self, name: object) -> Level | None:
        wanted = _key(name)
        return next((lv for lv in self.levels if wanted in (_key(lv.id), _key(lv.label))), None)

    def depends_on(self) -> list[str]:
        """Tables whose levels this one reads through `level.<table>` fields."""
        fields = [f for f, _ in self.filter] + list(self.fields)
        fields += [f for lv in self.levels if lv.rule for f in lv.rule.fields]
        fields += [f for m in self.measures for f in m.fields + (m.rule.fields if m.rule else ())]
        fields += [f for formula in self.formulas for f in formula.node.fields()]
        fields += [f"level.{t}" for _, period in self.periods for t in period.depends_on()]
        return [f.split(".", 1)[1] for f in fields if f.startswith("level.")]


class DefinitionProblems:
    def __init__(self, rel: str, positions: dict) -> None:
        self.rel, self.positions, self.items = rel, positions, []

    def line(self, path: tuple) -> int:
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path, (0, 0))[0]

    def add(self, path: tuple, code: str, message: str, value=None, allowed=None, hint=None,
            severity: str = "error") -> None:
        self.items.append(Diagnostic(self.rel, self.line(path), 0, code, message,
                                     value=None if value is None else str(value)[:120],
                                     allowed=allowed, hint=hint, severity=severity))

    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.items)


def load_definitions(root: Path, vocabularies: Vocabularies) -> tuple[list[StatDef], list[Diagnostic]]:
    """Definitions in file order; a site without the file simply has only built-in tables."""
    path = root / STATISTICS_FILE
    if not path.is_file():
        return [], []
    document, read = read_yaml(path, root)
    problems = DefinitionProblems(STATISTICS_FILE, document.positions if document else {})
    problems.items.extend(read)
    data = document.data if document else None
    if data is None:
        return [], problems.items
    tables = data.get("tables") if isinstance(data, dict) else None
    if not isinstance(tables, list):
        problems.add((), "E302", "в файле статистики нужен список tables:",
                     hint="tables:\n  - id: ...\n    title: ...")
        return [], problems.items
    definitions, found = parse_definitions(tables, problems, vocabularies, ("tables",))
    for definition in [d for d in definitions if d.id in RESERVED_IDS or d.id.startswith("site-")]:
        found.append(Diagnostic(definition.path, definition.line, 0, "E302",
                                f"id «{definition.id}» занят страницами сайта", definition.id,
                                hint="ids на site- и " + ", ".join(RESERVED_IDS) + " — встроенные; выберите другой"))
        definitions.remove(definition)
    return definitions, found


def parse_definitions(tables: list, problems: DefinitionProblems, vocabularies: Vocabularies,
                      prefix: tuple = ()) -> tuple[list[StatDef], list[Diagnostic]]:
    found: dict[str, StatDef] = {}
    failed: set[str] = set()  # ids of tables with their own errors, already reported
    for index, item in enumerate(tables):
        definition = _table_over_time(item, prefix + (index,), problems, vocabularies)
        if definition is None:
            failed.add(str(item.get("id")) if isinstance(item, dict) else "")
            continue
        if definition.id in found:
            problems.add(prefix + (index, "id"), "E201", f"таблица «{definition.id}» определена дважды",
                         definition.id, hint=f"первая — в строке {found[definition.id].line}")
            continue
        found[definition.id] = definition
    check_links(found, failed, problems)
    return list(found.values()), problems.items


def _table_over_time(item: object, at: tuple, problems: DefinitionProblems, vocabularies) -> StatDef | None:
    """A table, or with `campaigns:` one table per campaign held by the first (see statperiods)."""
    if not isinstance(item, dict) or "campaigns" not in item:
        return _table(item, at, problems, vocabularies)
    campaigns = campaigns_of(item["campaigns"], at + ("campaigns",), problems)
    if campaigns and not uses_placeholder(item):
        problems.add(at + ("campaigns",), "E302", "в определении динамики нет $campaign", item.get("id"),
                     "поля с $campaign вместо id кампании", "classify: monitoring.$campaign.staff")
        return None
    if not campaigns:
        return None
    base = {k: v for k, v in item.items() if k != "campaigns"}
    before, periods = len(problems.items), []
    for campaign, label in campaigns:
        period = _table(substituted(base, campaign), at, problems, vocabularies)
        if period is None:
            break
        periods.append((label, period))
    seen = set()  # one message for a mistake every campaign repeats
    problems.items[before:] = [p for p in problems.items[before:] if (p.line, p.message) not in seen
                               and not seen.add((p.line, p.message))]
    if len(periods) != len(campaigns) or periods[0][1].mode == "cross":
        if len(periods) == len(campaigns):
            problems.add(at + ("campaigns",), "E302", "динамика строится для count, classify или measures", "cross",
                         "count, classify или measures", "для cross постройте по таблице на каждую кампанию")
        return None
    first = periods[0][1]
    return dataclasses.replace(first, id=str(item.get("id")), periods=tuple(periods), published=None, chart=False)


def _table(item: object, at: tuple, problems: DefinitionProblems, vocabularies: Vocabularies) -> StatDef | None:
    if not isinstance(item, dict):
        problems.add(at, "E302", "таблица должна быть набором полей «ключ: значение»", item,
                     "id, title, content и count, cross, classify или measures", "- id: t\n    title: …\n    count: levels")
        return None
    before = problems.errors()
    for key in item:
        if key not in TABLE_KEYS:
            guess = nearest(str(key), TABLE_KEYS)
            problems.add(at + (key,), "E302", f"неизвестное поле «{key}» в определении таблицы", key,
                         ", ".join(TABLE_KEYS), f"возможно, «{guess}»" if guess else None)
    table_id, title = item.get("id"), item.get("title")
    if not isinstance(table_id, str) or not ID_PATTERN.match(table_id):
        problems.add(at + ("id",), "E302", "у таблицы нужен id: латиница, цифры и дефисы", table_id,
                     hint="например id: primorye-2022-staff")
        table_id = f"table-{at[-1] + 1}"
    if not title:
        problems.add(at, "E302", "у таблицы нужен title — заголовок страницы", hint="title: Кадровый состав ММС")
    content = _content(item.get("content"), at, problems)
    model = MODELS.get(content)
    formulas = parse_formulas(item.get("formulas"), at + ("formulas",), problems,
                              lambda field: unknown_field(field, model))
    names = set(item["formulas"]) if isinstance(item.get("formulas"), dict) else set()  # failed ones too: no cascade

    def _check_field(field, model, where, problems):  # a formula's name is a field of the table
        if field.partition("|")[0] not in names:
            _check_record_field(field, model, where, problems)

    modes = [key for key in MODE_KEYS if key in item]
    if len(modes) != 1:
        problems.add(at, "E302", "укажите ровно одно из count, cross, classify или measures",
                     ", ".join(modes) or None,
                     allowed="count: поле · cross: [поле, поле] · classify: поле и levels · measures: [меры]",
                     hint="count: levels")
    mode = {"classify": "levels"}.get(modes[0], modes[0]) if modes else "count"
    raw_fields = item.get(modes[0]) if modes else None
    fields = tuple(raw_fields) if isinstance(raw_fields, list) else (raw_fields,)
    measures = ()
    if mode == "measures":
        measures, fields = parse_measures(raw_fields, at + ("measures",), problems, _check_field, model), ()
    elif mode == "cross" and (len(fields) != 2 or not all(isinstance(f, str) for f in fields)):
        problems.add(at + ("cross",), "E302", "cross — список из двух полей", raw_fields,
                     hint="cross: [subjects, levels]")
        fields = ()
    elif mode != "cross" and not isinstance(raw_fields, str):
        problems.add(at + (modes[0] if modes else "count",), "E302", "укажите одно поле", raw_fields,
                     "имя поля записи", "count: levels")
        fields = ()
    for field in fields:
        _check_field(field, model, at + (modes[0],), problems)
    filters = []
    raw_filter = item.get("filter") or {}
    if not isinstance(raw_filter, dict):
        problems.add(at + ("filter",), "E302", "filter — набор «поле: правило»", raw_filter,
                     hint="filter: {monitoring.primorye-2022: есть}")
        raw_filter = {}
    for field, raw in raw_filter.items():
        _check_field(str(field), model, at + ("filter", field), problems)
        rule = parse_rule(raw, at + ("filter", field), problems)
        if rule:
            filters.append((str(field), rule))
    order = item.get("order")
    if order is not None:
        _check_field(str(order), model, at + ("order",), problems)
    names = item.get("names", "title")
    if names not in ("title", "municipality"):
        problems.add(at + ("names",), "E302", "names — как называть записи в списках", names,
                     "title (название записи) или municipality (муниципалитет)")
    vocab_names = _vocabularies(item.get("vocabulary"), len(fields), at, problems, vocabularies)
    levels = _levels(item.get("levels"), mode, at, problems)
    denominator = _denominator(item.get("denominator", "all"), at, problems)
    published = parse_published(item.get("published"), at, problems)
    if published and mode == "levels":
        for figure in published.figures:
            if _key(figure.key) != NO_DATA_KEY and not any(
                    _key(figure.key) in (_key(lv.id), _key(lv.label)) for lv in levels):
                guess = nearest(figure.key, [lv.label for lv in levels])
                problems.add(at + ("published", "figures", figure.key), "E304",
                             f"опубликованная цифра для неизвестного уровня «{figure.key}»", figure.key,
                             ", ".join(lv.label for lv in levels), f"возможно, «{guess}»" if guess else None)
    if published and mode == "measures":
        check_measure_figures(published, measures, at, problems)
    shares = _shares(item.get("shares"), mode, at, problems)
    if problems.errors() > before:
        return None
    plausibility(at, mode, fields, levels, denominator, published, model, problems)
    return StatDef(table_id, str(title), str(item.get("description") or ""), content, tuple(filters),
                   str(order) if order is not None else None, names, mode, fields, vocab_names, levels,
                   denominator, published, item.get("chart", mode != "measures") is not False,
                   item.get("members", True) is not False, problems.rel, problems.line(at), measures,
                   formulas=formulas, shares=shares)


def _shares(raw, mode: str, at: tuple, problems: DefinitionProblems) -> str | None:
    if raw is None:
        return None
    word = {"row": "row", "строка": "row", "по строке": "row", "column": "column", "столбец": "column",
            "по столбцу": "column", "total": "total", "всего": "total", "знаменатель": "total"}.get(_key(raw))
    if mode != "cross" or word is None:
        problems.add(at + ("shares",), "E302", "shares — доли клеток таблицы cross", raw,
                     "строка, столбец или всего (от знаменателя таблицы)",
                     "shares: строка" if mode == "cross" else "shares нужен только вместе с cross")
    return word


def _content(value: object, at: tuple, problems: DefinitionProblems) -> str:
    for kind, words in CONTENT_TYPES.items():
        if value is not None and _key(value) in (kind, *words):
            return kind
    problems.add(at + ("content",), "E302", "неизвестный вид записей", value,
                 ", ".join(w[0] for w in CONTENT_TYPES.values()), "content: организации")
    return "organization"


def _check_record_field(field: str, model, at: tuple, problems: DefinitionProblems) -> None:
    base, _, transform = field.partition("|")
    if transform and transform not in TRANSFORMS:
        problems.add(at, "E304", f"неизвестное преобразование «|{transform}»", field, "|month, |year")
    hint = unknown_field(base, model)
    if hint is not None:
        problems.add(at, "E304", f"у записей нет поля «{base.split('.', 1)[0]}»", field, hint=hint)


def unknown_field(base: str, model) -> str | None:
    """None when records of `model` have the field (or it is derived), else a hint."""
    head = base.split(".", 1)[0]
    if base in PSEUDO_FIELDS or base.startswith("level.") or model is None or head in model.model_fields:
        return None
    guess = nearest(head, [*model.model_fields, *PSEUDO_FIELDS])
    return f"возможно, «{guess}»" if guess else "поле записи, municipality.type или level.<id таблицы>"


def _vocabularies(raw, count: int, at: tuple, problems: DefinitionProblems, vocabularies: Vocabularies) -> tuple:
    names = raw if isinstance(raw, list) else [raw] * max(count, 1)
    for name in names:
        if name is not None and name not in vocabularies.vocabularies:
            guess = nearest(str(name), vocabularies.vocabularies)
            problems.add(at + ("vocabulary",), "E304", f"нет словаря «{name}»", name,
                         hint=f"возможно, «{guess}»" if guess else "имя словаря из data/vocabularies.yml")
    return tuple(names)


def _levels(raw, mode: str, at: tuple, problems: DefinitionProblems) -> tuple[Level, ...]:
    if mode != "levels":
        if raw is not None:
            problems.add(at + ("levels",), "E302", "levels нужны только вместе с classify", allowed="classify: поле и levels",
                         hint="уберите levels или замените count на classify")
        return ()
    if not isinstance(raw, list) or not raw:
        problems.add(at + ("levels",), "E302", "у classify нужен список уровней levels",
                     hint="levels:\n  - {label: оптимальное, rule: \">= 5\"}")
        return ()
    levels: list[Level] = []
    for index, item in enumerate(raw):
        where = at + ("levels", index)
        if not isinstance(item, dict) or not item.get("label") or ("rule" in item) == bool(item.get("rest")):
            problems.add(where, "E302", "уровень: {label, rule} или {label, rest: true} для «остальных»",
                         item, "{label, rule} или {label, rest: true}", '{label: оптимальное, rule: ">= 5"}')
            continue
        unknown = [k for k in item if k not in ("id", "label", "rule", "rest")]
        if unknown:
            problems.add(where + (unknown[0],), "E302", f"неизвестное поле уровня «{unknown[0]}»",
                         unknown[0], "id, label, rule, rest")
        rule = None if item.get("rest") else parse_rule(item["rule"], where + ("rule",), problems)
        level = Level(str(item.get("id") or item["label"]), str(item["label"]), rule, problems.line(where))
        if any(_key(level.id) == _key(other.id) for other in levels):
            problems.add(where, "E201", f"уровень «{level.id}» указан дважды", level.id,
                         hint="дайте уровням разные id или label")
        levels.append(level)
    if sum(lv.rest for lv in levels) > 1 or (levels and any(lv.rest for lv in levels[:-1])):
        problems.add(at + ("levels",), "E302", "уровень «остальные» (rest: true) может быть один и последним",
                     allowed="один {label: остальные, rest: true} в конце списка", hint="перенесите его в конец")
    return tuple(levels)


def _denominator(raw, at: tuple, problems: DefinitionProblems) -> str | int:
    if isinstance(raw, int) and not isinstance(raw, bool) and raw > 0:
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        problems.add(at + ("denominator",), "E302", f"знаменатель {raw}: доли от него не определены", raw,
                     "целое число больше нуля, «все» или «с данными»",
                     "denominator: все — если отчёт делит на все отобранные записи")
        return "all"
    word = {"all": "all", "все": "all", "with_value": "with_value", "с данными": "with_value",
            "со значением": "with_value"}.get(_key(raw))
    if word is None:
        guess = nearest(str(raw), ("все", "с данными", "all", "with_value"))
        problems.add(at + ("denominator",), "E302", "неизвестный знаменатель", raw,
                     "все, с данными или число, например 34", f"возможно, «{guess}»" if guess else "denominator: все")
        return "all"
    return word

