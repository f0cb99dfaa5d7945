// Resource use through the Node API: a long loop of mixed operations (puts, gets, deletes,
// batches, ranges, index lookups, index ranges) on a bounded key set, with RSS sampled every
// N operations; after warm-up the RSS may not grow past a fixed bound. Afterwards the
// library's debug counters show no live database, index or buffer left behind.

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LearnedIndex, OmenDB, debugCounters } from "../../src/index.js";
import { tempDir } from "./helpers.js";
import { Prng, runSeed } from "./reliability/prng.js";
import { report, rssGrowthLimitMiB, rssOps } from "./reliability/settings.js";

const MiB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

describe("resources (Node)", () => {
  it(`RSS stays bounded over ${rssOps} operations and every native object is released`, () => {
    const seed = runSeed();
    const rng = new Prng(seed);
    const start = debugCounters();
    const db = OmenDB.open(join(tempDir("omendb-rss-"), "rss.omendb"), { sync: "onFlush" });
    const memory = OmenDB.open("", { engine: "memory" });
    const keys = 5_000;
    const idx = LearnedIndex.build(BigInt64Array.from({ length: keys }, (_, i) => BigInt(i * 3)));
    const sampleEvery = Math.max(1, Math.floor(rssOps / 40));
    const samples: number[] = [];
    let hits = 0;
    for (let op = 0; op < rssOps; op++) {
      const k = rng.below(keys);
      switch (op % 8) {
        case 0: db.put(k, rng.bytes(rng.below(200))); break;
        case 1: if (db.get(k) !== undefined) hits++; break;
        case 2: db.delete(rng.below(keys)); break;
        case 3: db.putMany([k, k + 1, k + 2], ["a", "bb", "ccc"]); break;
        case 4: hits += db.getMany([k, k + 7, k + 11]).filter((v) => v !== undefined).length; break;
        case 5: hits += db.range(k, k + 20).length; break;
        case 6: memory.put(k, rng.bytes(64)); hits += memory.range(k, k + 5).length; break;
        case 7: hits += idx.range(k, k + 30).length + (idx.has(k * 3) ? 1 : 0); break;
      }
      if (op % sampleEvery === 0) {
        gc?.();
        samples.push(process.memoryUsage.rss());
      }
    }
    const during = debugCounters();
    idx.free();
    db.close();
    memory.close();
    const end = debugCounters();
    // Warm-up: the first quarter of the run fills caches (redb's page cache, V8's heap).
    const warm = samples[Math.floor(samples.length / 4)];
    const peak = Math.max(...samples.slice(Math.floor(samples.length / 4)));
    const last = samples[samples.length - 1];
    const growthMiB = (peak - warm) / MiB;
    report("node rss", {
      seed, ops: rssOps, samples: samples.length, firstMiB: (samples[0] / MiB).toFixed(1), warmMiB: (warm / MiB).toFixed(1),
      peakMiB: (peak / MiB).toFixed(1), lastMiB: (last / MiB).toFixed(1), growthMiB: growthMiB.toFixed(1), limitMiB: rssGrowthLimitMiB,
      liveBuffersDuring: during.liveBuffers - start.liveBuffers,
    });
    expect(hits).toBeGreaterThan(0);
    expect(growthMiB).toBeLessThan(rssGrowthLimitMiB);
    expect(during.liveBuffers).toBe(start.liveBuffers);
    expect(during.liveDatabases - start.liveDatabases).toBe(2n);
    expect(during.liveIndexes - start.liveIndexes).toBe(1n);
    expect(end).toEqual(start);
  }, 600_000);
});
