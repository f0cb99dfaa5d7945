"""Long native calls release the GIL (every tier): a Python thread keeps running while an index
build over 3M unsorted keys and a large batch write run, and their results are right.

The detector is checked against a control that holds the GIL (a libc sleep called through
ctypes.PyDLL), so a tier that kept the GIL would fail here.
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import numpy as np

import omendb

T = TypeVar("T")

BUILD_KEYS = 3_000_000
STAMP_EVERY = 0.001


def longest_stall(call: Callable[[], T]) -> tuple[T, float, float]:
    """Run ``call`` while another thread records a timestamp every ~1 ms of its own running time.

    Returns the call's result, its duration, and the longest stretch of it in which that thread
    could not run. A call that keeps the GIL in native code stalls the thread for all of it; one
    that releases the GIL leaves only the ordinary 5 ms switch interval (plus OS scheduling noise).
    """
    stamps: list[float] = []
    stop = threading.Event()

    def count() -> None:
        last = 0.0
        while not stop.is_set():
            now = time.perf_counter()
            if now - last >= STAMP_EVERY:
                stamps.append(now)
                last = now

    thread = threading.Thread(target=count, daemon=True)
    thread.start()
    while not stamps:
        time.sleep(0.001)
    t0 = time.perf_counter()
    result = call()
    t1 = time.perf_counter()
    stop.set()
    thread.join()
    points = [t0, *(s for s in stamps if t0 < s < t1), t1]
    return result, t1 - t0, max(b - a for a, b in zip(points, points[1:]))


def allowed_stall(seconds: float) -> float:
    """Largest stall a GIL-releasing call may show: 100 ms of scheduling noise, or a quarter of a long call."""
    return max(0.1, seconds / 4)


def test_detector_sees_a_call_that_holds_the_gil() -> None:
    libc = ctypes.PyDLL(None)  # PyDLL: calls keep the GIL
    libc.usleep.argtypes = [ctypes.c_uint]
    _, seconds, stall = longest_stall(lambda: libc.usleep(300_000))
    assert seconds >= 0.29 and stall >= 0.29 and stall > allowed_stall(seconds)


def test_index_build_lets_other_threads_run() -> None:
    keys = np.random.default_rng(5).permutation(BUILD_KEYS).astype(np.int64) * 2
    idx, seconds, stall = longest_stall(lambda: omendb.LearnedIndex.from_numpy(keys, kind="pgm", epsilon=64))
    with idx:
        assert stall < allowed_stall(seconds), (seconds, stall)
        assert idx.stats().num_keys == BUILD_KEYS
        assert idx.range(10, 20).tolist() == [10, 12, 14, 16, 18, 20]
        assert idx.get(2 * (BUILD_KEYS - 1)) == b"" and idx.get(1) is None


def test_batch_write_lets_other_threads_run() -> None:
    n = 400_000
    keys = np.arange(n, dtype=np.int64)
    values = [b"v%07d" % i for i in range(n)]
    with omendb.open(None, engine="memory") as db:
        _, seconds, stall = longest_stall(lambda: db.put_many(keys, values))
        assert stall < allowed_stall(seconds), (seconds, stall)
        assert db.stats().num_keys == n
        assert db.get(0) == b"v0000000" and db.get(n - 1) == b"v%07d" % (n - 1)
