// LMDB from Node through the compiled Node-API bindings omendb-bindgen generates for <lmdb.h>
// (bench/.scratch/lmdb-napi, built with the system cc), from the header as installed: lmdb.h
// documents no nullability, so its pointer parameters take null (mdb_txn_begin's `parent`, mdb_dbi_open's `name`).
// Gets only, on an environment written by peers/lmdb.ts: the key goes in as the address of a
// native MDB_val, the value is copied out of one ArrayBuffer view over LMDB's memory map
// (koffi.view once at open: the generated layer returns `mv_data` as an address).

import { readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import koffi from "koffi";
import { generateNapiBindings } from "../../lib/env.js";

type Handle = object;
/** The part of the generated napi `LmdbLibrary` these benchmarks call. */
interface LmdbNapiApi {
  mdb_env_create(): { result: number; env: Handle | null };
  mdb_env_set_mapsize(env: Handle, size: bigint): number;
  mdb_env_open(env: Handle, path: string, flags: number, mode: number): number;
  mdb_env_close(env: Handle): void;
  mdb_txn_begin(env: Handle, parent: Handle | null, flags: number): { result: number; txn: Handle | null };
  mdb_txn_commit(txn: Handle): number;
  mdb_txn_abort(txn: Handle): void;
  mdb_dbi_open(txn: Handle, name: string | null, flags: number): { result: number; dbi: number };
  mdb_get(txn: Handle, dbi: number, key: bigint): { result: number; data: { mv_size: bigint; mv_data: bigint | null } };
  mdb_strerror(err: number): string | null;
}
interface LmdbNapiModule { load(path?: string): LmdbNapiApi; MDB_RDONLY: number }

/**
 * The mapping of `mapsText` (/proc/self/maps) that contains `address`: LMDB's map is one
 * mapping of data.mdb, and mdb_env_info reports its address only for MDB_FIXEDMAP environments.
 */
export function mappingOf(address: bigint, mapsText: string): { start: bigint; end: bigint } {
  for (const line of mapsText.split("\n")) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) /.exec(line);
    if (m === null) continue;
    const start = BigInt(`0x${m[1]}`);
    const end = BigInt(`0x${m[2]}`);
    if (address >= start && address < end) return { start, end };
  }
  throw new Error(`no mapping of this process holds address 0x${address.toString(16)}`);
}

function check(api: LmdbNapiApi, rc: number, what: string): void {
  if (rc !== 0) throw new Error(`${what}: ${api.mdb_strerror(rc) ?? rc}`);
}

/** Generates and builds the napi bindings of `header` (default /usr/include/lmdb.h), then loads them. */
export async function loadLmdbNapi(header = "/usr/include/lmdb.h"): Promise<{ api: LmdbNapiApi; rdonly: number }> {
  const loader = generateNapiBindings(header, "lmdb", "lmdb-napi", [dirname(header)]);
  const mod = (await import(pathToFileURL(loader).href)) as LmdbNapiModule;
  return { api: mod.load(), rdonly: mod.MDB_RDONLY };
}

/** One existing LMDB environment (a directory written by LmdbStore), opened through the addon for gets. */
export class LmdbNapiStore {
  readonly #api: LmdbNapiApi;
  readonly #rdonly: number;
  readonly #env: Handle;
  readonly #dbi: number;
  /** A native MDB_val { mv_size = 8, mv_data = the key slot } passed by address to mdb_get. */
  readonly #keyVal: bigint;
  readonly #keyView: BigInt64Array;
  /** LMDB's memory map up to the data file's size (every committed page), and its address. */
  readonly #map: Uint8Array;
  readonly #mapAddress: bigint;

  private constructor(api: LmdbNapiApi, rdonly: number, env: Handle, dbi: number, dataBytes: number, sampleKey: bigint) {
    this.#api = api;
    this.#rdonly = rdonly;
    this.#env = env;
    this.#dbi = dbi;
    const keySlot = koffi.address(koffi.alloc("int64_t", 1));
    this.#keyView = new BigInt64Array(koffi.view(keySlot, 8));
    this.#keyVal = koffi.address(koffi.alloc("uint64_t", 2));
    new BigUint64Array(koffi.view(this.#keyVal, 16)).set([8n, keySlot]);
    const first = api.mdb_txn_begin(env, null, rdonly);
    check(api, first.result, "mdb_txn_begin");
    this.#keyView[0] = sampleKey;
    const got = api.mdb_get(first.txn!, dbi, this.#keyVal);
    api.mdb_txn_abort(first.txn!);
    check(api, got.result, "mdb_get");
    const region = mappingOf(got.data.mv_data!, readFileSync("/proc/self/maps", "utf8"));
    this.#mapAddress = region.start;
    this.#map = new Uint8Array(koffi.view(region.start, Math.min(dataBytes, Number(region.end - region.start))));
  }

  /**
   * Opens the environment in `dir` (4 GiB map, as LmdbStore) and its unnamed database; `sampleKey`
   * (any stored key) locates the memory map: the process mapping that holds its value.
   */
  static open(lib: { api: LmdbNapiApi; rdonly: number }, dir: string, sampleKey: bigint): LmdbNapiStore {
    const { api } = lib;
    const created = api.mdb_env_create();
    check(api, created.result, "mdb_env_create");
    const env = created.env!;
    check(api, api.mdb_env_set_mapsize(env, 4n << 30n), "mdb_env_set_mapsize");
    check(api, api.mdb_env_open(env, dir, 0, 0o644), "mdb_env_open");
    const txn = api.mdb_txn_begin(env, null, lib.rdonly);
    check(api, txn.result, "mdb_txn_begin");
    const opened = api.mdb_dbi_open(txn.txn!, null, 0);
    check(api, opened.result, "mdb_dbi_open");
    api.mdb_txn_abort(txn.txn!);
    return new LmdbNapiStore(api, lib.rdonly, env, opened.dbi, statSync(join(dir, "data.mdb")).size, sampleKey);
  }

  /** Gets `keys[probes[from..to)]` in one read transaction, each value copied into a Uint8Array; returns bytes read. */
  getBatch(keys: BigInt64Array, probes: Int32Array, from: number, to: number): number {
    const txn = this.#beginRead();
    let bytes = 0;
    for (let i = from; i < to; i++) bytes += this.#copyValue(txn, keys[probes[i]]).length;
    this.#api.mdb_txn_abort(txn);
    return bytes;
  }

  /** The value of `key`, read in its own transaction. */
  read(key: bigint): Uint8Array {
    const txn = this.#beginRead();
    try {
      return this.#copyValue(txn, key);
    } finally {
      this.#api.mdb_txn_abort(txn);
    }
  }

  #beginRead(): Handle {
    const txn = this.#api.mdb_txn_begin(this.#env, null, this.#rdonly);
    check(this.#api, txn.result, "mdb_txn_begin");
    return txn.txn!;
  }

  /** mdb_get of `key`, its value copied out of the map view. */
  #copyValue(txn: Handle, key: bigint): Uint8Array {
    this.#keyView[0] = key;
    const got = this.#api.mdb_get(txn, this.#dbi, this.#keyVal);
    if (got.result !== 0) throw new Error(`mdb_get: ${this.#api.mdb_strerror(got.result)}`);
    const at = Number(got.data.mv_data! - this.#mapAddress);
    const end = at + Number(got.data.mv_size);
    if (at < 0 || end > this.#map.length) throw new Error("mdb_get: value outside the memory map");
    return this.#map.slice(at, end);
  }

  /** Closes the environment. */
  close(): void {
    this.#api.mdb_env_close(this.#env);
  }
}
