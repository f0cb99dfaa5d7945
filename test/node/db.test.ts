// OmenDB (Node): every database call with its values, persistence across reopen, the
// memory engine, paging, async batch write, and every error path (closed handle, bad keys
// and values, too large, bad paths, locked file).

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OmenDB } from "../../src/index.js";
import { asyncErrorCode, errorCode, tempDir, text, utf8 } from "./helpers.js";

const dir = tempDir();
let counter = 0;
const freshPath = () => join(dir, `db-${counter++}.omendb`);

describe("OmenDB basic calls", () => {
  it("puts, gets and deletes with bigint and number keys", () => {
    using db = OmenDB.open(freshPath());
    db.put(1n, "one");
    db.put(2, utf8("two"));
    db.put(-(2n ** 63n), Buffer.from("min"));
    db.put(2n ** 63n - 1n, new Uint8Array(0));
    expect(text(db.get(1))).toBe("one");
    expect(text(db.get(2n))).toBe("two");
    expect(text(db.get(-(2n ** 63n)))).toBe("min");
    expect(db.get(2n ** 63n - 1n)).toEqual(new Uint8Array(0));
    expect(db.get(3)).toBeUndefined();
    db.put(1, "uno");
    expect(text(db.get(1))).toBe("uno");
    expect(db.delete(1)).toBe(true);
    expect(db.delete(1)).toBe(false);
    expect(db.get(1)).toBeUndefined();
  });

  it("writes many entries in one call and reads them back with getMany", () => {
    using db = OmenDB.open(freshPath());
    const keys = BigInt64Array.from({ length: 1000 }, (_, i) => BigInt(i * 3));
    const values = Array.from({ length: 1000 }, (_, i) => `v${i}`);
    db.putMany(keys, values);
    const got = db.getMany([0, 3, 4, 2997, 3000]);
    expect(got.map(text)).toEqual(["v0", "v1", undefined, "v999", undefined]);
    expect(db.stats().numKeys).toBe(1000);
  });

  it("lets the later of two duplicate keys in one batch win", () => {
    using db = OmenDB.open(freshPath());
    db.putMany([5, 5], ["first", "second"]);
    expect(text(db.get(5))).toBe("second");
  });

  it("returns range entries in key order and inclusive bounds", () => {
    using db = OmenDB.open(freshPath());
    db.putMany([10, 30, 20, 40], ["a", "c", "b", "d"]);
    const entries = db.range(20, 40);
    expect(entries.map((e) => e.key)).toEqual([20n, 30n, 40n]);
    expect(entries.map((e) => text(e.value))).toEqual(["b", "c", "d"]);
    expect(db.range(41, 100)).toEqual([]);
  });

  it("scans in pages of the requested size, covering the range exactly once", async () => {
    using db = OmenDB.open(freshPath());
    const keys = BigInt64Array.from({ length: 50 }, (_, i) => BigInt(i));
    db.putMany(keys, Array.from({ length: 50 }, (_, i) => `${i}`));
    const sizes: number[] = [];
    const seen: bigint[] = [];
    for await (const page of db.scan(0, 49, { pageSize: 7 })) {
      sizes.push(page.length);
      seen.push(...page.map((e) => e.key));
    }
    expect(sizes).toEqual([7, 7, 7, 7, 7, 7, 7, 1]);
    expect(seen).toEqual(Array.from(keys));
  });

  it("keeps data across close and reopen, and reports stats", () => {
    const path = freshPath();
    const db = OmenDB.open(path, { sync: "onFlush", hotTierCapacity: 128 });
    db.putMany([1, 2, 3], ["a", "b", "c"]);
    db.flush();
    const stats = db.stats();
    expect(stats.engine).toBe("redb");
    expect(stats.syncPolicy).toBe("onFlush");
    expect(stats.numKeys).toBe(3);
    expect(stats.hotCapacity).toBe(128);
    expect(stats.fileBytes).toBeGreaterThan(0);
    db.close();
    expect(db.closed).toBe(true);
    using again = OmenDB.open(path);
    expect(text(again.get(2))).toBe("b");
  });

  it("keeps nothing with the memory engine", () => {
    const db = OmenDB.open("ignored", { engine: "memory" });
    db.put(1, "x");
    expect(db.stats().engine).toBe("memory");
    expect(db.stats().fileBytes).toBe(0);
    db.close();
    using again = OmenDB.open("ignored", { engine: "memory" });
    expect(again.get(1)).toBeUndefined();
  });

  it("writes a batch off the main thread with putManyAsync", async () => {
    using db = OmenDB.open(freshPath());
    const keys = BigInt64Array.from({ length: 10_000 }, (_, i) => BigInt(i));
    await db.putManyAsync(keys, Array.from({ length: 10_000 }, (_, i) => `a${i}`));
    expect(text(db.get(9999))).toBe("a9999");
    expect(db.stats().numKeys).toBe(10_000);
  });
});

