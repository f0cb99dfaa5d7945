// Model-based tests through the Node API: long random sequences of put/get/delete/putMany/
// getMany/range/scan/stats/reopen on OmenDB (both engines) and insert/get/has/getMany/
// containsMany/range/merge/stats on LearnedIndex (every kind), each result compared with an
// in-memory sorted model. Seeded: a failure prints the seed and the operation number
// (replay with OMENDB_SEED=<seed>); there is no shrinking.

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LearnedIndex, OmenDB, OmenDBError, type Engine, type IndexKind } from "../../src/index.js";
import { tempDir } from "./helpers.js";
import { INT64_MAX, INT64_MIN, KvModel, drawKey, drawValue, sameBytes, showBytes } from "./reliability/model.js";
import { Prng, runSeed } from "./reliability/prng.js";
import { modelDbOps, modelIndexOps, report } from "./reliability/settings.js";

type Op = "put" | "get" | "delete" | "putMany" | "getMany" | "range" | "badRange" | "scan" | "stats" | "reopen";
const DB_OPS: [Op, number][] = [
  ["put", 240], ["get", 220], ["delete", 100], ["putMany", 100], ["getMany", 100],
  ["range", 90], ["badRange", 10], ["scan", 10], ["stats", 30], ["reopen", 2],
];

function weighted<T>(rng: Prng, table: [T, number][]): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let roll = rng.below(total);
  for (const [item, w] of table) {
    if (roll < w) return item;
    roll -= w;
  }
  return table[0][0];
}

/** Fails with the seed and the operation number so the run can be replayed. */
function check(ok: boolean, seed: number, step: number, what: () => string): void {
  if (!ok) throw new Error(`model mismatch (OMENDB_SEED=${seed}, op #${step}): ${what()}`);
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof OmenDBError ? e.code : String(e);
  }
  return "no error";
}

function randomRange(rng: Prng, cluster: number): [bigint, bigint] {
  const a = drawKey(rng, cluster);
  const b = rng.chance(0.7) ? a + BigInt(rng.below(cluster / 4)) : drawKey(rng, cluster);
  const lo = a < b ? a : b;
  const hi = a < b ? b : a;
  return [lo, hi > INT64_MAX ? INT64_MAX : hi];
}

