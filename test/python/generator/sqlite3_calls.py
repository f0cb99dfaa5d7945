"""Real calls into sqlite3 through the generated sqlite3_c module. Usage: python sqlite3_calls.py <dir> <backend>."""
import ctypes, sys
sys.path.insert(0, sys.argv[1])
import sqlite3_c as s
L = s.load(backend=sys.argv[2])
assert L.backend == sys.argv[2]
db = s.sqlite3()
assert L.sqlite3_open(":memory:", ctypes.byref(db)) == s.SQLITE_OK
assert L.sqlite3_exec(db, "CREATE TABLE t(id INTEGER, name TEXT)", None, None, None) == s.SQLITE_OK
assert L.sqlite3_exec(db, "INSERT INTO t VALUES (7, 'héllo'), (8, 'world')", None, None, None) == s.SQLITE_OK
stmt = s.sqlite3_stmt()
assert L.sqlite3_prepare_v2(db, "SELECT id, name FROM t WHERE id >= ? ORDER BY id", -1, ctypes.byref(stmt), None) == s.SQLITE_OK
assert L.sqlite3_bind_int(stmt, 1, 7) == s.SQLITE_OK
rows = []
while L.sqlite3_step(stmt) == s.SQLITE_ROW:
    text = L.sqlite3_column_text(stmt, 1)
    rows.append((L.sqlite3_column_int(stmt, 0), None if text is None else text.decode()))
assert rows == [(7, "héllo"), (8, "world")], rows
assert L.sqlite3_finalize(stmt) == s.SQLITE_OK
assert L.sqlite3_libversion().startswith("3.")
assert L.sqlite3_close(db) == s.SQLITE_OK
print("ok")
