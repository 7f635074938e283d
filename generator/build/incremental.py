"""Incremental computation: every value remembers what it was made from.

A build is a graph of computations. At the leaves are *inputs* (the records, the settings, the
vocabularies, the build day); above them *queries*, plain functions `query(graph, *args)` that
read inputs and other queries through the graph (derived tables, page views); at the top the
outputs (pages and files). The graph keeps each query's value together with the keys it read, in
the order it read them.

A new revision sets the inputs anew. The readers of a changed input are *maybe stale*; they are
settled in order of height (a value after everything it read): each has its reads checked, and is
computed again only if one of them changed value; only a value that came out different makes its
own readers maybe stale. So an equal result stops the change from spreading («early cutoff»): a
title edit changes a facet's member order, but not the counts a practice page shows, so those
pages are not even looked at again. Outputs (values nothing reads) are left for the caller to
ask for, so that it can make many of them on several cores (`outdated`).

So an incremental rebuild makes exactly what a full build would make differently, by
construction: nothing keeps a list of what to forget. The rule that makes it hold: a query reads
everything through the graph and is a pure function of what it reads (no module state, no files,
no clock: the build day is an input).
"""

from __future__ import annotations

import array
import dataclasses
import heapq
from collections.abc import Callable, Iterable, Mapping
from typing import Any

#: The first element of an input's key: `(INPUT, "record", "practice", "x")`.
INPUT = "input"

Key = tuple