async function runDbModel(engine: Engine, ops: number, seed: number): Promise<Record<Op, number>> {
  const rng = new Prng(seed);
  const path = join(tempDir("omendb-model-"), `model-${engine}.omendb`);
  const open = (): OmenDB => OmenDB.open(path, { engine, sync: "onFlush", hotTierCapacity: rng.pick([0, 16, 1024]) });
  const model = new KvModel();
  const counts = Object.fromEntries(DB_OPS.map(([op]) => [op, 0])) as Record<Op, number>;
  const cluster = 1500;
  let db = open();
  try {
    for (let step = 0; step < ops; step++) {
      const op = weighted(rng, DB_OPS);
      counts[op]++;
      switch (op) {
        case "put": {
          const k = drawKey(rng, cluster);
          const v = drawValue(rng);
          db.put(k, v);
          model.put(k, v);
          break;
        }
        case "get": {
          const k = drawKey(rng, cluster);
          const got = db.get(k);
          check(sameBytes(got, model.get(k)), seed, step, () => `get(${k}) = ${showBytes(got)}, model ${showBytes(model.get(k))}`);
          break;
        }
        case "delete": {
          const k = drawKey(rng, cluster);
          const existed = db.delete(k);
          const expected = model.delete(k);
          check(existed === expected, seed, step, () => `delete(${k}) = ${existed}, model ${expected}`);
          break;
        }
        case "putMany": {
          const n = rng.between(0, 24);
          const keys = new BigInt64Array(n);
          const values: Uint8Array[] = [];
          for (let i = 0; i < n; i++) {
            // Duplicates inside a batch on purpose: the later one wins.
            keys[i] = i > 0 && rng.chance(0.15) ? keys[rng.below(i)] : drawKey(rng, cluster);
            values.push(drawValue(rng));
          }
          db.putMany(rng.chance(0.5) ? keys : Array.from(keys), values);
          for (let i = 0; i < n; i++) model.put(keys[i], values[i]);
          break;
        }
        case "getMany": {
          const keys = Array.from({ length: rng.between(0, 32) }, () => drawKey(rng, cluster));
          const got = db.getMany(keys);
          check(got.length === keys.length, seed, step, () => `getMany returned ${got.length} of ${keys.length}`);
          keys.forEach((k, i) => check(sameBytes(got[i], model.get(k)), seed, step, () => `getMany[${i}] key ${k} = ${showBytes(got[i])}, model ${showBytes(model.get(k))}`));
          break;
        }
        case "range": {
          const [lo, hi] = randomRange(rng, cluster);
          const got = db.range(lo, hi);
          const expected = model.rangeKeys(lo, hi);
          check(got.length === expected.length, seed, step, () => `range(${lo}, ${hi}) has ${got.length} entries, model ${expected.length}`);
          got.forEach((e, i) => check(e.key === expected[i] && sameBytes(e.value, model.get(e.key)), seed, step, () => `range(${lo}, ${hi})[${i}] = ${e.key}:${showBytes(e.value)}, model ${expected[i]}`));
          break;
        }
        case "badRange": {
          const [lo, hi] = randomRange(rng, cluster);
          if (lo === hi) break;
          const code = codeOf(() => db.range(hi, lo));
          check(code === "INVALID_ARGUMENT", seed, step, () => `range(${hi}, ${lo}) gave ${code}`);
          break;
        }
        case "scan": {
          const pageSize = rng.between(1, 300);
          const keys: bigint[] = [];
          for await (const page of db.scan(INT64_MIN, INT64_MAX, { pageSize })) {
            check(page.length <= pageSize, seed, step, () => `scan page of ${page.length} > ${pageSize}`);
            for (const e of page) {
              check(sameBytes(e.value, model.get(e.key)), seed, step, () => `scan entry ${e.key}`);
              keys.push(e.key);
            }
          }
          const expected = model.rangeKeys(INT64_MIN, INT64_MAX);
          check(keys.length === expected.length && keys.every((k, i) => k === expected[i]), seed, step, () => `scan saw ${keys.length} keys, model ${expected.length}`);
          break;
        }
        case "stats": {
          const s = db.stats();
          check(s.numKeys === model.size, seed, step, () => `stats.numKeys ${s.numKeys}, model ${model.size}`);
          check(s.engine === engine, seed, step, () => `stats.engine ${s.engine}`);
          break;
        }
        case "reopen": {
          db.close();
          db = open();
          // The memory engine starts empty again; redb keeps everything.
          if (engine === "memory") model.clear();
          break;
        }
      }
    }
    const all = db.range(INT64_MIN, INT64_MAX);
    check(all.length === model.size, seed, ops, () => `final contents ${all.length} keys, model ${model.size}`);
  } finally {
    db.close();
  }
  return counts;
}

type IndexOp = "insert" | "get" | "has" | "getMany" | "containsMany" | "range" | "merge" | "stats" | "rebuild";
const INDEX_OPS: [IndexOp, number][] = [
  ["insert", 250], ["get", 200], ["has", 120], ["getMany", 100], ["containsMany", 100],
  ["range", 120], ["merge", 15], ["stats", 30], ["rebuild", 3],
];

function buildIndex(rng: Prng, kind: IndexKind, model: KvModel, cluster: number): LearnedIndex {
  model.clear();
  const n = rng.pick([0, 1, 2, 50, 700, 3000]);
  const keys = new BigInt64Array(n);
  const values: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    keys[i] = drawKey(rng, cluster);
    values.push(rng.bytes(rng.below(16)));
  }
  if (rng.chance(0.5)) keys.sort();
  for (let i = 0; i < n; i++) model.put(keys[i], values[i]);
  return LearnedIndex.build(keys, values, { kind, epsilon: rng.pick([4, 16, 64]) });
}

