/*
 * omendb_ffi.h: the C contract of OmenDB (a learned-index key-value store).
 *
 * This header is hand-written and is the single source of truth: the Rust
 * library implements it (a test diffs it against cbindgen's output), and
 * omendb-bindgen generates the Node and Python bindings from it.
 *
 * Conventions used by every function (the generator reads the tags):
 *   - Keys are int64_t; values are byte strings of at most OMENDB_MAX_VALUE_LEN bytes.
 *   - Fallible functions return an OmenResult by value. `success` is true and
 *     `code` is OMEN_OK on success; otherwise `code` is a stable OmenErrorCode and
 *     `error_msg` a short static description of that code. The detailed message
 *     of the last failure on the calling thread is available from
 *     omendb_last_error_message().
 *   - Handles (OmenDB*, LearnedIndex*) are opaque tokens checked on every call:
 *     a NULL, closed, freed or foreign handle gives OMEN_ERR_INVALID_HANDLE (or
 *     OMEN_ERR_NULL_ARGUMENT for NULL), never undefined behaviour.
 *   - Every buffer the library hands out names its free function in `@owned`.
 *   - No function aborts the process: Rust panics are caught at the boundary
 *     and reported as OMEN_ERR_INTERNAL.
 *
 * Doc tags: `@param[in|out|in,out] name`, `@nullable name` (may be NULL),
 * `@length ptr=count` (ptr points to `count` elements), `@owned name free_fn`
 * (the caller owns what `name` receives and releases it with free_fn),
 * `@thread-safety`, `@errors`.
 */
#ifndef OMENDB_FFI_H
#define OMENDB_FFI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Library version this header describes (semantic versioning). */
#define OMENDB_VERSION "0.1.0"
/** Major version: changes when the ABI breaks. */
#define OMENDB_VERSION_MAJOR 0
/** Minor version. */
#define OMENDB_VERSION_MINOR 1
/** Patch version. */
#define OMENDB_VERSION_PATCH 0
/**
 * FNV-1a 64-bit hash of this header's declarations (comments and whitespace
 * removed, this line excluded). Bindings compare it with omendb_abi_hash() at
 * load and refuse a library built from a different header.
 */
#define OMENDB_ABI_HASH 0x5efb20ac7d6ef7a4ULL

/** Largest value, in bytes, that put, batch_write and index_insert accept (16 MiB). */
#define OMENDB_MAX_VALUE_LEN 16777216
/** Largest number of entries one batch call accepts. */
#define OMENDB_MAX_BATCH 16777216

/** omendb_open flag: keep the database in memory only (path is ignored, may be NULL). */
#define OMENDB_OPEN_IN_MEMORY 1
/** omendb_open flag: do not fsync each commit; data is durable after omendb_storage_flush or close. */
#define OMENDB_OPEN_NO_SYNC 2

/** Stable error codes. Values never change once released. */
enum OmenErrorCode
#ifdef __cplusplus
    : int32_t
#endif
{
    /** No error. */
    OMEN_OK = 0,
    /** A required pointer argument was NULL. */
    OMEN_ERR_NULL_ARGUMENT = 1,
    /** The handle is not a live handle of this library (closed, freed or never opened). */
    OMEN_ERR_INVALID_HANDLE = 2,
    /** The key is not present. */
    OMEN_ERR_NOT_FOUND = 3,
    /** An argument is out of its documented range (bad flags, kind, epsilon, start > end, ...). */
    OMEN_ERR_INVALID_ARGUMENT = 4,
    /** A value is longer than OMENDB_MAX_VALUE_LEN, or a batch longer than OMENDB_MAX_BATCH. */
    OMEN_ERR_VALUE_TOO_LARGE = 5,
    /** The operating system reported an I/O error (including a read-only location). */
    OMEN_ERR_IO = 6,
    /** The database file is damaged or is not an OmenDB file. */
    OMEN_ERR_CORRUPTED = 7,
    /** The database file is already open in another process or handle. */
    OMEN_ERR_LOCKED = 8,
    /** The path is not valid UTF-8, is empty, or names a directory. */
    OMEN_ERR_INVALID_PATH = 9,
    /** An allocation failed. */
    OMEN_ERR_OUT_OF_MEMORY = 10,
    /** A bug in the library: a panic was caught at the boundary. The handle stays usable. */
    OMEN_ERR_INTERNAL = 99
};
/** An OmenErrorCode value, fixed at 32 bits. */
#ifndef __cplusplus
typedef int32_t OmenErrorCode;
#endif

