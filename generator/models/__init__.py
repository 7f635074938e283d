"""The five content types as frozen pydantic models; no I/O here."""

from generator.models.association import Association
from generator.models.base import Entity, FieldProblem
from generator.models.event import Event
from generator.models.organization import Organization
from generator.models.practice import Practice
from generator.models.program import Program

MODELS: dict[str, type[Entity]] = {
    "practice": Practice,
    "association": Association,
    "event": Event,
    "program": Program,
    "organization": Organization,
}

__all__ = ["MODELS", "Association", "Entity", "Event", "FieldProblem", "Organization",
           "Practice", "Program"]
