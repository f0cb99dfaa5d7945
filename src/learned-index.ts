// LearnedIndex: the idiomatic class over the library's learned index (sorted int64 keys,
// models predicting positions within an error bound). Bulk calls take BigInt64Array and
// return typed arrays copied once; build and range have async variants off the main thread.

import { toKey, toKeyArray, toValue, toValueArray, type KeyLike, type ValueLike } from "./convert.js";
import { OmenDBError } from "./errors.js";
import { HandleCell } from "./handle.js";
import * as native from "./native.js";
import { runOnWorker } from "./worker-pool.js";

/** Index kinds: `"default"` is the library's choice (currently PGM). */
export type IndexKind = "default" | "linear" | "rmi" | "pgm" | "btree";

/** Options of {@link LearnedIndex.build}. */
export interface BuildOptions {
  /** Model family; default `"default"`. */
  kind?: IndexKind;
  /** PGM error bound (positions); default 64. Ignored by other kinds. */
  epsilon?: number;
}

/** Index statistics (see `OmenIndexStats` in the C header). */
export interface IndexStats {
  /** Kind actually built (never `"default"`). */
  kind: Exclude<IndexKind, "default">;
  /** Requested PGM error bound; 0 for other kinds. */
  epsilon: number;
  /** Keys, including the unmerged delta. */
  numKeys: number;
  /** Keys in the delta buffer not merged yet. */
  deltaKeys: number;
  /** Number of linear models. */
  numModels: number;
  /** Largest distance between predicted and true position. */
  maxError: number;
  /** Mean distance between predicted and true position. */
  meanError: number;
  /** Bytes used by the models. */
  modelBytes: number;
  /** Bytes used by keys, values and models. */
  totalBytes: number;
}

const KINDS: Record<IndexKind, number> = { default: 0, linear: 1, rmi: 2, pgm: 3, btree: 4 };

function kindNumber(kind: unknown): number {
  if (typeof kind === "string" && Object.hasOwn(KINDS, kind)) return KINDS[kind as IndexKind];
  throw new OmenDBError("INVALID_ARGUMENT", `kind must be one of ${Object.keys(KINDS).join(", ")}, got ${String(kind)}`);
}

function kindName(value: number): Exclude<IndexKind, "default"> {
  const found = (Object.keys(KINDS) as IndexKind[]).find((k) => KINDS[k] === value && k !== "default");
  if (found === undefined || found === "default") throw new OmenDBError("INTERNAL", `library reported unknown index kind ${value}`);
  return found;
}

function buildArgs(keys: unknown, values: ValueLike[] | undefined, options: BuildOptions) {
  const ks = toKeyArray(keys);
  const vs = values === undefined ? null : toValueArray(values);
  if (vs && vs.length !== ks.length) {
    throw new OmenDBError("INVALID_ARGUMENT", `keys and values differ in length (${ks.length} vs ${vs.length})`);
  }
  const kind = kindNumber(options.kind ?? "default");
  const epsilon = options.epsilon ?? 64;
  if (!Number.isInteger(epsilon) || epsilon < 0 || epsilon > 0xffff_ffff) {
    throw new OmenDBError("INVALID_ARGUMENT", `epsilon must be an integer in [0, 2^32), got ${epsilon}`);
  }
  return { kind, epsilon, keys: ks, values: vs };
}

/**
 * A learned index from int64 keys to byte values.
 *
 * @example
 * using idx = LearnedIndex.build(new BigInt64Array([1n, 5n, 9n]), undefined, { kind: "pgm", epsilon: 16 });
 * idx.range(2n, 9n); // BigInt64Array [5n, 9n]
 */
export class LearnedIndex implements Disposable {
  readonly #cell: HandleCell;

  private constructor(handle: native.NativeHandle) {
    this.#cell = new HandleCell(this, handle, native.indexFree, "index");
  }

  /**
   * Builds an index from keys (sorted or not; later duplicates win) in one native call.
   * @param keys - The keys.
   * @param values - One value per key; omitted means empty values.
   * @param options - Kind and PGM epsilon.
   */
  static build(keys: BigInt64Array | KeyLike[], values?: ValueLike[], options: BuildOptions = {}): LearnedIndex {
    const a = buildArgs(keys, values, options);
    return new LearnedIndex(native.indexBuild(a.kind, a.epsilon, a.keys, a.values));
  }

