"""Bad input through the Python API and the generated bindings under it.

Wrong key and value types, out-of-range and non-integer keys, over-long values, bad options
and paths (including surrogate-escaped bytes and NUL), closed/freed/null/forged/stale
handles, impossible lengths and counts. Each must end in OmenDBError with the documented
code (never a crash, never a silent success), and afterwards the process and the stored
data are still fine.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pytest

import omendb
import omendb_ffi

from reliability.settings import report

MAX_VALUE = 16 * 1024 * 1024
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
Attempt = tuple[str, Callable[[], object], str]

BAD_KEYS: list[tuple[str, object]] = [
    ("str", "7"), ("float", 1.5), ("nan", float("nan")), ("inf", float("inf")), ("-inf", float("-inf")),
    ("2**63", 2**63), ("-2**63-1", -(2**63) - 1), ("2**64", 2**64), ("None", None), ("bool", True),
    ("bytes", b"1"), ("list", [1]), ("object", object()), ("np.float64", np.float64(1.0)), ("complex", 1j),
]
BAD_VALUES: list[tuple[str, object]] = [
    ("None", None), ("int", 42), ("float", 1.0), ("list", [1, 2]), ("dict", {"a": 1}), ("object", object()),
]

tried = 0


def outcome(fn: Callable[[], object]) -> str:
    """The OmenDBError code ``fn`` raised, "TypeError", or what happened instead."""
    try:
        fn()
    except omendb.OmenDBError as err:
        return err.code
    except TypeError:
        return "TypeError"
    except Exception as err:  # noqa: BLE001 - reported as a mismatch
        return f"unexpected {err!r}"
    return "no error"


def attempt(db: omendb.OmenDB, attempts: list[Attempt]) -> None:
    """Run every attempt, check its code, then prove the database works and kept its data."""
    global tried
    for name, call, code in attempts:
        tried += 1
        assert outcome(call) == code, name
        db.put(424242, f"after {name}")
        assert db.get(424242) == f"after {name}".encode(), name
        assert db.get(1) == b"kept", name


@pytest.fixture
def kept(db: omendb.OmenDB) -> omendb.OmenDB:
    """The conftest database holding key 1 = b"kept"."""
    db.put(1, b"kept")
    return db


def test_bad_keys_and_values(kept: omendb.OmenDB) -> None:
    db: Any = kept
    attempts: list[Attempt] = []
    for what, key in BAD_KEYS:
        attempts += [
            (f"put key {what}", lambda k=key: db.put(k, b"x"), "INVALID_ARGUMENT"),
            (f"get key {what}", lambda k=key: db.get(k), "INVALID_ARGUMENT"),
            (f"delete key {what}", lambda k=key: db.delete(k), "INVALID_ARGUMENT"),
            (f"put_many key {what}", lambda k=key: db.put_many([1, k], [b"a", b"b"]), "INVALID_ARGUMENT"),
            (f"get_many key {what}", lambda k=key: db.get_many([k]), "INVALID_ARGUMENT"),
            (f"range start {what}", lambda k=key: db.range(k, 5), "INVALID_ARGUMENT"),
            (f"range end {what}", lambda k=key: db.range(0, k), "INVALID_ARGUMENT"),
        ]
    for what, value in BAD_VALUES:
        attempts += [
            (f"put value {what}", lambda v=value: db.put(2, v), "INVALID_ARGUMENT"),
            (f"put_many value {what}", lambda v=value: db.put_many([2, 3], [b"ok", v]), "INVALID_ARGUMENT"),
        ]
    attempts += [
        ("put_many length mismatch", lambda: db.put_many([2, 3], [b"a"]), "INVALID_ARGUMENT"),
        ("put_many keys str", lambda: db.put_many("12", [b"a", b"b"]), "INVALID_ARGUMENT"),
        ("put_many values bytes", lambda: db.put_many([1], b"a"), "INVALID_ARGUMENT"),
        ("put_many float array", lambda: db.put_many(np.array([1.5]), [b"a"]), "INVALID_ARGUMENT"),
        ("put_many 2-d array", lambda: db.put_many(np.zeros((2, 2), dtype=np.int64), [b"a", b"b"]), "INVALID_ARGUMENT"),
        ("put_many uint64 over int64", lambda: db.put_many(np.array([2**64 - 1], dtype=np.uint64), [b"a"]), "INVALID_ARGUMENT"),
        ("get_many keys int", lambda: db.get_many(5), "INVALID_ARGUMENT"),
        ("range start > end", lambda: db.range(5, 1), "INVALID_ARGUMENT"),
        ("scan page_size 0", lambda: list(db.scan(0, 9, page_size=0)), "INVALID_ARGUMENT"),
        ("scan page_size -1", lambda: list(db.scan(0, 9, page_size=-1)), "INVALID_ARGUMENT"),
        ("scan page_size 1.5", lambda: list(db.scan(0, 9, page_size=1.5)), "INVALID_ARGUMENT"),
    ]
    attempt(kept, attempts)
    assert kept.range(2, 3) == []  # no rejected write stored anything
    assert kept.stats().num_keys == 2


def test_values_over_16_mib(tmp_path: Path) -> None:
    with omendb.open(str(tmp_path / "large.omendb"), sync="on_flush") as db:
        db.put(1, b"kept")
        over = bytes(MAX_VALUE + 1)
        attempt(db, [
            ("put 16 MiB + 1", lambda: db.put(2, over), "VALUE_TOO_LARGE"),
            ("put_many with one 16 MiB + 1", lambda: db.put_many([3, 4], [b"small", over]), "VALUE_TOO_LARGE"),
            ("index insert 16 MiB + 1", lambda: omendb.LearnedIndex.create().insert(1, over), "VALUE_TOO_LARGE"),
        ])
        assert db.get(3) is None  # the failed batch stored nothing
        db.put(5, b"\x07" * MAX_VALUE)
        back = db.get(5)
        assert back is not None and len(back) == MAX_VALUE and back[-1] == 7


def test_bad_options_and_paths(kept: omendb.OmenDB, tmp_path: Path) -> None:
    sub = tmp_path / "paths"
    sub.mkdir()

    def open_close(path: object, **options: object) -> Callable[[], object]:
        return lambda: omendb.open(path, **options).close()  # type: ignore[arg-type]

    assert kept.path is not None
    attempt(kept, [
        ("empty path", open_close(""), "INVALID_PATH"),
        ("directory path", open_close(str(sub)), "INVALID_PATH"),
        ("surrogate-escaped bytes", open_close(os.fsdecode(bytes(sub) + b"/a\xffb.omendb")), "INVALID_PATH"),
        ("lone surrogate", open_close(str(sub / "x\ud800y.omendb")), "INVALID_PATH"),
        ("NUL in path", open_close(str(sub / "c\x00d.omendb")), "INVALID_PATH"),
        ("bytes path", open_close(bytes(sub / "b.omendb")), "INVALID_PATH"),
        ("None path", open_close(None), "INVALID_PATH"),
        ("int path", open_close(42), "INVALID_PATH"),
        ("missing parent dir", open_close(str(sub / "no" / "such" / "x.omendb")), "IO"),
        ("same file twice", open_close(kept.path), "LOCKED"),
        ("engine unknown", open_close(str(sub / "e.omendb"), engine="sqlite"), "INVALID_ARGUMENT"),
        ("sync unknown", open_close(str(sub / "s.omendb"), sync="never"), "INVALID_ARGUMENT"),
        ("hot_tier_capacity negative", open_close(str(sub / "h.omendb"), hot_tier_capacity=-1), "INVALID_ARGUMENT"),
        ("hot_tier_capacity float", open_close(str(sub / "h.omendb"), hot_tier_capacity=1.5), "INVALID_ARGUMENT"),
        ("index kind unknown", lambda: omendb.LearnedIndex.build([1], kind="zzz"), "INVALID_ARGUMENT"),  # type: ignore[arg-type]
        ("index epsilon -1", lambda: omendb.LearnedIndex.build([1], epsilon=-1), "INVALID_ARGUMENT"),
        ("index epsilon 1.5", lambda: omendb.LearnedIndex.build([1], epsilon=1.5), "INVALID_ARGUMENT"),  # type: ignore[arg-type]
        ("index values mismatch", lambda: omendb.LearnedIndex.build([1, 2], [b"a"]), "INVALID_ARGUMENT"),
        ("index capacity negative", lambda: omendb.LearnedIndex.create(capacity=-1), "INVALID_ARGUMENT"),
        ("index key 2**63", lambda: omendb.LearnedIndex.build([2**63]), "INVALID_ARGUMENT"),
    ])
    # The NUL path used to open "c" and the surrogate path raised a raw UnicodeEncodeError.
    assert os.listdir(sub) == []
    with omendb.open(str(sub / "ok-\U0001f600.omendb")):
        pass
    assert os.listdir(sub) == ["ok-\U0001f600.omendb"]


def test_closed_database_and_freed_index(kept: omendb.OmenDB, tmp_path: Path) -> None:
    path = str(tmp_path / "closed.omendb")
    closed = omendb.open(path)
    closed.put(1, b"x")
    closed.close()
    closed.close()
    idx = omendb.LearnedIndex.build([1, 2, 3])
    idx.free()
    idx.free()
    attempt(kept, [
        ("closed put", lambda: closed.put(1, b"y"), "INVALID_HANDLE"),
        ("closed get", lambda: closed.get(1), "INVALID_HANDLE"),
        ("closed delete", lambda: closed.delete(1), "INVALID_HANDLE"),
        ("closed put_many", lambda: closed.put_many([1], [b"y"]), "INVALID_HANDLE"),
        ("closed get_many", lambda: closed.get_many([1]), "INVALID_HANDLE"),
        ("closed range", lambda: closed.range(0, 1), "INVALID_HANDLE"),
        ("closed range_query", lambda: closed.range_query(0, 1), "INVALID_HANDLE"),
        ("closed scan", lambda: list(closed.scan(0, 1)), "INVALID_HANDLE"),
        ("closed flush", closed.flush, "INVALID_HANDLE"),
        ("closed stats", closed.stats, "INVALID_HANDLE"),
        ("freed get", lambda: idx.get(1), "INVALID_HANDLE"),
        ("freed contains", lambda: 1 in idx, "INVALID_HANDLE"),
        ("freed insert", lambda: idx.insert(4), "INVALID_HANDLE"),
        ("freed range", lambda: idx.range(0, 9), "INVALID_HANDLE"),
        ("freed merge", idx.merge, "INVALID_HANDLE"),
        ("freed stats", idx.stats, "INVALID_HANDLE"),
        ("freed get_many", lambda: idx.get_many([1]), "INVALID_HANDLE"),
        ("freed contains_many", lambda: idx.contains_many([1]), "INVALID_HANDLE"),
    ])
    assert closed.closed and idx.freed
    with omendb.open(path) as reopened:
        assert reopened.get(1) == b"x"


def raw_library() -> Any:
    """The generated ctypes bindings on the same library file the package uses."""
    from omendb._native import find_library

    return omendb_ffi.load(find_library(), backend="ctypes")


def test_raw_handles_lengths_and_counts(kept: omendb.OmenDB) -> None:
    global tried
    lib = raw_library()
    options = omendb_ffi.OmenOptions(engine=1, sync_policy=0, hot_tier_capacity=0, hot_index_kind=0)
    result, raw_db = lib.omendb_open_with_options(None, options)
    assert result.success and raw_db is not None
    stale = lib.omendb_open_with_options(None, options)[1]
    lib.omendb_close(stale)
    lib.omendb_close(stale)
    live_index = lib.omendb_create_index(0, 0)
    stale_index = lib.omendb_create_index(0, 0)
    lib.omendb_index_free(stale_index)
    lib.omendb_index_free(stale_index)
    small = b"\0" * 4
    # Codes of the header: 1 NULL_ARGUMENT, 2 INVALID_HANDLE, 5 VALUE_TOO_LARGE.
    cases: list[tuple[str, Callable[[], Any], int]] = []
    for what, handle, code in [("null", None, 1), ("forged 1", 1, 2), ("forged 0xdeadbeef", 0xDEADBEEF, 2), ("forged high", 2**63 - 8, 2)]:
        cases += [
            (f"db put {what}", lambda h=handle: lib.omendb_storage_put(omendb_ffi.OmenDB(h), 1, small, 4), code),
            (f"db get {what}", lambda h=handle: lib.omendb_storage_get(omendb_ffi.OmenDB(h), 1)[0], code),
            (f"index insert {what}", lambda h=handle: lib.omendb_index_insert(omendb_ffi.LearnedIndex(h), 1, small, 4), code),
        ]
    cases += [
        ("stale db put", lambda: lib.omendb_storage_put(stale, 1, small, 4), 2),
        ("stale index insert", lambda: lib.omendb_index_insert(stale_index, 1, small, 4), 2),
        ("index handle as db", lambda: lib.omendb_storage_put(omendb_ffi.OmenDB(live_index.value), 1, small, 4), 2),
        ("db handle as index", lambda: lib.omendb_index_insert(omendb_ffi.LearnedIndex(raw_db.value), 1, small, 4), 2),
        ("put len 16 MiB + 1 over 4 bytes", lambda: lib.omendb_storage_put(raw_db, 1, small, MAX_VALUE + 1), 5),
        ("put len 2**64-1 (negative)", lambda: lib.omendb_storage_put(raw_db, 1, small, 2**64 - 1), 5),
        ("put null value len 4", lambda: lib.omendb_storage_put(raw_db, 1, None, 4), 1),
        ("batch count over OMENDB_MAX_BATCH", lambda: lib.omendb_storage_batch_write(raw_db, [1], [small], [4], 16_777_217), 5),
        ("batch count 2**64-1", lambda: lib.omendb_storage_batch_write(raw_db, [1], [small], [4], 2**64 - 1), 5),
        ("batch value length 2**64-1", lambda: lib.omendb_storage_batch_write(raw_db, [1], [small], [2**64 - 1], 1), 5),
        ("get_many count over OMENDB_MAX_BATCH", lambda: lib.omendb_storage_get_many(raw_db, [1], 16_777_217)[0], 5),
    ]
    for name, call, expected in cases:
        tried += 1
        r = call()
        assert (0 if r.success else int(r.code)) == expected, name
        assert kept.get(1) == b"kept", name
    result, stats = lib.omendb_storage_stats(raw_db)
    assert result.success and stats.num_keys == 0  # nothing above wrote anything
    lib.omendb_index_free(live_index)
    lib.omendb_close(raw_db)


def test_report_count(capsys: pytest.CaptureFixture[str]) -> None:
    report(capsys, "python bad input", tried=tried)
    assert tried > 150
