//! The learned-index half of the C API called from Rust: create (the seed's call), build,
//! insert/get, get_many, contains_many, range and range_into, merge, stats, free, and the
//! error paths (bad kind, negative capacity, NULLs, start > end, freed handles).

mod common;

use std::ptr;

use common::{empty_batch, fails, ok, read_batch};
use omendb::ffi::buffers::{omendb_batch_free, omendb_buffer_free, omendb_keys_free};
use omendb::ffi::errors::omendb_last_error_code;
use omendb::ffi::index_api::*;
use omendb::ffi::types::*;

const NULL_ARGUMENT: i32 = 1;
const INVALID_HANDLE: i32 = 2;
const NOT_FOUND: i32 = 3;
const INVALID_ARGUMENT: i32 = 4;
const VALUE_TOO_LARGE: i32 = 5;

fn get(idx: *mut LearnedIndex, key: i64) -> Option<Vec<u8>> {
    let (mut value, mut len) = (ptr::null_mut(), 0usize);
    // SAFETY: valid out-pointers.
    let r = unsafe { omendb_index_get(idx, key, &mut value, &mut len) };
    if r.code == NOT_FOUND {
        return None;
    }
    assert_eq!(ok(r), value.cast());
    // SAFETY: `len` bytes at `value`, freed once.
    unsafe {
        let copy = if len == 0 { Vec::new() } else { std::slice::from_raw_parts(value, len).to_vec() };
        omendb_buffer_free(value, len);
        Some(copy)
    }
}

fn range(idx: *mut LearnedIndex, start: i64, end: i64) -> Vec<i64> {
    let (mut keys, mut count) = (ptr::null_mut(), 0usize);
    // SAFETY: valid out-pointers; the array is freed once.
    unsafe {
        assert_eq!(ok(omendb_index_range(idx, start, end, &mut keys, &mut count)), keys.cast());
        let copy = if count == 0 { Vec::new() } else { std::slice::from_raw_parts(keys, count).to_vec() };
        omendb_keys_free(keys, count);
        copy
    }
}

#[test]
fn seed_create_insert_get_range_for_every_kind() {
    for kind in 0..=4 {
        // SAFETY: no pointers.
        let idx = unsafe { omendb_create_index(kind, 100_000) };
        assert!(!idx.is_null(), "kind {kind}");
        for k in (0..2000i64).rev() {
            let v = (k * 3).to_le_bytes();
            // SAFETY: valid slice.
            ok(unsafe { omendb_index_insert(idx, k * 2, v.as_ptr(), v.len()) });
        }
        assert_eq!(get(idx, 10), Some(15i64.to_le_bytes().to_vec()));
        assert_eq!(get(idx, 11), None);
        assert_eq!(range(idx, 7, 15), vec![8, 10, 12, 14]);
        assert!(range(idx, 5000, 6000).is_empty());
        // SAFETY: valid handle and out-pointer.
        unsafe {
            ok(omendb_index_merge(idx));
            let mut stats = std::mem::zeroed::<OmenIndexStats>();
            ok(omendb_index_stats(idx, &mut stats));
            assert_eq!(stats.num_keys, 2000);
            assert_eq!(stats.delta_keys, 0);
            assert_eq!(stats.kind, if kind == 0 { 3 } else { kind });
            omendb_index_free(idx);
        }
        assert_eq!(omendb_last_error_code(), 0);
    }
}

#[test]
fn build_then_batch_lookups() {
    let keys = [50i64, 10, 30, 10];
    let bodies: [&[u8]; 4] = [b"fifty", b"ten", b"thirty", b"TEN"];
    let mut values: Vec<*const u8> = bodies.iter().map(|b| b.as_ptr()).collect();
    let lens: Vec<usize> = bodies.iter().map(|b| b.len()).collect();
    let mut idx = ptr::null_mut();
    // SAFETY: arrays valid for 4 entries; batches and handles freed once.
    unsafe {
        ok(omendb_index_build(3, 0, keys.as_ptr(), values.as_mut_ptr(), lens.as_ptr(), 4, &mut idx));
        assert_eq!(get(idx, 10).as_deref(), Some(&b"TEN"[..]), "the last duplicate wins");
        let mut stats = std::mem::zeroed::<OmenIndexStats>();
        ok(omendb_index_stats(idx, &mut stats));
        assert_eq!((stats.kind, stats.epsilon, stats.num_keys), (3, 64, 3));

        let wanted = [30i64, 31, 50];
        let mut batch = empty_batch();
        ok(omendb_index_get_many(idx, wanted.as_ptr(), 3, &mut batch));
        assert_eq!(read_batch(&batch), vec![(30, Some(b"thirty".to_vec())), (31, None), (50, Some(b"fifty".to_vec()))]);
        omendb_batch_free(&mut batch);

        let mut found = [9u8; 3];
        ok(omendb_index_contains_many(idx, wanted.as_ptr(), 3, found.as_mut_ptr()));
        assert_eq!(found, [1, 0, 1]);

        let mut out = [0i64; 2];
        let (mut written, mut total) = (0usize, 0usize);
        ok(omendb_index_range_into(idx, 0, 100, out.as_mut_ptr(), 2, &mut written, &mut total));
        assert_eq!((out, written, total), ([10, 30], 2, 3));
        ok(omendb_index_range_into(idx, 31, 100, out.as_mut_ptr(), 2, &mut written, ptr::null_mut()));
        assert_eq!((out[0], written), (50, 1));
        ok(omendb_index_range_into(idx, 0, 100, ptr::null_mut(), 0, &mut written, &mut total));
        assert_eq!((written, total), (0, 3));
        omendb_index_free(idx);

        let mut keys_only = ptr::null_mut();
        ok(omendb_index_build(4, 0, keys.as_ptr(), ptr::null_mut(), ptr::null(), 4, &mut keys_only));
        assert_eq!(get(keys_only, 50), Some(Vec::new()));
        omendb_index_free(keys_only);
    }
}

