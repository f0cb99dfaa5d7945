//! Sequence fuzz bodies for the pointer+length entry points the single-call bodies leave out:
//! `storage_ops` (open with fuzzed flags/options, then put/get/delete/batch/paged range/flush/
//! stats) and `index_ops` (insert/get/get_many/contains_many/range/merge/stats), NULL buffers and
//! oversize lengths included, checked against a `BTreeMap` model. Shared with the stress tests.

use std::ptr;

use omendb::ffi::buffers::{omendb_buffer_free, omendb_keys_free};
use omendb::ffi::db_api::*;
use omendb::ffi::index_api::*;
use omendb::ffi::errors::omendb_last_error_code;
use omendb::ffi::types::{LearnedIndex, OmenDB, OmenDBStats, OmenIndexStats, OmenOptions, OMENDB_OPEN_IN_MEMORY};

use crate::bodies::{
    build_index, code_of, fuzzed_batch, open_memory, take_batch, zero_batch, Input, Model, INVALID_ARGUMENT,
    NULL_ARGUMENT, OK, OVERSIZE, VALUE_TOO_LARGE,
};

const NOT_FOUND: i32 = 3;
/// Most operations one input runs.
const MAX_STEPS: usize = 64;

/// A value argument decoded from the input: the bytes, the pointer and length passed, and the
/// code the call must give (NULL with a length, or one past the maximum length).
struct ValueArg {
    bytes: Vec<u8>,
    pointer: *const u8,
    len: usize,
    expected: i32,
}

fn value_arg(input: &mut Input<'_>) -> ValueArg {
    let mode = input.u8() % 16;
    let len = usize::from(input.u8() % 48);
    let bytes = input.bytes(len);
    let mut arg = ValueArg { pointer: if len == 0 { ptr::null() } else { bytes.as_ptr() }, len, bytes, expected: OK };
    match mode {
        0 => {
            arg.len = OVERSIZE;
            arg.expected = VALUE_TOO_LARGE;
        }
        1 if len > 0 => {
            arg.pointer = ptr::null();
            arg.expected = NULL_ARGUMENT;
        }
        // A non-NULL pointer with length 0 stores an empty value.
        2 => {
            arg.pointer = arg.bytes.as_ptr();
            arg.len = 0;
            arg.bytes.clear();
        }
        _ => {}
    }
    arg
}

/// Reads a value out-parameter pair filled by a get, frees it, and checks `data` mirrors it.
fn take_value(result_data: *mut std::ffi::c_void, out: *mut u8, len: usize) -> Vec<u8> {
    assert_eq!(result_data.cast::<u8>(), out, "OmenResult.data differs from *value");
    assert_eq!(out.is_null(), len == 0, "value pointer {out:?} with length {len}");
    // SAFETY: a library buffer of `len` bytes (NULL when empty), freed once below.
    let bytes = if len == 0 { Vec::new() } else { unsafe { std::slice::from_raw_parts(out, len) }.to_vec() };
    // SAFETY: as above.
    unsafe { omendb_buffer_free(out, len) };
    bytes
}

/// Opens a memory database through `omendb_open` or `omendb_open_with_options` with fuzzed
/// flags or options; invalid ones must be refused with the documented code and no handle
/// (then a default memory database is used).
fn open_fuzzed(input: &mut Input<'_>) -> *mut OmenDB {
    let mode = input.u8() % 8;
    if mode == 0 {
        let flags = if input.u8().is_multiple_of(4) { input.u32() as i32 } else { i32::from(input.u8() % 4) };
        // SAFETY: a NULL path is allowed; with a known flag set and no IN_MEMORY it is refused.
        let db = unsafe { omendb_open(ptr::null(), flags) };
        let expected = if flags & !3 != 0 {
            INVALID_ARGUMENT
        } else if flags & OMENDB_OPEN_IN_MEMORY == 0 {
            NULL_ARGUMENT
        } else {
            OK
        };
        if expected == OK {
            assert!(!db.is_null(), "omendb_open(NULL, {flags:#x}) failed with {}", omendb_last_error_code());
            return db;
        }
        assert!(db.is_null(), "omendb_open(NULL, {flags:#x}) returned a handle");
        assert_eq!(omendb_last_error_code(), expected, "omendb_open(NULL, {flags:#x})");
        return open_memory();
    }
    let raw = |input: &mut Input<'_>, valid: u8| {
        if input.u8().is_multiple_of(16) { input.u32() as i32 } else { i32::from(input.u8() % valid) }
    };
    let options = OmenOptions {
        engine: if input.u8().is_multiple_of(16) { input.u32() as i32 } else { 1 },
        sync_policy: raw(input, 3),
        hot_tier_capacity: if input.u8().is_multiple_of(8) { u64::from(input.u32()) } else { u64::from(input.u8() % 9) },
        hot_index_kind: raw(input, 6),
    };
    let expected = if !(0..=1).contains(&options.engine)
        || !(0..=1).contains(&options.sync_policy)
        || !(0..=4).contains(&options.hot_index_kind)
    {
        INVALID_ARGUMENT
    } else if options.engine == 0 {
        NULL_ARGUMENT
    } else {
        OK
    };
    let mut db = ptr::dangling_mut::<OmenDB>();
    let options_ptr = if mode == 1 { ptr::null() } else { &options as *const OmenOptions };
    // SAFETY: options readable or NULL (defaults: redb, which needs a path), writable out.
    let result = unsafe { omendb_open_with_options(ptr::null(), options_ptr, &mut db) };
    let expected = if mode == 1 { NULL_ARGUMENT } else { expected };
    assert_eq!(code_of(result.success, result.code), expected, "open_with_options({options:?})");
    if expected == OK {
        assert!(!db.is_null());
        return db;
    }
    assert!(db.is_null(), "a refused open_with_options left a handle");
    open_memory()
}

