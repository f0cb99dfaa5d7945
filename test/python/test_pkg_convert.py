"""Argument conversion of the Python package: key range and type checks, value
encodings, key arrays (numpy used without copying)."""

from __future__ import annotations

import numpy as np
import pytest

from omendb._convert import to_key, to_key_array, to_value, to_value_list
from omendb._errors import OmenDBError, error_code_name


def test_keys_at_both_ends_of_int64_are_accepted() -> None:
    assert to_key(-(2**63)) == -(2**63)
    assert to_key(2**63 - 1) == 2**63 - 1
    assert to_key(np.int64(5)) == 5


@pytest.mark.parametrize("bad", [2**63, -(2**63) - 1, 1.5, "1", None, True])
def test_bad_keys_raise_invalid_argument(bad: object) -> None:
    with pytest.raises(OmenDBError) as info:
        to_key(bad)
    assert info.value.code == "INVALID_ARGUMENT"


def test_values_become_bytes() -> None:
    assert to_value(b"ab") == b"ab"
    assert to_value(bytearray(b"cd")) == b"cd"
    assert to_value(memoryview(b"ef")) == b"ef"
    assert to_value("é") == b"\xc3\xa9"
    with pytest.raises(OmenDBError, match="values\\[1\\]"):
        to_value_list([b"ok", 3])


def test_key_arrays() -> None:
    arr = np.array([3, 1], dtype=np.int64)
    assert to_key_array(arr) is arr
    assert to_key_array([1, 2]).tolist() == [1, 2]
    assert to_key_array(np.array([1, 2], dtype=np.int32)).dtype == np.int64
    with pytest.raises(OmenDBError, match="keys\\[1\\]"):
        to_key_array([1, 2**64])
    with pytest.raises(OmenDBError):
        to_key_array(np.zeros((2, 2), dtype=np.int64))


def test_error_code_names() -> None:
    assert error_code_name(3) == "NOT_FOUND"
    assert error_code_name(99) == "INTERNAL"
    assert error_code_name(1234) == "INTERNAL"