#[test]
fn index_error_paths() {
    // SAFETY: pointers are valid or deliberately NULL; handles are only looked up.
    unsafe {
        assert!(omendb_create_index(5, 10).is_null());
        assert_eq!(omendb_last_error_code(), INVALID_ARGUMENT);
        assert!(omendb_create_index(-1, 10).is_null());
        assert!(omendb_create_index(1, -1).is_null());
        assert_eq!(omendb_last_error_code(), INVALID_ARGUMENT);

        let mut idx = ptr::null_mut();
        let keys = [1i64];
        fails(omendb_index_build(9, 0, keys.as_ptr(), ptr::null_mut(), ptr::null(), 1, &mut idx), INVALID_ARGUMENT);
        fails(omendb_index_build(1, 0, ptr::null(), ptr::null_mut(), ptr::null(), 1, &mut idx), NULL_ARGUMENT);
        fails(omendb_index_build(1, 0, keys.as_ptr(), ptr::null_mut(), ptr::null(), 1, ptr::null_mut()), NULL_ARGUMENT);
        let mut values = [b"x".as_ptr()];
        fails(omendb_index_build(1, 0, keys.as_ptr(), values.as_mut_ptr(), ptr::null(), 1, &mut idx), NULL_ARGUMENT);
        let huge = [usize::MAX];
        fails(omendb_index_build(1, 0, keys.as_ptr(), values.as_mut_ptr(), huge.as_ptr(), 1, &mut idx), VALUE_TOO_LARGE);

        let idx = omendb_create_index(1, 0);
        fails(omendb_index_insert(idx, 1, ptr::null(), 1), NULL_ARGUMENT);
        fails(omendb_index_insert(idx, 1, b"x".as_ptr(), 16 * 1024 * 1024 + 1), VALUE_TOO_LARGE);
        let (mut k, mut n) = (ptr::null_mut(), 0usize);
        fails(omendb_index_range(idx, 2, 1, &mut k, &mut n), INVALID_ARGUMENT);
        fails(omendb_index_range(idx, 1, 2, ptr::null_mut(), &mut n), NULL_ARGUMENT);
        fails(omendb_index_range_into(idx, 1, 2, ptr::null_mut(), 4, &mut n, ptr::null_mut()), NULL_ARGUMENT);
        fails(omendb_index_range_into(idx, 3, 2, ptr::null_mut(), 0, &mut n, ptr::null_mut()), INVALID_ARGUMENT);
        fails(omendb_index_contains_many(idx, keys.as_ptr(), 1, ptr::null_mut()), NULL_ARGUMENT);
        fails(omendb_index_stats(idx, ptr::null_mut()), NULL_ARGUMENT);
        fails(omendb_index_get_many(idx, keys.as_ptr(), 1, ptr::null_mut()), NULL_ARGUMENT);
        let mut len = 0usize;
        fails(omendb_index_get(idx, 1, ptr::null_mut(), &mut len), NULL_ARGUMENT);
        omendb_index_free(idx);

        fails(omendb_index_merge(idx), INVALID_HANDLE);
        fails(omendb_index_insert(idx, 1, ptr::null(), 0), INVALID_HANDLE);
        omendb_index_free(idx);
        assert_eq!(omendb_last_error_code(), INVALID_HANDLE, "double free is recorded");
        omendb_index_free(ptr::null_mut());
        assert_eq!(omendb_last_error_code(), INVALID_HANDLE);
        fails(omendb_index_merge(ptr::null_mut()), NULL_ARGUMENT);
        let db = omendb::ffi::db_api::omendb_open(ptr::null(), OMENDB_OPEN_IN_MEMORY);
        fails(omendb_index_merge(db.cast()), INVALID_HANDLE);
        omendb::ffi::db_api::omendb_close(db);
    }
}
