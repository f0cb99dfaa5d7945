"""Argument conversion shared by OmenDB and LearnedIndex.

Python ints become range-checked int64 keys, bytes-like values become bytes,
key sequences and numpy arrays become contiguous int64 numpy arrays. Bad input
raises OmenDBError("INVALID_ARGUMENT") before any native call.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Union

import numpy as np
import numpy.typing as npt

from ._errors import OmenDBError

Value = Union[bytes, bytearray, memoryview, str]
"""A value as the package accepts it; ``str`` is stored as UTF-8."""

KeyArray = npt.NDArray[np.int64]
"""A one-dimensional, C-contiguous int64 numpy array."""

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


def to_key(key: object, what: str = "key") -> int:
    """Return ``key`` as an int in int64 range, or raise INVALID_ARGUMENT."""
    if type(key) is int and INT64_MIN <= key <= INT64_MAX:
        return key  # the common case, without the general checks below (hot path of get/put)
    if isinstance(key, bool) or not isinstance(key, (int, np.integer)):
        raise OmenDBError("INVALID_ARGUMENT", f"{what} must be an int, got {type(key).__name__}")
    k = int(key)
    if k < INT64_MIN or k > INT64_MAX:
        raise OmenDBError("INVALID_ARGUMENT", f"{what} {k} is outside the int64 range")
    return k


def to_value(value: object, what: str = "value") -> bytes:
    """Return ``value`` as bytes (``str`` as UTF-8), or raise INVALID_ARGUMENT."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8")
    raise OmenDBError("INVALID_ARGUMENT", f"{what} must be bytes, bytearray, memoryview or str, got {type(value).__name__}")


def to_key_array(keys: object, what: str = "keys") -> KeyArray:
    """Return keys as a contiguous int64 array; an int64 array is used without copying."""
    if isinstance(keys, np.ndarray):
        if keys.ndim != 1 or not np.issubdtype(keys.dtype, np.integer):
            raise OmenDBError("INVALID_ARGUMENT", f"{what} must be a one-dimensional integer array")
        if keys.dtype != np.int64:
            if keys.size and (int(keys.min()) < INT64_MIN or int(keys.max()) > INT64_MAX):
                raise OmenDBError("INVALID_ARGUMENT", f"{what} has values outside the int64 range")
            return np.ascontiguousarray(keys, dtype=np.int64)
        return np.ascontiguousarray(keys)
    if isinstance(keys, (str, bytes)) or not isinstance(keys, Iterable):
        raise OmenDBError("INVALID_ARGUMENT", f"{what} must be a sequence of ints or an int64 numpy array")
    checked = [to_key(k, f"{what}[{i}]") for i, k in enumerate(keys)]
    return np.array(checked, dtype=np.int64)


def to_value_list(values: Sequence[object], what: str = "values") -> list[bytes]:
    """Return every value as bytes, or raise INVALID_ARGUMENT naming the entry."""
    if isinstance(values, (str, bytes)):
        raise OmenDBError("INVALID_ARGUMENT", f"{what} must be a sequence of values")
    return [to_value(v, f"{what}[{i}]") for i, v in enumerate(values)]
