//! The database half of the C API called from Rust: open variants, put/get/delete, batches,
//! ranges, stats, durability across reopen, and every error path (NULLs, closed handles,
//! bad flags and options, too-large values, start > end, locked and invalid paths).

mod common;

use std::ptr;

use common::{c_path, empty_batch, fails, last_message, ok, read_batch};
use omendb::ffi::buffers::{omendb_batch_free, omendb_buffer_free};
use omendb::ffi::db_api::*;
use omendb::ffi::errors::omendb_last_error_code;
use omendb::ffi::types::*;

const NULL_ARGUMENT: i32 = 1;
const INVALID_HANDLE: i32 = 2;
const NOT_FOUND: i32 = 3;
const INVALID_ARGUMENT: i32 = 4;
const VALUE_TOO_LARGE: i32 = 5;
const LOCKED: i32 = 8;
const INVALID_PATH: i32 = 9;

fn get(db: *mut OmenDB, key: i64) -> Option<Vec<u8>> {
    let (mut value, mut len) = (ptr::null_mut(), 0usize);
    // SAFETY: valid out-pointers.
    let r = unsafe { omendb_storage_get(db, key, &mut value, &mut len) };
    if r.code == NOT_FOUND {
        return None;
    }
    assert_eq!(ok(r), value.cast());
    if len == 0 {
        assert!(value.is_null());
        return Some(Vec::new());
    }
    // SAFETY: the library returned `len` bytes at `value`.
    let copy = unsafe { std::slice::from_raw_parts(value, len) }.to_vec();
    // SAFETY: freed once with its length.
    unsafe { omendb_buffer_free(value, len) };
    Some(copy)
}

fn put(db: *mut OmenDB, key: i64, value: &[u8]) {
    // SAFETY: the slice is valid for its length.
    ok(unsafe { omendb_storage_put(db, key, value.as_ptr(), value.len()) });
}

#[test]
fn file_database_round_trip_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = c_path(&dir.path().join("seed.omen"));
    // SAFETY: valid C string.
    let db = unsafe { omendb_open(path.as_ptr(), 0) };
    assert!(!db.is_null(), "{}", last_message());
    put(db, 42, b"answer");
    put(db, -1, b"");
    assert_eq!(get(db, 42).as_deref(), Some(&b"answer"[..]));
    assert_eq!(get(db, -1), Some(Vec::new()));
    assert_eq!(get(db, 7), None);
    assert_eq!(omendb_last_error_code(), NOT_FOUND);
    // SAFETY: live handle.
    unsafe { omendb_close(db) };

    // SAFETY: valid C string.
    let db = unsafe { omendb_open(path.as_ptr(), 0) };
    assert!(!db.is_null());
    assert_eq!(get(db, 42).as_deref(), Some(&b"answer"[..]));
    // SAFETY: live handle.
    unsafe {
        ok(omendb_storage_delete(db, 42));
        fails(omendb_storage_delete(db, 42), NOT_FOUND);
        omendb_close(db);
    }
}

#[test]
fn no_sync_writes_are_durable_after_flush_and_close() {
    let dir = tempfile::tempdir().unwrap();
    let path = c_path(&dir.path().join("nosync.omen"));
    // SAFETY: valid C string.
    let db = unsafe { omendb_open(path.as_ptr(), OMENDB_OPEN_NO_SYNC) };
    assert!(!db.is_null());
    put(db, 1, b"one");
    // SAFETY: live handle.
    unsafe {
        ok(omendb_storage_flush(db));
        omendb_close(db);
    }
    // SAFETY: valid C string.
    let db = unsafe { omendb_open(path.as_ptr(), 0) };
    assert_eq!(get(db, 1).as_deref(), Some(&b"one"[..]));
    let mut stats = std::mem::MaybeUninit::<OmenDBStats>::uninit();
    // SAFETY: live handle, writable out.
    let stats = unsafe {
        ok(omendb_storage_stats(db, stats.as_mut_ptr()));
        stats.assume_init()
    };
    assert_eq!(stats.engine, OmenEngine::OMEN_ENGINE_REDB as i32);
    assert_eq!(stats.num_keys, 1);
    assert!(stats.file_bytes > 0);
    // SAFETY: live handle.
    unsafe { omendb_close(db) };
}

