"""Child process of run.ts: ns per ``db.get(hot_key)`` through the ``omendb`` Python package on
every tier that loads (cpython, cffi, ctypes), switched in this one process. Prints JSON
{tier: ns or null when the tier is unavailable}."""

from __future__ import annotations

import json
import timeit

import numpy as np

import omendb
from omendb import _native
from omendb._tiers import TIERS, TierUnavailable

CALLS = 200_000
ROUNDS = 5
HOT_KEY = 500


def ns_per_get() -> float:
    """Best-of-ROUNDS ns per get of one hot key of an in-memory database of 1000 entries."""
    db = omendb.open(None, engine="memory")
    db.put_many(np.arange(1000, dtype=np.int64), [f"value-{i}".ljust(16, ".").encode() for i in range(1000)])
    assert db.get(HOT_KEY) == b"value-500.......", "hot key missing"
    get = db.get
    timeit.timeit(lambda: get(HOT_KEY), number=20_000)
    best = min(timeit.repeat(lambda: get(HOT_KEY), number=CALLS, repeat=ROUNDS)) / CALLS * 1e9
    db.close()
    return best


results: dict[str, float | None] = {}
for tier in TIERS:
    try:
        _native.use_tier(tier)
    except TierUnavailable:
        results[tier] = None
        continue
    results[tier] = ns_per_get()
print(json.dumps(results))
