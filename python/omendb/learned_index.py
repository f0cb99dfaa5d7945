"""LearnedIndex: the idiomatic class over the library's learned index.

Sorted int64 keys with models predicting positions within an error bound.
Bulk calls take numpy int64 arrays without copying; range() returns one that shares the
library's buffer (zero-copy), other bulk results are copied once across the boundary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal, Optional

import numpy as np

from . import _native
from ._convert import KeyArray, Value, to_key, to_key_array, to_value, to_value_list
from ._errors import OmenDBError
from ._handle import HandleCell
from .db import Keys

IndexKind = Literal["default", "linear", "rmi", "pgm", "btree"]
"""Index kinds; ``"default"`` is the library's choice (currently PGM)."""

_KINDS: dict[str, int] = {"default": 0, "linear": 1, "rmi": 2, "pgm": 3, "btree": 4}


@dataclass(frozen=True)
class IndexStats:
    """Index statistics (see OmenIndexStats in the C header)."""

    kind: str
    """Kind actually built (never "default")."""
    epsilon: int
    """Requested PGM error bound; 0 for other kinds."""
    num_keys: int
    """Keys, including the unmerged delta."""
    delta_keys: int
    """Keys in the delta buffer not merged yet."""
    num_models: int
    """Number of linear models."""
    max_error: int
    """Largest distance between predicted and true position."""
    mean_error: float
    """Mean distance between predicted and true position."""
    model_bytes: int
    """Bytes used by the models."""
    total_bytes: int
    """Bytes used by keys, values and models."""


def _kind_number(kind: object) -> int:
    if isinstance(kind, str) and kind in _KINDS:
        return _KINDS[kind]
    raise OmenDBError("INVALID_ARGUMENT", f"kind must be one of {', '.join(_KINDS)}, got {kind!r}")


def _kind_name(number: int) -> str:
    for name, value in _KINDS.items():
        if value == number and name != "default":
            return name
    raise OmenDBError("INTERNAL", f"library reported unknown index kind {number}")


class LearnedIndex:
    """A learned index from int64 keys to byte values.

    Example::

        idx = LearnedIndex.from_numpy(np.arange(0, 1000, 10, dtype=np.int64), kind="pgm", epsilon=16)
        idx.range(15, 45)  # array([20, 30, 40])
    """

    def __init__(self, _handle: _native.NativeHandle) -> None:
        """Wrap a native handle; use from_numpy, build or create instead."""
        self._cell = HandleCell(self, _handle, _native.index_free, "index")

    @classmethod
    def build(
        cls,
        keys: Keys,
        values: Optional[Sequence[Value]] = None,
        kind: IndexKind = "default",
        epsilon: int = 64,
    ) -> LearnedIndex:
        """Build an index from keys (sorted or not; later duplicates win) in one native call."""
        ks = to_key_array(keys)
        vs = None if values is None else to_value_list(values)
        if vs is not None and len(vs) != len(ks):
            raise OmenDBError("INVALID_ARGUMENT", f"keys and values differ in length ({len(ks)} vs {len(vs)})")
        k = _kind_number(kind)
        if isinstance(epsilon, bool) or not isinstance(epsilon, int) or not 0 <= epsilon < 2**32:
            raise OmenDBError("INVALID_ARGUMENT", f"epsilon must be an int in [0, 2**32), got {epsilon!r}")
        return cls(_native.index_build(k, epsilon, ks, vs))

    @classmethod
    def from_numpy(
        cls,
        keys: KeyArray,
        values: Optional[Sequence[Value]] = None,
        kind: IndexKind = "pgm",
        epsilon: int = 64,
    ) -> LearnedIndex:
        """Build an index from an int64 numpy array (used without copying) and optional values."""
        if not isinstance(keys, np.ndarray):
            raise OmenDBError("INVALID_ARGUMENT", f"keys must be a numpy array, got {type(keys).__name__}")
        return cls.build(keys, values, kind=kind, epsilon=epsilon)

    @classmethod
    def create(cls, kind: IndexKind = "default", capacity: int = 0) -> LearnedIndex:
        """Create an empty index to fill with insert(); ``capacity`` is a hint (not negative)."""
        k = _kind_number(kind)
        cap = to_key(capacity, "capacity")
        if cap < 0:
            raise OmenDBError("INVALID_ARGUMENT", f"capacity must not be negative, got {cap}")
        return cls(_native.index_create(k, cap))

    @property
    def freed(self) -> bool:
        """True after free()."""
        return self._cell.released

    def get(self, key: int) -> Optional[bytes]:
        """Return the value of ``key``, or None when absent."""
        k = to_key(key)
        return _native.index_get(self._cell.get(), k)

    def contains(self, key: int) -> bool:
        """Return True when ``key`` is present."""
        k = to_key(key)
        return bool(_native.index_contains_many(self._cell.get(), np.array([k], dtype=np.int64))[0])

    def __contains__(self, key: object) -> bool:
        """``key in idx``."""
        return self.contains(to_key(key))

    def get_many(self, keys: Keys) -> list[Optional[bytes]]:
        """Return the values of many keys in one native call (None for absent keys)."""
        ks = to_key_array(keys)
        return _native.index_get_many(self._cell.get(), ks).values

    def contains_many(self, keys: Keys) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """Return a bool array telling which keys are present, in one native call."""
        ks = to_key_array(keys)
        return _native.index_contains_many(self._cell.get(), ks)

    def range(self, start: int, end: int) -> KeyArray:
        """Return the keys in ``[start, end]`` as an int64 numpy array.

        No copy: the array shares the library's buffer, which is freed when the array and every
        view of it are collected."""
        s, e = to_key(start, "start"), to_key(end, "end")
        return _native.index_range(self._cell.get(), s, e)

    def insert(self, key: int, value: Value = b"") -> None:
        """Insert or replace ``key`` (goes to the delta buffer until merged)."""
        k, v = to_key(key), to_value(value)
        _native.index_insert(self._cell.get(), k, v)

    def merge(self) -> None:
        """Merge the delta buffer into the model now."""
        _native.index_merge(self._cell.get())

    def stats(self) -> IndexStats:
        """Return index statistics."""
        s = _native.index_stats(self._cell.get())
        return IndexStats(
            kind=_kind_name(int(s["kind"])),
            epsilon=int(s["epsilon"]),
            num_keys=int(s["num_keys"]),
            delta_keys=int(s["delta_keys"]),
            num_models=int(s["num_models"]),
            max_error=int(s["max_error"]),
            mean_error=float(s["mean_error"]),
            model_bytes=int(s["model_bytes"]),
            total_bytes=int(s["total_bytes"]),
        )

    def free(self) -> None:
        """Free the native index; later calls raise INVALID_HANDLE. Freeing twice does nothing."""
        self._cell.release()

    def __enter__(self) -> LearnedIndex:
        """Return self for ``with`` blocks."""
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        """Free the index."""
        self.free()


__all__ = ["IndexKind", "IndexStats", "LearnedIndex"]
