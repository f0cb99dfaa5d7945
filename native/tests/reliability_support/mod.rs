//! Safe wrappers over the C API for the reliability tests (model, concurrency, stress):
//! each call goes through the exported `extern "C"` function and returns `Result<T, code>`,
//! copying library-owned buffers out and freeing them at once.
#![allow(dead_code)]

use std::ffi::CString;
use std::path::Path;
use std::ptr;

use omendb::ffi::buffers::{omendb_batch_free, omendb_buffer_free, omendb_keys_free};
use omendb::ffi::db_api::*;
use omendb::ffi::index_api::*;
use omendb::ffi::types::{LearnedIndex, OmenBatch, OmenDB, OmenIndexStats, OmenOptions, OmenResult};

/// An error code from the library.
pub type Code = i32;

/// Entries of a batch: key and value when found.
pub type Entries = Vec<(i64, Option<Vec<u8>>)>;

fn check(result: OmenResult) -> Result<(), Code> {
    if result.success {
        Ok(())
    } else {
        Err(result.code)
    }
}

fn zero_batch() -> OmenBatch {
    OmenBatch {
        keys: ptr::null_mut(),
        found: ptr::null_mut(),
        offsets: ptr::null_mut(),
        data: ptr::null_mut(),
        count: 0,
        data_len: 0,
        has_more: false,
    }
}

/// Copies a library batch out and frees it; returns the entries and `has_more`.
fn take_batch(mut batch: OmenBatch) -> (Entries, bool) {
    let entries = (0..batch.count)
        .map(|i| {
            // SAFETY: the library filled `count` keys/flags and `count + 1` offsets.
            unsafe {
                let key = *batch.keys.add(i);
                if *batch.found.add(i) == 0 {
                    return (key, None);
                }
                let (a, b) = (*batch.offsets.add(i), *batch.offsets.add(i + 1));
                let value = if a == b { Vec::new() } else { std::slice::from_raw_parts(batch.data.add(a), b - a).to_vec() };
                (key, Some(value))
            }
        })
        .collect();
    let has_more = batch.has_more;
    // SAFETY: a batch filled by the library, freed once.
    unsafe { omendb_batch_free(&mut batch) };
    (entries, has_more)
}

fn take_value(value: *mut u8, len: usize) -> Vec<u8> {
    if len == 0 {
        return Vec::new();
    }
    // SAFETY: the library returned `len` bytes at `value`; freed once.
    unsafe {
        let copy = std::slice::from_raw_parts(value, len).to_vec();
        omendb_buffer_free(value, len);
        copy
    }
}

/// Pointer and length arrays describing `values` for a C call.
fn value_arrays(values: &[&[u8]]) -> (Vec<*const u8>, Vec<usize>) {
    (values.iter().map(|v| if v.is_empty() { ptr::null() } else { v.as_ptr() }).collect(), values.iter().map(|v| v.len()).collect())
}

/// A database handle (the raw token is public so tests can race and misuse it).
#[derive(Clone, Copy, Debug)]
pub struct Db(pub *mut OmenDB);

// SAFETY: handles are tokens checked by the library on every call, from any thread.
unsafe impl Send for Db {}
// SAFETY: as above.
unsafe impl Sync for Db {}

impl Db {
    /// Opens with explicit options (path ignored for memory).
    pub fn open(path: Option<&Path>, options: OmenOptions) -> Result<Db, Code> {
        let c = path.map(|p| CString::new(p.to_str().unwrap()).unwrap());
        let mut db = ptr::null_mut();
        // SAFETY: valid C string or NULL, valid options and out-pointer.
        check(unsafe { omendb_open_with_options(c.as_ref().map_or(ptr::null(), |c| c.as_ptr()), &options, &mut db) })?;
        Ok(Db(db))
    }

    pub fn put(self, key: i64, value: &[u8]) -> Result<(), Code> {
        // SAFETY: the slice is valid for its length.
        check(unsafe { omendb_storage_put(self.0, key, value.as_ptr(), value.len()) })
    }

