// Bad input through the Node API and the generated bindings under it: wrong key and value
// types, out-of-range and non-integer keys, over-long values, bad options and paths,
// closed/freed/null/forged handles, impossible lengths and counts. Each must end in an
// OmenDBError with the documented code (never a crash, never a silent success), and after
// each one the process and the stored data are still fine.

import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { load } from "../../bindings/node/omendb_ffi.koffi.js";
import { LearnedIndex, OmenDB, OmenDBError } from "../../src/index.js";
import * as native from "../../src/native.js";
import { tempDir } from "./helpers.js";
import { report } from "./reliability/settings.js";

const MAX_VALUE = 16 * 1024 * 1024;
type Attempt = [name: string, call: () => unknown, code: string];

function outcome(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof OmenDBError) return e.code;
    if (e instanceof TypeError) return "TypeError";
    return `unexpected ${String(e)}`;
  }
  return "no error";
}

/** Badly typed value, for calls the TypeScript types would reject. */
const unchecked = <T>(v: unknown): T => v as T;

const badKeys: [string, unknown][] = [
  ["string", "7"], ["float", 1.5], ["NaN", NaN], ["Infinity", Infinity], ["-Infinity", -Infinity],
  ["unsafe 2^53", 2 ** 53], ["unsafe -2^53", -(2 ** 53)], ["2^63n", 2n ** 63n], ["-2^63n-1", -(2n ** 63n) - 1n],
  ["null", null], ["undefined", undefined], ["object", {}], ["array", [1]], ["boolean", true], ["symbol", Symbol("k")],
];
const badValues: [string, unknown][] = [
  ["null", null], ["undefined", undefined], ["number", 42], ["object", { a: 1 }], ["array", [1, 2]],
  ["ArrayBuffer", new ArrayBuffer(4)], ["Uint16Array", new Uint16Array(2)], ["DataView", new DataView(new ArrayBuffer(2))],
];

