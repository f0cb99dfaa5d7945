"""db.get's fast path (every tier): the inline int check and the range check left to db_get give
the same answers and errors as the general key conversion."""

from __future__ import annotations

import numpy as np
from pkg_helpers import error_code

import omendb
from omendb import OmenDB


def test_keys_outside_int64_and_non_ints_are_invalid_arguments(db: OmenDB) -> None:
    for bad in (2**63, -(2**63) - 1, 2**64, 10**30, 1.0, "1", None, True, False):
        assert error_code(lambda: db.get(bad)) == "INVALID_ARGUMENT", bad  # type: ignore[arg-type]


def test_hot_path_values_empty_values_missing_keys(db: OmenDB) -> None:
    db.put(7, b"seven")
    db.put(8, b"")
    db.put(-(2**63), b"min")
    assert db.get(7) == b"seven" and db.get(8) == b"" and db.get(9) is None
    assert db.get(-(2**63)) == b"min" and db.get(2**63 - 1) is None
    assert db.get(np.int64(7)) == b"seven" and db.get(np.uint8(8)) == b""  # type: ignore[arg-type]


def test_get_after_close_is_invalid_handle() -> None:
    db = omendb.open(None, engine="memory")
    db.put(1, b"x")
    assert db.get(1) == b"x"
    db.close()
    assert error_code(lambda: db.get(1)) == "INVALID_HANDLE"
    assert error_code(lambda: db.get(2**63)) == "INVALID_ARGUMENT"
