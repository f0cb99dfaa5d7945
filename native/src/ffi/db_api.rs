//! The database half of the C API: `omendb_open*`, `omendb_close` and `omendb_storage_*`.
//! Each function validates its raw arguments, resolves the handle through the registry,
//! and delegates to `crate::db::Database` inside the boundary guard.

use std::ffi::{c_char, CStr};
use std::path::Path;
use std::ptr;
use std::sync::Arc;

use super::buffers::{array_from_c, batch_into_raw, clear_value_out, value_from_c, values_from_c, write_value_out, LiveCount};
use super::guard::{guarded, guarded_result, require_mut};
use super::handles::{wait_for_sole_owner, DATABASES};
use super::types::{
    OmenBatch, OmenDB, OmenDBStats, OmenEngine, OmenOptions, OmenResult, OmenSyncPolicy,
    OMENDB_OPEN_IN_MEMORY, OMENDB_OPEN_NO_SYNC,
};
use crate::db::{Database, DatabaseOptions, EngineKind};
use crate::error::{ErrorCode, OmenError};
use crate::index::IndexKind;
use crate::storage::SyncPolicy;

const WHAT: &str = "database";

fn database(db: *mut OmenDB) -> Result<Arc<Database>, OmenError> {
    DATABASES.get(db.addr(), WHAT)
}

/// Reads a C path: NULL is NULL_ARGUMENT, non-UTF-8 is INVALID_PATH.
///
/// # Safety
/// `path` must be NULL or a NUL-terminated string.
unsafe fn path_from_c<'a>(path: *const c_char) -> Result<&'a Path, OmenError> {
    if path.is_null() {
        return Err(OmenError::new(ErrorCode::NullArgument, "`path` is NULL"));
    }
    // SAFETY: non-NULL and NUL-terminated per the contract.
    let text = unsafe { CStr::from_ptr(path) }
        .to_str()
        .map_err(|_| OmenError::new(ErrorCode::InvalidPath, "the path is not valid UTF-8"))?;
    Ok(Path::new(text))
}

/// Opens a database and registers it, returning its token.
///
/// # Safety
/// `path` must be NULL or a NUL-terminated string.
unsafe fn open_registered(path: *const c_char, options: DatabaseOptions) -> Result<usize, OmenError> {
    let db = match options.engine {
        EngineKind::Memory => Database::open(None, options)?,
        // SAFETY: forwarded caller contract.
        EngineKind::Redb => Database::open(Some(unsafe { path_from_c(path) }?), options)?,
    };
    LiveCount::Databases.increment();
    Ok(DATABASES.insert(db))
}

fn options_from_c(options: &OmenOptions) -> Result<DatabaseOptions, OmenError> {
    let engine = match options.engine {
        e if e == OmenEngine::OMEN_ENGINE_REDB as i32 => EngineKind::Redb,
        e if e == OmenEngine::OMEN_ENGINE_MEMORY as i32 => EngineKind::Memory,
        other => return Err(OmenError::new(ErrorCode::InvalidArgument, format!("unknown engine {other}"))),
    };
    let sync = match options.sync_policy {
        s if s == OmenSyncPolicy::OMEN_SYNC_ALWAYS as i32 => SyncPolicy::Always,
        s if s == OmenSyncPolicy::OMEN_SYNC_ON_FLUSH as i32 => SyncPolicy::OnFlush,
        other => return Err(OmenError::new(ErrorCode::InvalidArgument, format!("unknown sync policy {other}"))),
    };
    let hot_kind = IndexKind::from_code(options.hot_index_kind).ok_or_else(|| {
        OmenError::new(ErrorCode::InvalidArgument, format!("unknown index kind {}", options.hot_index_kind))
    })?;
    let hot_capacity = usize::try_from(options.hot_tier_capacity).unwrap_or(usize::MAX);
    Ok(DatabaseOptions { engine, sync, hot_capacity, hot_kind })
}

