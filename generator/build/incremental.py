"""Incremental computation: every value remembers what it was made from.

A build is a graph of computations. At the leaves are *inputs* (the records, the settings, the
vocabularies, the build day); above them *queries*, plain functions `query(graph, *args)` that
read inputs and other queries through the graph (derived tables, page views); at the top the
outputs (pages and files). The graph keeps each query's value together with the keys it read, in
the order it read them.

A new revision sets the inputs anew. Every value that read a changed input, directly or through
other queries, is *maybe stale*; when it is asked for, its reads are checked in order, and it is
computed again only if one of them changed value. When a recomputed value equals the old one, its
own readers are spared («early cutoff»): a title edit changes a facet's member order, but not the
counts a practice page shows, so those pages are not made again.

So an incremental rebuild makes exactly what a full build would make differently, by
construction: nothing keeps a list of what to forget. The rule that makes it hold: a query reads
everything through the graph and is a pure function of what it reads (no module state, no files,
no clock: the build day is an input).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from typing import Any

#: The first element of an input's key: `(INPUT, "record", "practice", "x")`.
INPUT = "input"

Key = tuple


class Node:
    """One value of the graph and what it was made from.

    `changed` is the revision in which the value last became different, `verified` the last
    revision in which it was known to be up to date. `deps` are the nodes it read, in order;
    `readers` the nodes that read it (the reverse edges, to find what an edit may reach)."""

    __slots__ = ("key", "value", "deps", "changed", "verified", "readers")

    def __init__(self, key: Key) -> None:
        self.key = key
        self.value: Any = None
        self.deps: tuple[Node, ...] = ()
        self.changed = 0
        self.verified = 0
        self.readers: set[Node] = set()

    def __repr__(self) -> str:  # for test failures
        return f"Node({_name(self.key)}, changed={self.changed}, verified={self.verified})"


@dataclasses.dataclass
class Work:
    """What one revision did: queries run, and how many of them gave a new value."""

    computed: int = 0
    changed: int = 0
    inputs_changed: int = 0


class Graph:
    """The computations of a site, kept between revisions: what a build or a preview remembers.

    Nothing here is global: a preview keeps one Graph for its lifetime, a `kopilka build` with a
    warm cache loads one from `.kopilka-cache/` (see `save_state` / `load_state`)."""

    def __init__(self) -> None:
        self.revision = 0
        self.nodes: dict[Key, Node] = {}
        self.work = Work()
        self._fingerprints: dict[Key, object] = {}
        self._stale: set[Node] = set()
        self._reading: list[dict[Node, None]] = []

    # -- revisions ---------------------------------------------------------------------------

    def start(self, inputs: Mapping[Key, object], fingerprints: Mapping[Key, object] | None = None) -> set[Key]:
        """Begin a revision with the complete set of inputs; returns the keys that changed.

        An input changed when its fingerprint differs (where one is given: a record's is the hash
        of its file), else when its value is neither the same object nor equal. An input of the
        previous revision that is missing now becomes None (a deleted record)."""
        self.revision += 1
        self.work = Work()
        fingerprints = fingerprints or {}
        changed: list[Node] = []
        for key, value in inputs.items():
            node = self.nodes.get(key)
            fingerprint = fingerprints.get(key)
            if node is None:
                node = self.nodes[key] = Node(key)
            elif fingerprint is not None and self._fingerprints.get(key) == fingerprint:
                node.value = value  # the same content: equal, perhaps another object
                continue
            elif fingerprint is None and (value is node.value or _equal(node.value, value)):
                continue
            node.value = value
            if fingerprint is None:
                self._fingerprints.pop(key, None)
            else:
                self._fingerprints[key] = fingerprint
            changed.append(node)
        for key, node in self.nodes.items():
            if key[0] == INPUT and key not in inputs and node.value is not None:
                node.value = None
                self._fingerprints.pop(key, None)
                changed.append(node)
        for node in changed:
            node.changed = node.verified = self.revision
        self.work.inputs_changed = len(changed)
        self._mark_stale(changed)
        return {node.key for node in changed}

    def _mark_stale(self, changed: list[Node]) -> None:
        """Everything that read a changed input, however indirectly, may be stale."""
        stale = self._stale
        frontier = [reader for node in changed for reader in node.readers]
        while frontier:
            node = frontier.pop()
            if node not in stale:
                stale.add(node)
                frontier.extend(node.readers)

    # -- reading -----------------------------------------------------------------------------

    def input(self, *key: object) -> Any:
        """The value of the input `(INPUT, *key)` in this revision (None if there is none)."""
        node = self.nodes.get((INPUT, *key))
        if node is None:
            node = self.nodes[(INPUT, *key)] = Node((INPUT, *key))
        if self._reading:
            self._reading[-1][node] = None
        return node.value

    def query(self, function: Callable[..., Any], *args: object) -> Any:
        """`function(self, *args)`, computed once per change of what it reads."""
        key = (function, *args)
        node = self.nodes.get(key)
        if node is None:
            node = self.nodes[key] = Node(key)
            self._compute(node)
        elif node in self._stale:
            self._refresh(node)
        if self._reading:
            self._reading[-1][node] = None
        return node.value

    def needs(self, function: Callable[..., Any], *args: object) -> bool:
        """Whether asking for this query now may compute something (it is new, or maybe stale)."""
        node = self.nodes.get((function, *args))
        return node is None or node in self._stale

    def changed_in_this_revision(self, function: Callable[..., Any], *args: object) -> bool:
        """Whether the value of a query asked for in this revision is new in it."""
        node = self.nodes.get((function, *args))
        return node is not None and node.changed == self.revision

    # -- keeping values up to date -----------------------------------------------------------

    def _refresh(self, node: Node) -> None:
        for dep in node.deps:
            if dep in self._stale:
                self._refresh(dep)
            if dep.changed > node.verified:
                self._compute(node)
                return
        node.verified = self.revision
        self._stale.discard(node)

    def _compute(self, node: Node) -> None:
        function, *args = node.key
        first = node.verified == 0
        self._reading.append({})
        try:
            value = function(self, *args)
        except BaseException:
            if first:  # never half-made: asked again, it is computed again
                del self.nodes[node.key]
            else:
                self._stale.add(node)
            raise
        finally:
            read = self._reading.pop()
        self.work.computed += 1
        if first or not _equal(node.value, value):
            node.value = value
            node.changed = self.revision
            self.work.changed += 1
        node.verified = self.revision
        self._stale.discard(node)
        deps = tuple(read)
        if deps != node.deps:
            for dep in node.deps:
                dep.readers.discard(node)
            for dep in deps:
                dep.readers.add(node)
            node.deps = deps

    # -- moving work between processes -------------------------------------------------------

    def up_to_date(self) -> set[Key]:
        """The keys already known to be up to date in this revision (see `export`)."""
        return {key for key, node in self.nodes.items() if node.verified == self.revision}

    def export(self, known: set[Key] = frozenset()) -> list[tuple]:
        """The nodes computed or verified in this revision and not among `known` (what the
        parent had before a worker process was forked), with their reads as keys: what the
        worker sends back (see `absorb`)."""
        return [(key, node.value, tuple(d.key for d in node.deps), node.changed)
                for key, node in self.nodes.items()
                if key[0] != INPUT and node.verified == self.revision and key not in known]

    def absorb(self, exported: Iterable[tuple]) -> None:
        """Take over what a worker process computed for this same revision (see `export`)."""
        exported = list(exported)
        for key, _, _, _ in exported:
            if key not in self.nodes:
                self.nodes[key] = Node(key)
        for key, value, deps, changed in exported:
            node = self.nodes[key]
            node.value, node.changed, node.verified = value, changed, self.revision
            new = tuple(self.nodes[d] for d in deps)
            if new != node.deps:
                for dep in node.deps:
                    dep.readers.discard(node)
                for dep in new:
                    dep.readers.add(node)
                node.deps = new
            self._stale.discard(node)
            self.work.computed += 1
            self.work.changed += changed == self.revision

    # -- keeping the graph small -------------------------------------------------------------

    def forget_unreachable(self, roots: Iterable[tuple]) -> int:
        """Drop every query node that no root reads, however indirectly (a deleted record's page,
        for one); inputs stay. Returns how many were dropped."""
        live: set[Node] = set()
        frontier = [self.nodes[key] for key in roots if key in self.nodes]
        while frontier:
            node = frontier.pop()
            if node not in live:
                live.add(node)
                frontier.extend(node.deps)
        dead = [key for key, node in self.nodes.items() if key[0] != INPUT and node not in live]
        for key in dead:
            node = self.nodes.pop(key)
            for dep in node.deps:
                dep.readers.discard(node)
            self._stale.discard(node)
        return len(dead)

    # -- keeping the graph between runs ------------------------------------------------------

    def __getstate__(self) -> dict:
        """As plain data: nodes by key, reads as keys (a pickled Node graph would recurse). An
        input with a fingerprint is kept without its value: the next `start` brings it."""
        fingerprinted = self._fingerprints
        return {"revision": self.revision, "fingerprints": fingerprinted,
                "nodes": [(key, None if key in fingerprinted else node.value, tuple(d.key for d in node.deps),
                           node.changed, node.verified) for key, node in self.nodes.items()]}

    def __setstate__(self, state: dict) -> None:
        self.__init__()
        self.revision = state["revision"]
        self._fingerprints = state["fingerprints"]
        for key, value, _, changed, verified in state["nodes"]:
            node = self.nodes[key] = Node(key)
            node.value, node.changed, node.verified = value, changed, verified
        for key, _, deps, _, _ in state["nodes"]:
            node = self.nodes[key]
            node.deps = tuple(self.nodes[d] for d in deps)
            for dep in node.deps:
                dep.readers.add(node)


def _equal(old: object, new: object) -> bool:
    try:
        return bool(old == new)
    except Exception:  # noqa: BLE001 - values that cannot compare (pandas frames) count as new
        return False


def _name(key: Key) -> str:
    head = key[0]
    name = head if isinstance(head, str) else getattr(head, "__qualname__", repr(head))
    return f"{name}{key[1:]}"
