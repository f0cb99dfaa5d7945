//! Child process of the crash test (`tests/crash_sigkill.rs`): writes batches through the
//! public C API (`omendb_storage_batch_write`, OMEN_SYNC_ALWAYS) and prints `ack <id>` on
//! stdout, flushed, after each call returns success. The parent kills it with SIGKILL at
//! random moments and checks that every acknowledged batch survived, all or nothing.
//!
//! Usage: `crash_writer <db-path> <first-batch-id> <max-batches>`; batch contents are a pure
//! function of the batch id (`batches.rs`, shared with the test).

use std::ffi::CString;
use std::io::Write;
use std::process::ExitCode;
use std::ptr;

mod batches;

use batches::batch_entries;

use omendb::ffi::db_api::{omendb_close, omendb_open_with_options, omendb_storage_batch_write};
use omendb::ffi::errors::omendb_last_error_code;
use omendb::ffi::types::{OmenDB, OmenEngine, OmenOptions, OmenSyncPolicy};

fn open(path: &str) -> Result<*mut OmenDB, String> {
    let c_path = CString::new(path).map_err(|e| e.to_string())?;
    let options = OmenOptions {
        engine: OmenEngine::OMEN_ENGINE_REDB as i32,
        sync_policy: OmenSyncPolicy::OMEN_SYNC_ALWAYS as i32,
        hot_tier_capacity: 256,
        hot_index_kind: 0,
    };
    let mut db = ptr::null_mut();
    // SAFETY: valid C string, options and out-pointer.
    let result = unsafe { omendb_open_with_options(c_path.as_ptr(), &options, &mut db) };
    if !result.success {
        return Err(format!("open failed with code {}", result.code));
    }
    Ok(db)
}

fn write_batch(db: *mut OmenDB, id: i64) -> Result<(), String> {
    let entries = batch_entries(id);
    let keys: Vec<i64> = entries.iter().map(|(k, _)| *k).collect();
    let mut values: Vec<*const u8> = entries.iter().map(|(_, v)| v.as_ptr()).collect();
    let lens: Vec<usize> = entries.iter().map(|(_, v)| v.len()).collect();
    // SAFETY: three arrays of `entries.len()` elements, each value valid for its length.
    let result = unsafe { omendb_storage_batch_write(db, keys.as_ptr(), values.as_mut_ptr(), lens.as_ptr(), keys.len()) };
    if !result.success {
        return Err(format!("batch {id} failed with code {} (last {})", result.code, omendb_last_error_code()));
    }
    Ok(())
}

fn run(args: &[String]) -> Result<(), String> {
    let [path, first, max] = args else {
        return Err("usage: crash_writer <db-path> <first-batch-id> <max-batches>".to_string());
    };
    let first: i64 = first.parse().map_err(|_| format!("bad first batch id {first}"))?;
    let max: i64 = max.parse().map_err(|_| format!("bad batch count {max}"))?;
    let db = open(path)?;
    let mut stdout = std::io::stdout().lock();
    for id in first..first + max {
        write_batch(db, id)?;
        // The parent is gone when stdout breaks: stop instead of writing forever.
        writeln!(stdout, "ack {id}").and_then(|_| stdout.flush()).map_err(|e| e.to_string())?;
    }
    // SAFETY: live handle, closed once.
    unsafe { omendb_close(db) };
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("crash_writer: {message}");
            ExitCode::FAILURE
        }
    }
}
