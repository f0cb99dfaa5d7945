//! `#[repr(C)]` mirrors of the structs, enums and constants of `include/omendb_ffi.h`.
//! Enums C hands *to* us arrive as the raw `i32` aliases (`Raw*`, renamed to the enum's C
//! name by cbindgen.toml) so an out-of-range value is a checked error, never UB.

use std::ffi::c_char;
use std::ffi::c_void;

/// Library version this header describes (semantic versioning).
pub const OMENDB_VERSION: &str = "0.1.0";
/// Major version: changes when the ABI breaks.
pub const OMENDB_VERSION_MAJOR: i32 = 0;
/// Minor version.
pub const OMENDB_VERSION_MINOR: i32 = 1;
/// Patch version.
pub const OMENDB_VERSION_PATCH: i32 = 0;
/// Largest value, in bytes, that put, batch_write and index_insert accept (16 MiB).
pub const OMENDB_MAX_VALUE_LEN: i32 = 16777216;
/// Largest number of entries one batch call accepts.
pub const OMENDB_MAX_BATCH: i32 = 16777216;
/// omendb_open flag: keep the database in memory only (path is ignored, may be NULL).
pub const OMENDB_OPEN_IN_MEMORY: i32 = 1;
/// omendb_open flag: do not fsync each commit; data is durable after omendb_storage_flush or close.
pub const OMENDB_OPEN_NO_SYNC: i32 = 2;

/// An `OmenErrorCode` as C passes it (any `int32_t`).
pub type RawErrorCode = i32;
/// An `OmenIndexKind` as C passes it (any `int32_t`).
pub type RawIndexKind = i32;
/// An `OmenEngine` as C passes it (any `int32_t`).
pub type RawEngine = i32;
/// An `OmenSyncPolicy` as C passes it (any `int32_t`).
pub type RawSyncPolicy = i32;

/// Stable error codes. Values never change once released.
#[allow(non_camel_case_types)]
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OmenErrorCode {
    /// No error.
    OMEN_OK = 0,
    /// A required pointer argument was NULL.
    OMEN_ERR_NULL_ARGUMENT = 1,
    /// The handle is not a live handle of this library (closed, freed or never opened).
    OMEN_ERR_INVALID_HANDLE = 2,
    /// The key is not present.
    OMEN_ERR_NOT_FOUND = 3,
    /// An argument is out of its documented range (bad flags, kind, epsilon, start > end, ...).
    OMEN_ERR_INVALID_ARGUMENT = 4,
    /// A value is longer than OMENDB_MAX_VALUE_LEN, or a batch longer than OMENDB_MAX_BATCH.
    OMEN_ERR_VALUE_TOO_LARGE = 5,
    /// The operating system reported an I/O error (including a read-only location).
    OMEN_ERR_IO = 6,
    /// The database file is damaged or is not an OmenDB file.
    OMEN_ERR_CORRUPTED = 7,
    /// The database file is already open in another process or handle.
    OMEN_ERR_LOCKED = 8,
    /// The path is not valid UTF-8, is empty, or names a directory.
    OMEN_ERR_INVALID_PATH = 9,
    /// An allocation failed.
    OMEN_ERR_OUT_OF_MEMORY = 10,
    /// A bug in the library: a panic was caught at the boundary. The handle stays usable.
    OMEN_ERR_INTERNAL = 99,
}

/// Index kinds for omendb_create_index and omendb_index_build.
#[allow(non_camel_case_types)]
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OmenIndexKind {
    /// The library's default kind (currently OMEN_INDEX_PGM).
    OMEN_INDEX_DEFAULT = 0,
    /// One linear model over all keys, with its measured error bound.
    OMEN_INDEX_LINEAR = 1,
    /// Two-level recursive model index (root linear model, linear leaves).
    OMEN_INDEX_RMI = 2,
    /// PGM-style piecewise-linear index with a guaranteed error of epsilon.
    OMEN_INDEX_PGM = 3,
    /// No model: binary search over the sorted keys (fallback).
    OMEN_INDEX_BTREE = 4,
}

/// Storage engines for OmenOptions.engine.
#[allow(non_camel_case_types)]
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OmenEngine {
    /// redb: durable, checksummed, the default.
    OMEN_ENGINE_REDB = 0,
    /// Memory only: nothing survives close.
    OMEN_ENGINE_MEMORY = 1,
}

