"""OmenDB (Python): every database call with its values, persistence, the memory
engine, paging, the seed's API, and every error path."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

import omendb
from omendb import OmenDB

from pkg_helpers import error_code


def test_put_get_delete(db: OmenDB) -> None:
    db.put(1, b"one")
    db.put(-(2**63), bytearray(b"min"))
    db.put(2**63 - 1, b"")
    db.put(2, "two")
    assert db.get(1) == b"one"
    assert db.get(-(2**63)) == b"min"
    assert db.get(2**63 - 1) == b""
    assert db.get(2) == b"two"
    assert db.get(3) is None
    db.put(1, b"uno")
    assert db.get(1) == b"uno"
    assert db.delete(1) is True
    assert db.delete(1) is False
    assert db.get(1) is None


def test_put_many_get_many(db: OmenDB) -> None:
    keys = np.arange(0, 3000, 3, dtype=np.int64)
    db.put_many(keys, [f"v{i}".encode() for i in range(1000)])
    assert db.get_many([0, 3, 4, 2997, 3000]) == [b"v0", b"v1", None, b"v999", None]
    assert db.stats().num_keys == 1000
    db.put_many([5, 5], [b"first", b"second"])
    assert db.get(5) == b"second"


def test_range_scan_and_range_query(db: OmenDB) -> None:
    db.put_many(list(range(50)), [str(i).encode() for i in range(50)])
    assert db.range(10, 13) == [(10, b"10"), (11, b"11"), (12, b"12"), (13, b"13")]
    assert db.range(60, 70) == []
    scanned = list(db.scan(0, 49, page_size=7))
    assert [k for k, _ in scanned] == list(range(50))
    assert scanned[49] == (49, b"49")
    keys = db.range_query(5, 9)
    assert keys.dtype == np.int64
    assert keys.tolist() == [5, 6, 7, 8, 9]


def test_persistence_and_stats(db_path: str) -> None:
    with omendb.open(db_path, sync="on_flush", hot_tier_capacity=128) as db:
        db.put_many([1, 2, 3], [b"a", b"b", b"c"])
        db.flush()
        stats = db.stats()
        assert (stats.engine, stats.sync_policy, stats.num_keys, stats.hot_capacity) == ("redb", "on_flush", 3, 128)
        assert stats.file_bytes > 0
    assert db.closed
    with omendb.open(db_path) as again:
        assert again.get(2) == b"b"


def test_memory_engine_keeps_nothing() -> None:
    with omendb.open(None, engine="memory") as db:
        db.put(1, b"x")
        assert db.stats().engine == "memory"
        assert db.stats().file_bytes == 0
    with omendb.open(None, engine="memory") as db:
        assert db.get(1) is None


def test_seed_usage_keeps_working(db_path: str) -> None:
    db = OmenDB(db_path)
    for i in range(1000):
        db.put(i * 2, f"value_{i}".encode())
    assert db.get(10) == b"value_5"
    results = db.range_query(0, 100)
    assert isinstance(results, np.ndarray)
    assert results.tolist() == list(range(0, 101, 2))
    db.close()


def test_every_call_after_close_raises_invalid_handle(db_path: str) -> None:
    db = omendb.open(db_path)
    db.close()
    db.close()
    calls = [
        lambda: db.put(1, b"x"),
        lambda: db.get(1),
        lambda: db.delete(1),
        lambda: db.put_many([1], [b"x"]),
        lambda: db.get_many([1]),
        lambda: db.range(0, 1),
        lambda: db.range_query(0, 1),
        lambda: list(db.scan(0, 1)),
        lambda: db.flush(),
        lambda: db.stats(),
    ]
    assert [error_code(c) for c in calls] == ["INVALID_HANDLE"] * len(calls)


def test_bad_keys_and_values(db: OmenDB) -> None:
    assert error_code(lambda: db.put(2**63, b"x")) == "INVALID_ARGUMENT"
    assert error_code(lambda: db.put(1.5, b"x")) == "INVALID_ARGUMENT"  # type: ignore[arg-type]
    assert error_code(lambda: db.put(1, 42)) == "INVALID_ARGUMENT"  # type: ignore[arg-type]
    assert error_code(lambda: db.put_many([1, 2], [b"x"])) == "INVALID_ARGUMENT"
    assert error_code(lambda: list(db.scan(0, 1, page_size=0))) == "INVALID_ARGUMENT"
    assert db.stats().num_keys == 0


def test_value_too_large(db: OmenDB) -> None:
    big = bytes(16 * 1024 * 1024 + 1)
    try:
        db.put(1, big)
    except omendb.OmenDBError as err:
        assert err.code == "VALUE_TOO_LARGE"
        assert err.message
    else:
        raise AssertionError("no error for a value over 16 MiB")
    assert error_code(lambda: db.put_many([1], [big])) == "VALUE_TOO_LARGE"
    db.put(2, bytes(16 * 1024 * 1024))
    assert len(db.get(2) or b"") == 16 * 1024 * 1024


def test_bad_paths_and_options(tmp_path: Path, db_path: str) -> None:
    assert error_code(lambda: omendb.open("")) == "INVALID_PATH"
    os.mkdir(tmp_path / "dir")
    assert error_code(lambda: omendb.open(str(tmp_path / "dir"))) == "INVALID_PATH"
    assert error_code(lambda: omendb.open(str(tmp_path / "missing" / "x.omendb"))) in ("IO", "INVALID_PATH")
    assert error_code(lambda: omendb.open(db_path, engine="sqlite")) == "INVALID_ARGUMENT"  # type: ignore[arg-type]
    assert error_code(lambda: omendb.open(db_path, hot_tier_capacity=-1)) == "INVALID_ARGUMENT"


def test_locked_when_opened_twice(db_path: str) -> None:
    with omendb.open(db_path) as db:
        assert error_code(lambda: omendb.open(db_path)) == "LOCKED"
        db.put(1, b"still usable")
        assert db.get(1) == b"still usable"


def test_library_version_and_backend(native_tier: str) -> None:
    assert omendb.library_version() == "0.1.0"
    assert omendb.backend() == native_tier
