// Node side of the batch suite, run once per package tier (OMENDB_TIER=koffi|napi, set by
// run.ts): per-key time of getMany on batches through the idiomatic package (values materialised
// as Uint8Arrays), interleaved round by round with the same calls timed in C inside this process
// (c_timer.c through koffi, on a twin index/database built from the same data); plus per-call
// get/put, and in the koffi tier the raw generated omendb_index_get_many call.
// Usage: tsx node-client.ts TIMER_LIB KEYS_FILE N PROBES_FILE BATCH ROUNDS WARMUP; prints JSON lines.

import { readFileSync } from "node:fs";
import koffi from "koffi";
import { load } from "../../bindings/node/omendb_ffi.koffi.js";
import { LearnedIndex, nativeTier, OmenDB } from "../../src/index.js";
import { summarize, timeNs } from "../lib/stats.js";

const VALUE_BYTES = 100;

function readTyped<T>(file: string, make: (buffer: ArrayBuffer) => T): T {
  const bytes = readFileSync(file);
  return make(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/**
 * Per-operation samples of the binding (`bind(round)`) and of C (`c(round)` returns its own ns),
 * alternating which goes first each round; `warmup` untimed rounds first.
 */
function pairSample(rounds: number, warmup: number, ops: number, c: (round: number) => number, bind: (round: number) => void): { c: number[]; bind: number[] } {
  const out = { c: [] as number[], bind: [] as number[] };
  for (let round = 0; round < warmup + rounds; round++) {
    const r = round % rounds;
    let cNs = 0, bindNs = 0;
    if (round % 2 === 0) {
      cNs = c(r);
      bindNs = timeNs(() => bind(r));
    } else {
      bindNs = timeNs(() => bind(r));
      cNs = c(r);
    }
    if (cNs < 0) throw new Error("the C timer reported a failed call");
    if (round >= warmup) {
      out.c.push(cNs / ops);
      out.bind.push(bindNs / ops);
    }
  }
  return out;
}

function emit(suite: string, name: string, pair: string, samples: number[]): void {
  console.log(JSON.stringify({ suite, name, pair, ...summarize(samples), samples: samples.length }));
}

function main(): void {
  const [timerLib, keysFile, nText, probesFile, batchText, roundsText, warmupText] = process.argv.slice(2);
  const n = Number(nText), batch = Number(batchText), rounds = Number(roundsText), warmup = Number(warmupText);
  const keys = readTyped(keysFile, (b) => new BigInt64Array(b));
  const probes = readTyped(probesFile, (b) => new Int32Array(b));
  if (keys.length !== n || probes.length !== rounds * batch) throw new Error("dataset files do not match the arguments");
  const data = new Uint8Array(n * VALUE_BYTES);
  for (let i = 0; i < n; i++) for (let j = 0; j < VALUE_BYTES; j++) data[i * VALUE_BYTES + j] = (i * 31 + j * 7) & 0xff;
  const values = Array.from({ length: n }, (_, i) => data.subarray(i * VALUE_BYTES, (i + 1) * VALUE_BYTES));
  const lens = new BigUint64Array(n).fill(BigInt(VALUE_BYTES));
  const probeKeys = BigInt64Array.from(probes, (p) => keys[p]);
  const batchOf = (round: number): BigInt64Array => probeKeys.subarray(round * batch, (round + 1) * batch);
  const tier = nativeTier();
  const name = `node_${tier}`;
  const cName = `c_in_${name}`;

  // The twin objects the C timer uses, built through the generated koffi bindings.
  const lib = load();
  const built = lib.omendb_index_build(0, 64, keys, values, lens, n);
  const opened = lib.omendb_open_with_options(null, { engine: 1, sync_policy: 0, hot_tier_capacity: 0, hot_index_kind: 0 });
  if (!built.result.success || !opened.result.success || built.out_index === null || opened.out_db === null) throw new Error("twin build failed");
  const rawIndex = built.out_index, rawDb = opened.out_db;
  if (!lib.omendb_storage_batch_write(rawDb, keys, values, lens, n).success) throw new Error("twin batch write failed");
  const timer = koffi.load(timerLib);
  const cIndexGetMany = timer.func("omendb_timer_index_get_many", "double", ["void *", "void *", "size_t"]);
  const cStorageGetMany = timer.func("omendb_timer_storage_get_many", "double", ["void *", "void *", "size_t"]);
  const cStorageGet = timer.func("omendb_timer_storage_get", "double", ["void *", "void *", "size_t"]);
  const cIndexGet = timer.func("omendb_timer_index_get", "double", ["void *", "void *", "size_t"]);
  const cStoragePut = timer.func("omendb_timer_storage_put", "double", ["void *", "void *", "void *", "void *", "size_t"]);

  const idx = LearnedIndex.build(keys, values, { kind: "default" });
  const db = OmenDB.open("", { engine: "memory" });
  db.putMany(keys, values);
  const checkBatch = (got: (Uint8Array | undefined)[]): void => {
    if (got.length !== batch || got.some((v) => v === undefined || v.length !== VALUE_BYTES)) throw new Error("getMany returned missing values");
  };
  const measure = (suite: string, c: (round: number) => number, bind: (round: number) => void): void => {
    const s = pairSample(rounds, warmup, batch, c, bind);
    emit(suite, cName, cName, s.c);
    emit(suite, name, cName, s.bind);
  };
  measure("batch_get_many_index", (r) => cIndexGetMany(rawIndex, batchOf(r), batch) as number, (r) => checkBatch(idx.getMany(batchOf(r))));
  measure("batch_get_many_storage", (r) => cStorageGetMany(rawDb, batchOf(r), batch) as number, (r) => checkBatch(db.getMany(batchOf(r))));
  measure("ffi_call_storage_get", (r) => cStorageGet(rawDb, batchOf(r), batch) as number, (r) => {
    for (const k of batchOf(r)) if (db.get(k) === undefined) throw new Error(`key ${k} missing`);
  });
  measure("ffi_call_index_get", (r) => cIndexGet(rawIndex, batchOf(r), batch) as number, (r) => {
    for (const k of batchOf(r)) if (idx.get(k) === undefined) throw new Error(`key ${k} missing`);
  });
  measure("ffi_call_storage_put", (r) => cStoragePut(rawDb, batchOf(r), probes.subarray(r * batch, (r + 1) * batch), data, batch) as number, (r) => {
    for (let i = r * batch; i < (r + 1) * batch; i++) db.put(probeKeys[i], values[probes[i]]);
  });
  idx.free();
  db.close();

  if (tier === "koffi") {
    // The raw generated call alone: omendb_index_get_many + omendb_batch_free, values left in the library batch.
    const s = pairSample(rounds, warmup, batch, (r) => cIndexGetMany(rawIndex, batchOf(r), batch) as number, (r) => {
      const { result, out } = lib.omendb_index_get_many(rawIndex, batchOf(r), batch);
      if (!result.success || Number(out.data_len) !== batch * VALUE_BYTES) throw new Error("omendb_index_get_many failed");
      lib.omendb_batch_free(out);
    });
    emit("batch_get_many_index", "c_in_node_koffi_raw_call", "c_in_node_koffi_raw_call", s.c);
    emit("batch_get_many_index", "node_koffi_raw_call", "c_in_node_koffi_raw_call", s.bind);
  }
  lib.omendb_index_free(rawIndex);
  lib.omendb_close(rawDb);
}

main();