function runIndexModel(kind: IndexKind, ops: number, seed: number): Record<IndexOp, number> {
  const rng = new Prng(seed);
  const model = new KvModel();
  const counts = Object.fromEntries(INDEX_OPS.map(([op]) => [op, 0])) as Record<IndexOp, number>;
  const cluster = 4000;
  let idx = buildIndex(rng, kind, model, cluster);
  try {
    for (let step = 0; step < ops; step++) {
      const op = weighted(rng, INDEX_OPS);
      counts[op]++;
      switch (op) {
        case "insert": {
          const k = drawKey(rng, cluster);
          const v = rng.bytes(rng.below(16));
          idx.insert(k, v);
          model.put(k, v);
          break;
        }
        case "get": {
          const k = drawKey(rng, cluster);
          const got = idx.get(k);
          check(sameBytes(got, model.get(k)), seed, step, () => `${kind} get(${k}) = ${showBytes(got)}, model ${showBytes(model.get(k))}`);
          break;
        }
        case "has": {
          const k = drawKey(rng, cluster);
          check(idx.has(k) === model.entries.has(k), seed, step, () => `${kind} has(${k})`);
          break;
        }
        case "getMany": {
          const keys = BigInt64Array.from({ length: rng.between(0, 40) }, () => drawKey(rng, cluster));
          const got = idx.getMany(keys);
          keys.forEach((k, i) => check(sameBytes(got[i], model.get(k)), seed, step, () => `${kind} getMany[${i}] key ${k}`));
          break;
        }
        case "containsMany": {
          const keys = BigInt64Array.from({ length: rng.between(0, 40) }, () => drawKey(rng, cluster));
          const got = idx.containsMany(keys);
          keys.forEach((k, i) => check(got[i] === (model.entries.has(k) ? 1 : 0), seed, step, () => `${kind} containsMany[${i}] key ${k} = ${got[i]}`));
          break;
        }
        case "range": {
          const [lo, hi] = randomRange(rng, cluster);
          const got = Array.from(idx.range(lo, hi));
          const expected = model.rangeKeys(lo, hi);
          check(got.length === expected.length && got.every((k, i) => k === expected[i]), seed, step, () => `${kind} range(${lo}, ${hi}) = ${got.length} keys [${got.slice(0, 5).join(",")}], model ${expected.length} [${expected.slice(0, 5).join(",")}]`);
          break;
        }
        case "merge":
          idx.merge();
          check(idx.stats().deltaKeys === 0, seed, step, () => `${kind} deltaKeys after merge ${idx.stats().deltaKeys}`);
          break;
        case "stats": {
          const s = idx.stats();
          check(s.numKeys === model.size, seed, step, () => `${kind} stats.numKeys ${s.numKeys}, model ${model.size}`);
          break;
        }
        case "rebuild":
          idx.free();
          idx = buildIndex(rng, kind, model, cluster);
          break;
      }
    }
  } finally {
    idx.free();
  }
  return counts;
}

describe("model-based: OmenDB vs an in-memory map", () => {
  for (const engine of ["redb", "memory"] as const) {
    it(`${engine}: ${modelDbOps} random operations agree with the model`, async () => {
      const seed = runSeed();
      const counts = await runDbModel(engine, modelDbOps, seed);
      report(`node model db ${engine}`, { seed, ops: modelDbOps, ...counts });
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(modelDbOps);
    }, 600_000);
  }
});

describe("model-based: LearnedIndex vs a sorted model", () => {
  for (const kind of ["default", "linear", "rmi", "pgm", "btree"] as const) {
    it(`${kind}: ${modelIndexOps} random operations agree with the model`, () => {
      const seed = runSeed();
      const counts = runIndexModel(kind, modelIndexOps, seed);
      report(`node model index ${kind}`, { seed, ops: modelIndexOps, ...counts });
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(modelIndexOps);
    }, 600_000);
  }
});
