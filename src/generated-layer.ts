// Chooses and loads the generated layer the package runs on: the compiled Node-API addon
// (bindings/node/build, made by scripts/build-compiled.mjs) when it was built and loads, else the
// koffi bindings (bindings/node/omendb_ffi.koffi.ts). OMENDB_TIER=napi|koffi forces one, and a
// forced tier that cannot load is an error. Both layers expose the same surface, typed below.

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { OmenDBError } from "./errors.js";

/** A generated layer the package can run on, fastest first. */
export type NativeTier = "napi" | "koffi";

/** Every tier, fastest first. */
export const NATIVE_TIERS: readonly NativeTier[] = ["napi", "koffi"];

/** Environment variable that forces a tier. */
export const TIER_ENV = "OMENDB_TIER";

// ---------------------------------------------------------------------------------------
// The generated surface the package relies on (identical in both tiers except for handles:
// koffi handles are pointer bigints, napi handles type-tagged objects).

/** An OmenResult as both layers return it. */
export interface GenResult {
  success: boolean;
  error_msg: string | null;
  data: unknown;
  code: number;
}
/** A raw pointer (bigint address) or NULL. */
export type GenPtr = bigint | null;
/** An OmenBatch: library-owned arrays as raw pointers. */
export interface GenBatch {
  keys: GenPtr;
  found: GenPtr;
  offsets: GenPtr;
  data: GenPtr;
  count: bigint | number;
  data_len: bigint | number;
  has_more: boolean;
}
type Num = bigint | number;
/** The functions of the generated library object the package calls. */
export interface GenLib {
  omendb_version(): string | null;
  omendb_abi_hash(): bigint;
  omendb_last_error_code(): number;
  omendb_last_error_message(): string | null;
  omendb_batch_free(batch: GenBatch): void;
  omendb_debug_counters(): { result: GenResult; out: Record<string, Num> };
  omendb_open_with_options(path: string | null, options: Record<string, Num> | null): { result: GenResult; out_db: unknown };
  omendb_close(db: unknown): void;
  omendb_storage_put(db: unknown, key: bigint, value: Uint8Array | null, len: Num): GenResult;
  omendb_storage_get(db: unknown, key: bigint): { result: GenResult; value: Uint8Array | null; len: Num };
  omendb_storage_delete(db: unknown, key: bigint): GenResult;
  omendb_storage_batch_write(db: unknown, keys: BigInt64Array, values: (Uint8Array | null)[], lens: BigUint64Array, count: Num): GenResult;
  omendb_storage_get_many(db: unknown, keys: BigInt64Array, count: Num): { result: GenResult; out: GenBatch };
  omendb_storage_range(db: unknown, start: bigint, end: bigint, limit: Num): { result: GenResult; out: GenBatch };
  omendb_storage_flush(db: unknown): GenResult;
  omendb_storage_stats(db: unknown): { result: GenResult; out: Record<string, Num> };
  omendb_create_index(kind: number, capacity: bigint): unknown;
  omendb_index_build(kind: number, epsilon: number, keys: BigInt64Array, values: (Uint8Array | null)[] | null, lens: BigUint64Array | null, count: Num): { result: GenResult; out_index: unknown };
  omendb_index_insert(idx: unknown, key: bigint, value: Uint8Array | null, len: Num): GenResult;
  omendb_index_get(idx: unknown, key: bigint): { result: GenResult; value: Uint8Array | null; len: Num };
  omendb_index_get_many(idx: unknown, keys: BigInt64Array, count: Num): { result: GenResult; out: GenBatch };
  omendb_index_contains_many(idx: unknown, keys: BigInt64Array, count: Num): { result: GenResult; found: Uint8Array };
  omendb_index_range(idx: unknown, start: bigint, end: bigint): { result: GenResult; keys: BigInt64Array | null; count: Num };
  omendb_index_merge(idx: unknown): GenResult;
  omendb_index_stats(idx: unknown): { result: GenResult; out: Record<string, Num> };
  omendb_index_free(idx: unknown): void;
}
/**
 * The async forms of the napi layer (the C call on libuv's thread pool, the promise settled on this
 * thread); koffi has none (its async path is the worker thread of worker-pool.ts).
 */