/// A fuzzed sequence of database calls checked against a model after every step.
pub fn storage_ops(data: &[u8]) {
    let mut input = Input::new(data);
    let db = open_fuzzed(&mut input);
    let mut model = Model::new();
    for _ in 0..MAX_STEPS {
        if input.exhausted() {
            break;
        }
        match input.u8() % 8 {
            0 | 1 => storage_put(db, &mut input, &mut model),
            2 => storage_get(db, &mut input, &model),
            3 => storage_delete(db, &mut input, &mut model),
            4 => {
                let (code, entries) = fuzzed_batch(db, &mut input);
                assert!(code == OK || code == NULL_ARGUMENT || code == VALUE_TOO_LARGE, "batch_write gave {code}");
                model.extend(entries);
            }
            5 => storage_range_pages(db, &mut input, &model),
            6 => {
                // SAFETY: live handle.
                let result = unsafe { omendb_storage_flush(db) };
                assert_eq!(code_of(result.success, result.code), OK, "flush failed");
            }
            _ => storage_stats(db, &mut input, &model),
        }
    }
    // SAFETY: live handle, closed once.
    unsafe { omendb_close(db) };
}

fn storage_put(db: *mut OmenDB, input: &mut Input<'_>, model: &mut Model) {
    let key = input.key();
    let arg = value_arg(input);
    // SAFETY: `pointer` is NULL or valid for `len` bytes; OVERSIZE is refused before reading.
    let result = unsafe { omendb_storage_put(db, key, arg.pointer, arg.len) };
    assert_eq!(code_of(result.success, result.code), arg.expected, "put({key}, len {})", arg.len);
    if arg.expected == OK {
        model.insert(key, arg.bytes);
    }
}

fn storage_get(db: *mut OmenDB, input: &mut Input<'_>, model: &Model) {
    let key = input.key();
    let mode = input.u8() % 8;
    let (mut out, mut len) = (ptr::dangling_mut::<u8>(), 7usize);
    let out_ptr = if mode == 1 { ptr::null_mut() } else { &mut out as *mut *mut u8 };
    let len_ptr = if mode == 2 { ptr::null_mut() } else { &mut len as *mut usize };
    // SAFETY: out-pointers writable or NULL.
    let result = unsafe { omendb_storage_get(db, key, out_ptr, len_ptr) };
    let code = code_of(result.success, result.code);
    if mode == 1 || mode == 2 {
        assert_eq!(code, NULL_ARGUMENT, "get with a NULL out-pointer gave {code}");
        return;
    }
    match model.get(&key) {
        Some(value) => {
            assert_eq!(code, OK, "get({key}) of a stored key gave {code}");
            assert_eq!(&take_value(result.data, out, len), value, "get({key})");
        }
        None => {
            assert_eq!(code, NOT_FOUND, "get({key}) of a missing key gave {code}");
            assert!(out.is_null() && len == 0, "a failed get left its out-parameters set");
        }
    }
}

fn storage_delete(db: *mut OmenDB, input: &mut Input<'_>, model: &mut Model) {
    let key = input.key();
    // SAFETY: live handle.
    let result = unsafe { omendb_storage_delete(db, key) };
    let expected = if model.remove(&key).is_some() { OK } else { NOT_FOUND };
    assert_eq!(code_of(result.success, result.code), expected, "delete({key})");
}