describe("OmenDB errors", () => {
  it("throws INVALID_HANDLE for every call after close, and close twice is harmless", async () => {
    const db = OmenDB.open(freshPath());
    db.close();
    db.close();
    expect(errorCode(() => db.put(1, "x"))).toBe("INVALID_HANDLE");
    expect(errorCode(() => db.get(1))).toBe("INVALID_HANDLE");
    expect(errorCode(() => db.delete(1))).toBe("INVALID_HANDLE");
    expect(errorCode(() => db.putMany([1], ["x"]))).toBe("INVALID_HANDLE");
    expect(errorCode(() => db.getMany([1]))).toBe("INVALID_HANDLE");
    expect(errorCode(() => db.range(0, 1))).toBe("INVALID_HANDLE");
    expect(errorCode(() => db.flush())).toBe("INVALID_HANDLE");
    expect(errorCode(() => db.stats())).toBe("INVALID_HANDLE");
    expect(await asyncErrorCode(() => db.putManyAsync([1], ["x"]))).toBe("INVALID_HANDLE");
    expect(await asyncErrorCode(async () => { for await (const _ of db.scan(0, 1)) void _; })).toBe("INVALID_HANDLE");
  });

  it("rejects bad keys and values before calling the library", () => {
    using db = OmenDB.open(freshPath());
    expect(errorCode(() => db.put(1.5, "x"))).toBe("INVALID_ARGUMENT");
    expect(errorCode(() => db.put(2 ** 53, "x"))).toBe("INVALID_ARGUMENT");
    expect(errorCode(() => db.put(2n ** 63n, "x"))).toBe("INVALID_ARGUMENT");
    expect(errorCode(() => db.put(1, 42 as unknown as string))).toBe("INVALID_ARGUMENT");
    expect(errorCode(() => db.putMany([1, 2], ["x"]))).toBe("INVALID_ARGUMENT");
    expect(errorCode(() => db.get("1" as unknown as number))).toBe("INVALID_ARGUMENT");
    expect(db.stats().numKeys).toBe(0);
  });

  it("reports VALUE_TOO_LARGE with the library's message for a value over 16 MiB", () => {
    using db = OmenDB.open(freshPath());
    const big = new Uint8Array(16 * 1024 * 1024 + 1);
    let message = "";
    try {
      db.put(1, big);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(errorCode(() => db.put(1, big))).toBe("VALUE_TOO_LARGE");
    expect(message.length).toBeGreaterThan(0);
    expect(errorCode(() => db.putMany([1], [big]))).toBe("VALUE_TOO_LARGE");
    db.put(2, new Uint8Array(16 * 1024 * 1024));
    expect(db.get(2)?.byteLength).toBe(16 * 1024 * 1024);
  });

  it("reports INVALID_PATH for an empty path and for a directory", () => {
    expect(errorCode(() => OmenDB.open(""))).toBe("INVALID_PATH");
    const sub = join(dir, "a-directory");
    mkdirSync(sub);
    expect(errorCode(() => OmenDB.open(sub))).toBe("INVALID_PATH");
  });

  it("reports an error for a path in a missing directory and for bad options", () => {
    expect(errorCode(() => OmenDB.open(join(dir, "missing", "x.omendb")))).toMatch(/^(IO|INVALID_PATH)$/);
    expect(errorCode(() => OmenDB.open(freshPath(), { engine: "sqlite" as "redb" }))).toBe("INVALID_ARGUMENT");
    expect(errorCode(() => OmenDB.open(freshPath(), { sync: "never" as "always" }))).toBe("INVALID_ARGUMENT");
    expect(errorCode(() => OmenDB.open(freshPath(), { hotTierCapacity: -1 }))).toBe("INVALID_ARGUMENT");
  });

  it("reports LOCKED when the same file is opened twice", () => {
    const path = freshPath();
    using db = OmenDB.open(path);
    expect(errorCode(() => OmenDB.open(path))).toBe("LOCKED");
    db.put(1, "still usable");
    expect(text(db.get(1))).toBe("still usable");
  });

  it("rejects a bad scan page size", async () => {
    using db = OmenDB.open(freshPath());
    expect(await asyncErrorCode(async () => { for await (const _ of db.scan(0, 1, { pageSize: 0 })) void _; })).toBe("INVALID_ARGUMENT");
  });
});
