// OmenDB from Node through the idiomatic package (src/index.ts, on the fastest generated layer
// it loads: the Node-API addon, else koffi): the API users call, measured beside the raw
// generated koffi layer of peers/omendb.ts on the same redb file.

import { nativeTier, OmenDB } from "../../../src/index.js";
import type { HotTierStats } from "./omendb.js";

/** One OmenDB opened through the package. */
export class OmenPackageStore {
  readonly #db: OmenDB;

  private constructor(db: OmenDB) {
    this.#db = db;
  }

  /** The generated layer the package runs on ("napi" or "koffi"). */
  static tier(): string {
    return nativeTier();
  }

  /** Opens an existing `file` with sync always and the given hot-tier capacity. */
  static open(file: string, hotTierCapacity: number): OmenPackageStore {
    return new OmenPackageStore(OmenDB.open(file, { sync: "always", hotTierCapacity }));
  }

  /** Gets `keys[probes[from..to)]` one `get` each; returns bytes read. */
  getBatch(keys: BigInt64Array, probes: Int32Array, from: number, to: number): number {
    let bytes = 0;
    for (let i = from; i < to; i++) {
      const value = this.#db.get(keys[probes[i]]);
      if (value === undefined) throw new Error(`key ${keys[probes[i]]} missing`);
      bytes += value.length;
    }
    return bytes;
  }

  /** Hot-tier counters since open. */
  hotStats(): HotTierStats {
    const s = this.#db.stats();
    return { hotKeys: s.hotKeys, hotHits: s.hotHits, hotMisses: s.hotMisses };
  }

  /** Flushes and closes. */
  close(): void {
    this.#db.close();
  }
}