/// Opens (creating if missing) a database at `path`; NULL on failure.
///
/// # Safety
/// `path` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn omendb_open(path: *const c_char, flags: i32) -> *mut OmenDB {
    let opened = guarded(|| {
        let known = OMENDB_OPEN_IN_MEMORY | OMENDB_OPEN_NO_SYNC;
        if flags & !known != 0 {
            return Err(OmenError::new(ErrorCode::InvalidArgument, format!("unknown open flags {flags:#x}")));
        }
        let options = DatabaseOptions {
            engine: if flags & OMENDB_OPEN_IN_MEMORY != 0 { EngineKind::Memory } else { EngineKind::Redb },
            sync: if flags & OMENDB_OPEN_NO_SYNC != 0 { SyncPolicy::OnFlush } else { SyncPolicy::Always },
            ..DatabaseOptions::default()
        };
        // SAFETY: forwarded caller contract.
        unsafe { open_registered(path, options) }
    });
    opened.map_or(ptr::null_mut(), ptr::without_provenance_mut)
}

/// Opens (creating if missing) a database with explicit options.
///
/// # Safety
/// `path` must be NULL or NUL-terminated; `options` NULL or a valid `OmenOptions`;
/// `out_db` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn omendb_open_with_options(
    path: *const c_char,
    options: *const OmenOptions,
    out_db: *mut *mut OmenDB,
) -> OmenResult {
    guarded_result(|| {
        require_mut(out_db, "out_db")?;
        // SAFETY: non-NULL and writable per the contract.
        unsafe { out_db.write(ptr::null_mut()) };
        let options = if options.is_null() {
            DatabaseOptions::default()
        } else {
            // SAFETY: non-NULL and valid per the contract.
            options_from_c(unsafe { &*options })?
        };
        // SAFETY: forwarded caller contract.
        let token = unsafe { open_registered(path, options) }?;
        // SAFETY: as above.
        unsafe { out_db.write(ptr::without_provenance_mut(token)) };
        Ok(ptr::null_mut())
    })
}

/// Flushes and closes a database; NULL, closed or unknown handles are recorded as
/// OMEN_ERR_INVALID_HANDLE. Waits for calls running on the handle in other threads.
///
/// # Safety
/// Always safe: the handle is only looked up, never dereferenced.
#[no_mangle]
pub unsafe extern "C" fn omendb_close(db: *mut OmenDB) {
    let _ = guarded(|| {
        let shared = DATABASES.remove(db.addr(), WHAT)?;
        LiveCount::Databases.decrement();
        wait_for_sole_owner(shared).close()
    });
}

/// Stores `value` under `key`, replacing any previous value.
///
/// # Safety
/// `value` must be NULL (only when `len` is 0) or point to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn omendb_storage_put(db: *mut OmenDB, key: i64, value: *const u8, len: usize) -> OmenResult {
    guarded_result(|| {
        let db = database(db)?;
        // SAFETY: forwarded caller contract.
        let value = unsafe { value_from_c(value, len, "value") }?;
        db.put(key, value)?;
        Ok(ptr::null_mut())
    })
}

/// Reads the value of `key` into a library-owned copy (`omendb_buffer_free`).
///
/// # Safety
/// `value` and `len` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn omendb_storage_get(db: *mut OmenDB, key: i64, value: *mut *mut u8, len: *mut usize) -> OmenResult {
    guarded_result(|| {
        let db = database(db)?;
        // SAFETY: forwarded caller contract.
        unsafe { clear_value_out(value, len) }?;
        let found = db
            .get(key)?
            .ok_or_else(|| OmenError::new(ErrorCode::NotFound, format!("key {key} is not in the database")))?;
        // SAFETY: cleared above.
        Ok(unsafe { write_value_out(value, len, found) })
    })
}

/// Deletes `key`; a missing key is OMEN_ERR_NOT_FOUND.
///
/// # Safety
/// Always safe: the handle is only looked up.
#[no_mangle]
pub unsafe extern "C" fn omendb_storage_delete(db: *mut OmenDB, key: i64) -> OmenResult {
    guarded_result(|| {
        if !database(db)?.delete(key)? {
            return Err(OmenError::new(ErrorCode::NotFound, format!("key {key} is not in the database")));
        }
        Ok(ptr::null_mut())
    })
}

