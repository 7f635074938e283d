"""Site settings (`data/site.yml`): the one place where defaults live."""

from __future__ import annotations

from pathlib import Path
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from generator.diagnostics import Diagnostic
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
    update_days: int = Field(
        14, ge=1, le=366,
        description="Правило обновления: материалы меняются не реже чем раз в столько дней (по программе "
                    "развития — раз в две недели). По нему главная и статистика говорят, свежий ли сайт.")

    @field_validator("timezone", mode="before")
    @classmethod
    def _known_zone(cls, value: object) -> str:
        from generator.models.common import check_zone

        return check_zone(value)  # the same message and hint as an event's timezone


def load_config(root: Path) -> tuple[SiteConfig, list[Diagnostic]]:
    path = root / SETTINGS_FILE
    if not path.is_file():
        return SiteConfig(), []
    document, problems = read_yaml(path, root)
    data = document.data if document and isinstance(document.data, dict) else {}
    try:
        return SiteConfig.model_validate(data), problems
    except ValidationError as error:
        from generator.source.frontmatter import SourceFile
        from generator.validate import translate

        source = SourceFile("site", "site", path, SETTINGS_FILE, data, "", 1, document.positions if document else {})
        problems += [translate(source, SiteConfig, item) for item in error.errors()]
        return SiteConfig(), problems
