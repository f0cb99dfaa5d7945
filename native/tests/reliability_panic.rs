//! The panic path: a panic inside an entry point (raised by the debug-build hook
//! `OMENDB_DEBUG_PANIC_KEY`, while the database's writer lock or the index's write lock is
//! held) comes back as OMEN_ERR_INTERNAL with a message, the process survives, and the same
//! handle keeps working. In release builds the hook does not exist and the call succeeds.

mod common;

use std::ptr;
use std::sync::Once;

use common::{fails, last_message, ok};
use omendb::error::DEBUG_PANIC_KEY_VAR;
use omendb::ffi::buffers::omendb_buffer_free;
use omendb::ffi::db_api::{omendb_close, omendb_open, omendb_storage_get, omendb_storage_put};
use omendb::ffi::index_api::{omendb_create_index, omendb_index_free, omendb_index_get, omendb_index_insert};
use omendb::ffi::types::OMENDB_OPEN_IN_MEMORY;

const INTERNAL: i32 = 99;
const NOT_FOUND: i32 = 3;
/// The key that trips the hook; no other test in this process uses it.
const PANIC_KEY: i64 = i64::MIN + 4242;

/// Arms the hook before any library call reads it (it is read once per process).
fn arm_hook() {
    static ARM: Once = Once::new();
    ARM.call_once(|| std::env::set_var(DEBUG_PANIC_KEY_VAR, PANIC_KEY.to_string()));
}

fn copy_out(value: *mut u8, len: usize) -> Vec<u8> {
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

#[test]
fn a_panic_in_a_database_call_is_internal_and_the_handle_survives() {
    arm_hook();
    // SAFETY: in-memory open ignores the path.
    let db = unsafe { omendb_open(ptr::null(), OMENDB_OPEN_IN_MEMORY) };
    assert!(!db.is_null(), "{}", last_message());
    // SAFETY: live handle; slices valid for their lengths; out-pointers writable.
    unsafe {
        ok(omendb_storage_put(db, 1, b"before".as_ptr(), 6));
        let result = omendb_storage_put(db, PANIC_KEY, b"boom".as_ptr(), 4);
        if cfg!(debug_assertions) {
            fails(result, INTERNAL);
            let message = last_message();
            assert!(message.contains("panic caught at the C boundary"), "{message}");
            assert!(message.contains("Database::put"), "{message}");
            let (mut value, mut len) = (ptr::null_mut(), 0);
            fails(omendb_storage_get(db, PANIC_KEY, &mut value, &mut len), NOT_FOUND);
        } else {
            ok(result);
        }
        // The writer lock was held during the panic: later writes and reads still work.
        ok(omendb_storage_put(db, 2, b"after".as_ptr(), 5));
        let (mut value, mut len) = (ptr::null_mut(), 0);
        ok(omendb_storage_get(db, 1, &mut value, &mut len));
        assert_eq!(copy_out(value, len), b"before");
        ok(omendb_storage_get(db, 2, &mut value, &mut len));
        assert_eq!(copy_out(value, len), b"after");
        omendb_close(db);
    }
}

#[test]
fn a_panic_under_the_index_write_lock_is_internal_and_the_index_survives() {
    arm_hook();
    for kind in 0..=4 {
        // SAFETY: no pointers.
        let idx = unsafe { omendb_create_index(kind, 16) };
        assert!(!idx.is_null());
        // SAFETY: live handle; slices valid; out-pointers writable.
        unsafe {
            ok(omendb_index_insert(idx, 10, b"ten".as_ptr(), 3));
            let result = omendb_index_insert(idx, PANIC_KEY, b"boom".as_ptr(), 4);
            if cfg!(debug_assertions) {
                fails(result, INTERNAL);
                assert!(last_message().contains("omendb_index_insert"));
            } else {
                ok(result);
            }
            ok(omendb_index_insert(idx, 11, b"eleven".as_ptr(), 6));
            let (mut value, mut len) = (ptr::null_mut(), 0);
            ok(omendb_index_get(idx, 10, &mut value, &mut len));
            assert_eq!(copy_out(value, len), b"ten", "kind {kind}");
            ok(omendb_index_get(idx, 11, &mut value, &mut len));
            assert_eq!(copy_out(value, len), b"eleven", "kind {kind}");
            omendb_index_free(idx);
        }
    }
}
