// The adapter between the idiomatic package and the generated layer (the compiled napi addon or
// koffi, chosen by generated-layer.ts). It is the only module that calls the generated surface: it
// turns OmenResult failures, and the napi layer's own handle checks, into OmenDBError (with the
// library's last-error message) and copies library-owned buffers out in one copy each.

import koffi from "koffi";
import { OmenDBError, errorCodeName } from "./errors.js";
import { type GenAsyncLib, type GenBatch, type GenLib, type GenPtr, type GenResult, type GeneratedLayer, type NativeTier, loadGeneratedLayer } from "./generated-layer.js";

export type { NativeTier } from "./generated-layer.js";

/**
 * An opaque native handle, only passed back to the library: a pointer bigint (koffi) or a
 * type-tagged object (napi), depending on {@link nativeTier}.
 */
export type NativeHandle = (bigint | object) & { readonly __nativeHandle: true };

/** Entries of a library batch, copied into JS memory. */
export interface CopiedBatch {
  /** Keys, one per entry. */
  keys: BigInt64Array;
  /** Values, `undefined` for keys that were not found. */
  values: (Uint8Array | undefined)[];
  /** Range scans: more entries exist after the last key. */
  hasMore: boolean;
}

/** Options for opening a database, in C terms. */
export interface NativeOpenOptions {
  engine: number;
  syncPolicy: number;
  hotTierCapacity: bigint;
}

/** Database statistics as numbers (bigint counts). */
export interface NativeDbStats {
  engine: number;
  syncPolicy: number;
  numKeys: bigint;
  hotKeys: bigint;
  hotCapacity: bigint;
  hotHits: bigint;
  hotMisses: bigint;
  fileBytes: bigint;
}

/** Learned-index statistics. */
export interface NativeIndexStats {
  kind: number;
  epsilon: number;
  numKeys: bigint;
  deltaKeys: bigint;
  numModels: bigint;
  maxError: bigint;
  meanError: number;
  modelBytes: bigint;
  totalBytes: bigint;
}

/** Process-wide live-object counts of the library. */
export interface NativeDebugCounters {
  /** Databases opened and not yet closed. */
  liveDatabases: bigint;
  /** Learned indexes built or created and not yet freed. */
  liveIndexes: bigint;
  /** Buffers the library returned and that were not yet freed. */
  liveBuffers: bigint;
}

const layer: GeneratedLayer = await loadGeneratedLayer();
const lib: GenLib = layer.lib;

/** Which generated layer the package runs on: "napi" (compiled addon) or "koffi". */
export function nativeTier(): NativeTier {
  return layer.tier;
}

/**
 * Whether the layer runs the package's long calls off the main thread itself (the napi addon's
 * async forms, on libuv's thread pool); otherwise worker-pool.ts uses a worker thread.
 */
export function hasNativeAsync(): boolean {
  return layer.asyncLib !== undefined;
}

/**
 * Whether handles are plain values valid in every thread (koffi pointers), so a worker thread can
 * use a handle opened here. napi handles are objects of this thread's JS environment.
 */
export function handlesCrossThreads(): boolean {
  return layer.tier === "koffi";
}

// ---------------------------------------------------------------------------------------
// Error translation and memory helpers.

function lastError(fallbackCode: number, fallbackMessage: string): OmenDBError {
  const code = lib.omendb_last_error_code();
  const message = lib.omendb_last_error_message();
  return new OmenDBError(errorCodeName(code !== 0 ? code : fallbackCode), message ?? fallbackMessage);
}

function check(result: GenResult, what: string): void {
  if (!result.success) throw lastError(result.code, `${what}: ${result.error_msg ?? "failed"}`);
}

/**
 * check() for a call that ran on a pool thread: the library's last error is thread-local to that
 * thread, so the code and the static description come from the OmenResult itself.
 */
function checkPooled(result: GenResult, what: string): void {
  if (!result.success) throw new OmenDBError(errorCodeName(result.code), `${what}: ${result.error_msg ?? "failed"}`);
}