#[test]
fn open_errors_are_reported_with_null_handles() {
    let dir = tempfile::tempdir().unwrap();
    let file = c_path(&dir.path().join("x.omen"));
    // SAFETY: every argument is a valid C string or NULL.
    unsafe {
        assert!(omendb_open(ptr::null(), 0).is_null());
        assert_eq!(omendb_last_error_code(), NULL_ARGUMENT);
        assert!(omendb_open(file.as_ptr(), 8).is_null());
        assert_eq!(omendb_last_error_code(), INVALID_ARGUMENT);
        let dir_path = c_path(dir.path());
        assert!(omendb_open(dir_path.as_ptr(), 0).is_null());
        assert_eq!(omendb_last_error_code(), INVALID_PATH);
        assert!(omendb_open(c"".as_ptr(), 0).is_null());
        assert_eq!(omendb_last_error_code(), INVALID_PATH);
        assert!(omendb_open(c"\xff\xfe.omen".as_ptr(), 0).is_null());
        assert_eq!(omendb_last_error_code(), INVALID_PATH);

        let first = omendb_open(file.as_ptr(), 0);
        assert!(!first.is_null());
        assert!(omendb_open(file.as_ptr(), 0).is_null());
        assert_eq!(omendb_last_error_code(), LOCKED);
        assert!(last_message().contains("locked"));
        omendb_close(first);
        let again = omendb_open(file.as_ptr(), 0);
        assert!(!again.is_null(), "close must release the file lock");
        omendb_close(again);
    }
}

#[test]
fn open_with_options_validates_and_applies_options() {
    let mut db = ptr::null_mut();
    let mut options = OmenOptions { engine: 1, sync_policy: 0, hot_tier_capacity: 4, hot_index_kind: 4 };
    // SAFETY: valid pointers throughout.
    unsafe {
        fails(omendb_open_with_options(ptr::null(), &options, ptr::null_mut()), NULL_ARGUMENT);
        ok(omendb_open_with_options(ptr::null(), &options, &mut db));
        assert!(!db.is_null());
        for k in 0..10 {
            put(db, k, &[k as u8]);
            assert_eq!(get(db, k), Some(vec![k as u8]));
        }
        assert_eq!(get(db, 9), Some(vec![9]));
        let mut stats = std::mem::zeroed::<OmenDBStats>();
        ok(omendb_storage_stats(db, &mut stats));
        assert_eq!((stats.engine, stats.hot_capacity, stats.hot_keys), (1, 4, 4));
        assert_eq!((stats.hot_hits, stats.hot_misses, stats.file_bytes), (1, 10, 0));
        fails(omendb_storage_stats(db, ptr::null_mut()), NULL_ARGUMENT);
        omendb_close(db);

        for bad in [
            OmenOptions { engine: 2, ..options },
            OmenOptions { sync_policy: 7, ..options },
            OmenOptions { hot_index_kind: 5, ..options },
        ] {
            let mut out = 0x10 as *mut OmenDB;
            fails(omendb_open_with_options(ptr::null(), &bad, &mut out), INVALID_ARGUMENT);
            assert!(out.is_null(), "out_db is cleared on failure");
        }
        options.engine = 0;
        fails(omendb_open_with_options(ptr::null(), &options, &mut db), NULL_ARGUMENT);
        let dir = tempfile::tempdir().unwrap();
        let path = c_path(&dir.path().join("defaults.omen"));
        ok(omendb_open_with_options(path.as_ptr(), ptr::null(), &mut db));
        let mut stats = std::mem::zeroed::<OmenDBStats>();
        ok(omendb_storage_stats(db, &mut stats));
        assert_eq!((stats.engine, stats.sync_policy, stats.hot_capacity), (0, 0, 65536));
        omendb_close(db);
    }
}

#[test]
fn closed_null_and_foreign_handles_are_errors() {
    // SAFETY: handles are only looked up, never dereferenced.
    unsafe {
        let db = omendb_open(ptr::null(), OMENDB_OPEN_IN_MEMORY);
        assert!(!db.is_null());
        omendb_close(db);
        fails(omendb_storage_put(db, 1, ptr::null(), 0), INVALID_HANDLE);
        fails(omendb_storage_flush(db), INVALID_HANDLE);
        omendb_close(db);
        assert_eq!(omendb_last_error_code(), INVALID_HANDLE, "double close is recorded");
        omendb_close(ptr::null_mut());
        assert_eq!(omendb_last_error_code(), INVALID_HANDLE);
        fails(omendb_storage_delete(ptr::null_mut(), 1), NULL_ARGUMENT);
        let foreign = 0xdead_beef_usize as *mut OmenDB;
        fails(omendb_storage_flush(foreign), INVALID_HANDLE);
        let index = omendb::ffi::index_api::omendb_create_index(1, 0);
        fails(omendb_storage_flush(index.cast()), INVALID_HANDLE);
        omendb::ffi::index_api::omendb_index_free(index);
    }
}

