// End to end through the cpython target on our own header: generate include/omendb_ffi.h with the
// CLI (--targets cpython), build the extension with cc against the venv's headers, and run a Python
// script on the real libomendb (open in memory, put/get, missing key → 3, index build + zero-copy range).

import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generatedRoot, generateOmendb, mustBuild, omendbLibrary, repoRoot } from "./emit-napi-support.js";

const dir = join(generatedRoot, "emit-cpython-omendb");
const lib = omendbLibrary();
let python = "";

describe.skipIf(lib === undefined)("cpython target on include/omendb_ffi.h (real libomendb)", () => {
  beforeAll(() => {
    python = execFileSync("bash", [join(repoRoot, "scripts", "ensure-venv.sh")], { encoding: "utf8" }).trim();
    generateOmendb(dir, "cpython");
    mustBuild("cpython", dir, "omendb_ffi", [join(repoRoot, "include")], python);
  }, 120_000);

  it("opens in memory, round-trips values, reports missing keys, builds and ranges an index", () => {
    writeFileSync(
      join(dir, "check.py"),
      String.raw`
import array, omendb_ffi_cpython as o
L = o.load()
assert L.omendb_abi_hash() == o.OMENDB_ABI_HASH
db = L.omendb_open(None, o.OMENDB_OPEN_IN_MEMORY)
assert L.omendb_storage_put(db, 42, b"hello", 5).success
got = L.omendb_storage_get(db, 42)
assert got.result.success and got.value == b"hello" and got.len == 5
missing = L.omendb_storage_get(db, 7)
assert missing.result.code == 3 and missing.value is None
L.omendb_close(db)
assert db.closed
try:
    L.omendb_storage_get(db, 42)
    raise AssertionError("closed handle accepted")
except ValueError:
    pass
keys = array.array("q", [10, 20, 30, 40, 50])
values = [b"v%d" % k for k in keys]
lens = array.array("Q", [len(v) for v in values])
built = L.omendb_index_build(o.OmenIndexKind.OMEN_INDEX_DEFAULT, 16, keys, values, lens, 5)
assert built.result.success, built.result
r = L.omendb_index_range(built.out_index, 15, 45)
assert r.result.success and list(r.keys) == [20, 30, 40] and r.count_ == 3
# Zero-copy: the OwnedArray is the library's buffer (OmenResult.data is its address), freed on collection.
assert type(r.keys) is o.OwnedArray and r.keys.address == r.result.data
assert memoryview(r.keys).tolist() == [20, 30, 40]
assert L.omendb_debug_counters().out.live_buffers == 1
view = memoryview(r.keys)
del r
assert L.omendb_debug_counters().out.live_buffers == 1 and view.tolist() == [20, 30, 40]
del view
assert L.omendb_debug_counters().out.live_buffers == 0
assert L.omendb_index_get(built.out_index, 30).value == b"v30"
L.omendb_index_free(built.out_index)
print("ok")
`,
    );
    expect(execFileSync(python, ["check.py"], { cwd: dir, encoding: "utf8" }).trim()).toBe("ok");
  }, 60_000);
});
