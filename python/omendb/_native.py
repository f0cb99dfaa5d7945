"""Adapter between the idiomatic package and the generated layer.

The only module that calls the generated surface (the compiled CPython extension, cffi or
ctypes, chosen by ``_tiers``; ``_zero_copy`` makes its one tier-specific call): it finds the library,
turns failed OmenResults into OmenDBError with the library's last-error message, copies library
batches into numpy arrays and bytes, and hands index ranges out without copying.
"""

from __future__ import annotations

import ctypes
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, NewType, Optional

import numpy as np

from . import _zero_copy
from ._convert import KeyArray, to_key
from ._errors import OmenDBError, error_code_name
from ._tiers import Tier, choose_tier, load_tier

NativeHandle = NewType("NativeHandle", object)
"""An opaque native handle (a ctypes pointer, or a handle object of the compiled extension); only passed back to the library."""

_NOT_FOUND = 3
_LIB_NAME = "libomendb.so"
_PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class CopiedBatch:
    """Entries of a library batch, copied into Python memory."""

    keys: KeyArray
    """Keys, one per entry."""
    values: list[Optional[bytes]]
    """Values, ``None`` for keys that were not found."""
    has_more: bool
    """Range scans: more entries exist after the last key."""


def find_library() -> str:
    """Locate libomendb: $OMENDB_FFI_LIBRARY_PATH, the bundled copy, then the repo's build."""
    env = os.environ.get("OMENDB_FFI_LIBRARY_PATH")
    if env:
        return env
    candidates = [
        _PACKAGE_DIR / _LIB_NAME,
        _PACKAGE_DIR.parent.parent / "native" / "target" / "release" / _LIB_NAME,
    ]
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    raise ImportError(
        f"{_LIB_NAME} not found (looked in $OMENDB_FFI_LIBRARY_PATH, {candidates[0]}, {candidates[1]}); "
        "run `node scripts/build-native.mjs`"
    )


_tier: Tier = choose_tier(find_library())
_lib: Any = _tier.lib
_storage_get: Any = _lib.omendb_storage_get


def backend() -> str:
    """Which generated layer is in use: "cpython" (compiled extension), "cffi" (compiled cffi
    extension) or "ctypes"."""
    return _tier.name


def use_tier(name: str) -> None:
    """Switch this process to tier ``name`` (tests and benchmarks). Handles opened on the previous
    tier must be closed first: each tier only accepts its own handles."""
    global _tier, _lib
    _tier = load_tier(name, find_library())
    _lib = _tier.lib
    _bind_hot_paths()


def _bind_hot_paths() -> None:
    """Point the per-call hot paths at the current tier's bound functions."""
    global _storage_get, db_get
    _storage_get = _lib.omendb_storage_get
    db_get = _db_get_compiled if _tier.name == "cpython" else _db_get_layer


def _last_error(fallback_code: int, fallback_message: str) -> OmenDBError:
    code = int(_lib.omendb_last_error_code())
    message = _lib.omendb_last_error_message()
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    return OmenDBError(error_code_name(code or fallback_code), message or fallback_message)


def _check(result: Any, what: str) -> None:
    if not result.success:
        raise _last_error(int(result.code), f"{what} failed")


def _address(ptr: Any) -> int:
    """Numeric address of a pointer-like value (ctypes pointer, c_void_p, int; 0 for NULL)."""
    if ptr is None:
        return 0
    if isinstance(ptr, int):
        return ptr
    if isinstance(ptr, ctypes.c_void_p):
        return ptr.value or 0
    return ctypes.cast(ptr, ctypes.c_void_p).value or 0


def _as_bytes(value: Any) -> bytes:
    """A returned value as bytes: the compiled tier already gives bytes (kept as is); None is empty."""
    if type(value) is bytes:
        return value
    return bytes(value) if value is not None else b""


def _copy(ptr: Any, size: int) -> bytes:
    addr = _address(ptr)
    if size == 0 or addr == 0:
        return b""
    return ctypes.string_at(addr, size)