#[test]
fn argument_errors_on_a_live_database() {
    // SAFETY: pointers are valid or deliberately NULL.
    unsafe {
        let db = omendb_open(ptr::null(), OMENDB_OPEN_IN_MEMORY);
        fails(omendb_storage_put(db, 1, ptr::null(), 3), NULL_ARGUMENT);
        let big = vec![0u8; 16 * 1024 * 1024 + 1];
        fails(omendb_storage_put(db, 1, big.as_ptr(), big.len()), VALUE_TOO_LARGE);
        ok(omendb_storage_put(db, 1, big.as_ptr(), big.len() - 1));
        let mut len = 0usize;
        fails(omendb_storage_get(db, 1, ptr::null_mut(), &mut len), NULL_ARGUMENT);
        let mut batch = empty_batch();
        fails(omendb_storage_range(db, 5, 4, 0, &mut batch), INVALID_ARGUMENT);
        fails(omendb_storage_range(db, 0, 4, 0, ptr::null_mut()), NULL_ARGUMENT);
        fails(omendb_storage_get_many(db, ptr::null(), 2, &mut batch), NULL_ARGUMENT);
        let keys = [1i64];
        fails(omendb_storage_batch_write(db, keys.as_ptr(), ptr::null_mut(), ptr::null(), 1), NULL_ARGUMENT);
        fails(omendb_storage_batch_write(db, ptr::null(), ptr::null_mut(), ptr::null(), usize::MAX), VALUE_TOO_LARGE);
        ok(omendb_storage_batch_write(db, ptr::null(), ptr::null_mut(), ptr::null(), 0));
        omendb_close(db);
    }
}

#[test]
fn batch_write_get_many_and_paged_range() {
    // SAFETY: arrays are valid for `count` elements; batches are freed once.
    unsafe {
        let db = omendb_open(ptr::null(), OMENDB_OPEN_IN_MEMORY);
        let keys = [30i64, 10, 20, 10];
        let bodies: [&[u8]; 4] = [b"thirty", b"ten", b"", b"TEN"];
        let mut values: Vec<*const u8> = bodies.iter().map(|b| if b.is_empty() { ptr::null() } else { b.as_ptr() }).collect();
        let lens: Vec<usize> = bodies.iter().map(|b| b.len()).collect();
        ok(omendb_storage_batch_write(db, keys.as_ptr(), values.as_mut_ptr(), lens.as_ptr(), 4));

        let wanted = [10i64, 15, 20];
        let mut batch = empty_batch();
        ok(omendb_storage_get_many(db, wanted.as_ptr(), 3, &mut batch));
        assert_eq!(
            read_batch(&batch),
            vec![(10, Some(b"TEN".to_vec())), (15, None), (20, Some(Vec::new()))]
        );
        assert_eq!(batch.data_len, 3);
        omendb_batch_free(&mut batch);
        assert!(batch.keys.is_null() && batch.offsets.is_null() && batch.count == 0);
        omendb_batch_free(&mut batch);
        omendb_batch_free(ptr::null_mut());

        ok(omendb_storage_range(db, i64::MIN, i64::MAX, 2, &mut batch));
        assert_eq!(read_batch(&batch), vec![(10, Some(b"TEN".to_vec())), (20, Some(Vec::new()))]);
        assert!(batch.has_more);
        let next = *batch.keys.add(1) + 1;
        omendb_batch_free(&mut batch);
        ok(omendb_storage_range(db, next, i64::MAX, 2, &mut batch));
        assert_eq!(read_batch(&batch), vec![(30, Some(b"thirty".to_vec()))]);
        assert!(!batch.has_more);
        omendb_batch_free(&mut batch);
        ok(omendb_storage_range(db, 11, 19, 0, &mut batch));
        assert_eq!(batch.count, 0);
        omendb_batch_free(&mut batch);
        omendb_close(db);
    }
}

#[test]
fn concurrent_calls_and_close_from_threads() {
    // SAFETY: the handle is shared as a token; every call checks it.
    let db = unsafe { omendb_open(ptr::null(), OMENDB_OPEN_IN_MEMORY) } as usize;
    let workers: Vec<_> = (0..4i64)
        .map(|t| {
            std::thread::spawn(move || {
                let db = db as *mut OmenDB;
                for k in 0..500 {
                    let key = t * 1000 + k;
                    // SAFETY: see above; a closed handle is an error, not UB.
                    let r = unsafe { omendb_storage_put(db, key, key.to_le_bytes().as_ptr(), 8) };
                    if !r.success {
                        assert_eq!(r.code, INVALID_HANDLE);
                        return;
                    }
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let mut stats = unsafe { std::mem::zeroed::<OmenDBStats>() };
    // SAFETY: live handle.
    unsafe {
        ok(omendb_storage_stats(db as *mut OmenDB, &mut stats));
        omendb_close(db as *mut OmenDB);
    }
    assert_eq!(stats.num_keys, 2000);
}
