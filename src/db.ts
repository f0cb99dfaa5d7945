// OmenDB: the idiomatic key-value database class of the Node package. Keys are int64
// (bigint or safe-integer number), values bytes; batch calls map to one native call each,
// range scans page through storage_range, and the handle is released by close(), `using`,
// or, as a last resort, the garbage collector.

import { toKey, toKeyArray, toValue, toValueArray, type KeyLike, type ValueLike } from "./convert.js";
import { OmenDBError } from "./errors.js";
import { HandleCell } from "./handle.js";
import * as native from "./native.js";
import { runOnWorker } from "./worker-pool.js";

/** Storage engine: durable redb file, or memory only. */
export type Engine = "redb" | "memory";
/** When a write is durable: at every commit, or at flush()/close(). */
export type SyncPolicy = "always" | "onFlush";

/** Options of {@link OmenDB.open}. */
export interface OpenOptions {
  /** Storage engine; default `"redb"`. With `"memory"` the path is ignored. */
  engine?: Engine;
  /** Durability; default `"always"`. */
  sync?: SyncPolicy;
  /** Most keys kept in the hot learned-index tier; default 65536. */
  hotTierCapacity?: KeyLike;
}

/** One stored entry. */
export interface Entry {
  /** The key. */
  key: bigint;
  /** The value bytes. */
  value: Uint8Array;
}

/** Database statistics (see `OmenDBStats` in the C header). */
export interface DbStats {
  /** Storage engine in use. */
  engine: Engine;
  /** Sync policy in use. */
  syncPolicy: SyncPolicy;
  /** Keys stored. */
  numKeys: number;
  /** Keys currently in the hot tier. */
  hotKeys: number;
  /** Capacity of the hot tier. */
  hotCapacity: number;
  /** Gets answered by the hot tier since open. */
  hotHits: number;
  /** Gets that went to storage since open. */
  hotMisses: number;
  /** Size of the database file in bytes (0 in memory). */
  fileBytes: number;
}

/** Options of {@link OmenDB.scan}. */
export interface ScanOptions {
  /** Entries per page (one native call each); default 1000. */
  pageSize?: number;
}

const ENGINES: Record<Engine, number> = { redb: 0, memory: 1 };
const SYNC_POLICIES: Record<SyncPolicy, number> = { always: 0, onFlush: 1 };
const INT64_MAX = 2n ** 63n - 1n;

function pick<T extends string>(table: Record<T, number>, value: unknown, what: string): number {
  if (typeof value === "string" && Object.hasOwn(table, value)) return table[value as T];
  throw new OmenDBError("INVALID_ARGUMENT", `${what} must be one of ${Object.keys(table).map((k) => `"${k}"`).join(", ")}, got ${String(value)}`);
}

function nameOf<T extends string>(table: Record<T, number>, value: number): T {
  const found = (Object.keys(table) as T[]).find((k) => table[k] === value);
  if (found === undefined) throw new OmenDBError("INTERNAL", `library reported unknown enum value ${value}`);
  return found;
}

/** Unpaired UTF-16 surrogates: such a string has no UTF-8 form, and the FFI layer would substitute U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Rejects paths the C string conversion would silently change: a NUL would cut the path short and a
 * lone surrogate would become U+FFFD, so either would open a different file than the one named.
 */
function checkPath(path: unknown): void {
  if (typeof path !== "string") throw new OmenDBError("INVALID_PATH", `path must be a string, got ${typeof path}`);
  if (path.includes("\0")) throw new OmenDBError("INVALID_PATH", "path contains a NUL character");
  if (LONE_SURROGATE.test(path)) throw new OmenDBError("INVALID_PATH", "path is not valid Unicode (unpaired surrogate), so it has no UTF-8 form");
}

function checkSameLength(keys: BigInt64Array, values: unknown[]): void {
  if (keys.length !== values.length) {
    throw new OmenDBError("INVALID_ARGUMENT", `keys and values differ in length (${keys.length} vs ${values.length})`);
  }
}

/**
 * An open OmenDB database.
 *
 * @example
 * using db = OmenDB.open("data.omendb");
 * db.put(1n, "hello");
 * new TextDecoder().decode(db.get(1n)); // "hello"
 */
export class OmenDB implements Disposable {
  readonly #cell: HandleCell;
  /** The path the database was opened with (`null` for the memory engine). */
  readonly path: string | null;

  private constructor(handle: native.NativeHandle, path: string | null) {
    this.#cell = new HandleCell(this, handle, native.dbClose, "database");
    this.path = path;
  }

  /**
   * Opens (creating if missing) a database.
   * @param path - File path (ignored with `engine: "memory"`).
   * @param options - Engine, sync policy and hot-tier capacity.
   * @throws OmenDBError `INVALID_PATH` (empty, directory), `IO`, `LOCKED`, `CORRUPTED`, `INVALID_ARGUMENT`.
   */
  static open(path: string, options: OpenOptions = {}): OmenDB {
    const engine = pick(ENGINES, options.engine ?? "redb", "engine");
    const syncPolicy = pick(SYNC_POLICIES, options.sync ?? "always", "sync");
    const hotTierCapacity = toKey(options.hotTierCapacity ?? 0, "hotTierCapacity");
    if (hotTierCapacity < 0n) throw new OmenDBError("INVALID_ARGUMENT", "hotTierCapacity must not be negative");
    if (engine !== ENGINES.memory) checkPath(path);
    const nativePath = engine === ENGINES.memory ? null : path;
    return new OmenDB(native.dbOpen(nativePath, { engine, syncPolicy, hotTierCapacity }), nativePath);
  }

