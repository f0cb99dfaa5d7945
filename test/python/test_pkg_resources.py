"""Resource accounting through omendb_debug_counters: 100k operations that allocate
native buffers, batches and key arrays leave nothing live once everything is closed,
and weakref.finalize releases handles their owner forgot."""

from __future__ import annotations

import gc

import numpy as np

import omendb


def test_counts_return_to_start_after_100k_operations() -> None:
    start = omendb.debug_counters()
    db = omendb.open(None, engine="memory")
    keys = np.arange(1000, dtype=np.int64)
    db.put_many(keys, [f"v{i}".encode() for i in range(1000)])
    idx = omendb.LearnedIndex.from_numpy(keys, values=[f"w{i}".encode() for i in range(1000)])
    found = 0
    for i in range(40_000):
        found += db.get(i % 1200) is not None
        found += idx.get(i % 1100) is not None
    for i in range(10_000):
        found += sum(v is not None for v in db.get_many([i % 1000, 5000]))
        found += len(idx.range(i % 1000, i % 1000 + 2))
    assert found == 33_400 + 36_400 + 10_000 + 29_970
    during = omendb.debug_counters()
    assert during["live_databases"] - start["live_databases"] == 1
    assert during["live_indexes"] - start["live_indexes"] == 1
    assert during["live_buffers"] == start["live_buffers"]
    idx.free()
    db.close()
    assert omendb.debug_counters() == start


def test_forgotten_handles_are_released_when_collected() -> None:
    before = omendb.debug_counters()

    def leak() -> None:
        db = omendb.open(None, engine="memory")
        db.put(1, b"x")
        omendb.LearnedIndex.build([1, 2, 3])

    leak()
    gc.collect()
    assert omendb.debug_counters() == before
