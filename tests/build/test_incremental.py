"""The incremental engine: a revision computes again exactly what its changed inputs reach."""

from __future__ import annotations

import pickle
import random

import pytest

from generator.build.incremental import ABSENT, INPUT, Graph, transient

CALLS: list[tuple] = []


def word(g: Graph, n: int) -> str:
    CALLS.append(("word", n))
    return g.input("word", n) or ""


def length(g: Graph, n: int) -> int:
    CALLS.append(("length", n))
    return len(g.query(word, n))


def total(g: Graph) -> int:
    CALLS.append(("total",))
    return sum(g.query(length, n) for n in g.input("numbers"))


def revision(g: Graph, words: dict[int, str]) -> set:
    inputs = {(INPUT, "word", n): w for n, w in words.items()}
    inputs[(INPUT, "numbers")] = tuple(sorted(words))
    CALLS.clear()
    return g.start(inputs)


def test_a_first_revision_computes_every_query_once():
    g = Graph()
    revision(g, {1: "аб", 2: "где"})
    assert g.query(total) == 5
    assert sorted(CALLS) == sorted([("total",), ("length", 1), ("word", 1), ("length", 2), ("word", 2)])


def test_an_unchanged_input_computes_nothing_again():
    g = Graph()
    revision(g, {1: "аб", 2: "где"})
    g.query(total)
    assert revision(g, {1: "аб", 2: "где"}) == set()
    assert g.query(total) == 5
    assert CALLS == []


def test_an_equal_result_stops_the_change_from_spreading():
    g = Graph()
    revision(g, {1: "аб", 2: "где"})
    g.query(total)
    revision(g, {1: "вг", 2: "где"})  # the same length: `total` is not computed again
    assert g.query(total) == 5
    assert CALLS == [("word", 1), ("length", 1)]
    assert not g.changed_in_this_revision(total)
    assert g.changed_in_this_revision(word, 1)


def test_a_changed_result_reaches_its_readers_and_only_them():
    g = Graph()
    revision(g, {1: "аб", 2: "где"})
    g.query(total)
    revision(g, {1: "абвг", 2: "где"})
    assert g.query(total) == 7
    assert ("length", 2) not in CALLS and ("word", 2) not in CALLS


def test_a_removed_input_is_none_and_a_new_one_is_read():
    g = Graph()
    revision(g, {1: "аб", 2: "где"})
    g.query(total)
    changed = revision(g, {2: "где", 3: "ёжик"})
    assert (INPUT, "word", 1) in changed
    assert g.input("word", 1) is None
    assert g.query(total) == 7


def test_fingerprints_decide_for_inputs_that_have_them():
    g = Graph()
    g.start({(INPUT, "r"): ["a"]}, {(INPUT, "r"): "hash-1"})
    first = g.input("r")
    assert g.start({(INPUT, "r"): ["a"]}, {(INPUT, "r"): "hash-1"}) == set()
    assert g.start({(INPUT, "r"): ["b"]}, {(INPUT, "r"): "hash-2"}) == {(INPUT, "r")}
    assert first == ["a"] and g.input("r") == ["b"]


def failing(g: Graph) -> int:
    if g.input("fail"):
        raise RuntimeError("bug")
    return 1


def test_a_query_that_raises_is_never_kept_half_made():
    g = Graph()
    g.start({(INPUT, "fail"): True})
    with pytest.raises(RuntimeError):
        g.query(failing)
    with pytest.raises(RuntimeError):
        g.query(failing)
    g.start({(INPUT, "fail"): False})
    assert g.query(failing) == 1


def test_a_pickled_graph_goes_on_where_it_stopped():
    g = Graph()
    revision(g, {1: "аб", 2: "где"})
    g.query(total)
    again = pickle.loads(pickle.dumps(g))
    CALLS.clear()
    again.start({(INPUT, "word", 1): "аб", (INPUT, "word", 2): "где", (INPUT, "numbers"): (1, 2)})
    assert again.query(total) == 5 and CALLS == []


def test_work_done_in_a_worker_is_taken_over():
    g = Graph()
    revision(g, {1: "аб", 2: "где"})
    worker = pickle.loads(pickle.dumps(g))  # what a forked process would hold
    known = worker.up_to_date()
    worker.query(total)
    g.absorb(pickle.loads(pickle.dumps(worker.export(known))))
    CALLS.clear()
    assert g.query(total) == 5 and CALLS == []
    revision(g, {1: "абв", 2: "где"})
    assert g.query(total) == 6


def test_what_no_output_reads_any_more_is_forgotten():
    g = Graph()
    revision(g, {1: "аб", 2: "где"})
    g.query(total)
    revision(g, {2: "где"})
    g.query(total)
    assert g.forget_unreachable([(total,)]) == 2  # length(1) and word(1)
    assert (length, 1) not in g.nodes


