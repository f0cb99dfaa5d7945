"""LearnedIndex.range without a copy (every tier): the array is the library's own buffer (its
address is the one OmenResult.data reports), holds the right keys, and is freed with
omendb_keys_free once it and every view of it are collected (the library's live_buffers counter).
"""

from __future__ import annotations

import ctypes
import gc
import random
from typing import Any

import numpy as np

import omendb
from omendb import _native, _zero_copy

KEYS = np.arange(0, 200_000, 3, dtype=np.int64)


def live_buffers() -> int:
    gc.collect()
    return omendb.debug_counters()["live_buffers"]


def data_address(result: Any) -> int:
    """OmenResult.data as an int on any tier (int, ctypes c_void_p field, cffi void *)."""
    data = result.data
    if data is None or isinstance(data, int):
        return data or 0
    try:
        return int(_native._tier.lib._ffi.cast("uintptr_t", data))
    except (AttributeError, TypeError):
        return ctypes.cast(data, ctypes.c_void_p).value or 0


def test_range_array_is_the_library_buffer() -> None:
    with omendb.LearnedIndex.from_numpy(KEYS, kind="pgm", epsilon=32) as idx:
        result, keys = _zero_copy.index_range(_native._tier, idx._cell.get(), 300, 3000)
        assert result.success
        assert keys.ctypes.data == data_address(result) != 0
        assert keys.tolist() == list(range(300, 3001, 3))
        # What the public method returns is such a view too: it does not own its memory.
        public = idx.range(300, 3000)
        assert public.dtype == np.int64 and not public.flags.owndata and public.base is not None
        assert public.ctypes.data != keys.ctypes.data and np.array_equal(public, keys)


def test_ranges_match_a_sorted_model() -> None:
    rng = random.Random(7)
    model = sorted(set(rng.randrange(-(2**40), 2**40) for _ in range(20_000)))
    with omendb.LearnedIndex.build(model, kind="default") as idx:
        for _ in range(300):
            a, b = sorted(rng.randrange(-(2**40), 2**40) for _ in range(2))
            want = [k for k in model if a <= k <= b]
            assert idx.range(a, b).tolist() == want
        assert idx.range(model[0], model[-1]).tolist() == model
        assert idx.range(2**41, 2**42).size == 0


def test_buffer_lives_while_any_view_does_and_is_freed_after() -> None:
    start = live_buffers()
    with omendb.LearnedIndex.from_numpy(KEYS) as idx:
        whole = idx.range(0, 3_000)
        assert live_buffers() == start + 1
        tail = whole[500:]
        window = whole.data[10:20]  # a memoryview export of the array
        del whole
        assert live_buffers() == start + 1
        assert tail[0] == 1500 and window.tolist() == list(range(30, 60, 3))
        del tail
        assert live_buffers() == start + 1
        window.release()
        del window
        assert live_buffers() == start
    # An array may outlive its index: the buffer is the caller's, not the index's.
    with omendb.LearnedIndex.from_numpy(KEYS) as idx:
        kept = idx.range(9, 18)
    assert kept.tolist() == [9, 12, 15, 18] and live_buffers() == start + 1
    del kept
    assert live_buffers() == start


def test_ten_thousand_ranges_do_not_leak() -> None:
    start = live_buffers()
    with omendb.LearnedIndex.from_numpy(KEYS) as idx:
        total = 0
        for i in range(10_000):
            total += int(idx.range(i * 3, i * 3 + 30).sum())
        held = [idx.range(i, i + 100) for i in range(100)]
        assert live_buffers() == start + 100
        del held
    assert total == sum(sum(range(i * 3, i * 3 + 31, 3)) for i in range(10_000))
    assert live_buffers() == start