/** Index kinds for omendb_create_index and omendb_index_build. */
enum OmenIndexKind
#ifdef __cplusplus
    : int32_t
#endif
{
    /** The library's default kind (currently OMEN_INDEX_PGM). */
    OMEN_INDEX_DEFAULT = 0,
    /** One linear model over all keys, with its measured error bound. */
    OMEN_INDEX_LINEAR = 1,
    /** Two-level recursive model index (root linear model, linear leaves). */
    OMEN_INDEX_RMI = 2,
    /** PGM-style piecewise-linear index with a guaranteed error of epsilon. */
    OMEN_INDEX_PGM = 3,
    /** No model: binary search over the sorted keys (fallback). */
    OMEN_INDEX_BTREE = 4
};
/** An OmenIndexKind value, fixed at 32 bits. */
#ifndef __cplusplus
typedef int32_t OmenIndexKind;
#endif

/** Storage engines for OmenOptions.engine. */
enum OmenEngine
#ifdef __cplusplus
    : int32_t
#endif
{
    /** redb: durable, checksummed, the default. */
    OMEN_ENGINE_REDB = 0,
    /** Memory only: nothing survives close. */
    OMEN_ENGINE_MEMORY = 1
};
/** An OmenEngine value, fixed at 32 bits. */
#ifndef __cplusplus
typedef int32_t OmenEngine;
#endif

/** Durability of a write once the call returns, for OmenOptions.sync_policy. */
enum OmenSyncPolicy
#ifdef __cplusplus
    : int32_t
#endif
{
    /** Every committed write is fsynced before the call returns (the default). */
    OMEN_SYNC_ALWAYS = 0,
    /** Writes are fsynced on omendb_storage_flush and on close only. */
    OMEN_SYNC_ON_FLUSH = 1
};
/** An OmenSyncPolicy value, fixed at 32 bits. */
#ifndef __cplusplus
typedef int32_t OmenSyncPolicy;
#endif

/** An open database. Opaque; create with omendb_open, release with omendb_close. */
typedef struct OmenDB OmenDB;

/** A learned index mapping int64_t keys to byte values. Opaque; release with omendb_index_free. */
typedef struct LearnedIndex LearnedIndex;

/**
 * Status of a fallible call, returned by value.
 * The first three fields are those of the original design; `code` was added.
 */
typedef struct OmenResult {
    /** True when the call succeeded (code == OMEN_OK). */
    bool success;
    /** Static description of `code`; NULL on success. Never freed by the caller. */
    const char *error_msg;
    /** Borrowed copy of the call's main output pointer, where the function says so; else NULL. Never freed separately. */
    void *data;
    /** An OmenErrorCode. */
    OmenErrorCode code;
} OmenResult;

/** Options for omendb_open_with_options. Zero-initialise, then set what you need. */
typedef struct OmenOptions {
    /** Storage engine (OmenEngine). */
    OmenEngine engine;
    /** When writes become durable (OmenSyncPolicy). */
    OmenSyncPolicy sync_policy;
    /** Most keys kept in the hot learned-index tier; 0 means the default (65536). */
    uint64_t hot_tier_capacity;
    /** Kind of the hot tier's index (OmenIndexKind; 0 is the default kind). */
    OmenIndexKind hot_index_kind;
} OmenOptions;

/**
 * A batch of entries returned by the library (range scans, get_many).
 * Entry i has key keys[i]; if found[i] is 1 its value is
 * data[offsets[i] .. offsets[i+1]]. Release with omendb_batch_free.
 */
