"""Model-based tests through the Python API, with hypothesis stateful testing.

A RuleBasedStateMachine drives random put/get/delete/put_many/get_many/range/scan/reopen
on OmenDB (both engines) and insert/get/contains/get_many/contains_many/range/merge/rebuild
on LearnedIndex (every kind), comparing each result with a dict model; invariants check the
key counts after every step. A failure is shrunk and printed by hypothesis as the shortest
call sequence that reproduces it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any, Optional

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

import omendb

from reliability.settings import MODEL_EXAMPLES, MODEL_STEPS, report

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
EXTREMES = [INT64_MIN, INT64_MIN + 1, -1, 0, 1, INT64_MAX - 1, INT64_MAX]

keys = st.one_of(
    st.integers(-20, 400),
    st.integers(-20, 400),
    st.sampled_from(EXTREMES),
    st.integers(INT64_MIN, INT64_MAX),
)
# Large values are built by repetition: hypothesis draws every byte of a plain binary() itself.
large_values = st.builds(lambda chunk, n: chunk * n, st.binary(min_size=1, max_size=8), st.integers(8_192, 8_400))
values = st.one_of(st.binary(max_size=40), st.binary(max_size=40), st.just(b""), large_values)
small_values = st.binary(max_size=16)

SETTINGS = settings(
    max_examples=MODEL_EXAMPLES,
    stateful_step_count=MODEL_STEPS,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def model_range(model: dict[int, Any], lo: int, hi: int) -> list[int]:
    """Model keys in ``[lo, hi]``, ascending."""
    return sorted(k for k in model if lo <= k <= hi)


class DatabaseMachine(RuleBasedStateMachine):
    """OmenDB against a dict; ``engine`` is set by the subclasses below."""

    engine: str = "redb"
    operations: Counter[str] = Counter()

    def __init__(self) -> None:
        super().__init__()
        self.dir = tempfile.mkdtemp(prefix="omendb-model-")
        self.path = str(Path(self.dir) / "model.omendb")
        self.model: dict[int, bytes] = {}
        self.db = self.open()

    def open(self) -> omendb.OmenDB:
        return omendb.open(self.path, engine=self.engine, sync="on_flush")  # type: ignore[arg-type]

    def count(self, op: str) -> None:
        type(self).operations[op] += 1

    @rule(key=keys, value=values)
    def put(self, key: int, value: bytes) -> None:
        self.count("put")
        self.db.put(key, value)
        self.model[key] = value

    @rule(key=keys)
    def get(self, key: int) -> None:
        self.count("get")
        assert self.db.get(key) == self.model.get(key)

    @rule(key=keys)
    def delete(self, key: int) -> None:
        self.count("delete")
        assert self.db.delete(key) == (self.model.pop(key, None) is not None)

    @rule(entries=st.lists(st.tuples(keys, small_values), max_size=24), as_numpy=st.booleans())
    def put_many(self, entries: list[tuple[int, bytes]], as_numpy: bool) -> None:
        self.count("put_many")
        ks = [k for k, _ in entries]
        import numpy as np

        self.db.put_many(np.array(ks, dtype=np.int64) if as_numpy else ks, [v for _, v in entries])
        for k, v in entries:  # later duplicates win
            self.model[k] = v

    @rule(ks=st.lists(keys, max_size=32))
    def get_many(self, ks: list[int]) -> None:
        self.count("get_many")
        assert self.db.get_many(ks) == [self.model.get(k) for k in ks]

    @rule(a=keys, b=keys)
    def range(self, a: int, b: int) -> None:
        self.count("range")
        lo, hi = min(a, b), max(a, b)
        assert self.db.range(lo, hi) == [(k, self.model[k]) for k in model_range(self.model, lo, hi)]
        assert self.db.range_query(lo, hi).tolist() == model_range(self.model, lo, hi)
        if lo != hi:
            with pytest.raises(omendb.OmenDBError) as err:
                self.db.range(hi, lo)
            assert err.value.code == "INVALID_ARGUMENT"

    @rule(page_size=st.integers(1, 50))
    def scan(self, page_size: int) -> None:
        self.count("scan")
        assert list(self.db.scan(INT64_MIN, INT64_MAX, page_size)) == [(k, self.model[k]) for k in sorted(self.model)]

    @rule()
    def reopen(self) -> None:
        self.count("reopen")
        self.db.close()
        self.db = self.open()
        if self.engine == "memory":
            self.model.clear()

    @invariant()
    def key_count_matches(self) -> None:
        assert self.db.stats().num_keys == len(self.model)

    def teardown(self) -> None:
        self.db.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class IndexMachine(RuleBasedStateMachine):
    """LearnedIndex against a dict; ``kind`` is set per test."""

    kind: str = "default"
    operations: Counter[str] = Counter()

    def __init__(self) -> None:
        super().__init__()
        self.model: dict[int, bytes] = {}
        self.idx: Optional[omendb.LearnedIndex] = None

    def count(self, op: str) -> None:
        type(self).operations[op] += 1

    @initialize(entries=st.lists(st.tuples(keys, small_values), max_size=300), epsilon=st.sampled_from([4, 16, 64]))
    def build(self, entries: list[tuple[int, bytes]], epsilon: int) -> None:
        self.rebuild(entries, epsilon)

    @rule(entries=st.lists(st.tuples(keys, small_values), max_size=300), epsilon=st.sampled_from([4, 16, 64]))
    def rebuild(self, entries: list[tuple[int, bytes]], epsilon: int) -> None:
        self.count("build")
        if self.idx is not None:
            self.idx.free()
        self.idx = omendb.LearnedIndex.build([k for k, _ in entries], [v for _, v in entries], kind=self.kind, epsilon=epsilon)  # type: ignore[arg-type]
        self.model = dict(entries)

    @rule(key=keys, value=small_values)
    def insert(self, key: int, value: bytes) -> None:
        self.count("insert")
        assert self.idx is not None
        self.idx.insert(key, value)
        self.model[key] = value

    @rule(key=keys)
    def get(self, key: int) -> None:
        self.count("get")
        assert self.idx is not None
        assert self.idx.get(key) == self.model.get(key)
        assert (key in self.idx) == (key in self.model)

    @rule(ks=st.lists(keys, max_size=40))
    def many(self, ks: list[int]) -> None:
        self.count("get_many+contains_many")
        assert self.idx is not None
        assert self.idx.get_many(ks) == [self.model.get(k) for k in ks]
        assert self.idx.contains_many(ks).tolist() == [k in self.model for k in ks]

    @rule(a=keys, b=keys)
    def range(self, a: int, b: int) -> None:
        self.count("range")
        assert self.idx is not None
        lo, hi = min(a, b), max(a, b)
        assert self.idx.range(lo, hi).tolist() == model_range(self.model, lo, hi)

    @rule()
    def merge(self) -> None:
        self.count("merge")
        assert self.idx is not None
        self.idx.merge()
        assert self.idx.stats().delta_keys == 0

    @invariant()
    def key_count_matches(self) -> None:
        if self.idx is not None:
            assert self.idx.stats().num_keys == len(self.model)

    def teardown(self) -> None:
        if self.idx is not None:
            self.idx.free()


@pytest.mark.parametrize("engine", ["redb", "memory"])
def test_database_matches_model(engine: str, capsys: pytest.CaptureFixture[str]) -> None:
    machine = type(f"DatabaseMachine_{engine}", (DatabaseMachine,), {"engine": engine, "operations": Counter()})
    run_state_machine_as_test(machine, settings=SETTINGS)
    ops = machine.operations
    report(capsys, f"python model db {engine}", ops=sum(ops.values()), **dict(sorted(ops.items())))
    assert ops["put"] > 0 and ops["get"] > 0 and ops["range"] > 0


@pytest.mark.parametrize("kind", ["default", "linear", "rmi", "pgm", "btree"])
def test_learned_index_matches_model(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    machine = type(f"IndexMachine_{kind}", (IndexMachine,), {"kind": kind, "operations": Counter()})
    run_state_machine_as_test(machine, settings=SETTINGS)
    ops = machine.operations
    report(capsys, f"python model index {kind}", ops=sum(ops.values()), **dict(sorted(ops.items())))
    assert ops["insert"] > 0 and ops["range"] > 0
