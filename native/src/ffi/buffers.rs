//! Buffers handed to C and taken back: value bytes, key arrays and `OmenBatch` arrays are
//! boxed slices turned into raw pointers (empty ones are NULL), plus the process-wide
//! live-object counters behind `omendb_debug_counters`, and the matching free functions.

use std::ptr;
use std::sync::atomic::{AtomicI64, Ordering};

use super::guard::{guarded_result, release_quietly, require_mut};
use super::types::{OmenBatch, OmenDebugCounters, OmenResult};
use crate::db::{check_batch_len, check_value_len};
use crate::error::{ErrorCode, OmenError};

static LIVE_DATABASES: AtomicI64 = AtomicI64::new(0);
static LIVE_INDEXES: AtomicI64 = AtomicI64::new(0);
static LIVE_BUFFERS: AtomicI64 = AtomicI64::new(0);

/// One of the live-object counters.
#[derive(Clone, Copy, Debug)]
pub(crate) enum LiveCount {
    /// Open databases.
    Databases,
    /// Live indexes.
    Indexes,
    /// Buffers, key arrays, batches and strings handed out.
    Buffers,
}

impl LiveCount {
    fn counter(self) -> &'static AtomicI64 {
        match self {
            LiveCount::Databases => &LIVE_DATABASES,
            LiveCount::Indexes => &LIVE_INDEXES,
            LiveCount::Buffers => &LIVE_BUFFERS,
        }
    }

    /// Counts one more live object.
    pub(crate) fn increment(self) {
        self.counter().fetch_add(1, Ordering::Relaxed);
    }

    /// Counts one fewer live object.
    pub(crate) fn decrement(self) {
        self.counter().fetch_sub(1, Ordering::Relaxed);
    }
}

/// Hands a boxed slice to C: NULL for an empty one (not counted), else the raw pointer.
fn slice_into_raw<T>(items: Vec<T>) -> *mut T {
    if items.is_empty() {
        return ptr::null_mut();
    }
    Box::into_raw(items.into_boxed_slice()).cast::<T>()
}

/// Takes back a slice from `slice_into_raw`; NULL is ignored.
///
/// # Safety
/// `ptr` must be NULL or come from `slice_into_raw` with exactly `len` elements, freed once.
unsafe fn slice_from_raw<T>(ptr: *mut T, len: usize) {
    if !ptr.is_null() {
        // SAFETY: per the contract, this is the box `slice_into_raw` leaked.
        drop(unsafe { Box::from_raw(ptr::slice_from_raw_parts_mut(ptr, len)) });
    }
}

/// Hands value bytes to C as `(ptr, len)`; an empty value is `(NULL, 0)`.
pub(crate) fn value_into_raw(value: Vec<u8>) -> (*mut u8, usize) {
    let len = value.len();
    let raw = slice_into_raw(value);
    if !raw.is_null() {
        LiveCount::Buffers.increment();
    }
    (raw, len)
}

/// Checks a get's `(value, len)` out-parameters and clears them, so a failed lookup leaves `(NULL, 0)`.
///
/// # Safety
/// `value` and `len` must be NULL or writable.
pub(crate) unsafe fn clear_value_out(value: *mut *mut u8, len: *mut usize) -> Result<(), OmenError> {
    require_mut(value, "value")?;
    require_mut(len, "len")?;
    // SAFETY: both non-NULL and writable per the contract.
    unsafe {
        value.write(ptr::null_mut());
        len.write(0);
    }
    Ok(())
}

/// Hands a found value to C through out-parameters cleared by `clear_value_out`; returns the
/// pointer for `OmenResult.data`.
///
/// # Safety
/// `value` and `len` must have passed `clear_value_out`.
pub(crate) unsafe fn write_value_out(value: *mut *mut u8, len: *mut usize, found: Vec<u8>) -> *mut std::ffi::c_void {
    let (raw, length) = value_into_raw(found);
    // SAFETY: non-NULL and writable, checked by `clear_value_out`.
    unsafe {
        value.write(raw);
        len.write(length);
    }
    raw.cast()
}

/// Hands a key array to C as `(ptr, count)`; an empty array is `(NULL, 0)`.
pub(crate) fn keys_into_raw(keys: Vec<i64>) -> (*mut i64, usize) {
    let count = keys.len();
    let raw = slice_into_raw(keys);
    if !raw.is_null() {
        LiveCount::Buffers.increment();
    }
    (raw, count)
}

/// Builds a library-owned `OmenBatch` from `(key, value if found)` entries.
pub(crate) fn batch_into_raw<'a>(
    entries: impl ExactSizeIterator<Item = (i64, Option<&'a [u8]>)>,
    has_more: bool,
) -> OmenBatch {
    let count = entries.len();
    let mut keys = Vec::with_capacity(count);
    let mut found = Vec::with_capacity(count);
    let mut offsets = Vec::with_capacity(count + 1);
    let mut data = Vec::new();
    offsets.push(0usize);
    for (key, value) in entries {
        keys.push(key);
        found.push(u8::from(value.is_some()));
        data.extend_from_slice(value.unwrap_or(&[]));
        offsets.push(data.len());
    }
    let data_len = data.len();
    LiveCount::Buffers.increment();
    OmenBatch {
        keys: slice_into_raw(keys),
        found: slice_into_raw(found),
        offsets: slice_into_raw(offsets),
        data: slice_into_raw(data),
        count,
        data_len,
        has_more,
    }
}