  /** {@link LearnedIndex.build} off the main thread (napi: libuv's thread pool; koffi: a worker thread); the event loop stays free meanwhile. */
  static async buildAsync(keys: BigInt64Array | KeyLike[], values?: ValueLike[], options: BuildOptions = {}): Promise<LearnedIndex> {
    const a = buildArgs(keys, values, options);
    const handle = await runOnWorker<native.NativeHandle>({ op: "indexBuild", ...a });
    return new LearnedIndex(handle);
  }

  /**
   * Creates an empty index to fill with {@link LearnedIndex.insert}.
   * @param kind - Model family.
   * @param capacity - Expected number of keys (a hint, not negative).
   */
  static create(kind: IndexKind = "default", capacity: KeyLike = 0): LearnedIndex {
    const k = kindNumber(kind);
    const cap = toKey(capacity, "capacity");
    if (cap < 0n) throw new OmenDBError("INVALID_ARGUMENT", `capacity must not be negative, got ${cap}`);
    return new LearnedIndex(native.indexCreate(k, cap));
  }

  /** True after {@link LearnedIndex.free}. */
  get freed(): boolean {
    return this.#cell.released;
  }

  /** The value of `key`, or `undefined` when absent. */
  get(key: KeyLike): Uint8Array | undefined {
    const k = toKey(key);
    return native.indexGet(this.#cell.get(), k);
  }

  /** True when `key` is present. */
  has(key: KeyLike): boolean {
    const k = toKey(key);
    return native.indexContainsMany(this.#cell.get(), BigInt64Array.of(k))[0] === 1;
  }

  /** Values of many keys in one native call, `undefined` for absent keys. */
  getMany(keys: BigInt64Array | KeyLike[]): (Uint8Array | undefined)[] {
    const ks = toKeyArray(keys);
    return native.indexGetMany(this.#cell.get(), ks).values;
  }

  /** One byte per key, 1 if present, 0 if not, in one native call. */
  containsMany(keys: BigInt64Array | KeyLike[]): Uint8Array {
    const ks = toKeyArray(keys);
    return native.indexContainsMany(this.#cell.get(), ks);
  }

  /** Keys with `start <= key <= end`, in order, copied once from the library. */
  range(start: KeyLike, end: KeyLike): BigInt64Array {
    const s = toKey(start, "start");
    const e = toKey(end, "end");
    return native.indexRange(this.#cell.get(), s, e);
  }

  /**
   * {@link LearnedIndex.range} off the main thread. Freeing the index while it is pending is safe: a
   * range already running completes, one not started yet rejects with `INVALID_HANDLE`.
   */
  async rangeAsync(start: KeyLike, end: KeyLike): Promise<BigInt64Array> {
    const s = toKey(start, "start");
    const e = toKey(end, "end");
    return runOnWorker<BigInt64Array>({ op: "indexRange", idx: this.#cell.get(), start: s, end: e });
  }

  /** Inserts or replaces `key` (goes to the delta buffer until merged). */
  insert(key: KeyLike, value: ValueLike = new Uint8Array(0)): void {
    const k = toKey(key);
    const v = toValue(value);
    native.indexInsert(this.#cell.get(), k, v);
  }

  /** Merges the delta buffer into the model now. */
  merge(): void {
    native.indexMerge(this.#cell.get());
  }

  /** Index statistics. */
  stats(): IndexStats {
    const s = native.indexStats(this.#cell.get());
    return {
      kind: kindName(s.kind),
      epsilon: s.epsilon,
      numKeys: Number(s.numKeys),
      deltaKeys: Number(s.deltaKeys),
      numModels: Number(s.numModels),
      maxError: Number(s.maxError),
      meanError: s.meanError,
      modelBytes: Number(s.modelBytes),
      totalBytes: Number(s.totalBytes),
    };
  }

  /** Frees the native index; later calls throw `INVALID_HANDLE`. Freeing twice is a no-op. */
  free(): void {
    this.#cell.release();
  }

  /** Same as {@link LearnedIndex.free}, for `using`. */
  [Symbol.dispose](): void {
    this.free();
  }
}
