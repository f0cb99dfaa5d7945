//! Fuzz bodies for the C entry points that take pointers and lengths (batch_write, get_many,
//! index_build, range_into) and for opening arbitrary bytes as a database file. Each body
//! decodes its input into a call (NULL pointers, odd counts, oversize lengths included),
//! checks the result code and the data against a `BTreeMap` model, and panics on a mismatch.
//! Used by the cargo-fuzz targets and, on stable Rust, by `tests/reliability_fuzz_stress.rs`.

use std::collections::BTreeMap;
use std::ffi::CString;
use std::path::{Path, PathBuf};
use std::ptr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use omendb::ffi::buffers::{omendb_batch_free, omendb_buffer_free};
use omendb::ffi::db_api::*;
use omendb::ffi::errors::omendb_last_error_code;
use omendb::ffi::index_api::*;
use omendb::ffi::types::{LearnedIndex, OmenBatch, OmenDB, OmenIndexStats, OMENDB_OPEN_IN_MEMORY};

pub(crate) const OK: i32 = 0;
pub(crate) const NULL_ARGUMENT: i32 = 1;
pub(crate) const INVALID_ARGUMENT: i32 = 4;
pub(crate) const VALUE_TOO_LARGE: i32 = 5;
const IO: i32 = 6;
const CORRUPTED: i32 = 7;
/// First bytes of every redb file.
const REDB_MAGIC: &[u8] = b"redb";
/// Size of the redb header region (the rest of the file holds pages).
const HEADER_BYTES: usize = 4096;
/// One past OMENDB_MAX_VALUE_LEN: the library must refuse it without reading the bytes.
pub(crate) const OVERSIZE: usize = 16 * 1024 * 1024 + 1;

pub(crate) type Model = BTreeMap<i64, Vec<u8>>;

/// Reads fuzz bytes as typed fields; past the end every field reads as zero.
pub(crate) struct Input<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Input<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Input<'a> {
        Input { data, pos: 0 }
    }

    pub(crate) fn u8(&mut self) -> u8 {
        let byte = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        byte
    }

    pub(crate) fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }

    fn i64_raw(&mut self) -> i64 {
        (u64::from(self.u32()) | (u64::from(self.u32()) << 32)) as i64
    }

    /// A key: mostly from a small space (so keys collide), sometimes any 64-bit value.
    pub(crate) fn key(&mut self) -> i64 {
        match self.u8() % 8 {
            0 => self.i64_raw(),
            1 => [i64::MIN, i64::MAX, 0, -1][usize::from(self.u8() % 4)],
            _ => i64::from(self.u8() as i8),
        }
    }

    pub(crate) fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.u8()).collect()
    }

    pub(crate) fn exhausted(&self) -> bool {
        self.pos >= self.data.len()
    }
}

pub(crate) fn code_of(success: bool, code: i32) -> i32 {
    if success {
        assert_eq!(code, OK, "success with a non-zero code");
        OK
    } else {
        assert_ne!(code, OK, "failure with code 0");
        assert_eq!(omendb_last_error_code(), code, "last error disagrees with the result");
        code
    }
}