    pub fn get(self, key: i64) -> Result<Option<Vec<u8>>, Code> {
        let (mut value, mut len) = (ptr::null_mut(), 0usize);
        // SAFETY: writable out-pointers.
        match check(unsafe { omendb_storage_get(self.0, key, &mut value, &mut len) }) {
            Ok(()) => Ok(Some(take_value(value, len))),
            Err(3) => Ok(None),
            Err(code) => Err(code),
        }
    }

    /// Deletes; `Ok(false)` when the key was missing.
    pub fn delete(self, key: i64) -> Result<bool, Code> {
        // SAFETY: no pointers.
        match check(unsafe { omendb_storage_delete(self.0, key) }) {
            Ok(()) => Ok(true),
            Err(3) => Ok(false),
            Err(code) => Err(code),
        }
    }

    pub fn batch_write(self, entries: &[(i64, Vec<u8>)]) -> Result<(), Code> {
        let keys: Vec<i64> = entries.iter().map(|(k, _)| *k).collect();
        let slices: Vec<&[u8]> = entries.iter().map(|(_, v)| v.as_slice()).collect();
        let (mut values, lens) = value_arrays(&slices);
        // SAFETY: three arrays of `keys.len()` elements, each value valid for its length.
        check(unsafe { omendb_storage_batch_write(self.0, keys.as_ptr(), values.as_mut_ptr(), lens.as_ptr(), keys.len()) })
    }

    pub fn get_many(self, keys: &[i64]) -> Result<Entries, Code> {
        let mut batch = zero_batch();
        // SAFETY: `keys.len()` keys, writable batch.
        check(unsafe { omendb_storage_get_many(self.0, keys.as_ptr(), keys.len(), &mut batch) })?;
        Ok(take_batch(batch).0)
    }

    /// One page of a range scan: entries and `has_more`.
    pub fn range(self, start: i64, end: i64, limit: usize) -> Result<(Entries, bool), Code> {
        let mut batch = zero_batch();
        // SAFETY: writable batch.
        check(unsafe { omendb_storage_range(self.0, start, end, limit, &mut batch) })?;
        Ok(take_batch(batch))
    }

    pub fn flush(self) -> Result<(), Code> {
        // SAFETY: no pointers.
        check(unsafe { omendb_storage_flush(self.0) })
    }

    pub fn close(self) {
        // SAFETY: the handle is only looked up.
        unsafe { omendb_close(self.0) };
    }
}

/// A learned-index handle.
#[derive(Clone, Copy, Debug)]
pub struct Index(pub *mut LearnedIndex);

// SAFETY: handles are tokens checked by the library on every call, from any thread.
unsafe impl Send for Index {}
// SAFETY: as above.
unsafe impl Sync for Index {}

impl Index {
    pub fn create(kind: i32) -> Result<Index, Code> {
        // SAFETY: no pointers.
        let idx = unsafe { omendb_create_index(kind, 0) };
        if idx.is_null() {
            return Err(omendb::ffi::errors::omendb_last_error_code());
        }
        Ok(Index(idx))
    }

    /// Builds from entries in one call (values NULL when `with_values` is false).
    pub fn build(kind: i32, epsilon: u32, entries: &[(i64, Vec<u8>)], with_values: bool) -> Result<Index, Code> {
        let keys: Vec<i64> = entries.iter().map(|(k, _)| *k).collect();
        let slices: Vec<&[u8]> = entries.iter().map(|(_, v)| v.as_slice()).collect();
        let (mut values, lens) = value_arrays(&slices);
        let mut idx = ptr::null_mut();
        let (values_ptr, lens_ptr) =
            if with_values { (values.as_mut_ptr(), lens.as_ptr()) } else { (ptr::null_mut(), ptr::null()) };
        // SAFETY: arrays of `keys.len()` elements (or NULL), writable out-pointer.
        check(unsafe { omendb_index_build(kind, epsilon, keys.as_ptr(), values_ptr, lens_ptr, keys.len(), &mut idx) })?;
        Ok(Index(idx))
    }

