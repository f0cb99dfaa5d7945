// OmenDB from Node through the generated koffi bindings (bindings/node/omendb_ffi.koffi.ts),
// the same binding layer the LMDB and SQLite peers use: durable redb file (sync always),
// batch write in one omendb_storage_batch_write call, gets with a chosen hot-tier capacity.

import { rmSync } from "node:fs";
import { load, OmenEngine, OmenSyncPolicy, type OmenDB, type OmendbFfiLibrary, type OmenResult } from "../../../bindings/node/omendb_ffi.koffi.js";
import { VALUE_BYTES } from "../../lib/dataset.js";

function check(lib: OmendbFfiLibrary, result: OmenResult, what: string): void {
  if (!result.success) throw new Error(`${what}: ${result.error_msg ?? result.code}: ${lib.omendb_last_error_message() ?? ""}`);
}

/** Statistics the suite reports beside its timings. */
export interface HotTierStats { hotKeys: number; hotHits: number; hotMisses: number }

/** One open OmenDB redb file. */
export class OmenStore {
  readonly #lib: OmendbFfiLibrary;
  readonly #db: OmenDB;

  private constructor(lib: OmendbFfiLibrary, db: OmenDB) {
    this.#lib = lib;
    this.#db = db;
  }

  /** Loads the library (native/target/release/libomendb.so or $OMENDB_FFI_LIBRARY_PATH). */
  static loadLibrary(path?: string): OmendbFfiLibrary {
    return load(path);
  }

  /** Opens `file` (removing it first when `fresh`), redb engine, sync always, given hot-tier capacity. */
  static open(lib: OmendbFfiLibrary, file: string, hotTierCapacity: number, fresh: boolean): OmenStore {
    if (fresh) rmSync(file, { force: true });
    const opened = lib.omendb_open_with_options(file, {
      engine: OmenEngine.OMEN_ENGINE_REDB, sync_policy: OmenSyncPolicy.OMEN_SYNC_ALWAYS, hot_tier_capacity: hotTierCapacity, hot_index_kind: 0,
    });
    check(lib, opened.result, `open ${file}`);
    return new OmenStore(lib, opened.out_db!);
  }

  /** Writes all entries in one durable call; `values[i]` is the value of `keys[i]`. */
  batchWrite(keys: BigInt64Array, values: readonly Uint8Array[], lens: BigUint64Array): void {
    check(this.#lib, this.#lib.omendb_storage_batch_write(this.#db, keys, values, lens, keys.length), "batch_write");
  }

  /**
   * The binding's share of batchWrite: the same call on this store after close(), so koffi
   * converts every argument (the array of value buffers included) and the library returns
   * OMEN_ERR_INVALID_HANDLE at once. Returns the ns of that call.
   */
  marshalOnlyNs(keys: BigInt64Array, values: readonly Uint8Array[], lens: BigUint64Array): number {
    const t0 = process.hrtime.bigint();
    const result = this.#lib.omendb_storage_batch_write(this.#db, keys, values, lens, keys.length);
    const ns = Number(process.hrtime.bigint() - t0);
    if (result.success) throw new Error("batch_write on a closed handle succeeded");
    return ns;
  }

  /** Gets `keys[probes[from..to)]` one call each (values copied out); returns bytes read. */
  getBatch(keys: BigInt64Array, probes: Int32Array, from: number, to: number): number {
    const lib = this.#lib;
    let bytes = 0;
    for (let i = from; i < to; i++) {
      const got = lib.omendb_storage_get(this.#db, keys[probes[i]]);
      if (got.value === null) throw new Error(`key ${keys[probes[i]]} missing`);
      bytes += got.value.length;
    }
    return bytes;
  }

  /** Hot-tier counters since open. */
  hotStats(): HotTierStats {
    const { result, out } = this.#lib.omendb_storage_stats(this.#db);
    check(this.#lib, result, "stats");
    return { hotKeys: Number(out.hot_keys), hotHits: Number(out.hot_hits), hotMisses: Number(out.hot_misses) };
  }

  /** Flushes and closes. */
  close(): void {
    this.#lib.omendb_close(this.#db);
  }
}

/** Lengths array for `count` values of VALUE_BYTES each. */
export function valueLengths(count: number): BigUint64Array {
  return new BigUint64Array(count).fill(BigInt(VALUE_BYTES));
}
