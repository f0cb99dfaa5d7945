//! The learned-index half of the C API: `omendb_create_index`, `omendb_index_*`.
//! Each handle maps to an `RwLock<LearnedMap>`: lookups share the read lock, inserts and
//! merges take the write lock.

use std::ffi::c_void;
use std::ptr;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use super::buffers::{array_from_c, batch_into_raw, keys_into_raw, clear_value_out, value_from_c, values_from_c, write_value_out, LiveCount};
use super::guard::{guarded, guarded_result, require_mut};
use super::handles::{wait_for_sole_owner, INDEXES};
use super::types::{LearnedIndex, OmenBatch, OmenIndexStats, OmenResult, RawIndexKind};
use crate::error::{ErrorCode, OmenError};
use crate::index::{effective_epsilon, IndexKind, LearnedMap, DEFAULT_EPSILON};

const WHAT: &str = "index";

/// Largest capacity hint passed on to the index (larger hints are only hints).
const MAX_CAPACITY_HINT: usize = 1 << 20;

fn index(idx: *mut LearnedIndex) -> Result<Arc<RwLock<LearnedMap>>, OmenError> {
    INDEXES.get(idx.addr(), WHAT)
}

// A panic inside LearnedMap is reported as INTERNAL; the map is still memory-safe, so the
// handle stays usable as the header promises and poisoning is ignored.
fn read(map: &RwLock<LearnedMap>) -> RwLockReadGuard<'_, LearnedMap> {
    map.read().unwrap_or_else(|e| e.into_inner())
}

fn write(map: &RwLock<LearnedMap>) -> RwLockWriteGuard<'_, LearnedMap> {
    map.write().unwrap_or_else(|e| e.into_inner())
}

fn kind_from_c(kind: RawIndexKind) -> Result<IndexKind, OmenError> {
    IndexKind::from_code(kind)
        .ok_or_else(|| OmenError::new(ErrorCode::InvalidArgument, format!("unknown index kind {kind}")))
}

fn check_range(start: i64, end: i64) -> Result<(), OmenError> {
    if start > end {
        return Err(OmenError::new(
            ErrorCode::InvalidArgument,
            format!("range start {start} is greater than end {end}"),
        ));
    }
    Ok(())
}

fn register(map: LearnedMap) -> usize {
    LiveCount::Indexes.increment();
    INDEXES.insert(RwLock::new(map))
}

/// Creates an empty learned index; NULL on failure.
///
/// # Safety
/// Always safe: takes no pointers.
#[no_mangle]
pub unsafe extern "C" fn omendb_create_index(type_: i32, capacity: i64) -> *mut LearnedIndex {
    let created = guarded(|| {
        let kind = kind_from_c(type_)?;
        let hint = usize::try_from(capacity)
            .map_err(|_| OmenError::new(ErrorCode::InvalidArgument, format!("negative capacity {capacity}")))?;
        Ok(register(LearnedMap::new(kind, DEFAULT_EPSILON, hint.min(MAX_CAPACITY_HINT))))
    });
    created.map_or(ptr::null_mut(), ptr::without_provenance_mut)
}

/// Builds an index from `count` keys and optional values in one call.
///
/// # Safety
/// `keys` must point to `count` keys; `values`/`lens` NULL or `count` elements each, every
/// `values[i]` pointing to `lens[i]` bytes; `out_index` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn omendb_index_build(
    kind: RawIndexKind,
    epsilon: u32,
    keys: *const i64,
    values: *mut *const u8,
    lens: *const usize,
    count: usize,
    out_index: *mut *mut LearnedIndex,
) -> OmenResult {
    guarded_result(|| {
        require_mut(out_index, "out_index")?;
        // SAFETY: non-NULL and writable per the contract.
        unsafe { out_index.write(ptr::null_mut()) };
        let kind = kind_from_c(kind)?;
        // SAFETY: forwarded caller contract.
        let keys = unsafe { array_from_c(keys, count, "keys") }?;
        let entries: Vec<(i64, Vec<u8>)> = if values.is_null() {
            keys.iter().map(|&k| (k, Vec::new())).collect()
        } else {
            // SAFETY: forwarded caller contract.
            let values = unsafe { values_from_c(values.cast_const(), lens, count) }?;
            keys.iter().zip(values).map(|(&k, v)| (k, v.to_vec())).collect()
        };
        let token = register(LearnedMap::build(kind, effective_epsilon(epsilon), entries));
        // SAFETY: as above.
        unsafe { out_index.write(ptr::without_provenance_mut(token)) };
        Ok(ptr::null_mut())
    })
}

