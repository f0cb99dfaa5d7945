// Concurrency through the Node API: worker_threads opening the same file get LOCKED (so do
// other processes), workers on their own files write and verify concurrently, several
// threads share one native handle with self-checking values, and async calls interleave
// with synchronous ones on the main thread. Every wait has a deadline, so a deadlock fails.

import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LearnedIndex, OmenDB } from "../../src/index.js";
import * as native from "../../src/native.js";
import { repoRoot, tempDir } from "./helpers.js";
import { checkedValue, valueMatches } from "./reliability/checked-value.js";
import { report, workerBatches } from "./reliability/settings.js";
import { nextMessage, startTsWorker } from "./reliability/ts-worker.js";

const workerFile = new URL("./reliability/concurrency-worker.ts", import.meta.url);

describe("concurrency (Node)", () => {
  const dir = tempDir("omendb-conc-");

  it("a worker opening a file the main thread holds gets LOCKED, and the reverse; released files reopen", async () => {
    const path = join(dir, "locked.omendb");
    const db = OmenDB.open(path);
    const prober = startTsWorker(workerFile, { mode: "open", path });
    expect(await nextMessage<string>(prober)).toBe("LOCKED");
    await prober.terminate();
    db.close();

    const holder = startTsWorker(workerFile, { mode: "hold", path });
    expect(await nextMessage<string>(holder)).toBe("opened");
    expect(() => OmenDB.open(path)).toThrow(expect.objectContaining({ code: "LOCKED" }));
    holder.postMessage("close");
    expect(await nextMessage<string>(holder)).toBe("closed");
    await holder.terminate();
    OmenDB.open(path).close();
  });

  it("another process opening a held file gets LOCKED", () => {
    const path = join(dir, "process-lock.omendb");
    const probe = (): string =>
      execFileSync(process.execPath, ["--import", "tsx", join("test", "node", "reliability", "open-probe.ts"), path], { cwd: repoRoot, encoding: "utf8" }).trim();
    const db = OmenDB.open(path);
    expect(probe()).toBe("LOCKED");
    db.close();
    expect(probe()).toBe("opened");
  });

  it("workers on their own files write and verify concurrently", async () => {
    const workers = 3;
    const batchSize = 50;
    const started = Date.now();
    const runs = Array.from({ length: workers }, (_, w) => {
      const worker = startTsWorker(workerFile, { mode: "write", path: join(dir, `own-${w}.omendb`), batches: workerBatches, batchSize });
      return nextMessage<{ ops: number; verified: number }>(worker, 120_000).finally(() => worker.terminate());
    });
    const results = await Promise.all(runs);
    for (const r of results) expect(r).toEqual({ ops: workerBatches * 2, verified: workerBatches * batchSize });
    for (let w = 0; w < workers; w++) {
      using db = OmenDB.open(join(dir, `own-${w}.omendb`));
      expect(db.stats().numKeys).toBe(workerBatches * batchSize);
    }
    report("node workers own files", { workers, batchesEach: workerBatches, keysVerified: workers * workerBatches * batchSize, ms: Date.now() - started });
  });

  it("threads sharing one native handle never see a torn or foreign value", async () => {
    // A raw handle: the package's OmenDB keeps its handle private, and handles are plain values valid in every thread.
    const handle = native.dbOpen(null, { engine: 1, syncPolicy: 0, hotTierCapacity: 64n });
    const count = workerBatches * 10;
    const threads = 3;
    const workers = Array.from({ length: threads }, (_, t) => startTsWorker(workerFile, { mode: "shared", handle, base: t * count, count }));
    const answers = workers.map((w) => nextMessage<{ torn: number }>(w, 120_000));
    // The main thread reads the same handle while the workers write.
    let mainTorn = 0;
    let mainReads = 0;
    const deadline = Date.now() + 60_000;
    let settled = false;
    void Promise.all(answers).finally(() => (settled = true));
    while (!settled && Date.now() < deadline) {
      const key = BigInt(Math.floor(Math.random() * count * threads));
      const seen = native.dbGet(handle, key);
      if (seen !== undefined && !valueMatches(seen, key, 1)) mainTorn++;
      mainReads++;
      if (mainReads % 500 === 0) await new Promise((r) => setImmediate(r));
    }
    const results = await Promise.all(answers);
    await Promise.all(workers.map((w) => w.terminate()));
    expect(results.map((r) => r.torn)).toEqual(new Array(threads).fill(0));
    expect(mainTorn).toBe(0);
    const all = native.dbRange(handle, 0n, BigInt(count * threads), 0);
    expect(all.keys.length).toBe(count * threads);
    all.keys.forEach((k, i) => expect(valueMatches(all.values[i], k, 1), `key ${k}`).toBe(true));
    native.dbClose(handle);
    report("node shared handle", { threads, writesEach: count, mainThreadReads: mainReads, torn: 0 });
  });

  it("async calls interleave with synchronous ones and all land", async () => {
    using db = OmenDB.open(join(dir, "async.omendb"), { sync: "onFlush" });
    const batches = 20;
    const size = 500;
    const writes: Promise<void>[] = [];
    for (let b = 0; b < batches; b++) {
      const keys = BigInt64Array.from({ length: size }, (_, j) => BigInt(b * size + j));
      writes.push(db.putManyAsync(keys, Array.from(keys, (k) => checkedValue(k, b))));
      // Synchronous writes to a disjoint key range between the async ones.
      db.put(-1 - b, checkedValue(BigInt(-1 - b), b));
    }
    const built = LearnedIndex.buildAsync(BigInt64Array.from({ length: 100_000 }, (_, i) => BigInt(i * 2)));
    await Promise.all(writes);
    using idx = await built;
    const [evens, range] = await Promise.all([idx.rangeAsync(0, 99), Promise.resolve(db.range(-batches, batches * size))]);
    expect(evens.length).toBe(50);
    expect(range.length).toBe(batches * size + batches);
    for (const { key, value } of range) {
      const b = key < 0n ? Number(-key - 1n) : Number(key) / size | 0;
      expect(valueMatches(value, key, b), `key ${key}`).toBe(true);
    }
  });
});