    pub fn insert(self, key: i64, value: &[u8]) -> Result<(), Code> {
        // SAFETY: the slice is valid for its length.
        check(unsafe { omendb_index_insert(self.0, key, value.as_ptr(), value.len()) })
    }

    pub fn get(self, key: i64) -> Result<Option<Vec<u8>>, Code> {
        let (mut value, mut len) = (ptr::null_mut(), 0usize);
        // SAFETY: writable out-pointers.
        match check(unsafe { omendb_index_get(self.0, key, &mut value, &mut len) }) {
            Ok(()) => Ok(Some(take_value(value, len))),
            Err(3) => Ok(None),
            Err(code) => Err(code),
        }
    }

    pub fn get_many(self, keys: &[i64]) -> Result<Entries, Code> {
        let mut batch = zero_batch();
        // SAFETY: `keys.len()` keys, writable batch.
        check(unsafe { omendb_index_get_many(self.0, keys.as_ptr(), keys.len(), &mut batch) })?;
        Ok(take_batch(batch).0)
    }

    pub fn contains_many(self, keys: &[i64]) -> Result<Vec<bool>, Code> {
        let mut found = vec![7u8; keys.len()];
        // SAFETY: `keys.len()` keys and flags.
        check(unsafe { omendb_index_contains_many(self.0, keys.as_ptr(), keys.len(), found.as_mut_ptr()) })?;
        Ok(found.into_iter().map(|f| f == 1).collect())
    }

    pub fn range(self, start: i64, end: i64) -> Result<Vec<i64>, Code> {
        let (mut keys, mut count) = (ptr::null_mut(), 0usize);
        // SAFETY: writable out-pointers.
        check(unsafe { omendb_index_range(self.0, start, end, &mut keys, &mut count) })?;
        if count == 0 {
            return Ok(Vec::new());
        }
        // SAFETY: `count` keys owned by the library, freed once.
        unsafe {
            let copy = std::slice::from_raw_parts(keys, count).to_vec();
            omendb_keys_free(keys, count);
            Ok(copy)
        }
    }

    /// Keys copied into a caller buffer of `capacity`, and the total in the range.
    pub fn range_into(self, start: i64, end: i64, capacity: usize) -> Result<(Vec<i64>, usize), Code> {
        let mut buffer = vec![i64::MIN; capacity];
        let (mut written, mut total) = (usize::MAX, usize::MAX);
        // SAFETY: a buffer of `capacity` keys and writable counters.
        check(unsafe {
            omendb_index_range_into(self.0, start, end, buffer.as_mut_ptr(), capacity, &mut written, &mut total)
        })?;
        assert!(written <= capacity, "range_into wrote {written} keys into {capacity}");
        buffer.truncate(written);
        Ok((buffer, total))
    }

    pub fn merge(self) -> Result<(), Code> {
        // SAFETY: no pointers.
        check(unsafe { omendb_index_merge(self.0) })
    }

    pub fn stats(self) -> Result<OmenIndexStats, Code> {
        // SAFETY: a zeroed plain-data struct, written by the library.
        let mut stats: OmenIndexStats = unsafe { std::mem::zeroed() };
        // SAFETY: writable out-pointer.
        check(unsafe { omendb_index_stats(self.0, &mut stats) })?;
        Ok(stats)
    }

    pub fn free(self) {
        // SAFETY: the handle is only looked up.
        unsafe { omendb_index_free(self.0) };
    }
}

/// Scales a default count by 50 when `OMENDB_SOAK=1`.
pub fn soak_scaled(default: u32) -> u32 {
    if std::env::var("OMENDB_SOAK").is_ok_and(|v| v == "1") {
        default * 50
    } else {
        default
    }
}
