"""Child process of run.ts: ns per ``db.get(hot_key)`` through the ``omendb`` Python package on
every tier that loads (cpython, cffi, ctypes), switched in this one process. Rounds are interleaved
across tiers (tier A, B, C, A, B, C, ...) so a change in machine load hits every tier alike, and
timed in process CPU time, so time the (shared) machine gives to other processes is not counted.
Prints one JSON line {tier: {"median_ns", "p99_ns", "best_ns", "rounds"} or null when unavailable};
``--quick`` (default) and ``--full`` set the number of rounds.
"""

from __future__ import annotations

import json
import sys
import time
import timeit
from typing import Any, Callable, Optional

import numpy as np

import omendb
from omendb import _native
from omendb._tiers import TIERS, TierUnavailable

MODES = {"--quick": (15, 20_000), "--full": (60, 50_000)}
"""(rounds per tier, calls per round; the ctypes and cffi tiers make a tenth of the calls)."""
SLOW_TIERS = ("cffi", "ctypes")
HOT_KEY = 500


def open_hot_db() -> Any:
    """An in-memory database of 1000 entries (16-byte values) on the current tier."""
    db = omendb.open(None, engine="memory")
    db.put_many(np.arange(1000, dtype=np.int64), [f"value-{i}".ljust(16, ".").encode() for i in range(1000)])
    assert db.get(HOT_KEY) == b"value-500.......", "hot key missing"
    return db


def time_round(get: Callable[[int], Optional[bytes]], calls: int) -> float:
    """ns per call of one round of ``calls`` gets of the hot key."""
    return timeit.Timer(lambda: get(HOT_KEY), timer=time.process_time).timeit(number=calls) / calls * 1e9


def percentile(sorted_values: list[float], q: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def main() -> None:
    rounds, calls = MODES.get(sys.argv[1] if len(sys.argv) > 1 else "--quick", MODES["--quick"])
    available = []
    for tier in TIERS:
        try:
            _native.use_tier(tier)
            available.append(tier)
        except TierUnavailable:
            pass
    samples: dict[str, list[float]] = {tier: [] for tier in available}
    for round_number in range(rounds + 1):  # round 0 warms up and is dropped
        for tier in available:
            _native.use_tier(tier)
            db = open_hot_db()
            n = calls // 10 if tier in SLOW_TIERS else calls
            ns = time_round(db.get, n)
            db.close()
            if round_number > 0:
                samples[tier].append(ns)
    results: dict[str, Optional[dict[str, float]]] = {tier: None for tier in TIERS}
    for tier, values in samples.items():
        values.sort()
        results[tier] = {
            "median_ns": percentile(values, 0.5),
            "p99_ns": percentile(values, 0.99),
            "best_ns": values[0],
            "rounds": float(len(values)),
        }
    print(json.dumps(results))


if __name__ == "__main__":
    main()
