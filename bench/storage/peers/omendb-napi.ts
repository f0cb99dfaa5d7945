// OmenDB from Node through the compiled Node-API bindings omendb-bindgen generates for
// include/omendb_ffi.h (bench/.scratch/omendb-napi, built with the system cc): the same layer as
// the LMDB peer of peers/lmdb-napi.ts. Gets only: the redb file is written by peers/omendb.ts.

import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { OmenEngine, OmenSyncPolicy, type OmenDB, type OmendbFfiLibrary, type OmenResult } from "../../../bindings/node/omendb_ffi.napi.js";
import { generateNapiBindings, omendbLibrary, repoRoot } from "../../lib/env.js";
import type { HotTierStats } from "./omendb.js";

interface OmenNapiModule { load(path?: string): OmendbFfiLibrary }

function check(lib: OmendbFfiLibrary, result: OmenResult, what: string): void {
  if (!result.success) throw new Error(`${what}: ${result.error_msg ?? result.code}: ${lib.omendb_last_error_message() ?? ""}`);
}

/** Generates and builds the addon for our header, then loads it on the release library. */
export async function loadOmenNapi(): Promise<OmendbFfiLibrary> {
  const loader = generateNapiBindings(join(repoRoot, "include", "omendb_ffi.h"), omendbLibrary, "omendb-napi", [join(repoRoot, "include")]);
  const mod = (await import(pathToFileURL(loader).href)) as OmenNapiModule;
  return mod.load(omendbLibrary);
}

/** One OmenDB redb file opened through the generated addon. */
export class OmenNapiStore {
  readonly #lib: OmendbFfiLibrary;
  readonly #db: OmenDB;

  private constructor(lib: OmendbFfiLibrary, db: OmenDB) {
    this.#lib = lib;
    this.#db = db;
  }

  /** Opens an existing `file`: redb engine, sync always, the given hot-tier capacity. */
  static open(lib: OmendbFfiLibrary, file: string, hotTierCapacity: number): OmenNapiStore {
    const opened = lib.omendb_open_with_options(file, {
      engine: OmenEngine.OMEN_ENGINE_REDB, sync_policy: OmenSyncPolicy.OMEN_SYNC_ALWAYS, hot_tier_capacity: hotTierCapacity, hot_index_kind: 0,
    });
    check(lib, opened.result, `open ${file}`);
    return new OmenNapiStore(lib, opened.out_db!);
  }

  /** Gets `keys[probes[from..to)]` one call each (the addon copies each value into a Uint8Array); returns bytes read. */
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