describe("bad input (Node)", () => {
  const dir = tempDir("omendb-bad-");
  let tried = 0;

  /** Runs every attempt, checks its code, then proves the database still works and kept its data. */
  function attempt(db: OmenDB, attempts: Attempt[]): void {
    for (const [name, call, code] of attempts) {
      tried++;
      expect(outcome(call), name).toBe(code);
      db.put(424242, `after ${name}`);
      expect(new TextDecoder().decode(db.get(424242)), name).toBe(`after ${name}`);
      expect(new TextDecoder().decode(db.get(1)), name).toBe("kept");
    }
  }

  it("rejects bad keys and values with INVALID_ARGUMENT before any native call", () => {
    using db = OmenDB.open(join(dir, "keys.omendb"));
    db.put(1, "kept");
    const attempts: Attempt[] = [];
    for (const [what, key] of badKeys) {
      const k = unchecked<bigint>(key);
      attempts.push(
        [`put key ${what}`, () => db.put(k, "x"), "INVALID_ARGUMENT"],
        [`get key ${what}`, () => db.get(k), "INVALID_ARGUMENT"],
        [`delete key ${what}`, () => db.delete(k), "INVALID_ARGUMENT"],
        [`putMany key ${what}`, () => db.putMany([1, k], ["a", "b"]), "INVALID_ARGUMENT"],
        [`getMany key ${what}`, () => db.getMany([k]), "INVALID_ARGUMENT"],
        [`range start ${what}`, () => db.range(k, 5), "INVALID_ARGUMENT"],
        [`range end ${what}`, () => db.range(0, k), "INVALID_ARGUMENT"],
      );
    }
    for (const [what, value] of badValues) {
      const v = unchecked<Uint8Array>(value);
      attempts.push(
        [`put value ${what}`, () => db.put(2, v), "INVALID_ARGUMENT"],
        [`putMany value ${what}`, () => db.putMany([2, 3], ["ok", v]), "INVALID_ARGUMENT"],
      );
    }
    attempts.push(
      ["putMany length mismatch", () => db.putMany([2, 3], ["a"]), "INVALID_ARGUMENT"],
      ["putMany keys string", () => db.putMany(unchecked("123"), ["a"]), "INVALID_ARGUMENT"],
      ["putMany values string", () => db.putMany([1], unchecked("a")), "INVALID_ARGUMENT"],
      ["getMany keys number", () => db.getMany(unchecked(5)), "INVALID_ARGUMENT"],
      ["range start > end", () => db.range(5, 1), "INVALID_ARGUMENT"],
    );
    attempt(db, attempts);
    // None of the rejected writes stored anything.
    expect(db.range(2, 3)).toEqual([]);
    expect(db.stats().numKeys).toBe(2);
  });

  it("rejects values over 16 MiB with VALUE_TOO_LARGE, accepts exactly 16 MiB, and keeps a failed batch out entirely", () => {
    using db = OmenDB.open(join(dir, "large.omendb"), { sync: "onFlush" });
    db.put(1, "kept");
    const over = new Uint8Array(MAX_VALUE + 1);
    attempt(db, [
      ["put 16 MiB + 1", () => db.put(2, over), "VALUE_TOO_LARGE"],
      ["putMany with one 16 MiB + 1", () => db.putMany([3, 4], ["small", over]), "VALUE_TOO_LARGE"],
      ["index insert 16 MiB + 1", () => LearnedIndex.create().insert(1, over), "VALUE_TOO_LARGE"],
    ]);
    expect(db.get(3)).toBeUndefined();
    const exact = new Uint8Array(MAX_VALUE).fill(7);
    db.put(5, exact);
    const back = db.get(5);
    expect(back?.length).toBe(MAX_VALUE);
    expect(back?.[MAX_VALUE - 1]).toBe(7);
  });

  it("rejects bad options and paths with the documented codes and opens no stray file", () => {
    using db = OmenDB.open(join(dir, "paths.omendb"));
    db.put(1, "kept");
    const sub = tempDir("omendb-bad-paths-");
    const openAndClose = (path: string, options = {}) => () => OmenDB.open(path, options).close();
    attempt(db, [
      ["empty path", openAndClose(""), "INVALID_PATH"],
      ["directory path", openAndClose(sub), "INVALID_PATH"],
      ["lone high surrogate", openAndClose(join(sub, "a\uD800b.omendb")), "INVALID_PATH"],
      ["lone low surrogate", openAndClose(join(sub, "\uDC00.omendb")), "INVALID_PATH"],
      ["NUL in path", openAndClose(join(sub, "c\u0000d.omendb")), "INVALID_PATH"],
      ["path not a string", openAndClose(unchecked(42)), "INVALID_PATH"],
      ["missing parent dir", openAndClose(join(sub, "no", "such", "dir.omendb")), "IO"],
      ["same file twice", openAndClose(join(dir, "paths.omendb")), "LOCKED"],
      ["engine unknown", openAndClose(join(sub, "e.omendb"), { engine: "sqlite" }), "INVALID_ARGUMENT"],
      ["sync unknown", openAndClose(join(sub, "s.omendb"), { sync: "never" }), "INVALID_ARGUMENT"],
      ["hotTierCapacity negative", openAndClose(join(sub, "h.omendb"), { hotTierCapacity: -1 }), "INVALID_ARGUMENT"],
      ["hotTierCapacity float", openAndClose(join(sub, "h.omendb"), { hotTierCapacity: 1.5 }), "INVALID_ARGUMENT"],
    ]);
    // The surrogate and NUL paths used to open "a\uFFFDb.omendb" and "c" instead of failing.
    expect(readdirSync(sub)).toEqual([]);
    const wellFormed = join(sub, "ok-\uD83D\uDE00.omendb");
    OmenDB.open(wellFormed).close();
    expect(existsSync(wellFormed)).toBe(true);
  });

  it("rejects bad scan page sizes and index options", async () => {
    using db = OmenDB.open(join(dir, "scan.omendb"));
    db.put(1, "kept");
    for (const pageSize of [0, -1, 1.5, NaN, Infinity]) {
      tried++;
      let code = "no error";
      try {
        for await (const page of db.scan(0, 10, { pageSize })) void page;
      } catch (e) {
        code = e instanceof OmenDBError ? e.code : String(e);
      }
      expect(code, `pageSize ${pageSize}`).toBe("INVALID_ARGUMENT");
    }
    attempt(db, [
      ["index kind unknown", () => LearnedIndex.build([1], undefined, { kind: unchecked("zzz") }), "INVALID_ARGUMENT"],
      ["index epsilon -1", () => LearnedIndex.build([1], undefined, { epsilon: -1 }), "INVALID_ARGUMENT"],
      ["index epsilon 1.5", () => LearnedIndex.build([1], undefined, { epsilon: 1.5 }), "INVALID_ARGUMENT"],
      ["index epsilon 2^40", () => LearnedIndex.build([1], undefined, { epsilon: 2 ** 40 }), "INVALID_ARGUMENT"],
      ["index values mismatch", () => LearnedIndex.build([1, 2], ["a"]), "INVALID_ARGUMENT"],
      ["index capacity negative", () => LearnedIndex.create("pgm", -1), "INVALID_ARGUMENT"],
      ["index key 2^63", () => LearnedIndex.build([2n ** 63n]), "INVALID_ARGUMENT"],
    ]);
  });

  it("turns every use of a closed database or freed index into INVALID_HANDLE; closing twice is harmless", async () => {
    using db = OmenDB.open(join(dir, "handles.omendb"));
    db.put(1, "kept");
    const closed = OmenDB.open(join(dir, "closed.omendb"));
    closed.put(1, "x");
    closed.close();
    closed.close();
    closed[Symbol.dispose]();
    const idx = LearnedIndex.build([1, 2, 3]);
    idx.free();
    idx.free();
    attempt(db, [
      ["closed put", () => closed.put(1, "y"), "INVALID_HANDLE"],
      ["closed get", () => closed.get(1), "INVALID_HANDLE"],
      ["closed delete", () => closed.delete(1), "INVALID_HANDLE"],
      ["closed putMany", () => closed.putMany([1], ["y"]), "INVALID_HANDLE"],
      ["closed getMany", () => closed.getMany([1]), "INVALID_HANDLE"],
      ["closed range", () => closed.range(0, 1), "INVALID_HANDLE"],
      ["closed flush", () => closed.flush(), "INVALID_HANDLE"],
      ["closed stats", () => closed.stats(), "INVALID_HANDLE"],
      ["freed get", () => idx.get(1), "INVALID_HANDLE"],
      ["freed has", () => idx.has(1), "INVALID_HANDLE"],
      ["freed insert", () => idx.insert(4), "INVALID_HANDLE"],
      ["freed range", () => idx.range(0, 9), "INVALID_HANDLE"],
      ["freed merge", () => idx.merge(), "INVALID_HANDLE"],
      ["freed stats", () => idx.stats(), "INVALID_HANDLE"],
      ["freed getMany", () => idx.getMany([1]), "INVALID_HANDLE"],
      ["freed containsMany", () => idx.containsMany([1]), "INVALID_HANDLE"],
    ]);
    tried += 2;
    await expect(closed.putManyAsync([1], ["z"])).rejects.toMatchObject({ code: "INVALID_HANDLE" });
    await expect(idx.rangeAsync(0, 9)).rejects.toMatchObject({ code: "INVALID_HANDLE" });
    expect(closed.closed && idx.freed).toBe(true);
    // The closed file still holds what was written before close.
    using reopened = OmenDB.open(join(dir, "closed.omendb"));
    expect(new TextDecoder().decode(reopened.get(1))).toBe("x");
  });

  it("the library answers null, forged, stale and wrong-kind handles with a code, never a crash", () => {
    using db = OmenDB.open(join(dir, "raw.omendb"));
    db.put(1, "kept");
    const stale = native.dbOpen(null, { engine: 1, syncPolicy: 0, hotTierCapacity: 0n });
    native.dbClose(stale);
    native.dbClose(stale);
    const staleIndex = native.indexCreate(0, 0n);
    native.indexFree(staleIndex);
    native.indexFree(staleIndex);
    const liveIndex = native.indexCreate(0, 0n);
    const liveDb = native.dbOpen(null, { engine: 1, syncPolicy: 0, hotTierCapacity: 0n });
    const handle = (n: bigint): native.NativeHandle => n as native.NativeHandle;
    const bytes = new Uint8Array([1]);
    const attempts: Attempt[] = [];
    for (const [what, h, code] of [
      ["null", handle(0n), "NULL_ARGUMENT"],
      ["forged 1", handle(1n), "INVALID_HANDLE"],
      ["forged 0xdeadbeef", handle(0xdeadbeefn), "INVALID_HANDLE"],
      ["forged high", handle(2n ** 63n - 8n), "INVALID_HANDLE"],
    ] as const) {
      attempts.push(
        [`db put ${what}`, () => native.dbPut(h, 1n, bytes), code],
        [`db get ${what}`, () => native.dbGet(h, 1n), code],
        [`db range ${what}`, () => native.dbRange(h, 0n, 1n, 0), code],
        [`index get ${what}`, () => native.indexGet(h, 1n), code],
        [`index insert ${what}`, () => native.indexInsert(h, 1n, bytes), code],
      );
    }
    attempts.push(
      ["stale db put", () => native.dbPut(stale, 1n, bytes), "INVALID_HANDLE"],
      ["stale db stats", () => native.dbStats(stale), "INVALID_HANDLE"],
      ["stale index get", () => native.indexGet(staleIndex, 1n), "INVALID_HANDLE"],
      ["index handle used as db", () => native.dbPut(liveIndex, 1n, bytes), "INVALID_HANDLE"],
      ["db handle used as index", () => native.indexInsert(liveDb, 1n, bytes), "INVALID_HANDLE"],
    );
    attempt(db, attempts);
    native.indexFree(liveIndex);
    native.dbClose(liveDb);
  });

  it("the library rejects impossible lengths and counts before reading the buffers", () => {
    using db = OmenDB.open(join(dir, "lengths.omendb"));
    db.put(1, "kept");
    const lib = load(process.env.OMENDB_FFI_LIBRARY_PATH || undefined);
    const { result, out_db } = lib.omendb_open_with_options(null, { engine: 1, sync_policy: 0, hot_tier_capacity: 0, hot_index_kind: 0 });
    expect(result.success).toBe(true);
    if (out_db === null) throw new Error("no handle");
    const small = new Uint8Array(4);
    const code = (r: { success: boolean; code: number }): number => (r.success ? 0 : r.code);
    const cases: [string, () => { success: boolean; code: number }, number][] = [
      ["put len 16 MiB + 1 over a 4-byte buffer", () => lib.omendb_storage_put(out_db, 1n, small, MAX_VALUE + 1), 5],
      ["put len 2^64-1 (a negative length)", () => lib.omendb_storage_put(out_db, 1n, small, 2n ** 64n - 1n), 5],
      ["put null value with len 4", () => lib.omendb_storage_put(out_db, 1n, null, 4), 1],
      ["batch count over OMENDB_MAX_BATCH", () => lib.omendb_storage_batch_write(out_db, new BigInt64Array(1), [small], new BigUint64Array([4n]), 16_777_217), 5],
      ["batch count 2^64-1", () => lib.omendb_storage_batch_write(out_db, new BigInt64Array(1), [small], new BigUint64Array([4n]), 2n ** 64n - 1n), 5],
      ["batch null keys", () => lib.omendb_storage_batch_write(out_db, null, [small], new BigUint64Array([4n]), 1), 1],
      ["batch null lens", () => lib.omendb_storage_batch_write(out_db, new BigInt64Array(1), [small], null, 1), 1],
      ["batch value length 2^64-1", () => lib.omendb_storage_batch_write(out_db, new BigInt64Array(1), [small], new BigUint64Array([2n ** 64n - 1n]), 1), 5],
      ["get_many null keys", () => lib.omendb_storage_get_many(out_db, null, 3).result, 1],
      ["get_many count over OMENDB_MAX_BATCH", () => lib.omendb_storage_get_many(out_db, new BigInt64Array(1), 16_777_217).result, 5],
    ];
    for (const [name, call, expected] of cases) {
      tried++;
      expect(code(call()), name).toBe(expected);
      expect(new TextDecoder().decode(db.get(1)), name).toBe("kept");
    }
    // The raw handle is intact and empty: nothing above wrote anything.
    const { result: statsResult, out } = lib.omendb_storage_stats(out_db);
    expect(statsResult.success).toBe(true);
    expect(Number(out.num_keys)).toBe(0);
    lib.omendb_close(out_db);
  });

  it("reports how many bad inputs were tried", () => {
    report("node bad input", { tried });
    expect(tried).toBeGreaterThan(200);
  });
});
