// End to end through the napi target on our own header: generate include/omendb_ffi.h with the
// CLI (--targets napi), build the addon with cc, and drive the real libomendb: open in memory,
// put/get round trip, missing key → code 3, index build + range, ABI check. Skips without the library.

import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { generatedRoot, generateOmendb, mustBuild, omendbLibrary, repoRoot } from "./emit-napi-support.js";

const dir = join(generatedRoot, "emit-napi-omendb");
const lib = omendbLibrary();
// Called dynamically: the surface's types are checked by emit-napi.test.ts.
type Fn = (...args: unknown[]) => any;
let db: Record<string, Fn>;
let mod: Record<string, any>;

describe.skipIf(lib === undefined)("napi target on include/omendb_ffi.h (real libomendb)", () => {
  beforeAll(async () => {
    generateOmendb(dir, "napi");
    mustBuild("napi", dir, "omendb_ffi", [join(repoRoot, "include")]);
    mod = await import(pathToFileURL(join(dir, "omendb_ffi.napi.js")).href);
    db = mod.load();
  }, 120_000);

  it("loads with the ABI check passing", () => {
    expect(db.omendb_abi_hash()).toBe(mod.OMENDB_ABI_HASH);
    expect(typeof db.omendb_version()).toBe("string");
  });

  it("puts and gets in memory; a missing key gives code 3; close invalidates the handle", () => {
    const h = db.omendb_open(null, mod.OMENDB_OPEN_IN_MEMORY);
    expect(h).not.toBeNull();
    const put = db.omendb_storage_put(h, 42n, new TextEncoder().encode("hello"), 5);
    expect(put.success).toBe(true);
    const got = db.omendb_storage_get(h, 42);
    expect(got.result.success).toBe(true);
    expect(new TextDecoder().decode(got.value)).toBe("hello");
    expect(got.len).toBe(5n);
    const missing = db.omendb_storage_get(h, 7);
    expect(missing.result.code).toBe(3);
    expect(missing.result.success).toBe(false);
    // A non-NULL error_msg: the addon builds this result itself instead of filling the scratch slots.
    expect(typeof missing.result.error_msg).toBe("string");
    expect(missing.value).toBeNull();
    expect(db.omendb_storage_get(h, 42).result.error_msg).toBeNull();
    db.omendb_close(h);
    expect(() => db.omendb_storage_get(h, 42)).toThrow(/closed handle/);
  });

  it("builds an index from sorted keys and ranges over it", () => {
    const keys = new BigInt64Array([10n, 20n, 30n, 40n, 50n]);
    const values = [...keys].map((k) => new TextEncoder().encode(`v${k}`));
    const lens = new BigUint64Array(values.map((v) => BigInt(v.length)));
    const built = db.omendb_index_build(mod.OmenIndexKind.OMEN_INDEX_DEFAULT, 16, keys, values, lens, 5);
    expect(built.result.success).toBe(true);
    const idx = built.out_index;
    const range = db.omendb_index_range(idx, 15, 45);
    expect(range.result.success).toBe(true);
    expect([...range.keys]).toEqual([20n, 30n, 40n]);
    expect(range.count).toBe(3n);
    const one = db.omendb_index_get(idx, 30n);
    expect(new TextDecoder().decode(one.value)).toBe("v30");
    db.omendb_index_free(idx);
  });

  it("runs the async forms on the thread pool with the sync forms' results", async () => {
    const keys = BigInt64Array.from({ length: 1000 }, (_, i) => BigInt(i * 2));
    const built = await db.omendb_index_buildAsync(mod.OmenIndexKind.OMEN_INDEX_PGM, 16, keys, null, null, keys.length);
    expect(built.result.success).toBe(true);
    const range = await db.omendb_index_rangeAsync(built.out_index, 10, 20);
    expect([...range.keys]).toEqual([10n, 12n, 14n, 16n, 18n, 20n]);
    const sync = db.omendb_index_range(built.out_index, 10, 20);
    expect({ keys: range.keys, count: range.count, code: range.result.code }).toEqual({ keys: sync.keys, count: sync.count, code: sync.result.code });
    const bad = await db.omendb_index_rangeAsync(built.out_index, 20, 10);
    expect(bad.result.success).toBe(false);
    expect(bad.result.code).toBe(mod.OmenErrorCode.OMEN_ERR_INVALID_ARGUMENT);
    db.omendb_index_free(built.out_index);
    expect(() => db.omendb_index_rangeAsync(built.out_index, 10, 20)).toThrow(/closed handle/);
  });
});
