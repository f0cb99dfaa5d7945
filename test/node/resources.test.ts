// Resource accounting through the library's omendb_debug_counters: 100k operations that
// allocate native buffers, batches and key arrays leave no live object once everything is
// closed, and the FinalizationRegistry releases handles their owner forgot.

import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LearnedIndex, OmenDB, debugCounters, libraryVersion } from "../../src/index.js";
import { repoRoot } from "./helpers.js";

describe("native resources", () => {
  it("loads the library version the header describes", () => {
    expect(libraryVersion()).toBe("0.1.0");
  });

  it("returns every live count to its start after 100k operations", () => {
    const start = debugCounters();
    const db = OmenDB.open("unused", { engine: "memory" });
    const keys = BigInt64Array.from({ length: 1000 }, (_, i) => BigInt(i));
    db.putMany(keys, Array.from({ length: 1000 }, (_, i) => `v${i}`));
    const idx = LearnedIndex.build(keys, Array.from({ length: 1000 }, (_, i) => `w${i}`));
    let found = 0;
    for (let i = 0; i < 40_000; i++) {
      if (db.get(i % 1200) !== undefined) found++;
      if (idx.get(i % 1100) !== undefined) found++;
    }
    for (let i = 0; i < 10_000; i++) {
      found += db.getMany([i % 1000, 5000]).filter((v) => v !== undefined).length;
      found += idx.range(i % 1000, (i % 1000) + 2).length;
    }
    // db.get hits 33*1000 + 400, idx.get 36*1000 + 400, getMany 1 per call, range 3 keys
    // per call except near the top key (10 * (998*3 + 2 + 1)).
    expect(found).toBe(33_400 + 36_400 + 10_000 + 29_970);
    const during = debugCounters();
    expect(during.liveDatabases - start.liveDatabases).toBe(1n);
    expect(during.liveIndexes - start.liveIndexes).toBe(1n);
    expect(during.liveBuffers).toBe(start.liveBuffers);
    idx.free();
    db.close();
    const end = debugCounters();
    expect(end).toEqual(start);
  });

  it("frees handles that were never closed once they are garbage collected", () => {
    const script = join("test", "node", "fixtures", "forgotten-handles.ts");
    const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", script], { cwd: repoRoot, encoding: "utf8" });
    const { before, after } = JSON.parse(out.trim().split("\n").pop() ?? "{}") as { before: { db: number; idx: number }; after: { db: number; idx: number } };
    expect(before.db - after.db).toBe(1);
    expect(before.idx - after.idx).toBe(1);
  });
});
