"""LearnedIndex (Python): every kind, lookups single and batched, numpy ranges,
inserts and merge, stats within bounds, and every error path."""

from __future__ import annotations

import numpy as np
import pytest

from omendb import LearnedIndex
from pkg_helpers import error_code

KINDS = ["default", "linear", "rmi", "pgm", "btree"]


def shuffled_keys(n: int) -> np.ndarray:  # type: ignore[type-arg]
    keys = np.arange(n, dtype=np.int64) * 7
    np.random.default_rng(1).shuffle(keys)
    return keys


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_finds_keys_and_no_gaps(kind: str) -> None:
    with LearnedIndex.build(shuffled_keys(5000), kind=kind) as idx:  # type: ignore[arg-type]
        assert idx.contains(0) and 7 * 4999 in idx and not idx.contains(8)
        assert idx.contains_many(np.arange(5000, dtype=np.int64) * 7).all()
        assert not idx.contains_many(np.arange(5000, dtype=np.int64) * 7 + 3).any()
        stats = idx.stats()
        assert stats.kind == ("pgm" if kind == "default" else kind)
        assert stats.num_keys == 5000


def test_from_numpy_with_values() -> None:
    keys = np.array([3, 1, 2], dtype=np.int64)
    with LearnedIndex.from_numpy(keys, values=[b"c", b"a", b"b"], kind="pgm", epsilon=4) as idx:
        assert idx.get(1) == b"a"
        assert idx.get(3) == b"c"
        assert idx.get(4) is None
        assert idx.get_many(np.array([2, 9, 1], dtype=np.int64)) == [b"b", None, b"a"]
    assert keys.tolist() == [3, 1, 2]


def test_range_is_an_int64_array() -> None:
    with LearnedIndex.from_numpy(shuffled_keys(1000)) as idx:
        r = idx.range(10, 70)
        assert isinstance(r, np.ndarray) and r.dtype == np.int64
        assert r.tolist() == [14, 21, 28, 35, 42, 49, 56, 63, 70]
        assert idx.range(1, 6).size == 0


def test_pgm_error_within_epsilon() -> None:
    keys = np.cumsum(np.random.default_rng(2).integers(1, 100, size=100_000)).astype(np.int64)
    with LearnedIndex.from_numpy(keys, kind="pgm", epsilon=32) as idx:
        s = idx.stats()
        assert s.epsilon == 32
        assert s.max_error <= 32
        assert 0 < s.model_bytes < s.num_keys * 8


def test_insert_and_merge() -> None:
    with LearnedIndex.create("pgm", 10) as idx:
        for i in range(100):
            idx.insert(i * 2, f"v{i}".encode())
        idx.insert(500)
        assert idx.stats().num_keys == 101
        idx.merge()
        assert idx.stats().delta_keys == 0
        assert idx.get(198) == b"v99"
        assert idx.get(500) == b""
        assert idx.range(0, 6).tolist() == [0, 2, 4, 6]


def test_every_call_after_free_raises_invalid_handle() -> None:
    idx = LearnedIndex.build([1, 2, 3])
    idx.free()
    idx.free()
    assert idx.freed
    calls = [
        lambda: idx.get(1),
        lambda: idx.contains(1),
        lambda: idx.get_many([1]),
        lambda: idx.contains_many([1]),
        lambda: idx.range(0, 1),
        lambda: idx.insert(1, b"x"),
        lambda: idx.merge(),
        lambda: idx.stats(),
    ]
    assert [error_code(c) for c in calls] == ["INVALID_HANDLE"] * len(calls)


def test_bad_arguments() -> None:
    assert error_code(lambda: LearnedIndex.build([1], kind="hash")) == "INVALID_ARGUMENT"  # type: ignore[arg-type]
    assert error_code(lambda: LearnedIndex.build([1], epsilon=-1)) == "INVALID_ARGUMENT"
    assert error_code(lambda: LearnedIndex.build([1, 2], values=[b"x"])) == "INVALID_ARGUMENT"
    assert error_code(lambda: LearnedIndex.build([2**63])) == "INVALID_ARGUMENT"
    assert error_code(lambda: LearnedIndex.create("pgm", -1)) == "INVALID_ARGUMENT"
    assert error_code(lambda: LearnedIndex.from_numpy([1, 2])) == "INVALID_ARGUMENT"  # type: ignore[arg-type]
    with LearnedIndex.build([1, 2, 3]) as idx:
        assert error_code(lambda: idx.range(5, 1)) == "INVALID_ARGUMENT"
        assert error_code(lambda: idx.insert(4, bytes(16 * 1024 * 1024 + 1))) == "VALUE_TOO_LARGE"
        assert not idx.contains(4)
