// Entry point of the `omendb` Node package: the idiomatic API over the fastest generated layer
// present (compiled napi addon, else koffi; see nativeTier()). Import { OmenDB, LearnedIndex, OmenDBError } from "omendb".

export { OmenDB, type OpenOptions, type Entry, type DbStats, type ScanOptions, type Engine, type SyncPolicy } from "./db.js";
export { LearnedIndex, type IndexKind, type BuildOptions, type IndexStats } from "./learned-index.js";
export { OmenDBError, type OmenErrorCode } from "./errors.js";
export type { KeyLike, ValueLike } from "./convert.js";
export { stopAsyncWorker } from "./worker-pool.js";
export { libraryVersion, debugCounters, nativeTier, type NativeDebugCounters, type NativeTier } from "./native.js";
