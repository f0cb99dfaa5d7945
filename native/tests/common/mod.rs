//! Helpers shared by the `ffi_*` integration tests: result checks, C strings, batch reading.
#![allow(dead_code)]

use std::ffi::{CStr, CString};
use std::path::Path;

use omendb::ffi::errors::{omendb_last_error_code, omendb_last_error_message, omendb_string_free};
use omendb::ffi::types::{OmenBatch, OmenResult};

/// Asserts success and returns the result's data pointer.
pub fn ok(result: OmenResult) -> *mut std::ffi::c_void {
    assert!(result.success, "call failed with code {}: {}", result.code, last_message());
    assert_eq!(result.code, 0);
    assert!(result.error_msg.is_null());
    result.data
}

/// Asserts failure with `code`, a static message, and the same thread-local last error.
pub fn fails(result: OmenResult, code: i32) {
    assert!(!result.success, "expected code {code}, the call succeeded");
    assert_eq!(result.code, code, "message: {}", last_message());
    assert!(!result.error_msg.is_null());
    assert_eq!(omendb_last_error_code(), code);
}

/// The thread's last error message ("" when none), freed after reading.
pub fn last_message() -> String {
    let raw = omendb_last_error_message();
    if raw.is_null() {
        return String::new();
    }
    // SAFETY: a NUL-terminated string from the library, freed once below.
    let text = unsafe { CStr::from_ptr(raw) }.to_string_lossy().into_owned();
    // SAFETY: as above.
    unsafe { omendb_string_free(raw) };
    text
}

/// A C string for a path.
pub fn c_path(path: &Path) -> CString {
    CString::new(path.to_str().unwrap()).unwrap()
}

/// Reads a library batch as `(key, value if found)` pairs.
pub fn read_batch(batch: &OmenBatch) -> Vec<(i64, Option<Vec<u8>>)> {
    (0..batch.count)
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
        .collect()
}

/// A zeroed batch for the library to fill.
pub fn empty_batch() -> OmenBatch {
    OmenBatch {
        keys: std::ptr::null_mut(),
        found: std::ptr::null_mut(),
        offsets: std::ptr::null_mut(),
        data: std::ptr::null_mut(),
        count: 0,
        data_len: 0,
        has_more: false,
    }
}