/// Inserts or replaces `key`.
///
/// # Safety
/// `value` must be NULL (only when `len` is 0) or point to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn omendb_index_insert(idx: *mut LearnedIndex, key: i64, value: *const u8, len: usize) -> OmenResult {
    guarded_result(|| {
        let map = index(idx)?;
        // SAFETY: forwarded caller contract.
        let value = unsafe { value_from_c(value, len, "value") }?;
        let mut writable = write(&map);
        crate::error::debug_panic_point("omendb_index_insert", key);
        writable.insert(key, value);
        Ok(ptr::null_mut())
    })
}

/// Looks up `key` into a library-owned copy (`omendb_buffer_free`).
///
/// # Safety
/// `value` and `len` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn omendb_index_get(idx: *mut LearnedIndex, key: i64, value: *mut *mut u8, len: *mut usize) -> OmenResult {
    guarded_result(|| {
        let map = index(idx)?;
        // SAFETY: forwarded caller contract.
        unsafe { clear_value_out(value, len) }?;
        let found = read(&map)
            .get(key)
            .map(<[u8]>::to_vec)
            .ok_or_else(|| OmenError::new(ErrorCode::NotFound, format!("key {key} is not in the index")))?;
        // SAFETY: cleared above.
        Ok(unsafe { write_value_out(value, len, found) })
    })
}

/// Looks up `count` keys into a library-owned batch (`omendb_batch_free`).
///
/// # Safety
/// `keys` must point to `count` keys (NULL when 0); `out` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn omendb_index_get_many(idx: *mut LearnedIndex, keys: *const i64, count: usize, out: *mut OmenBatch) -> OmenResult {
    guarded_result(|| {
        let map = index(idx)?;
        require_mut(out, "out")?;
        // SAFETY: forwarded caller contract.
        let keys = unsafe { array_from_c(keys, count, "keys") }?;
        let guard = read(&map);
        let batch = batch_into_raw(keys.iter().map(|&k| (k, guard.get(k))), false);
        // SAFETY: non-NULL and writable per the contract.
        unsafe { out.write(batch) };
        Ok(ptr::null_mut())
    })
}

/// Writes 1 or 0 per key into the caller's `found` buffer.
///
/// # Safety
/// `keys` and `found` must each point to `count` elements (NULL when 0).
#[no_mangle]
pub unsafe extern "C" fn omendb_index_contains_many(idx: *mut LearnedIndex, keys: *const i64, count: usize, found: *mut u8) -> OmenResult {
    guarded_result(|| {
        let map = index(idx)?;
        // SAFETY: forwarded caller contract.
        let keys = unsafe { array_from_c(keys, count, "keys") }?;
        if count > 0 {
            require_mut(found, "found")?;
        }
        let guard = read(&map);
        for (i, &key) in keys.iter().enumerate() {
            // SAFETY: `found` has `count` writable bytes per the contract.
            unsafe { found.add(i).write(u8::from(guard.contains(key))) };
        }
        Ok(ptr::null_mut())
    })
}