def transient(function: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a query whose values are cheap to make again and many: a saved graph keeps its
    reads but not its values, which are made again when asked (equal, since what they read is
    unchanged). Makes a saved graph of 10,000 practices a fraction as slow to load."""
    function.transient = True
    return function


class _Absent:
    """The value of a transient query in a loaded graph, until it is asked for."""

    def __reduce__(self):
        return _absent, ()


def _absent() -> "_Absent":
    return ABSENT


ABSENT = _Absent()


class Node:
    """One value of the graph and what it was made from.

    `changed` is when the value last became different, `verified` when it was last known to be
    up to date, both on the graph's clock (it ticks at every computation, so that an order within
    one revision is kept: a value read before its read changed is out of date). `deps` are the
    nodes it read, in order;
    `readers` the nodes that read it (the reverse edges, to find what an edit may reach)."""

    __slots__ = ("key", "value", "deps", "changed", "verified", "readers", "height")

    def __init__(self, key: Key) -> None:
        self.key = key
        self.value: Any = None
        self.deps: tuple[Node, ...] = ()
        self.changed = 0
        self.verified = 0
        #: None until something reads it: most values are outputs, which nothing reads
        self.readers: set[Node] | None = None
        #: 0 for an input, else one more than the highest value it read: settling goes upwards.
        self.height = 0



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
        #: The clock when the current revision began; every stamp from then on is in it.
        self.revision = 0
        self._clock = 0
        self.nodes: dict[Key, Node] = {}
        self.work = Work()
        self._fingerprints: dict[Key, object] = {}
        self._stale: set[Node] = set()
        self._reading: list[dict[Node, None]] = []
        #: Maybe-stale nodes by height, to settle before anything is read (see `_settle`).
        self._pending: list[tuple[int, int, Node]] = []
        self._pushed = 0
        self._settling = False

    # -- revisions ---------------------------------------------------------------------------

    def start(self, inputs: Mapping[Key, object], fingerprints: Mapping[Key, object] | None = None) -> set[Key]:
        """Begin a revision with the complete set of inputs; returns the keys that changed.

        An input changed when its fingerprint differs (where one is given: a record's is the hash
        of its file), else when its value is neither the same object nor equal. An input of the
        previous revision that is missing now becomes None (a deleted record)."""
        self.revision = self._tick()
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
            # gone: it had a value, or a fingerprint (a loaded graph keeps those without values)
            if key[0] == INPUT and key not in inputs and (node.value is not None or key in self._fingerprints):
                node.value = None
                self._fingerprints.pop(key, None)
                changed.append(node)
        for node in changed:
            node.changed = node.verified = self._tick()
            self._readers_maybe_stale(node)
        self.work.inputs_changed = len(changed)
        return {node.key for node in changed}

    def _tick(self) -> int:
        self._clock += 1
        return self._clock

    def _readers_maybe_stale(self, node: Node) -> None:
        for reader in node.readers or ():
            if reader not in self._stale:
                self._stale.add(reader)
                self._pushed += 1  # ties in the order they came: a build does the same each time
                heapq.heappush(self._pending, (reader.height, self._pushed, reader))

    def _settle(self) -> None:
        """Bring every maybe-stale value that something reads up to date, lowest first; a value
        that changed makes its readers maybe stale in turn. Values nothing reads (outputs) stay
        maybe stale until asked for."""
        self._settling = True
        try:
            pending = self._pending
            while pending:
                _, _, node = heapq.heappop(pending)
                if node.readers and node in self._stale:
                    try:
                        self._refresh(node)
                    except Exception:  # noqa: BLE001 - kept for whoever asks (see below)
                        # A value nothing live reads any more may fail (the page of a deleted
                        # record reads it): it stays maybe stale, and so do its readers, so that
                        # a live one that asks for it raises the error then.
                        self._stale.add(node)
                        self._readers_maybe_stale(node)
        finally:
            self._settling = False

    # -- reading -----------------------------------------------------------------------------

    def input(self, *key: object) -> Any:
        """The value of the input `(INPUT, *key)` in this revision (None if there is none)."""
        if self._pending and not self._settling:
            self._settle()
        node = self.nodes.get((INPUT, *key))
        if node is None:
            node = self.nodes[(INPUT, *key)] = Node((INPUT, *key))
        if self._reading:
            self._reading[-1][node] = None
        return node.value

    def query(self, function: Callable[..., Any], *args: object) -> Any:
        """`function(self, *args)`, computed once per change of what it reads."""
        if self._pending and not self._settling:
            self._settle()
        key = (function, *args)
        node = self.nodes.get(key)
        if node is None:
            node = self.nodes[key] = Node(key)
            self._compute(node)
        elif node in self._stale:
            self._refresh(node)
        if node.value is ABSENT:
            self._restore(node)
        if self._reading:
            self._reading[-1][node] = None
        return node.value

    def outdated(self, keys: Iterable[Key]) -> list[Key]:
        """The queries among `keys` that must run again. Every other one is made up to date
        without running it: its reads are checked (computing what they need), and none changed.
        What is left can then be run in shares on several cores (see `build.pipeline.render`)."""
        if self._pending:
            self._settle()
        found = []
        for key in keys:
            node = self.nodes.get(key)
            if node is None:
                found.append(key)
            elif node in self._stale:
                if self._reads_unchanged(node):
                    node.verified = self._tick()
                    self._stale.discard(node)
                else:
                    found.append(key)
        return found

    def _reads_unchanged(self, node: Node) -> bool:
        for dep in node.deps:
            if dep in self._stale:
                self._refresh(dep)
            if dep.changed > node.verified:
                return False
        return True

    def changed_in_this_revision(self, function: Callable[..., Any], *args: object) -> bool:
        """Whether the value of a query asked for in this revision is new in it."""
        node = self.nodes.get((function, *args))
        return node is not None and node.changed >= self.revision

    # -- keeping values up to date -----------------------------------------------------------

    def _refresh(self, node: Node) -> None:
        if self._reads_unchanged(node):
            node.verified = self._tick()
            self._stale.discard(node)
        else:
            self._compute(node)

    def _restore(self, node: Node) -> None:
        """A transient value of a loaded graph, made again: what it reads is unchanged, so it
        is the value it had, and nothing that read it is touched."""
        function, *args = node.key
        self._reading.append({})
        try:
            node.value = function(self, *args)
        finally:
            self._reading.pop()

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
        node.verified = self._tick()
        self._stale.discard(node)
        deps = tuple(read)
        if deps != node.deps:
            self._link(node, deps)
        if first or not _equal(node.value, value):
            node.value = value
            node.changed = node.verified
            self.work.changed += 1
            self._readers_maybe_stale(node)

    def _link(self, node: Node, deps: tuple[Node, ...]) -> None:
        for dep in node.deps:
            dep.readers.discard(node)
        for dep in deps:
            if dep.readers is None:
                dep.readers = {node}
            else:
                dep.readers.add(node)
        node.deps = deps
        node.height = 1 + max((dep.height for dep in deps), default=0)

    # -- moving work between processes -------------------------------------------------------

    def up_to_date(self) -> set[Key]:
        """The keys already known to be up to date in this revision (see `export`)."""
        return {key for key, node in self.nodes.items() if node.verified >= self.revision}

    def export(self, known: set[Key] = frozenset()) -> list[tuple]:
        """The nodes computed or verified in this revision and not among `known` (what the
        parent had before a worker process was forked), with their reads as keys: what the
        worker sends back (see `absorb`)."""
        return [(key, node.value, tuple(d.key for d in node.deps), node.changed)
                for key, node in self.nodes.items()
                if key[0] != INPUT and node.verified >= self.revision and key not in known]

    def absorb(self, exported: Iterable[tuple]) -> None:
        """Take over what a worker process computed for this same revision (see `export`)."""
        exported = list(exported)
        for key, _, _, _ in exported:
            if key not in self.nodes:
                self.nodes[key] = Node(key)
        for key, value, deps, changed in exported:
            node = self.nodes[key]
            # the worker's clock ran apart from this one: what it made in this revision is
            # stamped now, what it found unchanged keeps the stamp both share from before
            node.value, node.verified = value, self._tick()
            node.changed = node.verified if changed >= self.revision else changed
            # a worker may have read an input no record fills (an unknown or unpublished id):
            # it has no node here yet, and reads as None here too
            new = tuple(self.nodes.get(d) or self.nodes.setdefault(d, Node(d)) for d in deps)
            if new != node.deps:
                self._link(node, new)
            self._stale.discard(node)
            self.work.computed += 1
            self.work.changed += changed >= self.revision

    # -- keeping the graph small -------------------------------------------------------------

    def held(self, function: Callable[..., Any], *args: object) -> Any:
        """The value a query had when last computed, without bringing it up to date (None if it
        never was): what the previous revision planned, before this one plans again."""
        node = self.nodes.get((function, *args))
        return None if node is None or node.value is ABSENT else node.value

    def forget(self, keys: Iterable[tuple], keep: set) -> int:
        """Drop the queries of `keys` (outputs that are gone) and every query that only they
        read, however indirectly; inputs and `keep` stay. Returns how many were dropped. Costs
        what the dropped part of the graph costs: `forget_unreachable` walks all of it (400,000
        nodes at 10,000 practices, 1.1 s of an edit's rebuild whenever one output went)."""
        frontier = [self.nodes[key] for key in keys if key in self.nodes and key not in keep]
        dropped = 0
        while frontier:
            node = frontier.pop()
            if node.key[0] == INPUT or node.key in keep or node.readers or self.nodes.get(node.key) is not node:
                continue
            del self.nodes[node.key]
            self._stale.discard(node)
            dropped += 1
            for dep in node.deps:
                if dep.readers is not None:
                    dep.readers.discard(node)
                    if not dep.readers:
                        frontier.append(dep)
        return dropped

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
                if dep.readers is not None:
                    dep.readers.discard(node)
            self._stale.discard(node)
        return len(dead)

    # -- keeping the graph between runs ------------------------------------------------------

    def __getstate__(self) -> dict:
        """As plain data: keys, values, stamps and heights in lists, each node's reads as the
        positions of their keys. An input with a fingerprint is kept without its value: the next
        `start` brings it. (10,000 practices make 400,000 nodes: a pickled Node graph took 20 s
        to load; this takes a few.)"""
        nodes = list(self.nodes.values())
        place = {id(node): n for n, node in enumerate(nodes)}
        deps, ends = array.array("I"), array.array("I")
        for node in nodes:
            deps.extend(place[id(dep)] for dep in node.deps)
            ends.append(len(deps))
        fingerprinted = self._fingerprints
        return {"revision": self.revision, "clock": self._clock, "fingerprints": fingerprinted,
                "keys": [node.key for node in nodes],
                "values": [None if node.key in fingerprinted else
                           ABSENT if getattr(node.key[0], "transient", False) else node.value for node in nodes],
                "changed": array.array("q", (node.changed for node in nodes)),
                "verified": array.array("q", (node.verified for node in nodes)),
                "heights": array.array("I", (node.height for node in nodes)), "deps": deps, "ends": ends}

    def __setstate__(self, state: dict) -> None:
        self.__init__()
        self.revision, self._clock = state["revision"], state["clock"]
        self._fingerprints = state["fingerprints"]
        nodes = [Node(key) for key in state["keys"]]
        deps, start = state["deps"], 0
        for node, value, changed, verified, height, end in zip(
                nodes, state["values"], state["changed"], state["verified"], state["heights"], state["ends"]):
            node.value, node.changed, node.verified, node.height = value, changed, verified, height
            if end > start:
                node.deps = tuple(nodes[n] for n in deps[start:end])
                for dep in node.deps:
                    if dep.readers is None:
                        dep.readers = {node}
                    else:
                        dep.readers.add(node)
            start = end
        self.nodes = {node.key: node for node in nodes}


def _equal(old: object, new: object) -> bool:
    try:
        return bool(old == new)
    except Exception:  # noqa: BLE001 - values that cannot compare (pandas frames) count as new
        return False


def _name(key: Key) -> str:
    head = key[0]
    name = head if isinstance(head, str) else getattr(head, "__qualname__", repr(head))
    return f"{name}{key[1:]}"
