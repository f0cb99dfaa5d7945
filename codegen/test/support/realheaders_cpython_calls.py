"""Real calls into zlib or sqlite3 through a generated CPython extension (the cpython target).

Usage: python realheaders_cpython_calls.py <dir> <zlib|sqlite3>. Imports `<name>_c_cpython` from
<dir>, calls the library and prints what it observed as one JSON object; the vitest side asserts.
"""
import array
import ctypes
import importlib
import json
import sys
from typing import Any, Callable


def refused(fn: Callable[[], object]) -> str:
    """The exception class name a call raises, or "none"."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the class name is the observation
        return type(e).__name__
    return "none"


def zlib_calls(m: Any) -> dict[str, object]:
    z = m.load()
    src = b"omendb " * 500
    bound = z.compressBound(len(src))
    dst = bytearray(bound)
    dst_len = array.array("L", [bound])
    rc = z.compress2(dst, dst_len, src, len(src), 9)
    back = bytearray(len(src))
    back_len = array.array("L", [len(back)])
    rc_back = z.uncompress(back, back_len, bytes(dst[: dst_len[0]]), dst_len[0])
    return {
        "version": z.zlibVersion(),
        "bound100": z.compressBound(100),
        "crc": z.crc32(0, b"hello", 5),
        "crcMemoryview": z.crc32(0, memoryview(b"xhello")[1:], 5),
        "adler": z.adler32(1, b"hello", 5),
        "zError": z.zError(m.Z_DATA_ERROR),
        "compress": [rc == m.Z_OK, dst_len[0] < len(src) // 10],
        "uncompress": [rc_back == m.Z_OK, back_len[0], bytes(back) == src],
        # zlib documents buf == Z_NULL: crc32 then returns 0 and adler32 1, whatever the running value.
        "nullBuffer": [z.crc32(12345, None, 0), z.adler32(7, None, 0)],
        "badType": refused(lambda: z.crc32(0, "hello", 5)),
        "badCount": refused(lambda: z.compressBound()),
        "badRange": refused(lambda: z.compressBound(-1)),
    }


def sqlite3_calls(m: Any) -> dict[str, object]:
    s = m.load()

    def run(db: object, sql: str) -> int:
        stmt: list[Any] = [None]
        assert s.sqlite3_prepare_v2(db, sql, -1, stmt, None) == m.SQLITE_OK, sql
        code: int = s.sqlite3_step(stmt[0])
        assert s.sqlite3_finalize(stmt[0]) == m.SQLITE_OK
        return code

    out: dict[str, object] = {"version": s.sqlite3_libversion(), "versionNumber": s.sqlite3_libversion_number()}
    out["hasExec"] = hasattr(s, "sqlite3_exec")
    db_out: list[Any] = [None]
    out["open"] = s.sqlite3_open(":memory:", db_out) == m.SQLITE_OK
    db = db_out[0]
    out["create"] = run(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, x REAL, name TEXT)") == m.SQLITE_DONE
    out["insert"] = run(db, "INSERT INTO t VALUES (7, 0.5, 'héllo'), (8, 2.25, 'eight')") == m.SQLITE_DONE
    out["changes"] = s.sqlite3_changes(db)
    stmt_out: list[Any] = [None]
    assert s.sqlite3_prepare_v2(db, "SELECT id, x, name FROM t WHERE id >= ? AND x < ? ORDER BY id", -1, stmt_out, None) == m.SQLITE_OK
    stmt = stmt_out[0]
    out["bind"] = [s.sqlite3_bind_int64(stmt, 1, 7), s.sqlite3_bind_double(stmt, 2, 3.0)]
    rows = []
    while s.sqlite3_step(stmt) == m.SQLITE_ROW:
        text = s.sqlite3_column_text(stmt, 2)
        rows.append([s.sqlite3_column_int64(stmt, 0), s.sqlite3_column_double(stmt, 1), None if text is None else ctypes.string_at(text).decode()])
    out["rows"] = rows
    out["columnName"] = s.sqlite3_column_name(stmt, 2)
    out["finalize"] = s.sqlite3_finalize(stmt) == m.SQLITE_OK
    out["errmsg"] = s.sqlite3_errmsg(db)
    bad: list[Any] = [None]
    out["badSql"] = [s.sqlite3_prepare_v2(db, "SELEC 1", -1, bad, None) == m.SQLITE_ERROR, bad[0] is None, s.sqlite3_errmsg(db)]
    out["wrongHandle"] = refused(lambda: s.sqlite3_step(db))
    out["notAHandle"] = refused(lambda: s.sqlite3_close(42))
    out["close"] = s.sqlite3_close(db) == m.SQLITE_OK
    # sqlite3.h documents no nullability, so every pointer takes None (NULL), as C allows here:
    # the default VFS (zVfs), and sqlite3_close/sqlite3_finalize on NULL are harmless no-ops.
    vfs_out: list[Any] = [None]
    flags = m.SQLITE_OPEN_READWRITE | m.SQLITE_OPEN_CREATE
    opened = s.sqlite3_open_v2(":memory:", vfs_out, flags, None) == m.SQLITE_OK
    out["nullArgs"] = [opened, vfs_out[0] is not None, s.sqlite3_close(vfs_out[0]) == m.SQLITE_OK, s.sqlite3_close(None), s.sqlite3_finalize(None)]
    return out


def main() -> None:
    sys.path.insert(0, sys.argv[1])
    name = sys.argv[2]
    module = importlib.import_module(f"{name}_c_cpython")
    calls = {"zlib": zlib_calls, "sqlite3": sqlite3_calls}[name]
    print(json.dumps(calls(module)))


if __name__ == "__main__":
    main()
