"""The content types as frozen pydantic models; no I/O here."""

from generator.models.association import Association
from generator.models.base import Entity, FieldProblem
from generator.models.consultation import Consultation, Question
from generator.models.event import Event
from generator.models.organization import Organization
from generator.models.person import Specialist
from generator.models.practice import Practice
from generator.models.program import Program

MODELS: dict[str, type[Entity]] = {
    "practice": Practice,
    "association": Association,
    "event": Event,
    "program": Program,
    "organization": Organization,
    "person": Specialist,
    "consultation": Consultation,
    "question": Question,
}

__all__ = ["MODELS", "Association", "Consultation", "Entity", "Event", "FieldProblem", "Organization",
           "Practice", "Program", "Question", "Specialist"]