/// Writes `count` entries in one atomic transaction; later entries win.
///
/// # Safety
/// `keys`, `values` and `lens` must each point to `count` readable elements (NULL allowed
/// when `count` is 0); each `values[i]` to `lens[i]` bytes (NULL when `lens[i]` is 0).
#[no_mangle]
pub unsafe extern "C" fn omendb_storage_batch_write(
    db: *mut OmenDB,
    keys: *const i64,
    values: *mut *const u8,
    lens: *const usize,
    count: usize,
) -> OmenResult {
    guarded_result(|| {
        let db = database(db)?;
        // SAFETY: forwarded caller contract.
        let keys = unsafe { array_from_c(keys, count, "keys") }?;
        // SAFETY: forwarded caller contract.
        let values = unsafe { values_from_c(values.cast_const(), lens, count) }?;
        let entries: Vec<(i64, &[u8])> = keys.iter().copied().zip(values).collect();
        db.batch_write(&entries)?;
        Ok(ptr::null_mut())
    })
}

/// Reads `count` keys into a library-owned batch (`omendb_batch_free`).
///
/// # Safety
/// `keys` must point to `count` readable keys (NULL when 0); `out` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn omendb_storage_get_many(
    db: *mut OmenDB,
    keys: *const i64,
    count: usize,
    out: *mut OmenBatch,
) -> OmenResult {
    guarded_result(|| {
        let db = database(db)?;
        require_mut(out, "out")?;
        // SAFETY: forwarded caller contract.
        let keys = unsafe { array_from_c(keys, count, "keys") }?;
        let values = db.get_many(keys)?;
        let batch = batch_into_raw(keys.iter().copied().zip(values.iter().map(|v| v.as_deref())), false);
        // SAFETY: non-NULL and writable per the contract.
        unsafe { out.write(batch) };
        Ok(ptr::null_mut())
    })
}

/// Reads the entries with start <= key <= end (at most `limit`, 0 = all) into a batch.
///
/// # Safety
/// `out` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn omendb_storage_range(
    db: *mut OmenDB,
    start: i64,
    end: i64,
    limit: usize,
    out: *mut OmenBatch,
) -> OmenResult {
    guarded_result(|| {
        let db = database(db)?;
        require_mut(out, "out")?;
        let page = db.range(start, end, if limit == 0 { None } else { Some(limit) })?;
        let batch = batch_into_raw(page.entries.iter().map(|(k, v)| (*k, Some(v.as_slice()))), page.has_more);
        // SAFETY: non-NULL and writable per the contract.
        unsafe { out.write(batch) };
        Ok(ptr::null_mut())
    })
}

/// Makes every write so far durable.
///
/// # Safety
/// Always safe: the handle is only looked up.
#[no_mangle]
pub unsafe extern "C" fn omendb_storage_flush(db: *mut OmenDB) -> OmenResult {
    guarded_result(|| {
        database(db)?.flush()?;
        Ok(ptr::null_mut())
    })
}

/// Reads database statistics.
///
/// # Safety
/// `out` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn omendb_storage_stats(db: *mut OmenDB, out: *mut OmenDBStats) -> OmenResult {
    guarded_result(|| {
        let db = database(db)?;
        require_mut(out, "out")?;
        let s = db.stats()?;
        let stats = OmenDBStats {
            engine: match s.engine {
                EngineKind::Redb => OmenEngine::OMEN_ENGINE_REDB as i32,
                EngineKind::Memory => OmenEngine::OMEN_ENGINE_MEMORY as i32,
            },
            sync_policy: match s.sync {
                SyncPolicy::Always => OmenSyncPolicy::OMEN_SYNC_ALWAYS as i32,
                SyncPolicy::OnFlush => OmenSyncPolicy::OMEN_SYNC_ON_FLUSH as i32,
            },
            num_keys: s.num_keys,
            hot_keys: s.hot_keys,
            hot_capacity: s.hot_capacity,
            hot_hits: s.hot_hits,
            hot_misses: s.hot_misses,
            file_bytes: s.file_bytes,
        };
        // SAFETY: non-NULL and writable per the contract.
        unsafe { out.write(stats) };
        Ok(ptr::null_mut())
    })
}