def test_forgetting_gone_outputs_drops_what_only_they_read_as_the_full_walk_does():
    """Outputs length(1) and length(2) read word(n); length(3) goes: forgetting it drops it and
    word(3) (nothing else reads them), keeps word(2), which a live output reads, and leaves the
    graph as the walk over every node (`forget_unreachable`) leaves it."""
    def graphs():
        g = Graph()
        revision(g, {1: "аб", 2: "где", 3: "ж"})
        for n in (1, 2, 3):
            g.query(length, n)
        revision(g, {1: "аб", 2: "где"})
        for n in (1, 2):
            g.query(length, n)
        return g

    walked, forgotten = graphs(), graphs()
    walked.forget_unreachable([(length, 1), (length, 2)])
    assert forgotten.forget([(length, 3)], keep={(length, 1), (length, 2)}) == 2
    assert set(forgotten.nodes) == set(walked.nodes)
    assert (word, 3) not in forgotten.nodes and (word, 2) in forgotten.nodes
    assert forgotten.held(length, 2) == 3
    CALLS.clear()
    assert forgotten.query(length, 2) == 3 and CALLS == []  # what stayed is still up to date


# --- a random graph, checked against the plain computation --------------------------------

def cell(g: Graph, n: int) -> int:
    """A node of a random DAG: an input, or a function of lower-numbered cells."""
    rule = g.input("rule", n)
    if rule is None:
        return 0
    kind, refs = rule
    if kind == "input":
        return g.input("value", n) or 0
    values = [g.query(cell, r) for r in refs]
    if kind == "sum":
        return sum(values) % 7
    if kind == "max":
        return max(values, default=0)
    return values[0] if values and values[0] % 2 else (values[-1] if values else 0)


def plain(rules: dict, values: dict, n: int) -> int:
    kind, refs = rules[n]
    if kind == "input":
        return values.get(n, 0)
    v = [plain(rules, values, r) for r in refs]
    if kind == "sum":
        return sum(v) % 7
    if kind == "max":
        return max(v, default=0)
    return v[0] if v and v[0] % 2 else (v[-1] if v else 0)


@pytest.mark.parametrize("seed", range(40))
def test_random_edits_give_what_a_fresh_computation_gives(seed):
    """A random DAG whose inputs and shape change, its cells asked for in a random order, the
    graph sometimes saved and loaded between revisions: always what plain recursion gives."""
    rng = random.Random(seed)
    size = 40
    rules = {n: ("input", ()) if n < 8 else (rng.choice(["sum", "max", "pick"]),
                                             tuple(rng.sample(range(n), rng.randint(1, 4))))
             for n in range(size)}
    values = {n: rng.randint(0, 9) for n in range(8)}
    g = Graph()
    for _ in range(15):
        inputs = {(INPUT, "rule", n): rule for n, rule in rules.items()}
        inputs.update({(INPUT, "value", n): v for n, v in values.items()})
        g.start(inputs)
        order = rng.sample(range(size), size)
        got = {n: g.query(cell, n) for n in order}
        assert [got[n] for n in range(size)] == [plain(rules, values, n) for n in range(size)]
        for n in rng.sample(range(8), 2):
            values[n] = rng.randint(0, 9)
        if rng.random() < 0.4:  # a rule changes too: the graph's shape changes
            n = rng.randrange(8, size)
            rules[n] = (rng.choice(["sum", "max", "pick"]), tuple(rng.sample(range(n), rng.randint(1, 3))))
        if rng.random() < 0.2:
            g = pickle.loads(pickle.dumps(g))


@transient
def doubled(g: Graph, n: int) -> int:
    CALLS.append(("doubled", n))
    return 2 * g.query(length, n)


def summed(g: Graph) -> int:
    CALLS.append(("summed",))
    return sum(g.query(doubled, n) for n in g.input("numbers"))


def test_a_transient_value_is_made_again_after_loading_and_spares_its_readers():
    g = Graph()
    revision(g, {1: "аб", 2: "где"})
    assert g.query(summed) == 10
    loaded = pickle.loads(pickle.dumps(g))
    assert loaded.nodes[(doubled, 1)].value is ABSENT  # not kept: made again when asked
    CALLS.clear()
    loaded.start({(INPUT, "word", 1): "вг", (INPUT, "word", 2): "где", (INPUT, "numbers"): (1, 2)})
    assert loaded.query(summed) == 10
    assert ("summed",) not in CALLS  # word 1's length is the same: the sum is not made again
    assert loaded.query(doubled, 2) == 6 and ("doubled", 2) in CALLS  # asked for: made again
    loaded.start({(INPUT, "word", 1): "вгд", (INPUT, "word", 2): "где", (INPUT, "numbers"): (1, 2)})
    assert loaded.query(summed) == 12


def test_a_loaded_graph_notices_a_fingerprinted_input_that_is_gone():
    """A saved graph keeps fingerprinted inputs without their values; one missing from the next
    revision (a person who withdrew consent, a deleted record) still reaches its readers."""
    g = Graph()
    inputs = {(INPUT, "word", 1): "аб", (INPUT, "word", 2): "где", (INPUT, "numbers"): (1, 2)}
    g.start(inputs, {(INPUT, "word", 1): "hash-1", (INPUT, "word", 2): "hash-2"})
    assert g.query(length, 2) == 3
    loaded = pickle.loads(pickle.dumps(g))
    changed = loaded.start({(INPUT, "word", 1): "аб", (INPUT, "numbers"): (1, 2)}, {(INPUT, "word", 1): "hash-1"})
    assert (INPUT, "word", 2) in changed
    assert loaded.query(length, 2) == 0