typedef struct OmenBatch {
    /** `count` keys. */
    int64_t *keys;
    /** `count` flags: 1 if the key was found, 0 if not. */
    uint8_t *found;
    /** `count + 1` offsets into `data`. */
    size_t *offsets;
    /** All found values, concatenated. */
    uint8_t *data;
    /** Number of entries. */
    size_t count;
    /** Total bytes in `data`. */
    size_t data_len;
    /** Range scans only: true when entries beyond this page exist (continue from keys[count-1] + 1). */
    bool has_more;
} OmenBatch;

/** Statistics of a learned index, filled by omendb_index_stats. */
typedef struct OmenIndexStats {
    /** Kind actually built (never OMEN_INDEX_DEFAULT). */
    OmenIndexKind kind;
    /** Error bound requested at build (PGM epsilon); 0 for other kinds. */
    uint32_t epsilon;
    /** Keys in the index, including the unmerged delta. */
    uint64_t num_keys;
    /** Keys in the sorted delta buffer not yet merged into the model. */
    uint64_t delta_keys;
    /** Number of linear models (segments or leaves). */
    uint64_t num_models;
    /** Largest distance between a predicted and a true position. */
    uint64_t max_error;
    /** Mean distance between predicted and true positions. */
    double mean_error;
    /** Bytes used by the models (excluding keys and values). */
    uint64_t model_bytes;
    /** Bytes used by the keys, values and models together. */
    uint64_t total_bytes;
} OmenIndexStats;

/** Statistics of a database, filled by omendb_storage_stats. */
typedef struct OmenDBStats {
    /** Storage engine in use. */
    OmenEngine engine;
    /** Sync policy in use. */
    OmenSyncPolicy sync_policy;
    /** Keys stored. */
    uint64_t num_keys;
    /** Keys currently held in the hot tier. */
    uint64_t hot_keys;
    /** Capacity of the hot tier. */
    uint64_t hot_capacity;
    /** Gets answered from the hot tier since open. */
    uint64_t hot_hits;
    /** Gets that went to storage since open. */
    uint64_t hot_misses;
    /** Size of the database file in bytes (0 in memory). */
    uint64_t file_bytes;
} OmenDBStats;

/** Process-wide counts of live objects, for leak checks. */
typedef struct OmenDebugCounters {
    /** Databases opened and not closed. */
    int64_t live_databases;
    /** Indexes created and not freed. */
    int64_t live_indexes;
    /** Buffers, key arrays, batches and strings handed out and not freed. */
    int64_t live_buffers;
} OmenDebugCounters;

/* ------------------------------------------------------------------------- */
/* Version and errors                                                         */
/* ------------------------------------------------------------------------- */

/**
 * Version of the loaded library, e.g. "0.1.0".
 * @returns A static NUL-terminated string; never freed.
 * @thread-safety Safe from any thread.
 */
const char *omendb_version(void);

/**
 * ABI hash of the header the library was built from; equals OMENDB_ABI_HASH of a matching header.
 * Generated bindings call it at load and refuse a library whose hash differs.
 * @abi-check OMENDB_ABI_HASH
 * @thread-safety Safe from any thread.
 */
uint64_t omendb_abi_hash(void);

/**
 * Code of the last failure on the calling thread (OMEN_OK if none since the last success).
 * @thread-safety Thread-local; safe from any thread.
 */
OmenErrorCode omendb_last_error_code(void);

/**
 * Detailed message of the last failure on the calling thread.
 * @returns A new NUL-terminated UTF-8 string, or NULL if there was no failure.
 * @owned return omendb_string_free
 * @thread-safety Thread-local; safe from any thread.
 */
char *omendb_last_error_message(void);

/**
 * Static description of an error code ("not found", ...); unknown codes give "unknown error".
 * @returns A static string; never freed.
 * @thread-safety Safe from any thread.
 */
const char *omendb_error_name(OmenErrorCode code);