/// A range read page by page (limit 0..=7, 0 meaning no limit) as the header documents:
/// continue from the last key + 1 while `has_more`. The pages must join to the model's range.
fn storage_range_pages(db: *mut OmenDB, input: &mut Input<'_>, model: &Model) {
    let (start, end) = (input.key(), input.key());
    let limit = usize::from(input.u8() % 8);
    if input.u8().is_multiple_of(16) {
        // SAFETY: NULL out is refused.
        let result = unsafe { omendb_storage_range(db, start, end, limit, ptr::null_mut()) };
        assert_eq!(code_of(result.success, result.code), NULL_ARGUMENT, "range with NULL out");
        return;
    }
    let expected: Vec<(i64, Vec<u8>)> =
        if start <= end { model.range(start..=end).map(|(k, v)| (*k, v.clone())).collect() } else { Vec::new() };
    let mut got = Vec::new();
    let mut from = start;
    loop {
        let mut batch = zero_batch();
        // SAFETY: live handle, writable batch.
        let result = unsafe { omendb_storage_range(db, from, end, limit, &mut batch) };
        if start > end {
            assert_eq!(code_of(result.success, result.code), INVALID_ARGUMENT, "range({start}, {end}) accepted");
            return;
        }
        assert_eq!(code_of(result.success, result.code), OK, "range({from}, {end}, {limit})");
        let has_more = batch.has_more;
        let page = take_batch(batch);
        assert!(limit == 0 || page.len() <= limit, "a page of {} entries with limit {limit}", page.len());
        assert!(!has_more || !page.is_empty(), "has_more on an empty page");
        let last = page.last().map(|(k, _)| *k);
        got.extend(page.into_iter().map(|(k, v)| (k, v.expect("range entries are found"))));
        match last {
            Some(last) if has_more && last < end => from = last + 1,
            _ => break,
        }
        assert!(got.len() <= expected.len(), "pages return more entries than the range holds");
    }
    assert_eq!(got, expected, "paged range({start}, {end}, limit {limit})");
}

fn storage_stats(db: *mut OmenDB, input: &mut Input<'_>, model: &Model) {
    if input.u8().is_multiple_of(8) {
        // SAFETY: NULL out is refused.
        let result = unsafe { omendb_storage_stats(db, ptr::null_mut()) };
        assert_eq!(code_of(result.success, result.code), NULL_ARGUMENT, "stats with NULL out");
        return;
    }
    // SAFETY: a zeroed plain-data struct the library fills.
    let mut stats: OmenDBStats = unsafe { std::mem::zeroed() };
    // SAFETY: live handle, writable out.
    let result = unsafe { omendb_storage_stats(db, &mut stats) };
    assert_eq!(code_of(result.success, result.code), OK, "stats failed");
    assert_eq!(stats.num_keys, model.len() as u64, "stats.num_keys");
    assert!(stats.hot_keys <= stats.hot_capacity, "hot tier over capacity");
}

/// A fuzzed sequence of index calls after a fuzzed build, checked against a model.
pub fn index_ops(data: &[u8]) {
    let mut input = Input::new(data);
    let Some((index, mut model)) = build_index(&mut input) else { return };
    for _ in 0..MAX_STEPS {
        if input.exhausted() {
            break;
        }
        match input.u8() % 8 {
            0 | 1 => index_insert(index, &mut input, &mut model),
            2 => index_get(index, &mut input, &model),
            3 => index_get_many(index, &mut input, &model),
            4 => index_contains_many(index, &mut input, &model),
            5 => index_range(index, &mut input, &model),
            6 => {
                // SAFETY: live handle.
                let result = unsafe { omendb_index_merge(index) };
                assert_eq!(code_of(result.success, result.code), OK, "merge failed");
            }
            _ => {
                // SAFETY: a zeroed plain-data struct the library fills; live handle.
                let mut stats: OmenIndexStats = unsafe { std::mem::zeroed() };
                let result = unsafe { omendb_index_stats(index, &mut stats) };
                assert_eq!(code_of(result.success, result.code), OK, "index stats failed");
                assert_eq!(stats.num_keys, model.len() as u64, "index stats.num_keys");
            }
        }
    }
    // SAFETY: live handle, freed once.
    unsafe { omendb_index_free(index) };
}

fn index_insert(index: *mut LearnedIndex, input: &mut Input<'_>, model: &mut Model) {
    let key = input.key();
    let arg = value_arg(input);
    // SAFETY: `pointer` is NULL or valid for `len` bytes; OVERSIZE is refused before reading.
    let result = unsafe { omendb_index_insert(index, key, arg.pointer, arg.len) };
    assert_eq!(code_of(result.success, result.code), arg.expected, "insert({key}, len {})", arg.len);
    if arg.expected == OK {
        model.insert(key, arg.bytes);
    }
}

fn index_get(index: *mut LearnedIndex, input: &mut Input<'_>, model: &Model) {
    let key = input.key();
    let (mut out, mut len) = (ptr::null_mut(), 0usize);
    // SAFETY: writable out-pointers.
    let result = unsafe { omendb_index_get(index, key, &mut out, &mut len) };
    match model.get(&key) {
        Some(value) => {
            assert_eq!(code_of(result.success, result.code), OK, "index get({key}) of a stored key");
            assert_eq!(&take_value(result.data, out, len), value, "index get({key})");
        }
        None => assert_eq!(code_of(result.success, result.code), NOT_FOUND, "index get({key}) of a missing key"),
    }
}