/// Returns the keys in [start, end] in a library-owned array (`omendb_keys_free`).
///
/// # Safety
/// `keys` and `count` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn omendb_index_range(
    idx: *mut LearnedIndex,
    start: i64,
    end: i64,
    keys: *mut *mut i64,
    count: *mut usize,
) -> OmenResult {
    guarded_result(|| {
        let map = index(idx)?;
        require_mut(keys, "keys")?;
        require_mut(count, "count")?;
        // SAFETY: both non-NULL and writable per the contract.
        unsafe {
            keys.write(ptr::null_mut());
            count.write(0);
        }
        check_range(start, end)?;
        let mut found = Vec::new();
        read(&map).range_keys(start, end, &mut found);
        let (ptr, length) = keys_into_raw(found);
        // SAFETY: as above.
        unsafe {
            keys.write(ptr);
            count.write(length);
        }
        Ok(ptr.cast::<c_void>())
    })
}

/// Copies the keys in [start, end] into a caller buffer of `capacity` keys.
///
/// # Safety
/// `keys_out` must be NULL (only when `capacity` is 0) or hold `capacity` writable keys;
/// `written` NULL or writable; `total` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn omendb_index_range_into(
    idx: *mut LearnedIndex,
    start: i64,
    end: i64,
    keys_out: *mut i64,
    capacity: usize,
    written: *mut usize,
    total: *mut usize,
) -> OmenResult {
    guarded_result(|| {
        let map = index(idx)?;
        require_mut(written, "written")?;
        if capacity > 0 {
            require_mut(keys_out, "keys_out")?;
        }
        check_range(start, end)?;
        let guard = read(&map);
        let mut copied = 0usize;
        guard.for_each_in_range(start, end, |key, _| {
            if copied == capacity {
                return false;
            }
            // SAFETY: copied < capacity, and `keys_out` has `capacity` writable keys.
            unsafe { keys_out.add(copied).write(key) };
            copied += 1;
            true
        });
        // SAFETY: non-NULL and writable per the contract.
        unsafe { written.write(copied) };
        if !total.is_null() {
            // SAFETY: non-NULL and writable per the contract.
            unsafe { total.write(guard.count_range(start, end)) };
        }
        Ok(ptr::null_mut())
    })
}

/// Merges the delta buffer into the model now.
///
/// # Safety
/// Always safe: the handle is only looked up.
#[no_mangle]
pub unsafe extern "C" fn omendb_index_merge(idx: *mut LearnedIndex) -> OmenResult {
    guarded_result(|| {
        let map = index(idx)?;
        write(&map).merge();
        Ok(ptr::null_mut())
    })
}

/// Reads index statistics.
///
/// # Safety
/// `out` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn omendb_index_stats(idx: *mut LearnedIndex, out: *mut OmenIndexStats) -> OmenResult {
    guarded_result(|| {
        let map = index(idx)?;
        require_mut(out, "out")?;
        let s = read(&map).stats();
        let stats = OmenIndexStats {
            kind: s.kind.code(),
            epsilon: s.epsilon,
            num_keys: s.num_keys,
            delta_keys: s.delta_keys,
            num_models: s.num_models,
            max_error: s.max_error,
            mean_error: s.mean_error,
            model_bytes: s.model_bytes,
            total_bytes: s.total_bytes,
        };
        // SAFETY: non-NULL and writable per the contract.
        unsafe { out.write(stats) };
        Ok(ptr::null_mut())
    })
}

/// Frees an index; NULL, freed or unknown handles are recorded as OMEN_ERR_INVALID_HANDLE.
/// Waits for calls running on the handle in other threads.
///
/// # Safety
/// Always safe: the handle is only looked up, never dereferenced.
#[no_mangle]
pub unsafe extern "C" fn omendb_index_free(idx: *mut LearnedIndex) {
    let _ = guarded(|| {
        let shared = INDEXES.remove(idx.addr(), WHAT)?;
        LiveCount::Indexes.decrement();
        drop(wait_for_sole_owner(shared));
        Ok(())
    });
}