/**
 * Frees a string returned by the library. NULL is ignored.
 * @param[in] s A string from omendb_last_error_message.
 * @nullable s
 * @thread-safety Safe from any thread.
 */
void omendb_string_free(char *s);

/**
 * Frees a value buffer returned by omendb_storage_get or omendb_index_get. NULL is ignored.
 * @param[in] ptr The buffer.
 * @param[in] len Its length, as returned with it.
 * @nullable ptr
 * @thread-safety Safe from any thread.
 */
void omendb_buffer_free(uint8_t *ptr, size_t len);

/**
 * Frees a key array returned by omendb_index_range. NULL is ignored.
 * @param[in] keys The array.
 * @param[in] count Its length, as returned with it.
 * @nullable keys
 * @thread-safety Safe from any thread.
 */
void omendb_keys_free(int64_t *keys, size_t count);

/**
 * Frees the arrays of a batch and zeroes it. A zeroed batch or NULL is ignored.
 * @param[in,out] batch A batch filled by the library.
 * @nullable batch
 * @thread-safety Safe from any thread; not concurrently with other uses of the same batch.
 */
void omendb_batch_free(OmenBatch *batch);

/**
 * Reads the process-wide live-object counters.
 * @param[out] out Filled on success.
 * @errors OMEN_ERR_NULL_ARGUMENT
 * @thread-safety Safe from any thread.
 */
OmenResult omendb_debug_counters(OmenDebugCounters *out);

/* ------------------------------------------------------------------------- */
/* Database                                                                   */
/* ------------------------------------------------------------------------- */

/**
 * Opens (creating if missing) a database at `path`.
 * @param[in] path UTF-8 file path. Ignored with OMENDB_OPEN_IN_MEMORY.
 * @param[in] flags 0 or a combination of OMENDB_OPEN_IN_MEMORY and OMENDB_OPEN_NO_SYNC.
 * @nullable path
 * @returns A handle to close with omendb_close, or NULL on failure (see omendb_last_error_code).
 * @owned return omendb_close
 * @errors OMEN_ERR_NULL_ARGUMENT, OMEN_ERR_INVALID_ARGUMENT, OMEN_ERR_INVALID_PATH, OMEN_ERR_IO, OMEN_ERR_CORRUPTED, OMEN_ERR_LOCKED
 * @thread-safety Safe from any thread.
 */
OmenDB *omendb_open(const char *path, int32_t flags);

/**
 * Opens (creating if missing) a database with explicit options.
 * @param[in] path UTF-8 file path; may be NULL for the memory engine.
 * @param[in] options Options; NULL means all defaults.
 * @param[out] out_db Receives the handle on success.
 * @nullable path
 * @nullable options
 * @owned out_db omendb_close
 * @errors OMEN_ERR_NULL_ARGUMENT, OMEN_ERR_INVALID_ARGUMENT, OMEN_ERR_INVALID_PATH, OMEN_ERR_IO, OMEN_ERR_CORRUPTED, OMEN_ERR_LOCKED
 * @thread-safety Safe from any thread.
 */
OmenResult omendb_open_with_options(const char *path, const OmenOptions *options, OmenDB **out_db);

/**
 * Flushes and closes a database. A NULL, closed or unknown handle is ignored
 * and recorded as OMEN_ERR_INVALID_HANDLE in omendb_last_error_code.
 * Calls already running on the handle in other threads finish first.
 * @param[in] db The handle.
 * @nullable db
 * @thread-safety Safe from any thread; later calls with the handle fail with OMEN_ERR_INVALID_HANDLE.
 */
void omendb_close(OmenDB *db);

/**
 * Stores `value` under `key`, replacing any previous value.
 * Durable when it returns, unless the database was opened with OMEN_SYNC_ON_FLUSH.
 * @param[in] db The database.
 * @param[in] key The key.
 * @param[in] value The value bytes; may be NULL when len is 0.
 * @param[in] len Length of value.
 * @length value=len
 * @nullable value
 * @errors OMEN_ERR_NULL_ARGUMENT, OMEN_ERR_INVALID_HANDLE, OMEN_ERR_VALUE_TOO_LARGE, OMEN_ERR_IO
 * @thread-safety Safe from any thread; writers are serialised.
 */