pub(crate) fn zero_batch() -> OmenBatch {
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

/// Copies a library batch out (key, value when found) and frees it.
pub(crate) fn take_batch(mut batch: OmenBatch) -> Vec<(i64, Option<Vec<u8>>)> {
    let entries = (0..batch.count)
        .map(|i| {
            // SAFETY: the library filled `count` keys/flags and `count + 1` offsets.
            unsafe {
                let key = *batch.keys.add(i);
                if *batch.found.add(i) == 0 {
                    return (key, None);
                }
                let (a, b) = (*batch.offsets.add(i), *batch.offsets.add(i + 1));
                assert!(a <= b && b <= batch.data_len, "offsets out of bounds");
                let value = if a == b { Vec::new() } else { std::slice::from_raw_parts(batch.data.add(a), b - a).to_vec() };
                (key, Some(value))
            }
        })
        .collect();
    // SAFETY: a batch filled by the library, freed once.
    unsafe { omendb_batch_free(&mut batch) };
    entries
}

pub(crate) fn open_memory() -> *mut OmenDB {
    // SAFETY: in-memory open ignores the path.
    let db = unsafe { omendb_open(ptr::null(), OMENDB_OPEN_IN_MEMORY) };
    assert!(!db.is_null(), "in-memory open failed");
    db
}

pub(crate) fn scan(db: *mut OmenDB) -> Result<Model, i32> {
    let mut batch = zero_batch();
    // SAFETY: live handle, writable batch.
    let result = unsafe { omendb_storage_range(db, i64::MIN, i64::MAX, 0, &mut batch) };
    if code_of(result.success, result.code) != OK {
        return Err(result.code);
    }
    Ok(take_batch(batch).into_iter().map(|(k, v)| (k, v.expect("range entries are found"))).collect())
}

/// Writes a batch decoded from `input`; returns the expected code and, on success, the entries.
pub(crate) fn fuzzed_batch(db: *mut OmenDB, input: &mut Input<'_>) -> (i32, Vec<(i64, Vec<u8>)>) {
    let count = usize::from(input.u8() % 48);
    let mode = input.u8();
    let keys: Vec<i64> = (0..count).map(|_| input.key()).collect();
    let values: Vec<Vec<u8>> = (0..count).map(|_| {
        let len = usize::from(input.u8() % 40);
        input.bytes(len)
    }).collect();
    let mut lens: Vec<usize> = values.iter().map(Vec::len).collect();
    let mut pointers: Vec<*const u8> =
        values.iter().map(|v| if v.is_empty() { ptr::null() } else { v.as_ptr() }).collect();
    let mut expected = OK;
    if count > 0 {
        let victim = usize::from(input.u8()) % count;
        match mode % 8 {
            0 => {
                lens[victim] = OVERSIZE;
                expected = VALUE_TOO_LARGE;
            }
            1 if lens[victim] > 0 => {
                pointers[victim] = ptr::null();
                expected = NULL_ARGUMENT;
            }
            _ => {}
        }
    }
    let null_keys = count > 0 && mode % 16 == 9;
    let null_values = count > 0 && mode % 16 == 10;
    let null_lens = count > 0 && mode % 16 == 11;
    if null_keys || null_values || null_lens {
        expected = NULL_ARGUMENT;
    }
    // SAFETY: each array has `count` elements (or is NULL), each value pointer is NULL or
    // valid for its length; OVERSIZE lengths are refused before any byte is read.
    let result = unsafe {
        omendb_storage_batch_write(
            db,
            if null_keys { ptr::null() } else { keys.as_ptr() },
            if null_values { ptr::null_mut() } else { pointers.as_mut_ptr() },
            if null_lens { ptr::null() } else { lens.as_ptr() },
            count,
        )
    };
    let code = code_of(result.success, result.code);
    (code, if expected == OK { keys.into_iter().zip(values).collect() } else { Vec::new() })
}

/// Batch writes with NULLs, oversize lengths and duplicate keys: a batch lands whole or not
/// at all, and the database always equals the model.
pub fn batch_write(data: &[u8]) {
    let mut input = Input::new(data);
    let db = open_memory();
    let mut model = Model::new();
    for _ in 0..4 {
        let (code, entries) = fuzzed_batch(db, &mut input);
        if entries.is_empty() {
            assert!(code == OK || code == NULL_ARGUMENT || code == VALUE_TOO_LARGE, "batch_write gave code {code}");
        } else {
            assert_eq!(code, OK, "a valid batch failed");
            model.extend(entries);
        }
        assert_eq!(scan(db), Ok(model.clone()), "database differs from the model after a batch");
        if input.exhausted() {
            break;
        }
    }
    // SAFETY: live handle, closed once.
    unsafe { omendb_close(db) };
}

/// get_many with NULL keys or out, duplicate and missing keys: one entry per key, in order.
pub fn get_many(data: &[u8]) {
    let mut input = Input::new(data);
    let db = open_memory();
    let (_, stored) = fuzzed_batch(db, &mut input);
    let model: Model = stored.into_iter().collect();
    let count = usize::from(input.u8());
    let keys: Vec<i64> = (0..count).map(|_| input.key()).collect();
    let mode = input.u8() % 8;
    let mut batch = zero_batch();
    let keys_ptr = if mode == 1 && count > 0 { ptr::null() } else { keys.as_ptr() };
    let out = if mode == 2 { ptr::null_mut() } else { &mut batch as *mut OmenBatch };
    // SAFETY: `count` keys or NULL; `out` writable or NULL.
    let result = unsafe { omendb_storage_get_many(db, keys_ptr, count, out) };
    match code_of(result.success, result.code) {
        OK => {
            let expected: Vec<_> = keys.iter().map(|k| (*k, model.get(k).cloned())).collect();
            assert_eq!(take_batch(batch), expected, "get_many differs from the model");
        }
        NULL_ARGUMENT => assert!(mode == 1 || mode == 2, "unexpected NULL_ARGUMENT"),
        other => panic!("get_many gave code {other}"),
    }
    // SAFETY: live handle, closed once.
    unsafe { omendb_close(db) };
}

/// Builds an index from fuzzed arguments; returns the handle and its model, or None when the
/// arguments were refused (with the right code).
pub(crate) fn build_index(input: &mut Input<'_>) -> Option<(*mut LearnedIndex, Model)> {
    let kind = match input.u8() % 8 {
        7 => input.u32() as i32,
        k => i32::from(k) - 1,
    };
    let epsilon = if input.u8().is_multiple_of(4) { input.u32() } else { u32::from(input.u8()) };
    let count = usize::from(input.u8()) * usize::from(input.u8() % 4 + 1);
    let keys: Vec<i64> = (0..count).map(|_| input.key()).collect();
    let with_values = input.u8().is_multiple_of(2);
    let values: Vec<Vec<u8>> = (0..count)
        .map(|_| {
            if !with_values {
                return Vec::new();
            }
            let len = usize::from(input.u8() % 9);
            input.bytes(len)
        })
        .collect();
    let mut pointers: Vec<*const u8> = values.iter().map(|v| if v.is_empty() { ptr::null() } else { v.as_ptr() }).collect();
    let lens: Vec<usize> = values.iter().map(Vec::len).collect();
    let mut index = ptr::null_mut();
    // SAFETY: arrays of `count` elements (values/lens NULL when without values); writable out.
    let result = unsafe {
        omendb_index_build(
            kind,
            epsilon,
            keys.as_ptr(),
            if with_values { pointers.as_mut_ptr() } else { ptr::null_mut() },
            if with_values { lens.as_ptr() } else { ptr::null() },
            count,
            &mut index,
        )
    };
    let valid_kind = (0..=4).contains(&kind);
    match code_of(result.success, result.code) {
        OK => {
            assert!(valid_kind, "kind {kind} was accepted");
            assert!(!index.is_null());
            Some((index, keys.into_iter().zip(values).collect()))
        }
        INVALID_ARGUMENT => {
            assert!(!valid_kind, "valid kind {kind} refused");
            assert!(index.is_null(), "out_index set on failure");
            None
        }
        other => panic!("index_build gave code {other}"),
    }
}

/// index_build with any kind, epsilon, duplicates and optional values: every key answers
/// with its last value, stats count the distinct keys, a full range lists them in order.
pub fn index_build(data: &[u8]) {
    let mut input = Input::new(data);
    let Some((index, model)) = build_index(&mut input) else { return };
    for (key, value) in &model {
        let (mut out, mut len) = (ptr::null_mut(), 0usize);
        // SAFETY: live handle, writable out-pointers; the buffer is freed once.
        let result = unsafe { omendb_index_get(index, *key, &mut out, &mut len) };
        assert_eq!(code_of(result.success, result.code), OK, "key {key} missing after build");
        let got = if len == 0 { Vec::new() } else { unsafe { std::slice::from_raw_parts(out, len) }.to_vec() };
        // SAFETY: as above.
        unsafe { omendb_buffer_free(out, len) };
        assert_eq!(&got, value, "key {key} has a wrong value after build");
    }
    for _ in 0..8 {
        let probe = input.key();
        let (mut out, mut len) = (ptr::null_mut(), 0usize);
        // SAFETY: as above.
        let result = unsafe { omendb_index_get(index, probe, &mut out, &mut len) };
        assert_eq!(result.success, model.contains_key(&probe), "probe {probe}");
        // SAFETY: NULL or a buffer to free once.
        unsafe { omendb_buffer_free(out, len) };
    }
    // SAFETY: a zeroed plain-data struct the library fills.
    let mut stats: OmenIndexStats = unsafe { std::mem::zeroed() };
    // SAFETY: live handle, writable out.
    let result = unsafe { omendb_index_stats(index, &mut stats) };
    assert_eq!(code_of(result.success, result.code), OK);
    assert_eq!(stats.num_keys, model.len() as u64);
    assert!((1..=4).contains(&stats.kind), "stats report kind {}", stats.kind);
    check_range_into(index, &model, i64::MIN, i64::MAX, model.len() + 1, true);
    // SAFETY: live handle, freed once.
    unsafe { omendb_index_free(index) };
}

pub(crate) fn check_range_into(index: *mut LearnedIndex, model: &Model, start: i64, end: i64, capacity: usize, want_total: bool) {
    let mut buffer = vec![0x5a5a_5a5a_5a5a_5a5ai64; capacity + 1];
    let (mut written, mut total) = (usize::MAX, usize::MAX);
    let keys_out = if capacity == 0 && start % 2 == 0 { ptr::null_mut() } else { buffer.as_mut_ptr() };
    // SAFETY: a buffer of at least `capacity` keys (or NULL when 0); writable counters.
    let result = unsafe {
        omendb_index_range_into(index, start, end, keys_out, capacity, &mut written, if want_total { &mut total } else { ptr::null_mut() })
    };
    if start > end {
        assert_eq!(code_of(result.success, result.code), INVALID_ARGUMENT, "start > end accepted");
        return;
    }
    assert_eq!(code_of(result.success, result.code), OK, "range_into({start}, {end}, {capacity}) failed");
    let expected: Vec<i64> = model.range(start..=end).map(|(k, _)| *k).collect();
    let shown = expected.len().min(capacity);
    assert_eq!(written, shown, "range_into wrote {written} keys, expected {shown}");
    assert_eq!(&buffer[..written], &expected[..shown], "range_into keys differ");
    assert_eq!(buffer[capacity], 0x5a5a_5a5a_5a5a_5a5a, "range_into wrote past its capacity");
    if want_total {
        assert_eq!(total, expected.len(), "range_into total");
    }
}

/// range_into with arbitrary bounds, capacities (0 with NULL), and optional total.
pub fn range_into(data: &[u8]) {
    let mut input = Input::new(data);
    let Some((index, model)) = build_index(&mut input) else { return };
    for _ in 0..16 {
        let (start, end) = (input.key(), input.key());
        let capacity = usize::from(input.u8());
        let want_total = input.u8().is_multiple_of(2);
        check_range_into(index, &model, start, end, capacity, want_total);
        if input.exhausted() {
            break;
        }
    }
    // SAFETY: live handle, freed once.
    unsafe { omendb_index_free(index) };
}

/// A small valid database file (100 keys), built once, used as the base that `open_file`
/// inputs patch: arbitrary bytes alone rarely get past the magic number.
fn template_database() -> &'static [u8] {
    static TEMPLATE: OnceLock<Vec<u8>> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let path = scratch_path();
        let c = CString::new(path.to_str().unwrap()).unwrap();
        // SAFETY: valid C string.
        let db = unsafe { omendb_open(c.as_ptr(), 2) };
        assert!(!db.is_null(), "template database open failed");
        for key in 0..100i64 {
            let value = key.to_le_bytes();
            // SAFETY: live handle, valid slice.
            unsafe { omendb_storage_put(db, key, value.as_ptr(), value.len()) };
        }
        // SAFETY: live handle, closed once.
        unsafe { omendb_close(db) };
        let bytes = std::fs::read(&path).unwrap();
        let _ = std::fs::remove_file(&path);
        bytes
    })
}

