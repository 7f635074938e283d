"""«Что нового»: the latest changes, read from only the records that can be among them, are the
latest changes of all records sorted in full, revision after revision."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from generator.build.incremental import INPUT, Graph
from generator.corpus.lookup import KINDS
from generator.render.changes import LIMIT, Change, recent_changes
from generator.source.history import FileDates


@dataclasses.dataclass(frozen=True)
class Record:
    title: str
    body: str = ""

    @property
    def display_title(self) -> str:
        return self.title


def corpus(rng: random.Random, size: int) -> dict:
    """Records of every kind with days of change on few days, so that many share one (ties)."""
    inputs: dict = {}
    for kind in KINDS[:3]:
        ids = [f"{kind}-{n}" for n in range(size)]
        inputs[(INPUT, "ids", kind)] = tuple(ids)
        for entity_id in ids:
            inputs[(INPUT, "record", kind, entity_id)] = Record(rng.choice(["Альфа", "бета", "Ёлка", "«Гамма»"]) + entity_id[-1])
            changed = None if rng.random() < 0.1 else dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(30))
            created = changed if changed and rng.random() < 0.5 else None
            inputs[(INPUT, "dates", kind, entity_id)] = FileDates(created, changed)
    return inputs


def plainly(inputs: dict) -> tuple[Change, ...]:
    """Every dated record, sorted in full."""
    found = [Change(kind, entity_id, inputs[(INPUT, "record", kind, entity_id)].title, dates.changed,
                    dates.created == dates.changed)
             for kind in KINDS for entity_id in inputs.get((INPUT, "ids", kind), ())
             if (dates := inputs[(INPUT, "dates", kind, entity_id)]).changed is not None]
    found.sort(key=lambda c: (-c.day.toordinal(), KINDS.index(c.kind), c.title, c.id))
    return tuple(found[:LIMIT])


def test_the_latest_changes_are_those_of_a_full_sort_after_every_edit():
    rng = random.Random(7)
    inputs, graph = corpus(rng, 80), Graph()
    for _ in range(30):
        graph.start(inputs)
        assert graph.query(recent_changes) == plainly(inputs)
        key = rng.choice([k for k in inputs if k[1] in ("record", "dates")])
        kind, entity_id = key[2], key[3]
        if key[1] == "record":  # a title edit, perhaps of one of the latest
            inputs[key] = Record(rng.choice(["Альфа", "Яблоко", "арбуз"]) + entity_id)
        else:  # a commit: the record changed today, or its history is lost
            inputs[key] = FileDates(None, rng.choice([None, dt.date(2026, 2, 1), dt.date(2026, 1, 5)]))
    assert len(plainly(inputs)) == LIMIT  # more dated records than the page lists: the cutoff is used