OmenResult omendb_storage_put(OmenDB *db, int64_t key, const uint8_t *value, size_t len);

/**
 * Reads the value of `key`. On success `*value` holds a library-owned copy
 * (NULL when the value is empty) and OmenResult.data equals `*value`.
 * @param[in] db The database.
 * @param[in] key The key.
 * @param[out] value Receives the value buffer.
 * @param[out] len Receives the value length.
 * @length value=len
 * @owned value omendb_buffer_free
 * @errors OMEN_ERR_NULL_ARGUMENT, OMEN_ERR_INVALID_HANDLE, OMEN_ERR_NOT_FOUND, OMEN_ERR_IO
 * @thread-safety Safe from any thread, concurrently with writers.
 */
OmenResult omendb_storage_get(OmenDB *db, int64_t key, uint8_t **value, size_t *len);

/**
 * Deletes `key`. Deleting a missing key fails with OMEN_ERR_NOT_FOUND and changes nothing.
 * @param[in] db The database.
 * @param[in] key The key.
 * @errors OMEN_ERR_NULL_ARGUMENT, OMEN_ERR_INVALID_HANDLE, OMEN_ERR_NOT_FOUND, OMEN_ERR_IO
 * @thread-safety Safe from any thread; writers are serialised.
 */
OmenResult omendb_storage_delete(OmenDB *db, int64_t key);

/**
 * Writes `count` entries in one atomic transaction: all or none are stored.
 * Later entries win over earlier ones with the same key.
 * @param[in] db The database.
 * @param[in] keys `count` keys.
 * @param[in] values `count` value pointers (an entry may be NULL when its length is 0).
 * @param[in] lens `count` value lengths.
 * @param[in] count Number of entries; 0 is a successful no-op.
 * @length keys=count
 * @length values=count
 * @length lens=count
 * @errors OMEN_ERR_NULL_ARGUMENT, OMEN_ERR_INVALID_HANDLE, OMEN_ERR_VALUE_TOO_LARGE, OMEN_ERR_IO
 * @thread-safety Safe from any thread; writers are serialised.
 */
OmenResult omendb_storage_batch_write(OmenDB *db, const int64_t *keys, const uint8_t **values, const size_t *lens, size_t count);

/**
 * Reads `count` keys in one call.
 * @param[in] db The database.
 * @param[in] keys `count` keys.
 * @param[in] count Number of keys.
 * @param[out] out Filled with one entry per key, in order; free with omendb_batch_free.
 * @length keys=count
 * @owned out omendb_batch_free
 * @errors OMEN_ERR_NULL_ARGUMENT, OMEN_ERR_INVALID_HANDLE, OMEN_ERR_VALUE_TOO_LARGE, OMEN_ERR_IO
 * @thread-safety Safe from any thread, concurrently with writers.
 */
OmenResult omendb_storage_get_many(OmenDB *db, const int64_t *keys, size_t count, OmenBatch *out);

/**
 * Reads entries with start <= key <= end in key order, at most `limit` of them.
 * When out->has_more is true, continue with start = out->keys[out->count - 1] + 1.
 * @param[in] db The database.
 * @param[in] start First key (inclusive).
 * @param[in] end Last key (inclusive).
 * @param[in] limit Largest number of entries to return; 0 means no limit.
 * @param[out] out Filled with the page; free with omendb_batch_free.
 * @owned out omendb_batch_free
 * @errors OMEN_ERR_NULL_ARGUMENT, OMEN_ERR_INVALID_HANDLE, OMEN_ERR_INVALID_ARGUMENT, OMEN_ERR_IO
 * @thread-safety Safe from any thread; sees a consistent snapshot.
 */
OmenResult omendb_storage_range(OmenDB *db, int64_t start, int64_t end, size_t limit, OmenBatch *out);