/**
 * What a throw from the generated layer itself (not an OmenResult) during a call on `handle`
 * means for the package: the napi layer refuses non-handles, closed handles and handles of the
 * other type by throwing; they become the codes the library gives for the same handles via koffi.
 */
function layerFailure(e: unknown, handle: unknown): unknown {
  if (!(e instanceof Error) || e instanceof OmenDBError) return e;
  if (isNull(handle)) return new OmenDBError("NULL_ARGUMENT", e.message);
  if (e.message.includes("handle")) return new OmenDBError("INVALID_HANDLE", e.message);
  return e;
}

/** Runs one generated call on `handle`, reporting the layer's own handle refusals as OmenDBError. */
function onHandle<T>(handle: NativeHandle, call: () => T): T {
  try {
    return call();
  } catch (e) {
    throw layerFailure(e, handle);
  }
}

function isNull(ptr: unknown): boolean {
  return ptr === null || ptr === undefined || ptr === 0n || ptr === 0;
}

/** Shared zero-length value: nothing can be written into it, so one instance serves every empty entry. */
const EMPTY = new Uint8Array(0);

/**
 * libc's memcpy from the process image. Library memory is copied with it rather than through
 * `koffi.view(ptr, len).slice(0)`: koffi 3.3.4 never reclaims the external ArrayBuffers that
 * `view` creates (~240 bytes of RSS per call, unbounded), and `koffi.decode` leaks less but still grows.
 */
const memcpy = koffi.load(null).func("void *memcpy(void *dst, const void *src, size_t n)");

function copyBytes(ptr: GenPtr, len: number): Uint8Array {
  if (len === 0 || isNull(ptr)) return new Uint8Array(0);
  const out = new Uint8Array(len);
  memcpy(out, ptr, len);
  return out;
}

/** Copies a batch's arrays into JS memory and frees the batch (always, even on error). */
function takeBatch(batch: GenBatch): CopiedBatch {
  try {
    const count = Number(batch.count);
    const keys = new BigInt64Array(copyBytes(batch.keys, count * 8).buffer);
    const found = copyBytes(batch.found, count);
    const offsets = new BigUint64Array(copyBytes(batch.offsets, count === 0 ? 0 : (count + 1) * 8).buffer);
    const data = copyBytes(batch.data, Number(batch.data_len));
    const values: (Uint8Array | undefined)[] = new Array(count);
    for (let i = 0; i < count; i++) {
      if (found[i] !== 1) values[i] = undefined;
      else if (data.byteLength === 0) values[i] = EMPTY;
      else values[i] = data.subarray(Number(offsets[i]), Number(offsets[i + 1]));
    }
    return { keys, values, hasMore: batch.has_more };
  } finally {
    lib.omendb_batch_free(batch);
  }
}

function lengthsOf(values: Uint8Array[]): BigUint64Array {
  const lens = new BigUint64Array(values.length);
  for (let i = 0; i < values.length; i++) lens[i] = BigInt(values[i].byteLength);
  return lens;
}

// ---------------------------------------------------------------------------------------
// The operations the idiomatic classes use.

/** Version string of the loaded library. */
export function libraryVersion(): string {
  return lib.omendb_version() ?? "unknown";
}

/** Reads the library's live-object counters. */
export function debugCounters(): NativeDebugCounters {
  const { result, out } = lib.omendb_debug_counters();
  check(result, "debug_counters");
  return { liveDatabases: BigInt(out.live_databases), liveIndexes: BigInt(out.live_indexes), liveBuffers: BigInt(out.live_buffers) };
}

/** Opens a database; `path` null only for the memory engine. */
export function dbOpen(path: string | null, options: NativeOpenOptions): NativeHandle {
  const { result, out_db } = lib.omendb_open_with_options(path, {
    engine: options.engine,
    sync_policy: options.syncPolicy,
    hot_tier_capacity: options.hotTierCapacity,
    hot_index_kind: 0,
  });
  check(result, `open ${path ?? "(memory)"}`);
  return out_db as NativeHandle;
}

