// LMDB from Node through the koffi bindings omendb-bindgen generates for <lmdb.h> (in
// bench/.scratch/lmdb): durable environment (no MDB_NOSYNC), one write transaction per batch,
// random gets in read transactions. Keys and values live in koffi-allocated native memory.

import { mkdirSync, rmSync } from "node:fs";
import { pathToFileURL } from "node:url";
import koffi from "koffi";
import { VALUE_BYTES } from "../../lib/dataset.js";

type Ptr = bigint;
interface MdbVal { mv_size: number | bigint; mv_data: Ptr | null }
/** The part of the generated `LmdbLibrary` these benchmarks call. */
interface LmdbApi {
  mdb_env_create(): { result: number; env: Ptr | null };
  mdb_env_set_mapsize(env: Ptr, size: bigint): number;
  mdb_env_open(env: Ptr, path: string, flags: number, mode: number): number;
  mdb_env_close(env: Ptr): void;
  mdb_txn_begin(env: Ptr, parent: Ptr | null, flags: number): { result: number; txn: Ptr | null };
  mdb_txn_commit(txn: Ptr): number;
  mdb_txn_abort(txn: Ptr): void;
  mdb_dbi_open(txn: Ptr, name: string | null, flags: number): { result: number; dbi: number };
  mdb_put(txn: Ptr, dbi: number, key: MdbVal, data: MdbVal, flags: number): number;
  mdb_get(txn: Ptr, dbi: number, key: MdbVal): { result: number; data: { mv_size: bigint; mv_data: Ptr | null } };
  mdb_strerror(err: number): string | null;
}
interface LmdbModule { load(path?: string): LmdbApi; MDB_RDONLY: number }

/** Loads the generated module `modulePath` (bench/.scratch/lmdb/lmdb.koffi.ts). */
export async function loadLmdb(modulePath: string): Promise<{ api: LmdbApi; rdonly: number }> {
  const mod = (await import(pathToFileURL(modulePath).href)) as LmdbModule;
  return { api: mod.load(), rdonly: mod.MDB_RDONLY };
}

function check(api: LmdbApi, rc: number, what: string): void {
  if (rc !== 0) throw new Error(`${what}: ${api.mdb_strerror(rc) ?? rc}`);
}

/** One LMDB environment (a directory) with its unnamed database. */
export class LmdbStore {
  readonly #api: LmdbApi;
  readonly #rdonly: number;
  readonly #env: Ptr;
  readonly #dbi: number;
  readonly #keySlot: Ptr;
  readonly #keyView: BigInt64Array;

  private constructor(api: LmdbApi, rdonly: number, env: Ptr, dbi: number) {
    this.#api = api;
    this.#rdonly = rdonly;
    this.#env = env;
    this.#dbi = dbi;
    this.#keySlot = koffi.address(koffi.alloc("int64_t", 1));
    this.#keyView = new BigInt64Array(koffi.view(this.#keySlot, 8));
  }

  /** Opens the environment in `dir` (removed first when `fresh`): durable commits, 4 GiB map. */
  static open(lib: { api: LmdbApi; rdonly: number }, dir: string, fresh: boolean): LmdbStore {
    const { api } = lib;
    if (fresh) rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const created = api.mdb_env_create();
    check(api, created.result, "mdb_env_create");
    const env = created.env!;
    check(api, api.mdb_env_set_mapsize(env, 4n << 30n), "mdb_env_set_mapsize");
    check(api, api.mdb_env_open(env, dir, 0, 0o644), "mdb_env_open");
    const txn = api.mdb_txn_begin(env, null, 0);
    check(api, txn.result, "mdb_txn_begin");
    const opened = api.mdb_dbi_open(txn.txn!, null, 0);
    check(api, opened.result, "mdb_dbi_open");
    check(api, api.mdb_txn_commit(txn.txn!), "mdb_txn_commit");
    return new LmdbStore(api, lib.rdonly, env, opened.dbi);
  }

  /**
   * Writes every entry in one transaction (input order) and commits durably. `keysPtr` holds
   * `count` int64 keys and `valuesPtr` `count` values of VALUE_BYTES bytes, both native memory.
   */
  batchWrite(keysPtr: Ptr, valuesPtr: Ptr, count: number): void {
    const api = this.#api;
    const txn = api.mdb_txn_begin(this.#env, null, 0);
    check(api, txn.result, "mdb_txn_begin");
    const key: MdbVal = { mv_size: 8, mv_data: 0n };
    const data: MdbVal = { mv_size: VALUE_BYTES, mv_data: 0n };
    for (let i = 0; i < count; i++) {
      key.mv_data = keysPtr + BigInt(i * 8);
      data.mv_data = valuesPtr + BigInt(i * VALUE_BYTES);
      const rc = api.mdb_put(txn.txn!, this.#dbi, key, data, 0);
      if (rc !== 0) {
        api.mdb_txn_abort(txn.txn!);
        check(api, rc, "mdb_put");
      }
    }
    check(api, api.mdb_txn_commit(txn.txn!), "mdb_txn_commit");
  }

  /** Gets `keys[probes[from..to)]` in one read transaction, each value copied into a Uint8Array; returns bytes read. */
  getBatch(keys: BigInt64Array, probes: Int32Array, from: number, to: number): number {
    const api = this.#api;
    const txn = api.mdb_txn_begin(this.#env, null, this.#rdonly);
    check(api, txn.result, "mdb_txn_begin");
    const key: MdbVal = { mv_size: 8, mv_data: this.#keySlot };
    let bytes = 0;
    for (let i = from; i < to; i++) {
      this.#keyView[0] = keys[probes[i]];
      const got = api.mdb_get(txn.txn!, this.#dbi, key);
      if (got.result !== 0) throw new Error(`mdb_get: ${api.mdb_strerror(got.result)}`);
      const value = koffi.decode(got.data.mv_data, "uint8_t", Number(got.data.mv_size)) as Uint8Array;
      bytes += value.length;
    }
    api.mdb_txn_abort(txn.txn!);
    return bytes;
  }

  /** Closes the environment. */
  close(): void {
    this.#api.mdb_env_close(this.#env);
  }
}