/**
 * Makes every write so far durable (fsync), whatever the sync policy.
 * @param[in] db The database.
 * @errors OMEN_ERR_NULL_ARGUMENT, OMEN_ERR_INVALID_HANDLE, OMEN_ERR_IO
 * @thread-safety Safe from any thread.
 */
OmenResult omendb_storage_flush(OmenDB *db);

/**
 * Reads database statistics.
 * @param[in] db The database.
 * @param[out] out Filled on success.
 * @errors OMEN_ERR_NULL_ARGUMENT, OMEN_ERR_INVALID_HANDLE, OMEN_ERR_IO
 * @thread-safety Safe from any thread.
 */
OmenResult omendb_storage_stats(OmenDB *db, OmenDBStats *out);

/* ------------------------------------------------------------------------- */
/* Learned index                                                              */
/* ------------------------------------------------------------------------- */

/**
 * Creates an empty learned index.
 * @param[in] type An OmenIndexKind (0 is the default kind).
 * @param[in] capacity Expected number of keys (a hint; 0 is allowed; negative is an error).
 * @returns A handle to free with omendb_index_free, or NULL on failure (see omendb_last_error_code).
 * @owned return omendb_index_free
 * @errors OMEN_ERR_INVALID_ARGUMENT
 * @thread-safety Safe from any thread.
 */
LearnedIndex *omendb_create_index(int32_t type, int64_t capacity);

/**
 * Builds an index in one call from `count` keys (sorted or not; duplicates keep the last value).
 * @param[in] kind An OmenIndexKind (0 is the default kind).
 * @param[in] epsilon Error bound for OMEN_INDEX_PGM (0 means 64); ignored by other kinds.
 * @param[in] keys `count` keys.
 * @param[in] values `count` value pointers, or NULL for empty values.
 * @param[in] lens `count` value lengths, or NULL when values is NULL.
 * @param[in] count Number of keys.
 * @param[out] out_index Receives the handle on success.
 * @length keys=count
 * @length values=count
 * @length lens=count
 * @nullable values
 * @nullable lens
 * @owned out_index omendb_index_free
 * @errors OMEN_ERR_NULL_ARGUMENT, OMEN_ERR_INVALID_ARGUMENT, OMEN_ERR_VALUE_TOO_LARGE
 * @thread-safety Safe from any thread.
 */
OmenResult omendb_index_build(OmenIndexKind kind, uint32_t epsilon, const int64_t *keys, const uint8_t **values, const size_t *lens, size_t count, LearnedIndex **out_index);

/**
 * Inserts or replaces `key`. New keys go to a sorted delta merged into the model on a threshold.
 * @param[in] idx The index.
 * @param[in] key The key.
 * @param[in] value The value bytes; may be NULL when len is 0.
 * @param[in] len Length of value.
 * @length value=len
 * @nullable value
 * @errors OMEN_ERR_NULL_ARGUMENT, OMEN_ERR_INVALID_HANDLE, OMEN_ERR_VALUE_TOO_LARGE
 * @thread-safety Safe from any thread; writers are serialised.
 */
OmenResult omendb_index_insert(LearnedIndex *idx, int64_t key, const uint8_t *value, size_t len);

/**
 * Looks up `key`. On success `*value` holds a library-owned copy (NULL when empty)
 * and OmenResult.data equals `*value`.
 * @param[in] idx The index.
 * @param[in] key The key.
 * @param[out] value Receives the value buffer.
 * @param[out] len Receives the value length.
 * @length value=len
 * @owned value omendb_buffer_free
 * @errors OMEN_ERR_NULL_ARGUMENT, OMEN_ERR_INVALID_HANDLE, OMEN_ERR_NOT_FOUND
 * @thread-safety Safe from any thread, concurrently with writers.
 */
OmenResult omendb_index_get(LearnedIndex *idx, int64_t key, uint8_t **value, size_t *len);