def _take_batch(batch: Any) -> CopiedBatch:
    """Copy a batch's arrays out, then free it (always)."""
    try:
        count = int(batch.count)
        keys = np.frombuffer(_copy(batch.keys, count * 8), dtype=np.int64).copy()
        found = _copy(batch.found, count)
        offsets = np.frombuffer(_copy(batch.offsets, (count + 1) * 8 if count else 0), dtype=np.uint64)
        data = _copy(batch.data, int(batch.data_len))
        values: list[Optional[bytes]] = [
            data[int(offsets[i]) : int(offsets[i + 1])] if found[i] == 1 else None for i in range(count)
        ]
        return CopiedBatch(keys=keys, values=values, has_more=bool(batch.has_more))
    finally:
        _lib.omendb_batch_free(batch)


def _lengths(values: list[bytes]) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """The byte length of every value, as the size_t array the batch calls take."""
    return np.fromiter((len(v) for v in values), dtype=np.uint64, count=len(values))


def library_version() -> str:
    """Version string of the loaded library."""
    v = _lib.omendb_version()
    return v.decode() if isinstance(v, bytes) else str(v)


def debug_counters() -> dict[str, int]:
    """The library's live-object counters (live_databases, live_indexes, live_buffers)."""
    result, out = _lib.omendb_debug_counters()
    _check(result, "debug_counters")
    return {name: int(getattr(out, name)) for name in ("live_databases", "live_indexes", "live_buffers")}


def db_open(path: Optional[str], engine: int, sync_policy: int, hot_tier_capacity: int) -> NativeHandle:
    """Open a database; ``path`` None only for the memory engine."""
    result, out_db = _lib.omendb_open_with_options(path, _tier.options(engine, sync_policy, hot_tier_capacity))
    _check(result, f"open {path}")
    if out_db is None:
        raise OmenDBError("INTERNAL", "open succeeded without a handle")
    return NativeHandle(out_db)


def db_close(db: NativeHandle) -> None:
    """Close a database handle (the library ignores closed handles)."""
    _lib.omendb_close(db)


def db_put(db: NativeHandle, key: int, value: bytes) -> None:
    """Store one value."""
    _check(_lib.omendb_storage_put(db, key, value, len(value)), "put")


def _db_get_layer(db: NativeHandle, key: int) -> Optional[bytes]:
    """db_get on the cffi and ctypes tiers (a NamedTuple of ctypes values)."""
    if not -0x8000000000000000 <= key <= 0x7FFFFFFFFFFFFFFF:
        to_key(key)  # raises INVALID_ARGUMENT: ctypes would wrap an out-of-range int silently
    result, value, _len = _lib.omendb_storage_get(db, key)
    if result.success:
        return _as_bytes(value)
    if result.code == _NOT_FOUND:
        return None
    raise _last_error(int(result.code), "get failed")


def _db_get_compiled(db: NativeHandle, key: int) -> Optional[bytes]:
    """db_get on the compiled tier. Its result is (OmenResult, bytes or None, len); the value is
    not None only after a successful get of a non-empty value, so that case reads one item."""
    try:
        got = _storage_get(db, key)
    except OverflowError:
        to_key(key)  # raises the package's INVALID_ARGUMENT for an int outside int64
        raise
    value: Optional[bytes] = got[1]
    if value is not None:
        return value
    result = got[0]
    if result.success:
        return b""
    if result.code == _NOT_FOUND:
        return None
    raise _last_error(int(result.code), "get failed")


db_get: Callable[[NativeHandle, int], Optional[bytes]] = _db_get_layer
"""Read one value; None when absent (the implementation of the current tier). Takes any int:
out-of-int64 keys raise OmenDBError("INVALID_ARGUMENT")."""


def db_delete(db: NativeHandle, key: int) -> bool:
    """Delete one key; False when absent."""
    result = _lib.omendb_storage_delete(db, key)
    if not result.success and result.code == _NOT_FOUND:
        return False
    _check(result, "delete")
    return True


def db_batch_write(db: NativeHandle, keys: KeyArray, values: list[bytes]) -> None:
    """Write many entries in one atomic native call."""
    _check(_lib.omendb_storage_batch_write(db, keys, values, _lengths(values), len(keys)), "batch_write")


def db_get_many(db: NativeHandle, keys: KeyArray) -> CopiedBatch:
    """Read many keys in one native call."""
    result, out = _lib.omendb_storage_get_many(db, keys, len(keys))
    _check(result, "get_many")
    return _take_batch(out)


