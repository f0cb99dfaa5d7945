// LearnedIndex (Node): building every kind, lookups single and batched, ranges as
// BigInt64Array, inserts and merge, stats within their bounds, async variants, and every
// error path (freed handle, bad kind, bad epsilon, start > end, bad values).

import { describe, expect, it } from "vitest";
import { LearnedIndex, type IndexKind } from "../../src/index.js";
import { asyncErrorCode, errorCode, text } from "./helpers.js";

/** Keys 0, 7, 14, ... (n of them), deliberately shuffled. */
function shuffledKeys(n: number): BigInt64Array {
  const keys = BigInt64Array.from({ length: n }, (_, i) => BigInt(i * 7));
  for (let i = n - 1; i > 0; i--) {
    const j = (i * 7919) % (i + 1);
    [keys[i], keys[j]] = [keys[j], keys[i]];
  }
  return keys;
}

describe("LearnedIndex lookups", () => {
  it.each<IndexKind>(["default", "linear", "rmi", "pgm", "btree"])("%s finds every key and no gap", (kind) => {
    using idx = LearnedIndex.build(shuffledKeys(5000), undefined, { kind });
    expect(idx.has(0)).toBe(true);
    expect(idx.has(7 * 4999)).toBe(true);
    expect(idx.has(8)).toBe(false);
    const probe = BigInt64Array.from({ length: 5000 }, (_, i) => BigInt(i * 7));
    expect(idx.containsMany(probe).every((f) => f === 1)).toBe(true);
    const gaps = BigInt64Array.from({ length: 5000 }, (_, i) => BigInt(i * 7 + 3));
    expect(idx.containsMany(gaps).every((f) => f === 0)).toBe(true);
    const stats = idx.stats();
    expect(stats.kind).toBe(kind === "default" ? "pgm" : kind);
    expect(stats.numKeys).toBe(5000);
  });

  it("returns values with get and getMany", () => {
    using idx = LearnedIndex.build([3, 1, 2], ["c", "a", "b"], { kind: "pgm", epsilon: 4 });
    expect(text(idx.get(1))).toBe("a");
    expect(text(idx.get(3n))).toBe("c");
    expect(idx.get(4)).toBeUndefined();
    expect(idx.getMany(new BigInt64Array([2n, 9n, 1n])).map(text)).toEqual(["b", undefined, "a"]);
  });

  it("returns an inclusive key range as a BigInt64Array", () => {
    using idx = LearnedIndex.build(shuffledKeys(1000));
    const r = idx.range(10, 70);
    expect(r).toBeInstanceOf(BigInt64Array);
    expect(Array.from(r)).toEqual([14n, 21n, 28n, 35n, 42n, 49n, 56n, 63n, 70n]);
    expect(idx.range(1, 6).length).toBe(0);
  });

  it("keeps the PGM error within epsilon and models smaller than keys", () => {
    const keys = BigInt64Array.from({ length: 100_000 }, (_, i) => BigInt(i) * BigInt(i % 13 + 1));
    using idx = LearnedIndex.build(keys, undefined, { kind: "pgm", epsilon: 32 });
    const s = idx.stats();
    expect(s.epsilon).toBe(32);
    expect(s.maxError).toBeLessThanOrEqual(32);
    expect(s.numModels).toBeGreaterThan(0);
    expect(s.modelBytes).toBeLessThan(s.numKeys * 8);
  });

  it("inserts into the delta and merges it into the model", () => {
    using idx = LearnedIndex.create("pgm", 10);
    for (let i = 0; i < 100; i++) idx.insert(i * 2, `v${i}`);
    idx.insert(500);
    expect(idx.stats().numKeys).toBe(101);
    idx.merge();
    expect(idx.stats().deltaKeys).toBe(0);
    expect(text(idx.get(198))).toBe("v99");
    expect(idx.get(500)).toEqual(new Uint8Array(0));
    expect(Array.from(idx.range(0, 6))).toEqual([0n, 2n, 4n, 6n]);
  });

  it("builds and ranges off the main thread with the same results", async () => {
    const keys = shuffledKeys(20_000);
    const idx = await LearnedIndex.buildAsync(keys, undefined, { kind: "rmi" });
    try {
      expect(idx.stats().kind).toBe("rmi");
      const asyncRange = await idx.rangeAsync(0, 700);
      expect(Array.from(asyncRange)).toEqual(Array.from(idx.range(0, 700)));
      expect(asyncRange.length).toBe(101);
    } finally {
      idx.free();
    }
  });
});

describe("LearnedIndex errors", () => {
  it("throws INVALID_HANDLE after free, and freeing twice is harmless", async () => {
    const idx = LearnedIndex.build([1, 2, 3]);
    idx.free();
    idx.free();
    expect(idx.freed).toBe(true);
    expect(errorCode(() => idx.get(1))).toBe("INVALID_HANDLE");
    expect(errorCode(() => idx.has(1))).toBe("INVALID_HANDLE");
    expect(errorCode(() => idx.getMany([1]))).toBe("INVALID_HANDLE");
    expect(errorCode(() => idx.containsMany([1]))).toBe("INVALID_HANDLE");
    expect(errorCode(() => idx.range(0, 1))).toBe("INVALID_HANDLE");
    expect(errorCode(() => idx.insert(1, "x"))).toBe("INVALID_HANDLE");
    expect(errorCode(() => idx.merge())).toBe("INVALID_HANDLE");
    expect(errorCode(() => idx.stats())).toBe("INVALID_HANDLE");
    expect(await asyncErrorCode(() => idx.rangeAsync(0, 1))).toBe("INVALID_HANDLE");
  });

  it("rejects bad kinds, epsilon, capacity, keys and values", async () => {
    expect(errorCode(() => LearnedIndex.build([1], undefined, { kind: "hash" as IndexKind }))).toBe("INVALID_ARGUMENT");
    expect(errorCode(() => LearnedIndex.build([1], undefined, { epsilon: -1 }))).toBe("INVALID_ARGUMENT");
    expect(errorCode(() => LearnedIndex.build([1, 2], ["only one"]))).toBe("INVALID_ARGUMENT");
    expect(errorCode(() => LearnedIndex.build([1.5]))).toBe("INVALID_ARGUMENT");
    expect(errorCode(() => LearnedIndex.create("pgm", -1))).toBe("INVALID_ARGUMENT");
    expect(await asyncErrorCode(() => LearnedIndex.buildAsync([1], undefined, { kind: "nope" as IndexKind }))).toBe("INVALID_ARGUMENT");
  });

  it("reports the library's INVALID_ARGUMENT for start > end and VALUE_TOO_LARGE for a huge insert", () => {
    using idx = LearnedIndex.build([1, 2, 3]);
    expect(errorCode(() => idx.range(5, 1))).toBe("INVALID_ARGUMENT");
    expect(errorCode(() => idx.insert(4, new Uint8Array(16 * 1024 * 1024 + 1)))).toBe("VALUE_TOO_LARGE");
    expect(idx.has(4)).toBe(false);
  });
});