/**
 * Looks up `count` keys in one call.
 * @param[in] idx The index.
 * @param[in] keys `count` keys.
 * @param[in] count Number of keys.
 * @param[out] out Filled with one entry per key, in order; free with omendb_batch_free.
 * @length keys=count
 * @owned out omendb_batch_free
 * @errors OMEN_ERR_NULL_ARGUMENT, OMEN_ERR_INVALID_HANDLE
 * @thread-safety Safe from any thread, concurrently with writers.
 */
OmenResult omendb_index_get_many(LearnedIndex *idx, const int64_t *keys, size_t count, OmenBatch *out);

/**
 * Finds which of `count` keys are present, writing 1 or 0 per key into a caller buffer.
 * @param[in] idx The index.
 * @param[in] keys `count` keys.
 * @param[in] count Number of keys.
 * @param[out] found Caller-provided buffer of `count` bytes.
 * @length keys=count
 * @length found=count
 * @errors OMEN_ERR_NULL_ARGUMENT, OMEN_ERR_INVALID_HANDLE
 * @thread-safety Safe from any thread, concurrently with writers.
 */
OmenResult omendb_index_contains_many(LearnedIndex *idx, const int64_t *keys, size_t count, uint8_t *found);

/**
 * Returns the keys with start <= key <= end, in order, in a library-owned array.
 * OmenResult.data equals `*keys`.
 * @param[in] idx The index.
 * @param[in] start First key (inclusive).
 * @param[in] end Last key (inclusive).
 * @param[out] keys Receives the array (NULL when empty).
 * @param[out] count Receives its length.
 * @length keys=count
 * @owned keys omendb_keys_free
 * @errors OMEN_ERR_NULL_ARGUMENT, OMEN_ERR_INVALID_HANDLE, OMEN_ERR_INVALID_ARGUMENT
 * @thread-safety Safe from any thread, concurrently with writers.
 */
OmenResult omendb_index_range(LearnedIndex *idx, int64_t start, int64_t end, int64_t **keys, size_t *count);

/**
 * Copies the keys with start <= key <= end, in order, into a caller buffer.
 * Writes min(total, capacity) keys; to page, continue from the last key + 1.
 * @param[in] idx The index.
 * @param[in] start First key (inclusive).
 * @param[in] end Last key (inclusive).
 * @param[out] keys_out Caller buffer of `capacity` keys; may be NULL when capacity is 0.
 * @param[in] capacity Its length.
 * @param[out] written Receives the number of keys written.
 * @param[out] total Receives the number of keys in the range; may be NULL.
 * @length keys_out=capacity
 * @nullable keys_out
 * @nullable total
 * @errors OMEN_ERR_NULL_ARGUMENT, OMEN_ERR_INVALID_HANDLE, OMEN_ERR_INVALID_ARGUMENT
 * @thread-safety Safe from any thread, concurrently with writers.
 */
OmenResult omendb_index_range_into(LearnedIndex *idx, int64_t start, int64_t end, int64_t *keys_out, size_t capacity, size_t *written, size_t *total);

/**
 * Merges the delta buffer into the model now (it is also merged on a threshold).
 * @param[in] idx The index.
 * @errors OMEN_ERR_NULL_ARGUMENT, OMEN_ERR_INVALID_HANDLE
 * @thread-safety Safe from any thread.
 */
OmenResult omendb_index_merge(LearnedIndex *idx);

/**
 * Reads index statistics.
 * @param[in] idx The index.
 * @param[out] out Filled on success.
 * @errors OMEN_ERR_NULL_ARGUMENT, OMEN_ERR_INVALID_HANDLE
 * @thread-safety Safe from any thread.
 */
OmenResult omendb_index_stats(LearnedIndex *idx, OmenIndexStats *out);

/**
 * Frees an index. A NULL, freed or unknown handle is ignored and recorded as
 * OMEN_ERR_INVALID_HANDLE in omendb_last_error_code.
 * @param[in] idx The handle.
 * @nullable idx
 * @thread-safety Safe from any thread; later calls with the handle fail with OMEN_ERR_INVALID_HANDLE.
 */
void omendb_index_free(LearnedIndex *idx);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* OMENDB_FFI_H */