export interface GenAsyncLib {
  omendb_storage_batch_writeAsync(db: unknown, keys: BigInt64Array, values: (Uint8Array | null)[], lens: BigUint64Array, count: Num): Promise<GenResult>;
  omendb_index_buildAsync(kind: number, epsilon: number, keys: BigInt64Array, values: (Uint8Array | null)[] | null, lens: BigUint64Array | null, count: Num): Promise<{ result: GenResult; out_index: unknown }>;
  omendb_index_rangeAsync(idx: unknown, start: bigint, end: bigint): Promise<{ result: GenResult; keys: BigInt64Array | null; count: Num }>;
}
interface GenModule {
  load(path?: string): GenLib;
}

/** The loaded layer. */
export interface GeneratedLayer {
  tier: NativeTier;
  lib: GenLib;
  /** The layer's own async forms (napi), when it has them. */
  asyncLib?: GenAsyncLib;
}

/** The async forms of a loaded library object, when all of those the package uses are there. */
function asyncFormsOf(lib: GenLib): GenAsyncLib | undefined {
  const forms = lib as GenLib & Partial<GenAsyncLib>;
  const names: (keyof GenAsyncLib)[] = ["omendb_storage_batch_writeAsync", "omendb_index_buildAsync", "omendb_index_rangeAsync"];
  return names.every((n) => typeof forms[n] === "function") ? (forms as GenAsyncLib) : undefined;
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const modulePaths: Record<NativeTier, string> = {
  napi: join(repoRoot, "bindings", "node", "build", "omendb_ffi.napi.js"),
  koffi: join(repoRoot, "bindings", "node", "omendb_ffi.koffi.ts"),
};
const howToGet: Record<NativeTier, string> = {
  napi: "run `node scripts/build-compiled.mjs`",
  koffi: "run `npm run generate` (after `npm run build:native`)",
};

/**
 * The library file: $OMENDB_FFI_LIBRARY_PATH, else the repo's release build. Passed explicitly
 * because the napi loader is a copy in bindings/node/build, one folder below its generated place.
 */
function libraryPath(): string {
  return process.env.OMENDB_FFI_LIBRARY_PATH || join(repoRoot, "native", "target", "release", "libomendb.so");
}

async function loadTier(tier: NativeTier): Promise<GenLib> {
  const path = modulePaths[tier];
  if (!existsSync(path)) throw new Error(`${path.slice(repoRoot.length + 1)} is missing; ${howToGet[tier]}`);
  const mod = (await import(pathToFileURL(path).href)) as GenModule;
  return mod.load(libraryPath());
}

function forcedTier(): NativeTier | undefined {
  const value = process.env[TIER_ENV];
  if (value === undefined || value === "") return undefined;
  if ((NATIVE_TIERS as readonly string[]).includes(value)) return value as NativeTier;
  throw new OmenDBError("INVALID_ARGUMENT", `${TIER_ENV}=${value} is not a tier; use one of ${NATIVE_TIERS.join(", ")}`);
}

/** Loads the forced tier, else the fastest one that loads. */
export async function loadGeneratedLayer(): Promise<GeneratedLayer> {
  const forced = forcedTier();
  if (forced !== undefined) {
    try {
      const lib = await loadTier(forced);
      return { tier: forced, lib, asyncLib: asyncFormsOf(lib) };
    } catch (e) {
      throw new OmenDBError("INTERNAL", `${TIER_ENV}=${forced} is unavailable: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const failures: string[] = [];
  for (const tier of NATIVE_TIERS) {
    try {
      const lib = await loadTier(tier);
      return { tier, lib, asyncLib: asyncFormsOf(lib) };
    } catch (e) {
      failures.push(`${tier}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  throw new OmenDBError("INTERNAL", `no generated layer loads (${failures.join("; ")})`);
}

/** Tiers whose files exist in this checkout (test suites run once per tier; loading still decides). */
export function builtTiers(): NativeTier[] {
  return NATIVE_TIERS.filter((t) => existsSync(modulePaths[t]) && (t !== "napi" || existsSync(join(dirname(modulePaths[t]), "omendb_ffi.node"))));
}