  /** True after {@link OmenDB.close}. */
  get closed(): boolean {
    return this.#cell.released;
  }

  /**
   * Stores `value` under `key`, replacing any previous value.
   * @throws OmenDBError `INVALID_ARGUMENT` (bad key/value), `VALUE_TOO_LARGE` (over 16 MiB), `INVALID_HANDLE` (closed).
   */
  put(key: KeyLike, value: ValueLike): void {
    const k = toKey(key);
    const v = toValue(value);
    native.dbPut(this.#cell.get(), k, v);
  }

  /** The value of `key`, or `undefined` when absent. */
  get(key: KeyLike): Uint8Array | undefined {
    const k = toKey(key);
    return native.dbGet(this.#cell.get(), k);
  }

  /** Deletes `key`; returns false when it was absent. */
  delete(key: KeyLike): boolean {
    const k = toKey(key);
    return native.dbDelete(this.#cell.get(), k);
  }

  /**
   * Writes all entries in one atomic native call (all or none); later duplicates win.
   * @param keys - Keys (BigInt64Array used without copying).
   * @param values - One value per key.
   */
  putMany(keys: BigInt64Array | KeyLike[], values: ValueLike[]): void {
    const ks = toKeyArray(keys);
    const vs = toValueArray(values);
    checkSameLength(ks, vs);
    native.dbBatchWrite(this.#cell.get(), ks, vs);
  }

  /**
   * {@link OmenDB.putMany} off the main thread (napi tier: libuv's thread pool; koffi: a worker thread);
   * the event loop stays free meanwhile. Closing the database while it is pending is safe: a write
   * already running completes, one not started yet rejects with `INVALID_HANDLE`.
   */
  async putManyAsync(keys: BigInt64Array | KeyLike[], values: ValueLike[]): Promise<void> {
    const ks = toKeyArray(keys);
    const vs = toValueArray(values);
    checkSameLength(ks, vs);
    await runOnWorker<void>({ op: "dbBatchWrite", db: this.#cell.get(), keys: ks, values: vs });
  }

  /** Values of many keys in one native call, `undefined` for absent keys, in input order. */
  getMany(keys: BigInt64Array | KeyLike[]): (Uint8Array | undefined)[] {
    const ks = toKeyArray(keys);
    return native.dbGetMany(this.#cell.get(), ks).values;
  }

  /** All entries with `start <= key <= end`, in key order, in one native call. */
  range(start: KeyLike, end: KeyLike): Entry[] {
    const s = toKey(start, "start");
    const e = toKey(end, "end");
    return toEntries(native.dbRange(this.#cell.get(), s, e, 0));
  }

  /**
   * Pages of entries with `start <= key <= end`, in key order, one native call per page.
   * @example
   * for await (const page of db.scan(0n, 1_000_000n, { pageSize: 500 })) for (const { key } of page) ...
   */
  async *scan(start: KeyLike, end: KeyLike, options: ScanOptions = {}): AsyncGenerator<Entry[], void, undefined> {
    let from = toKey(start, "start");
    const to = toKey(end, "end");
    const pageSize = options.pageSize ?? 1000;
    if (!Number.isSafeInteger(pageSize) || pageSize <= 0) {
      throw new OmenDBError("INVALID_ARGUMENT", `pageSize must be a positive integer, got ${pageSize}`);
    }
    for (;;) {
      const page = native.dbRange(this.#cell.get(), from, to, pageSize);
      const entries = toEntries(page);
      if (entries.length > 0) yield entries;
      const last = page.keys.length > 0 ? page.keys[page.keys.length - 1] : undefined;
      if (!page.hasMore || last === undefined || last >= to || last === INT64_MAX) return;
      from = last + 1n;
    }
  }

  /** Makes every write so far durable, whatever the sync policy. */
  flush(): void {
    native.dbFlush(this.#cell.get());
  }

  /** Database statistics. */
  stats(): DbStats {
    const s = native.dbStats(this.#cell.get());
    return {
      engine: nameOf(ENGINES, s.engine),
      syncPolicy: nameOf(SYNC_POLICIES, s.syncPolicy),
      numKeys: Number(s.numKeys),
      hotKeys: Number(s.hotKeys),
      hotCapacity: Number(s.hotCapacity),
      hotHits: Number(s.hotHits),
      hotMisses: Number(s.hotMisses),
      fileBytes: Number(s.fileBytes),
    };
  }

  /** Flushes and closes; later calls throw `INVALID_HANDLE`. Closing twice is a no-op. */
  close(): void {
    this.#cell.release();
  }

  /** Same as {@link OmenDB.close}, for `using db = OmenDB.open(...)`. */
  [Symbol.dispose](): void {
    this.close();
  }
}

function toEntries(batch: native.CopiedBatch): Entry[] {
  const out: Entry[] = new Array(batch.keys.length);
  for (let i = 0; i < batch.keys.length; i++) out[i] = { key: batch.keys[i], value: batch.values[i] ?? new Uint8Array(0) };
  return out;
}