/** Closes a database handle (ignored by the library if already closed). */
export function dbClose(db: NativeHandle): void {
  onHandle(db, () => lib.omendb_close(db));
}

/** Stores one value. */
export function dbPut(db: NativeHandle, key: bigint, value: Uint8Array): void {
  check(onHandle(db, () => lib.omendb_storage_put(db, key, value, value.byteLength)), "put");
}

/** Reads one value; `undefined` when the key is absent. */
export function dbGet(db: NativeHandle, key: bigint): Uint8Array | undefined {
  const { result, value } = onHandle(db, () => lib.omendb_storage_get(db, key));
  if (!result.success && result.code === 3) return undefined;
  check(result, "get");
  return value ?? new Uint8Array(0);
}

/** Deletes one key; false when it was absent. */
export function dbDelete(db: NativeHandle, key: bigint): boolean {
  const result = onHandle(db, () => lib.omendb_storage_delete(db, key));
  if (!result.success && result.code === 3) return false;
  check(result, "delete");
  return true;
}

/** Writes many entries in one atomic native call. */
export function dbBatchWrite(db: NativeHandle, keys: BigInt64Array, values: Uint8Array[]): void {
  check(onHandle(db, () => lib.omendb_storage_batch_write(db, keys, values, lengthsOf(values), keys.length)), "batch_write");
}

/** Reads many keys in one native call. */
export function dbGetMany(db: NativeHandle, keys: BigInt64Array): CopiedBatch {
  const { result, out } = onHandle(db, () => lib.omendb_storage_get_many(db, keys, keys.length));
  check(result, "get_many");
  return takeBatch(out);
}

/** Reads one page of entries with start <= key <= end (limit 0: all). */
export function dbRange(db: NativeHandle, start: bigint, end: bigint, limit: number): CopiedBatch {
  const { result, out } = onHandle(db, () => lib.omendb_storage_range(db, start, end, limit));
  check(result, "range");
  return takeBatch(out);
}

/** Makes every write durable. */
export function dbFlush(db: NativeHandle): void {
  check(onHandle(db, () => lib.omendb_storage_flush(db)), "flush");
}

/** Reads database statistics. */
export function dbStats(db: NativeHandle): NativeDbStats {
  const { result, out } = onHandle(db, () => lib.omendb_storage_stats(db));
  check(result, "stats");
  return {
    engine: Number(out.engine),
    syncPolicy: Number(out.sync_policy),
    numKeys: BigInt(out.num_keys),
    hotKeys: BigInt(out.hot_keys),
    hotCapacity: BigInt(out.hot_capacity),
    hotHits: BigInt(out.hot_hits),
    hotMisses: BigInt(out.hot_misses),
    fileBytes: BigInt(out.file_bytes),
  };
}

/** Creates an empty index. */
export function indexCreate(kind: number, capacity: bigint): NativeHandle {
  const idx = lib.omendb_create_index(kind, capacity);
  if (isNull(idx)) throw lastError(4, "create_index failed");
  return idx as NativeHandle;
}

/** Builds an index from keys (and optional values) in one call. */
export function indexBuild(kind: number, epsilon: number, keys: BigInt64Array, values: Uint8Array[] | null): NativeHandle {
  const { result, out_index } = lib.omendb_index_build(kind, epsilon, keys, values, values ? lengthsOf(values) : null, keys.length);
  check(result, "index_build");
  return out_index as NativeHandle;
}

/** Inserts or replaces one key. */
export function indexInsert(idx: NativeHandle, key: bigint, value: Uint8Array): void {
  check(onHandle(idx, () => lib.omendb_index_insert(idx, key, value, value.byteLength)), "index_insert");
}