/// Durability of a write once the call returns, for OmenOptions.sync_policy.
#[allow(non_camel_case_types)]
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OmenSyncPolicy {
    /// Every committed write is fsynced before the call returns (the default).
    OMEN_SYNC_ALWAYS = 0,
    /// Writes are fsynced on omendb_storage_flush and on close only.
    OMEN_SYNC_ON_FLUSH = 1,
}

/// An open database. Opaque; create with omendb_open, release with omendb_close.
/// The pointer value is a registry token, never dereferenced.
pub struct OmenDB {
    _opaque: [u8; 0],
}

/// A learned index mapping int64_t keys to byte values. Opaque; release with omendb_index_free.
/// The pointer value is a registry token, never dereferenced.
pub struct LearnedIndex {
    _opaque: [u8; 0],
}

/// Status of a fallible call, returned by value.
/// The first three fields are those of the original design; `code` was added.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct OmenResult {
    /// True when the call succeeded (code == OMEN_OK).
    pub success: bool,
    /// Static description of `code`; NULL on success. Never freed by the caller.
    pub error_msg: *const c_char,
    /// Borrowed copy of the call's main output pointer, where the function says so; else NULL. Never freed separately.
    pub data: *mut c_void,
    /// An OmenErrorCode.
    pub code: RawErrorCode,
}

/// Options for omendb_open_with_options. Zero-initialise, then set what you need.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct OmenOptions {
    /// Storage engine (OmenEngine).
    pub engine: RawEngine,
    /// When writes become durable (OmenSyncPolicy).
    pub sync_policy: RawSyncPolicy,
    /// Most keys kept in the hot learned-index tier; 0 means the default (65536).
    pub hot_tier_capacity: u64,
    /// Kind of the hot tier's index (OmenIndexKind; 0 is the default kind).
    pub hot_index_kind: RawIndexKind,
}

/// A batch of entries returned by the library (range scans, get_many).
/// Entry i has key keys[i]; if found[i] is 1 its value is
/// data[offsets[i] .. offsets[i+1]]. Release with omendb_batch_free.
#[repr(C)]
#[derive(Debug)]
pub struct OmenBatch {
    /// `count` keys.
    pub keys: *mut i64,
    /// `count` flags: 1 if the key was found, 0 if not.
    pub found: *mut u8,
    /// `count + 1` offsets into `data`.
    pub offsets: *mut usize,
    /// All found values, concatenated.
    pub data: *mut u8,
    /// Number of entries.
    pub count: usize,
    /// Total bytes in `data`.
    pub data_len: usize,
    /// Range scans only: true when entries beyond this page exist (continue from keys[count-1] + 1).
    pub has_more: bool,
}

/// Statistics of a learned index, filled by omendb_index_stats.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct OmenIndexStats {
    /// Kind actually built (never OMEN_INDEX_DEFAULT).
    pub kind: RawIndexKind,
    /// Error bound requested at build (PGM epsilon); 0 for other kinds.
    pub epsilon: u32,
    /// Keys in the index, including the unmerged delta.
    pub num_keys: u64,
    /// Keys in the sorted delta buffer not yet merged into the model.
    pub delta_keys: u64,
    /// Number of linear models (segments or leaves).
    pub num_models: u64,
    /// Largest distance between a predicted and a true position.
    pub max_error: u64,
    /// Mean distance between predicted and true positions.
    pub mean_error: f64,
    /// Bytes used by the models (excluding keys and values).
    pub model_bytes: u64,
    /// Bytes used by the keys, values and models together.
    pub total_bytes: u64,
}

/// Statistics of a database, filled by omendb_storage_stats.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct OmenDBStats {
    /// Storage engine in use.
    pub engine: RawEngine,
    /// Sync policy in use.
    pub sync_policy: RawSyncPolicy,
    /// Keys stored.
    pub num_keys: u64,
    /// Keys currently held in the hot tier.
    pub hot_keys: u64,
    /// Capacity of the hot tier.
    pub hot_capacity: u64,
    /// Gets answered from the hot tier since open.
    pub hot_hits: u64,
    /// Gets that went to storage since open.
    pub hot_misses: u64,
    /// Size of the database file in bytes (0 in memory).
    pub file_bytes: u64,
}

/// Process-wide counts of live objects, for leak checks.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OmenDebugCounters {
    /// Databases opened and not closed.
    pub live_databases: i64,
    /// Indexes created and not freed.
    pub live_indexes: i64,
    /// Buffers, key arrays, batches and strings handed out and not freed.
    pub live_buffers: i64,
}
