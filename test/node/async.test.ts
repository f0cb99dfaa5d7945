// The async API off the main thread, in every tier (napi: the addon's async forms on libuv's thread
// pool; koffi: the worker thread): the event loop keeps turning while a large build or batch write
// runs, results equal the sync calls', failures reject with OmenDBError codes, and closing or freeing
// a handle while a call on it is pending settles the call without crashing.

import { describe, expect, it } from "vitest";
import { LearnedIndex, OmenDB, OmenDBError, debugCounters, nativeTier } from "../../src/index.js";
import { hasNativeAsync } from "../../src/native.js";
import { asyncErrorCode, text } from "./helpers.js";

/** Counts event-loop turns (setImmediate ticks) until `work` settles; returns its outcome and the count. */
async function ticksDuring<T>(work: Promise<T>): Promise<{ value: T; ticks: number }> {
  let ticks = 0;
  let done = false;
  const spin = (): void => {
    if (done) return;
    ticks++;
    setImmediate(spin);
  };
  setImmediate(spin);
  try {
    return { value: await work, ticks };
  } finally {
    done = true;
  }
}

const N = 400_000;
const keys = BigInt64Array.from({ length: N }, (_, i) => BigInt(i * 3));
const values = Array.from({ length: N }, (_, i) => `value-${i}`);

describe(`async API on the ${nativeTier()} tier`, () => {
  it("uses the addon's own async forms in the napi tier, a worker thread in koffi", () => {
    expect(hasNativeAsync()).toBe(nativeTier() === "napi");
  });

  it("keeps the event loop turning while a large index build runs, with the sync build's result", async () => {
    const { value: idx, ticks } = await ticksDuring(LearnedIndex.buildAsync(keys, values, { kind: "pgm", epsilon: 32 }));
    using sync = LearnedIndex.build(keys, values, { kind: "pgm", epsilon: 32 });
    try {
      // A build on the main thread would allow no turn at all while it runs (one before it starts).
      expect(ticks).toBeGreaterThan(10);
      expect(idx.stats()).toEqual(sync.stats());
      expect(text(idx.get(3 * 377_777))).toBe("value-377777");
      const ranged = await idx.rangeAsync(300, 3_000);
      expect(Array.from(ranged)).toEqual(Array.from(sync.range(300, 3_000)));
      expect(ranged.length).toBe(901);
    } finally {
      idx.free();
    }
  });

  it("keeps the event loop turning while a large batch write runs, with the sync write's result", async () => {
    using db = OmenDB.open("", { engine: "memory" });
    using reference = OmenDB.open("", { engine: "memory" });
    const { ticks } = await ticksDuring(db.putManyAsync(keys, values));
    reference.putMany(keys, values);
    expect(ticks).toBeGreaterThan(10);
    expect(db.stats().numKeys).toBe(N);
    const probe = BigInt64Array.from([0n, 3n, 1_199_997n, 1n, 3n * 123_456n]);
    expect(db.getMany(probe).map(text)).toEqual(reference.getMany(probe).map(text));
    expect(text(db.get(3 * 123_456))).toBe("value-123456");
  });

  it("rejects library failures with OmenDBError and the library's code", async () => {
    using db = OmenDB.open("", { engine: "memory" });
    const tooLarge = new Uint8Array(16 * 1024 * 1024 + 1);
    const writeError = await db.putManyAsync([1, 2], ["fine", tooLarge]).catch((e: unknown) => e);
    expect(writeError).toBeInstanceOf(OmenDBError);
    expect((writeError as OmenDBError).code).toBe("VALUE_TOO_LARGE");
    expect((writeError as OmenDBError).message).toMatch(/too large/i);
    expect(db.get(1)).toBeUndefined();
    expect(await asyncErrorCode(() => LearnedIndex.buildAsync([1, 2], ["x", tooLarge]))).toBe("VALUE_TOO_LARGE");
    using idx = LearnedIndex.build([1, 2, 3]);
    expect(await asyncErrorCode(() => idx.rangeAsync(3, 1))).toBe("INVALID_ARGUMENT");
  });

  it("settles a batch write whose database is closed while it is pending, without crashing", async () => {
    const db = OmenDB.open("", { engine: "memory" });
    const pending = db.putManyAsync(keys, values);
    db.close();
    const outcome = await pending.then(
      () => "resolved",
      (e: unknown) => (e instanceof OmenDBError ? e.code : `not an OmenDBError: ${String(e)}`),
    );
    // The library finishes a call already running before it closes; one that starts after fails.
    expect(["resolved", "INVALID_HANDLE"]).toContain(outcome);
    expect(await asyncErrorCode(() => db.putManyAsync([1], ["x"]))).toBe("INVALID_HANDLE");
    using again = OmenDB.open("", { engine: "memory" });
    again.put(1, "still works");
    expect(text(again.get(1))).toBe("still works");
  });

  it("frees every library buffer and handle the async calls use", async () => {
    const before = debugCounters();
    for (let round = 0; round < 20; round++) {
      using db = OmenDB.open("", { engine: "memory" });
      const idx = await LearnedIndex.buildAsync(keys.subarray(0, 5_000), undefined, { kind: "rmi" });
      const ranges = await Promise.all(Array.from({ length: 10 }, (_, i) => idx.rangeAsync(i * 300, i * 300 + 3_000)));
      expect(ranges.map((r) => r.length)).toEqual(Array.from({ length: 10 }, () => 1001));
      await Promise.all([db.putManyAsync([1, 2], ["a", "b"]), db.putManyAsync([3], ["c"])]);
      expect(db.stats().numKeys).toBe(3);
      idx.free();
    }
    expect(debugCounters()).toEqual(before);
  });

  it("settles a range whose index is freed while it is pending, without crashing", async () => {
    const idx = LearnedIndex.build(keys);
    const pending = idx.rangeAsync(0, 3n * BigInt(N));
    idx.free();
    const outcome = await pending.then(
      (r) => `resolved ${r.length}`,
      (e: unknown) => (e instanceof OmenDBError ? e.code : `not an OmenDBError: ${String(e)}`),
    );
    expect([`resolved ${N}`, "INVALID_HANDLE"]).toContain(outcome);
  });
});