/** Looks up one key; `undefined` when absent. */
export function indexGet(idx: NativeHandle, key: bigint): Uint8Array | undefined {
  const { result, value } = onHandle(idx, () => lib.omendb_index_get(idx, key));
  if (!result.success && result.code === 3) return undefined;
  check(result, "index_get");
  return value ?? new Uint8Array(0);
}

/** Looks up many keys in one call. */
export function indexGetMany(idx: NativeHandle, keys: BigInt64Array): CopiedBatch {
  const { result, out } = onHandle(idx, () => lib.omendb_index_get_many(idx, keys, keys.length));
  check(result, "index_get_many");
  return takeBatch(out);
}

/** Presence flags (1/0) of many keys. */
export function indexContainsMany(idx: NativeHandle, keys: BigInt64Array): Uint8Array {
  const { result, found } = onHandle(idx, () => lib.omendb_index_contains_many(idx, keys, keys.length));
  check(result, "index_contains_many");
  return found;
}

/** Keys in [start, end], copied once into a BigInt64Array. */
export function indexRange(idx: NativeHandle, start: bigint, end: bigint): BigInt64Array {
  const { result, keys } = onHandle(idx, () => lib.omendb_index_range(idx, start, end));
  check(result, "index_range");
  return keys ?? new BigInt64Array(0);
}

/** Merges the delta buffer into the model. */
export function indexMerge(idx: NativeHandle): void {
  check(onHandle(idx, () => lib.omendb_index_merge(idx)), "index_merge");
}

/** Reads index statistics. */
export function indexStats(idx: NativeHandle): NativeIndexStats {
  const { result, out } = onHandle(idx, () => lib.omendb_index_stats(idx));
  check(result, "index_stats");
  return {
    kind: Number(out.kind),
    epsilon: Number(out.epsilon),
    numKeys: BigInt(out.num_keys),
    deltaKeys: BigInt(out.delta_keys),
    numModels: BigInt(out.num_models),
    maxError: BigInt(out.max_error),
    meanError: Number(out.mean_error),
    modelBytes: BigInt(out.model_bytes),
    totalBytes: BigInt(out.total_bytes),
  };
}

/** Frees an index handle (ignored by the library if already freed). */
export function indexFree(idx: NativeHandle): void {
  onHandle(idx, () => lib.omendb_index_free(idx));
}

// ---------------------------------------------------------------------------------------
// Long calls on libuv's thread pool (napi tier only; see hasNativeAsync).

function asyncLib(): GenAsyncLib {
  if (layer.asyncLib === undefined) throw new OmenDBError("INTERNAL", `the ${layer.tier} layer has no async forms`);
  return layer.asyncLib;
}

/** Awaits one pooled call on `handle`, reporting the layer's own handle refusals as OmenDBError. */
async function onHandleAsync<T>(handle: NativeHandle, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw layerFailure(e, handle);
  }
}

/** {@link dbBatchWrite} on the thread pool. */
export async function dbBatchWriteAsync(db: NativeHandle, keys: BigInt64Array, values: Uint8Array[]): Promise<void> {
  const result = await onHandleAsync(db, () => asyncLib().omendb_storage_batch_writeAsync(db, keys, values, lengthsOf(values), keys.length));
  checkPooled(result, "batch_write");
}

/** {@link indexBuild} on the thread pool. */
export async function indexBuildAsync(kind: number, epsilon: number, keys: BigInt64Array, values: Uint8Array[] | null): Promise<NativeHandle> {
  const { result, out_index } = await asyncLib().omendb_index_buildAsync(kind, epsilon, keys, values, values ? lengthsOf(values) : null, keys.length);
  checkPooled(result, "index_build");
  return out_index as NativeHandle;
}

/** {@link indexRange} on the thread pool. */
export async function indexRangeAsync(idx: NativeHandle, start: bigint, end: bigint): Promise<BigInt64Array> {
  const { result, keys } = await onHandleAsync(idx, () => asyncLib().omendb_index_rangeAsync(idx, start, end));
  checkPooled(result, "index_range");
  return keys ?? new BigInt64Array(0);
}
