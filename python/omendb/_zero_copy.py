"""Library-owned key arrays handed to numpy without a copy, on every tier.

Input: the loaded tier and an index handle; output: an int64 numpy array whose memory is the array
``omendb_index_range`` returned. The array's ``.base`` chain ends at an owner object (the compiled
extension's OwnedArray, a ctypes array, a cffi buffer) whose collection calls ``omendb_keys_free``.
"""

from __future__ import annotations

import ctypes
import weakref
from typing import Any, Callable

import numpy as np

from ._convert import KeyArray
from ._tiers import Tier

RangeResult = tuple[Any, KeyArray]
"""The call's OmenResult (``success``, ``code``) and the keys (empty when it failed)."""


def _no_keys() -> KeyArray:
    return np.empty(0, dtype=np.int64)


def _range_cpython(lib: Any, idx: Any, start: int, end: int) -> RangeResult:
    # The extension returns an OwnedArray (buffer protocol) that frees itself when collected.
    result, owned, _count = lib.omendb_index_range(idx, start, end)
    if owned is None or len(owned) == 0:
        return result, _no_keys()
    return result, np.frombuffer(owned, dtype=np.int64)


def _range_ctypes(lib: Any, idx: Any, start: int, end: int) -> RangeResult:
    # The generated wrapper copies; its raw ctypes function (argtypes set at load) does not.
    ptr, count = ctypes.c_void_p(), ctypes.c_uint64()
    result = lib._c_omendb_index_range(idx, start, end, ctypes.byref(ptr), ctypes.byref(count))
    if not ptr.value:
        return result, _no_keys()
    n = count.value
    owner: Any = (ctypes.c_int64 * n).from_address(ptr.value)
    typed = ctypes.cast(ptr, ctypes.POINTER(ctypes.c_int64))  # refers to ptr only, never to owner
    weakref.finalize(owner, lib._c_omendb_keys_free, typed, n)
    if n == 0:
        return result, _no_keys()  # owner is collected now and frees the (empty) allocation
    return result, np.frombuffer(owner, dtype=np.int64)


def _range_cffi(lib: Any, idx: Any, start: int, end: int) -> RangeResult:
    ffi, raw = lib._ffi, lib._lib
    address = idx if isinstance(idx, int) else ctypes.cast(idx, ctypes.c_void_p).value or 0
    out, count = ffi.new("int64_t **"), ffi.new("size_t *")
    result = raw.omendb_index_range(ffi.cast("LearnedIndex *", address), start, end, out, count)
    if out[0] == ffi.NULL:
        return result, _no_keys()
    n = int(count[0])
    owner = ffi.gc(out[0], lambda p: raw.omendb_keys_free(p, n))
    if n == 0:
        return result, _no_keys()
    return result, np.frombuffer(ffi.buffer(owner, n * 8), dtype=np.int64)


_RANGES: dict[str, Callable[[Any, Any, int, int], RangeResult]] = {
    "cpython": _range_cpython,
    "ctypes": _range_ctypes,
    "cffi": _range_cffi,
}


def index_range(tier: Tier, idx: Any, start: int, end: int) -> RangeResult:
    """Call omendb_index_range on ``tier``; the keys share the library's buffer (freed on collection)."""
    return _RANGES[tier.name](tier.lib, idx, start, end)
