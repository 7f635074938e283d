"""Site settings (`data/site.yml`): the one place where defaults live."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from generator.diagnostics import Diagnostic, nearest
from generator.source.datafile import read_yaml

SETTINGS_FILE = "data/site.yml"


class SiteConfig(BaseModel):
    """Settings a site owner may change; every key has a default."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str = Field("Методическая копилка", description="Название сайта в шапке и на главной.")
    description: str = Field("", description="Одна-две фразы о сайте для главной страницы.")
    timezone: str = Field("Europe/Moscow",
                          description="Часовой пояс (IANA) для дат и времени без своего `timezone`.")
    home_practices: int = Field(8, ge=0, le=50, description="Сколько новых практик на главной.")
    home_events: int = Field(8, ge=0, le=50, description="Сколько ближайших мероприятий на главной.")
    calendar_domain: str = Field(
        "kopilka.example", pattern=r"^[A-Za-z0-9.-]+$",
        description="Домен сайта для постоянных UID мероприятий в календарях (id@домен).")
    page_size: int = Field(50, ge=10, le=500, description="Сколько записей на странице списка.")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"неизвестный часовой пояс {value!r}") from error
        return value


def load_config(root: Path) -> tuple[SiteConfig, list[Diagnostic]]:
    path = root / SETTINGS_FILE
    if not path.is_file():
        return SiteConfig(), []
    document, problems = read_yaml(path, root)
    data = document.data if document and isinstance(document.data, dict) else {}
    try:
        return SiteConfig(**data), problems
    except ValidationError as error:
        for item in error.errors():
            key = str(item["loc"][0]) if item["loc"] else ""
            line = document.positions.get((key,), (0, 0))[0]
            hint = nearest(key, SiteConfig.model_fields) if item["type"] == "extra_forbidden" else None
            problems.append(Diagnostic(SETTINGS_FILE, line, 0, "E301",
                                       f"неверная настройка «{key}»: {item['msg']}",
                                       value=str(item.get("input"))[:80],
                                       allowed=", ".join(SiteConfig.model_fields),
                                       hint=f"возможно, вы имели в виду «{hint}»" if hint else None))
        return SiteConfig(), problems