fn scratch_path() -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("omendb-fuzz-{}-{n}.omen", std::process::id()))
}

/// Opens arbitrary bytes (raw, or a valid file patched at fuzzed offsets) as a database:
/// a clean refusal (CORRUPTED or IO) that leaves the file as it was, or a usable database.
pub fn open_file(data: &[u8]) {
    let mut input = Input::new(data);
    let bytes = if input.u8().is_multiple_of(2) {
        data.get(1..).unwrap_or_default().to_vec()
    } else {
        let mut bytes = template_database().to_vec();
        while !input.exhausted() {
            let at = input.u32() as usize % bytes.len();
            bytes[at] ^= input.u8() | 1;
        }
        if data.len() % 7 == 3 {
            bytes.truncate(data.len() * 97 % bytes.len());
        }
        bytes
    };
    let scratch = ScratchFile(scratch_path());
    std::fs::write(&scratch.0, &bytes).unwrap();
    open_bytes(&scratch.0, &bytes);
}

/// A temporary file removed on drop, also when a check panics.
struct ScratchFile(PathBuf);

impl Drop for ScratchFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn open_bytes(path: &Path, bytes: &[u8]) {
    let c = CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: valid C string.
    let db = unsafe { omendb_open(c.as_ptr(), 0) };
    if db.is_null() {
        let code = omendb_last_error_code();
        assert!(code == CORRUPTED || code == IO, "opening fuzzed bytes gave code {code}");
        let after = std::fs::read(path).unwrap();
        if bytes.starts_with(REDB_MAGIC) {
            // redb flags "recovery required" in its header when it opens a file; a damaged
            // file refused mid-open keeps that flag. Nothing past the header may change.
            assert_eq!(after.len(), bytes.len(), "a refused open resized a redb file");
            assert_eq!(after.get(HEADER_BYTES..), bytes.get(HEADER_BYTES..), "a refused open rewrote data pages");
        } else {
            assert_eq!(after, bytes, "a refused open modified a foreign file");
        }
        return;
    }
    match scan(db) {
        Ok(_) | Err(CORRUPTED) => {}
        Err(other) => panic!("scanning a fuzzed file gave code {other}"),
    }
    let value = b"after";
    // SAFETY: live handle, valid slice.
    let result = unsafe { omendb_storage_put(db, 1 << 40, value.as_ptr(), value.len()) };
    let code = code_of(result.success, result.code);
    assert!(code == OK || code == CORRUPTED || code == IO, "put into a fuzzed file gave code {code}");
    // SAFETY: live handle, closed once.
    unsafe { omendb_close(db) };
}
