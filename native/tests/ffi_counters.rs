//! Process-wide live-object counters. One test in its own
//! binary, so no parallel test disturbs the counters: after every object is released they
//! are back to their starting values.

mod common;

use std::ptr;

use common::{empty_batch, fails, ok};
use omendb::ffi::buffers::*;
use omendb::ffi::db_api::*;
use omendb::ffi::errors::*;
use omendb::ffi::index_api::*;
use omendb::ffi::types::*;

fn counters() -> OmenDebugCounters {
    let mut out = OmenDebugCounters::default();
    // SAFETY: writable out-pointer.
    ok(unsafe { omendb_debug_counters(&mut out) });
    out
}

#[test]
fn counters_track_every_object_and_return_to_zero() {
    // SAFETY: every pointer is valid or deliberately NULL; each object is released once.
    unsafe {
        fails(omendb_debug_counters(ptr::null_mut()), 1);
        let start = counters();
        assert_eq!(start, OmenDebugCounters::default());

        let db = omendb_open(ptr::null(), OMENDB_OPEN_IN_MEMORY);
        let idx = omendb_create_index(1, 100_000);
        ok(omendb_storage_put(db, 1, b"v".as_ptr(), 1));
        ok(omendb_storage_put(db, 2, ptr::null(), 0));
        ok(omendb_index_insert(idx, 1, b"w".as_ptr(), 1));
        let (mut value, mut len) = (ptr::null_mut(), 0usize);
        ok(omendb_storage_get(db, 1, &mut value, &mut len));
        let (mut empty, mut empty_len) = (ptr::null_mut(), 7usize);
        ok(omendb_storage_get(db, 2, &mut empty, &mut empty_len));
        assert!(empty.is_null() && empty_len == 0, "an empty value is (NULL, 0) and not counted");
        let (mut keys, mut count) = (ptr::null_mut(), 0usize);
        ok(omendb_index_range(idx, 0, 10, &mut keys, &mut count));
        let mut batch = empty_batch();
        ok(omendb_storage_range(db, 0, 10, 0, &mut batch));
        fails(omendb_storage_delete(db, 99), 3);
        let message = omendb_last_error_message();
        assert!(!message.is_null());
        assert_eq!(
            counters(),
            OmenDebugCounters { live_databases: 1, live_indexes: 1, live_buffers: 4 }
        );

        omendb_buffer_free(value, len);
        omendb_keys_free(keys, count);
        omendb_batch_free(&mut batch);
        omendb_string_free(message);
        omendb_buffer_free(ptr::null_mut(), 0);
        omendb_string_free(ptr::null_mut());
        omendb_close(db);
        omendb_index_free(idx);
        assert_eq!(counters(), start);
    }
}