/// Keys to look up, mostly stored ones, and whether to pass a NULL key array.
fn lookup_keys(input: &mut Input<'_>, model: &Model) -> (Vec<i64>, bool) {
    let count = usize::from(input.u8() % 32);
    let stored: Vec<i64> = model.keys().copied().collect();
    let keys = (0..count)
        .map(|_| {
            let pick = input.key();
            if stored.is_empty() || pick % 3 == 0 { pick } else { stored[pick.unsigned_abs() as usize % stored.len()] }
        })
        .collect();
    (keys, count > 0 && input.u8().is_multiple_of(16))
}

fn index_get_many(index: *mut LearnedIndex, input: &mut Input<'_>, model: &Model) {
    let (keys, null_keys) = lookup_keys(input, model);
    let mut batch = zero_batch();
    let keys_ptr = if null_keys { ptr::null() } else { keys.as_ptr() };
    // SAFETY: `keys.len()` keys or NULL; writable batch.
    let result = unsafe { omendb_index_get_many(index, keys_ptr, keys.len(), &mut batch) };
    let code = code_of(result.success, result.code);
    if null_keys {
        assert_eq!(code, NULL_ARGUMENT, "index get_many with NULL keys gave {code}");
        return;
    }
    assert_eq!(code, OK, "index get_many failed");
    let expected: Vec<_> = keys.iter().map(|k| (*k, model.get(k).cloned())).collect();
    assert_eq!(take_batch(batch), expected, "index get_many differs from the model");
}

fn index_contains_many(index: *mut LearnedIndex, input: &mut Input<'_>, model: &Model) {
    let (keys, null_keys) = lookup_keys(input, model);
    let null_found = !keys.is_empty() && input.u8().is_multiple_of(16);
    // One guard byte past the end must stay untouched.
    let mut found = vec![0xeeu8; keys.len() + 1];
    let keys_ptr = if null_keys { ptr::null() } else { keys.as_ptr() };
    let found_ptr = if null_found { ptr::null_mut() } else { found.as_mut_ptr() };
    // SAFETY: `keys.len()` keys and flags (or NULL).
    let result = unsafe { omendb_index_contains_many(index, keys_ptr, keys.len(), found_ptr) };
    let code = code_of(result.success, result.code);
    if null_keys || null_found {
        assert_eq!(code, NULL_ARGUMENT, "contains_many with a NULL array gave {code}");
        return;
    }
    assert_eq!(code, OK, "contains_many failed");
    let expected: Vec<u8> = keys.iter().map(|k| u8::from(model.contains_key(k))).collect();
    assert_eq!(&found[..keys.len()], &expected[..], "contains_many flags");
    assert_eq!(found[keys.len()], 0xee, "contains_many wrote past its buffer");
}

fn index_range(index: *mut LearnedIndex, input: &mut Input<'_>, model: &Model) {
    let (start, end) = (input.key(), input.key());
    let mode = input.u8() % 16;
    let (mut keys, mut count) = (ptr::dangling_mut::<i64>(), 99usize);
    let keys_ptr = if mode == 1 { ptr::null_mut() } else { &mut keys as *mut *mut i64 };
    let count_ptr = if mode == 2 { ptr::null_mut() } else { &mut count as *mut usize };
    // SAFETY: out-pointers writable or NULL.
    let result = unsafe { omendb_index_range(index, start, end, keys_ptr, count_ptr) };
    let code = code_of(result.success, result.code);
    if mode == 1 || mode == 2 {
        assert_eq!(code, NULL_ARGUMENT, "index range with a NULL out-pointer gave {code}");
        return;
    }
    if start > end {
        assert_eq!(code, INVALID_ARGUMENT, "index range({start}, {end}) accepted");
        return;
    }
    assert_eq!(code, OK, "index range({start}, {end}) failed");
    assert_eq!(result.data.cast::<i64>(), keys, "OmenResult.data differs from *keys");
    assert_eq!(keys.is_null(), count == 0, "range keys {keys:?} with count {count}");
    // SAFETY: a library array of `count` keys (NULL when empty), freed once below.
    let got = if count == 0 { Vec::new() } else { unsafe { std::slice::from_raw_parts(keys, count) }.to_vec() };
    // SAFETY: as above.
    unsafe { omendb_keys_free(keys, count) };
    let expected: Vec<i64> = model.range(start..=end).map(|(k, _)| *k).collect();
    assert_eq!(got, expected, "index range({start}, {end})");
}