def db_range(db: NativeHandle, start: int, end: int, limit: int) -> CopiedBatch:
    """One page of entries with start <= key <= end (limit 0: all)."""
    result, out = _lib.omendb_storage_range(db, start, end, limit)
    _check(result, "range")
    return _take_batch(out)


def db_flush(db: NativeHandle) -> None:
    """Make every write durable."""
    _check(_lib.omendb_storage_flush(db), "flush")


_DB_STATS_FIELDS = ("engine", "sync_policy", "num_keys", "hot_keys", "hot_capacity", "hot_hits", "hot_misses", "file_bytes")
_INDEX_STATS_FIELDS = ("kind", "epsilon", "num_keys", "delta_keys", "num_models", "max_error", "model_bytes", "total_bytes")


def db_stats(db: NativeHandle) -> dict[str, int]:
    """Database statistics, field names as in OmenDBStats."""
    result, out = _lib.omendb_storage_stats(db)
    _check(result, "stats")
    return {name: int(getattr(out, name)) for name in _DB_STATS_FIELDS}


def index_create(kind: int, capacity: int) -> NativeHandle:
    """Create an empty index."""
    idx = _lib.omendb_create_index(kind, capacity)
    if idx is None or (isinstance(idx, ctypes.c_void_p) and not idx.value):
        raise _last_error(4, "create_index failed")
    return NativeHandle(idx)


def index_build(kind: int, epsilon: int, keys: KeyArray, values: Optional[list[bytes]]) -> NativeHandle:
    """Build an index from keys (and optional values) in one call."""
    lens = _lengths(values) if values is not None else None
    result, out_index = _lib.omendb_index_build(kind, epsilon, keys, values, lens, len(keys))
    _check(result, "index_build")
    if out_index is None:
        raise OmenDBError("INTERNAL", "index_build succeeded without a handle")
    return NativeHandle(out_index)


def index_insert(idx: NativeHandle, key: int, value: bytes) -> None:
    """Insert or replace one key."""
    _check(_lib.omendb_index_insert(idx, key, value, len(value)), "index_insert")


def index_get(idx: NativeHandle, key: int) -> Optional[bytes]:
    """Look up one key; None when absent."""
    result, value, _len = _lib.omendb_index_get(idx, key)
    if result.success:
        return _as_bytes(value)
    if result.code == _NOT_FOUND:
        return None
    raise _last_error(int(result.code), "index_get failed")


def index_get_many(idx: NativeHandle, keys: KeyArray) -> CopiedBatch:
    """Look up many keys in one call."""
    result, out = _lib.omendb_index_get_many(idx, keys, len(keys))
    _check(result, "index_get_many")
    return _take_batch(out)


def index_contains_many(idx: NativeHandle, keys: KeyArray) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Presence of many keys, as a bool array."""
    found = bytearray(len(keys))
    _check(_lib.omendb_index_contains_many(idx, keys, len(keys), found), "index_contains_many")
    flags = np.frombuffer(bytes(found)[: len(keys)], dtype=np.uint8)
    present: np.ndarray[Any, np.dtype[np.bool_]] = flags.astype(np.bool_)
    return present


def index_range(idx: NativeHandle, start: int, end: int) -> KeyArray:
    """Keys in [start, end] as an int64 array sharing the library's buffer (no copy; freed with
    omendb_keys_free when the array and every view of it are collected)."""
    result, keys = _zero_copy.index_range(_tier, idx, start, end)
    _check(result, "index_range")
    return keys


def index_merge(idx: NativeHandle) -> None:
    """Merge the delta buffer into the model."""
    _check(_lib.omendb_index_merge(idx), "index_merge")


def index_stats(idx: NativeHandle) -> dict[str, float]:
    """Index statistics, field names as in OmenIndexStats."""
    result, out = _lib.omendb_index_stats(idx)
    _check(result, "index_stats")
    stats: dict[str, float] = {name: int(getattr(out, name)) for name in _INDEX_STATS_FIELDS}
    stats["mean_error"] = float(out.mean_error)
    return stats


def index_free(idx: NativeHandle) -> None:
    """Free an index handle (the library ignores freed handles)."""
    _lib.omendb_index_free(idx)


_bind_hot_paths()
