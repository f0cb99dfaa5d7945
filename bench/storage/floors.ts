// Parts of a get through the napi layer, timed with the same loop as the peers' getBatch so the
// storage suite can say where a get's call path goes: the loop with the copy of a value into a
// fresh Uint8Array alone (every get makes one), and a trivial call through the same addon.

import type { OmendbFfiLibrary } from "../../bindings/node/omendb_ffi.napi.js";
import { VALUE_BYTES } from "../lib/dataset.js";

/** Row names of the floors (suite storage_get_hot, no baseline). */
export const FLOOR_ROWS = { valueCopy: "napi_value_copy", callFloor: "napi_call_floor" } as const;

/** The loop of a getBatch reading each key and copying a VALUE_BYTES value into a new Uint8Array, no engine call. */
export class ValueCopyFloor {
  readonly #source = new Uint8Array(4096).fill(7);

  getBatch(keys: BigInt64Array, probes: Int32Array, from: number, to: number): number {
    let bytes = 0;
    for (let i = from; i < to; i++) {
      if (keys[probes[i]] === -1n) bytes++;
      bytes += this.#source.slice(0, VALUE_BYTES).length;
    }
    return bytes;
  }
}

/** The loop of a getBatch reading each key and making one trivial call (`omendb_last_error_code`) through the addon. */
export class CallFloor {
  readonly #lib: OmendbFfiLibrary;

  constructor(lib: OmendbFfiLibrary) {
    this.#lib = lib;
  }

  getBatch(keys: BigInt64Array, probes: Int32Array, from: number, to: number): number {
    let codes = 0;
    for (let i = from; i < to; i++) {
      if (keys[probes[i]] === -1n) codes++;
      codes += this.#lib.omendb_last_error_code();
    }
    return codes;
  }
}
