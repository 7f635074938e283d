"""The published corpus: records by kind and id, and the side tables that relate them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from pathlib import Path

from generator.models import (Association, Consultation, Entity, Event, Organization, Practice, Program, Question,
                              Specialist)
from generator.source.config import SiteConfig
from generator.source.vocabularies import Vocabularies


@dataclasses.dataclass(frozen=True)
class Site:
    """The published corpus, keyed by id in source order, and its relations."""

    root: Path
    config: SiteConfig
    vocabularies: Vocabularies
    build_date: dt.date
    practices: dict[str, Practice]
    associations: dict[str, Association]
    events: dict[str, Event]
    programs: dict[str, Program]
    organizations: dict[str, Organization]
    #: people who agreed to be published (`public: true`); nobody else is here.
    people: dict[str, Specialist] = dataclasses.field(default_factory=dict)
    consultations: dict[str, Consultation] = dataclasses.field(default_factory=dict)
    questions: dict[str, Question] = dataclasses.field(default_factory=dict)

    @functools.cached_property
    def relations(self) -> dict[tuple[str, str], list[str]]:
        """(relation name, id) -> ids, e.g. ("org_practices", "penza-tsko") -> ["…"]: made when
        first asked (a check that only counts records never needs them)."""
        from generator.corpus.link import relate

        return relate(self)

    def related(self, relation: str, key: str) -> list[str]:
        return self.relations.get((relation, key), [])

    def entity(self, kind: str, entity_id: str) -> Entity | None:
        return self.by_kind(kind).get(entity_id)

    def by_kind(self, kind: str) -> dict[str, Entity]:
        return {"practice": self.practices, "association": self.associations, "event": self.events,
                "program": self.programs, "organization": self.organizations, "person": self.people,
                "consultation": self.consultations, "question": self.questions}[kind]

    def municipality_of(self, entity: Entity) -> str | None:
        """A record's own municipality, else that of its organisation."""
        # the fields, not getattr: a practice has no `municipality`, and a missing attribute
        # costs pydantic 30 µs (this is asked 150,000 times in a build of 10,000 practices)
        fields = entity.__dict__
        own = fields.get("municipality")
        if own:
            return own
        host = fields.get("organization") or fields.get("organizer")
        if host in self.organizations:
            return self.organizations[host].municipality
        if host in self.associations:  # an event organised by an association
            return self.municipality_of(self.associations[host])
        return None