/// An all-NULL batch (what `omendb_batch_free` leaves behind).
pub(crate) fn empty_batch() -> OmenBatch {
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

/// Borrows caller bytes: `ptr` may be NULL only when `len` is 0; `len` is bounded.
///
/// # Safety
/// When non-NULL, `ptr` must point to `len` readable bytes that outlive `'a`.
pub(crate) unsafe fn value_from_c<'a>(ptr: *const u8, len: usize, name: &str) -> Result<&'a [u8], OmenError> {
    check_value_len(len)?;
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(OmenError::new(ErrorCode::NullArgument, format!("`{name}` is NULL but its length is {len}")));
    }
    // SAFETY: non-NULL and, per the contract, `len` readable bytes.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Borrows a caller array of `count` elements; NULL is allowed only when `count` is 0.
///
/// # Safety
/// When non-NULL, `ptr` must point to `count` readable elements that outlive `'a`.
pub(crate) unsafe fn array_from_c<'a, T>(ptr: *const T, count: usize, name: &str) -> Result<&'a [T], OmenError> {
    check_batch_len(count)?;
    if count == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(OmenError::new(ErrorCode::NullArgument, format!("`{name}` is NULL but count is {count}")));
    }
    // SAFETY: non-NULL and, per the contract, `count` readable elements.
    Ok(unsafe { std::slice::from_raw_parts(ptr, count) })
}

/// Reads a batch of caller values (`values[i]`, `lens[i]`) into borrowed slices.
///
/// # Safety
/// `values` and `lens` must each point to `count` readable elements (or be NULL when 0), and
/// every `values[i]` to `lens[i]` readable bytes (or be NULL when `lens[i]` is 0).
pub(crate) unsafe fn values_from_c<'a>(
    values: *const *const u8,
    lens: *const usize,
    count: usize,
) -> Result<Vec<&'a [u8]>, OmenError> {
    // SAFETY: forwarded caller contract.
    let pointers = unsafe { array_from_c(values, count, "values") }?;
    // SAFETY: forwarded caller contract.
    let lengths = unsafe { array_from_c(lens, count, "lens") }?;
    pointers
        .iter()
        .zip(lengths)
        .enumerate()
        // SAFETY: forwarded caller contract for each entry.
        .map(|(i, (&p, &len))| unsafe { value_from_c(p, len, &format!("values[{i}]")) })
        .collect()
}

/// Frees a value buffer returned by omendb_storage_get or omendb_index_get. NULL is ignored.
///
/// # Safety
/// `ptr` must be NULL or a buffer from this library with its returned `len`, freed once.
#[no_mangle]
pub unsafe extern "C" fn omendb_buffer_free(ptr: *mut u8, len: usize) {
    if ptr.is_null() {
        return;
    }
    release_quietly(|| {
        // SAFETY: caller contract above.
        unsafe { slice_from_raw(ptr, len) };
        LiveCount::Buffers.decrement();
    });
}

/// Frees a key array returned by omendb_index_range. NULL is ignored.
///
/// # Safety
/// `keys` must be NULL or an array from this library with its returned `count`, freed once.
#[no_mangle]
pub unsafe extern "C" fn omendb_keys_free(keys: *mut i64, count: usize) {
    if keys.is_null() {
        return;
    }
    release_quietly(|| {
        // SAFETY: caller contract above.
        unsafe { slice_from_raw(keys, count) };
        LiveCount::Buffers.decrement();
    });
}

/// Frees the arrays of a batch and zeroes it. A zeroed batch or NULL is ignored.
///
/// # Safety
/// `batch` must be NULL or point to a batch that is zeroed or was filled by this library
/// and not modified since; no other thread may use it concurrently.
#[no_mangle]
pub unsafe extern "C" fn omendb_batch_free(batch: *mut OmenBatch) {
    if batch.is_null() {
        return;
    }
    release_quietly(|| {
        // SAFETY: non-NULL, and the caller grants exclusive access.
        let b = unsafe { &mut *batch };
        if b.offsets.is_null() {
            return;
        }
        // SAFETY: the arrays were built by `batch_into_raw` with these lengths.
        unsafe {
            slice_from_raw(b.keys, b.count);
            slice_from_raw(b.found, b.count);
            slice_from_raw(b.offsets, b.count + 1);
            slice_from_raw(b.data, b.data_len);
        }
        *b = empty_batch();
        LiveCount::Buffers.decrement();
    });
}

/// Reads the process-wide live-object counters.
///
/// # Safety
/// `out` must be NULL or point to writable memory for one `OmenDebugCounters`.
#[no_mangle]
pub unsafe extern "C" fn omendb_debug_counters(out: *mut OmenDebugCounters) -> OmenResult {
    guarded_result(|| {
        require_mut(out, "out")?;
        let counters = OmenDebugCounters {
            live_databases: LIVE_DATABASES.load(Ordering::Relaxed),
            live_indexes: LIVE_INDEXES.load(Ordering::Relaxed),
            live_buffers: LIVE_BUFFERS.load(Ordering::Relaxed),
        };
        // SAFETY: non-NULL and writable per the contract.
        unsafe { out.write(counters) };
        Ok(ptr::null_mut())
    })
}
