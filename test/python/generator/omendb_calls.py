"""Real calls into libomendb through the generated omendb_ffi module (ctypes or cffi path).

Usage: python omendb_calls.py <dir with omendb_ffi.py> <backend>; prints "ok" or fails an assertion.
"""
from __future__ import annotations

import array
import sys

sys.path.insert(0, sys.argv[1])
import omendb_ffi as o  # noqa: E402

L = o.load(backend=sys.argv[2])
assert L.backend == sys.argv[2]
assert L.omendb_abi_hash() == o.OMENDB_ABI_HASH
assert L.omendb_version() == o.OMENDB_VERSION
db = L.omendb_open(None, o.OMENDB_OPEN_IN_MEMORY)
assert db is not None
res = L.omendb_storage_put(db, 42, b"answer", 6)
assert res.success and res.code == o.OMEN_OK, (res.code, res.error_msg)
got = L.omendb_storage_get(db, 42)
assert got.result.success and got.value == b"answer" and got.len == 6, got
missing = L.omendb_storage_get(db, 7)
assert not missing.result.success and missing.result.code == o.OMEN_ERR_NOT_FOUND == 3 and missing.value is None
assert L.omendb_error_name(3)
batch = L.omendb_storage_get_many(db, [42, 7], 2)
assert batch.result.success and batch.out.count == 2 and [batch.out.found[i] for i in range(2)] == [1, 0]
L.omendb_batch_free(batch.out)
L.omendb_close(db)
keys = array.array("q", [5, 1, 9, 3])
built = L.omendb_index_build(o.OMEN_INDEX_PGM, 0, keys, None, None, len(keys))
assert built.result.success and built.out_index is not None, built.result.code
rng = L.omendb_index_range(built.out_index, 2, 9)
assert rng.result.success and list(rng.keys) == [3, 5, 9] and rng.count_ == 3, rng
buf = array.array("q", [0] * 8)
into = L.omendb_index_range_into(built.out_index, 0, 100, memoryview(buf), 8)
assert into.result.success and into.written == 4 and list(buf[:4]) == [1, 3, 5, 9], into
L.omendb_index_free(built.out_index)
counters = L.omendb_debug_counters()
assert counters.result.success and counters.out.live_buffers == 0 and counters.out.live_databases == 0, counters.out.live_buffers
real_hash = o.OMENDB_ABI_HASH
o.OMENDB_ABI_HASH = real_hash ^ 0xDEAD  # a header that differs from the library
try:
    o.load(backend=sys.argv[2])
    raise AssertionError("a mismatched ABI hash was accepted")
except ImportError as err:
    assert "does not match header" in str(err) and "rebuild the library or regenerate the bindings" in str(err), err
finally:
    o.OMENDB_ABI_HASH = real_hash
print("ok")
