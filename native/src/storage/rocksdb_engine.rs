//! Durable storage engine on RocksDB (LSM tree, C++), compiled only with the `rocksdb`
//! cargo feature because building RocksDB costs minutes (docs/storage-engines.md).
//! Keys are stored as 8 order-preserving bytes so RocksDB's bytewise order is numeric
//! order; a RocksDB database is a directory, and `path` names that directory.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

use rocksdb::{DBCompressionType, ErrorKind, Options, ReadOptions, WriteBatch, WriteOptions, DB};

use super::{RangePage, StorageEngine, SyncPolicy};
use crate::error::{ErrorCode, OmenError, OmenResult};

/// The file RocksDB writes first in every database directory; its absence in a non-empty
/// directory means the directory is not a RocksDB database.
const CURRENT_FILE: &str = "CURRENT";

/// Informational `LOG` files RocksDB keeps (it rotates them on every open).
const KEPT_INFO_LOGS: usize = 2;

/// A RocksDB database directory holding every entry in the default column family.
pub struct RocksDbEngine {
    db: DB,
    path: PathBuf,
    sync: SyncPolicy,
    /// True when a write since the last WAL sync was not synced itself (`OnFlush`).
    unsynced: AtomicBool,
    /// Serialises deletes so two deletes of one key cannot both report it existed.
    delete_lock: Mutex<()>,
}

impl RocksDbEngine {
    /// Opens the database directory `path`, creating it (not its parents) when missing.
    pub fn open(path: &Path, sync: SyncPolicy) -> OmenResult<RocksDbEngine> {
        check_path(path)?;
        let db = DB::open(&engine_options(), path).map_err(|e| map_rocksdb_error("open", &e))?;
        Ok(RocksDbEngine {
            db,
            path: path.to_path_buf(),
            sync,
            unsynced: AtomicBool::new(false),
            delete_lock: Mutex::new(()),
        })
    }

    /// Path of the database directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Write options of one committed write: fsync the WAL under `SyncPolicy::Always`.
    fn write_options(&self) -> WriteOptions {
        let mut options = WriteOptions::default();
        options.set_sync(self.sync == SyncPolicy::Always);
        options
    }

    fn note_write(&self) {
        if self.sync == SyncPolicy::OnFlush {
            self.unsynced.store(true, Ordering::Release);
        }
    }
}

impl StorageEngine for RocksDbEngine {
    fn put(&self, key: i64, value: &[u8]) -> OmenResult<()> {
        self.db
            .put_opt(encode_key(key), value, &self.write_options())
            .map_err(|e| map_rocksdb_error("put", &e))?;
        self.note_write();
        Ok(())
    }

    fn get(&self, key: i64) -> OmenResult<Option<Vec<u8>>> {
        let value = self.db.get_pinned(encode_key(key)).map_err(|e| map_rocksdb_error("get", &e))?;
        Ok(value.map(|pinned| pinned.to_vec()))
    }

    fn delete(&self, key: i64) -> OmenResult<bool> {
        let _serialised = self.delete_lock.lock().unwrap_or_else(PoisonError::into_inner);
        // RocksDB's delete does not say whether the key existed; a read first also keeps a
        // missing-key delete from costing a WAL write (and an fsync).
        if self.get(key)?.is_none() {
            return Ok(false);
        }
        self.db
            .delete_opt(encode_key(key), &self.write_options())
            .map_err(|e| map_rocksdb_error("delete", &e))?;
        self.note_write();
        Ok(true)
    }

    fn batch_write(&self, entries: &[(i64, &[u8])]) -> OmenResult<()> {
        if entries.is_empty() {
            return Ok(());
        }
        // A WriteBatch is applied atomically and in order, so later entries win.
        let mut batch = WriteBatch::default();
        for (key, value) in entries {
            batch.put(encode_key(*key), value);
        }
        self.db
            .write_opt(batch, &self.write_options())
            .map_err(|e| map_rocksdb_error("batch write", &e))?;
        self.note_write();
        Ok(())
    }

    fn range(&self, start: i64, end: i64, limit: Option<usize>) -> OmenResult<RangePage> {
        if start > end {
            return Ok(RangePage::default());
        }
        let mut options = ReadOptions::default();
        options.set_iterate_lower_bound(encode_key(start).to_vec());
        if end < i64::MAX {
            // The upper bound is exclusive; `end + 1` cannot overflow here.
            options.set_iterate_upper_bound(encode_key(end + 1).to_vec());
        }
        let mut iter = self.db.raw_iterator_opt(options);
        iter.seek_to_first();
        let max = limit.unwrap_or(usize::MAX);
        let mut entries = Vec::new();
        while iter.valid() && entries.len() < max {
            let (Some(key), Some(value)) = (iter.key(), iter.value()) else { break };
            entries.push((decode_key(key)?, value.to_vec()));
            iter.next();
        }
        let has_more = iter.valid();
        iter.status().map_err(|e| map_rocksdb_error("range", &e))?;
        Ok(RangePage { entries, has_more })
    }

    fn flush(&self) -> OmenResult<()> {
        // Syncing the WAL makes every acknowledged write durable; memtables need no flush.
        // The flag is cleared first so a write racing with the sync marks it again.
        self.unsynced.store(false, Ordering::Release);
        self.db.flush_wal(true).map_err(|e| {
            self.unsynced.store(self.sync == SyncPolicy::OnFlush, Ordering::Release);
            map_rocksdb_error("flush", &e)
        })
    }

    /// Counts the keys with one scan: RocksDB keeps only an estimate (O(n); used by stats).
    fn len(&self) -> OmenResult<u64> {
        let mut options = ReadOptions::default();
        options.fill_cache(false);
        let mut iter = self.db.raw_iterator_opt(options);
        iter.seek_to_first();
        let mut count = 0u64;
        while iter.valid() {
            count += 1;
            iter.next();
        }
        iter.status().map_err(|e| map_rocksdb_error("len", &e))?;
        Ok(count)
    }

    /// Total size of the files in the database directory (SST, WAL, manifest, logs).
    fn file_bytes(&self) -> u64 {
        let Ok(entries) = std::fs::read_dir(&self.path) else { return 0 };
        entries
            .filter_map(Result::ok)
            .filter_map(|entry| entry.metadata().ok())
            .filter(|metadata| metadata.is_file())
            .map(|metadata| metadata.len())
            .sum()
    }
}

impl Drop for RocksDbEngine {
    fn drop(&mut self) {
        if self.unsynced.load(Ordering::Acquire) {
            // Best effort: drop cannot report; callers wanting the error call `flush` first.
            let _ = self.flush();
        }
    }
}

/// Options of every database this engine opens. Compression is off because the feature
/// builds RocksDB without compression libraries (the smallest build); paranoid checks make
/// RocksDB refuse a damaged file at open instead of serving part of it.
fn engine_options() -> Options {
    let mut options = Options::default();
    options.create_if_missing(true);
    options.set_paranoid_checks(true);
    options.set_compression_type(DBCompressionType::None);
    options.set_keep_log_file_num(KEPT_INFO_LOGS);
    options
}

/// Maps `key` to 8 bytes whose bytewise order is the numeric order of `i64`: big-endian
/// with the sign bit flipped (so negative keys sort before non-negative ones).
fn encode_key(key: i64) -> [u8; 8] {
    ((key as u64) ^ (1 << 63)).to_be_bytes()
}

/// Inverse of `encode_key`; a stored key of another length means a foreign or damaged database.
fn decode_key(bytes: &[u8]) -> OmenResult<i64> {
    let raw: [u8; 8] = bytes.try_into().map_err(|_| {
        OmenError::new(
            ErrorCode::Corrupted,
            format!("rocksdb: stored key of {} bytes (OmenDB keys are 8 bytes)", bytes.len()),
        )
    })?;
    Ok((u64::from_be_bytes(raw) ^ (1 << 63)) as i64)
}

/// Rejects paths that cannot be an OmenDB RocksDB directory: empty, a regular file, or a
/// non-empty directory without RocksDB's `CURRENT` file (RocksDB would otherwise create a
/// database among someone else's files).
fn check_path(path: &Path) -> OmenResult<()> {
    if path.as_os_str().is_empty() {
        return Err(OmenError::new(ErrorCode::InvalidPath, "the path is empty"));
    }
    let Ok(metadata) = std::fs::metadata(path) else {
        // RocksDB would create missing parents too; like redb, only the database itself is created.
        return match path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
            Some(parent) if !parent.is_dir() => Err(OmenError::new(
                ErrorCode::Io,
                format!("{}: the parent directory does not exist", path.display()),
            )),
            _ => Ok(()),
        };
    };
    if !metadata.is_dir() {
        return Err(OmenError::new(
            ErrorCode::InvalidPath,
            format!("{} is not a directory (a RocksDB database is a directory)", path.display()),
        ));
    }
    let is_empty = std::fs::read_dir(path)
        .map_err(|e| io_error("open", &e))?
        .next()
        .is_none();
    if !is_empty && !path.join(CURRENT_FILE).exists() {
        return Err(OmenError::new(
            ErrorCode::Corrupted,
            format!("{} is a non-empty directory but not a RocksDB database", path.display()),
        ));
    }
    Ok(())
}

fn io_error(operation: &str, err: &io::Error) -> OmenError {
    let code = match err.kind() {
        io::ErrorKind::OutOfMemory => ErrorCode::OutOfMemory,
        _ => ErrorCode::Io,
    };
    OmenError::new(code, format!("rocksdb {operation}: {err}"))
}

/// Maps a RocksDB status to the header's stable codes, keeping RocksDB's text as the detail.
/// The `LOCK` file held by another process or handle is an I/O status whose message names
/// the lock; statuses about files this build cannot read (unknown options, compression,
/// format) count as CORRUPTED, like redb's "upgrade required".
fn map_rocksdb_error(operation: &str, err: &rocksdb::Error) -> OmenError {
    let message = err.as_ref();
    let code = match err.kind() {
        ErrorKind::Corruption | ErrorKind::NotSupported | ErrorKind::InvalidArgument => {
            ErrorCode::Corrupted
        }
        ErrorKind::IOError if names_lock_file(message) => ErrorCode::Locked,
        _ => ErrorCode::Io,
    };
    OmenError::new(code, format!("rocksdb {operation}: {message}"))
}

/// True for RocksDB's two lock failures: another process holds `LOCK` ("While lock file"),
/// or this process does ("lock hold by current process").
fn names_lock_file(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    lower.contains("lock file") || lower.contains("lock hold by current process")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};

    /// Environment of the child process spawned by the cross-process tests.
    const CHILD_MODE: &str = "OMENDB_ROCKSDB_TEST_CHILD_MODE";
    const CHILD_DIR: &str = "OMENDB_ROCKSDB_TEST_CHILD_DIR";

    fn open(path: &Path, sync: SyncPolicy) -> RocksDbEngine {
        RocksDbEngine::open(path, sync).unwrap()
    }

    /// Runs `child_process` in a new process of this test binary.
    fn spawn_child(mode: &str, dir: &Path) -> std::process::Child {
        Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "storage::rocksdb_engine::tests::child_process", "--ignored", "--nocapture"])
            .env(CHILD_MODE, mode)
            .env(CHILD_DIR, dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    }

    /// The child side of the cross-process tests (ignored unless spawned by one of them):
    /// `write-then-abort-<policy>` acknowledges writes then aborts without closing;
    /// `hold-lock` keeps the database open until its stdin closes.
    #[test]
    #[ignore = "child process of the cross-process tests"]
    fn child_process() {
        let (Ok(mode), Ok(dir)) = (std::env::var(CHILD_MODE), std::env::var(CHILD_DIR)) else { return };
        let dir = PathBuf::from(dir);
        let sync = if mode.ends_with("on-flush") { SyncPolicy::OnFlush } else { SyncPolicy::Always };
        let engine = open(&dir, sync);
        if mode == "hold-lock" {
            println!("OPEN");
            std::io::stdout().flush().unwrap();
            let _ = std::io::stdin().lines().count();
            return;
        }
        engine.put(-7, b"put").unwrap();
        engine.batch_write(&[(1, b"one"), (2, b"two"), (i64::MAX, b"max")]).unwrap();
        assert!(engine.delete(2).unwrap());
        println!("ACKED");
        std::io::stdout().flush().unwrap();
        std::process::abort();
    }

    #[test]
    fn acknowledged_writes_survive_a_killed_process_for_both_policies() {
        for mode in ["write-then-abort-always", "write-then-abort-on-flush"] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("db");
            let output = spawn_child(mode, &path).wait_with_output().unwrap();
            assert!(String::from_utf8_lossy(&output.stdout).contains("ACKED"), "{mode}");
            assert!(!output.status.success(), "{mode}: the child must die by abort");
            let engine = open(&path, SyncPolicy::Always);
            assert_eq!(engine.get(-7).unwrap().as_deref(), Some(&b"put"[..]), "{mode}");
            assert_eq!(engine.get(1).unwrap().as_deref(), Some(&b"one"[..]), "{mode}");
            assert_eq!(engine.get(2).unwrap(), None, "{mode}");
            assert_eq!(engine.get(i64::MAX).unwrap().as_deref(), Some(&b"max"[..]), "{mode}");
            assert_eq!(engine.len().unwrap(), 3, "{mode}");
        }
    }

    #[test]
    fn a_database_open_in_another_process_is_locked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let mut child = spawn_child("hold-lock", &path);
        // The test harness prints its own lines first; wait for the child's.
        let mut child_out = BufReader::new(child.stdout.take().unwrap());
        let ready = (&mut child_out).lines().map_while(Result::ok).any(|line| line.trim() == "OPEN");
        assert!(ready, "the child did not open the database");
        let err = RocksDbEngine::open(&path, SyncPolicy::Always).err().unwrap();
        drop(child.stdin.take());
        // Keep reading until the child exits so its last lines never meet a closed pipe.
        std::io::copy(&mut child_out, &mut std::io::sink()).unwrap();
        assert!(child.wait().unwrap().success());
        assert_eq!(err.code, ErrorCode::Locked, "{err}");
        open(&path, SyncPolicy::Always);
    }

    #[test]
    fn a_second_open_in_this_process_is_locked_until_the_first_closes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let first = open(&path, SyncPolicy::Always);
        let err = RocksDbEngine::open(&path, SyncPolicy::Always).err().unwrap();
        assert_eq!(err.code, ErrorCode::Locked, "{err}");
        drop(first);
        open(&path, SyncPolicy::Always);
    }

    #[test]
    fn data_survives_reopen_for_both_policies() {
        for policy in [SyncPolicy::Always, SyncPolicy::OnFlush] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("db");
            {
                let engine = open(&path, policy);
                engine.put(-5, b"minus five").unwrap();
                engine.batch_write(&[(1, b"one"), (2, b"two")]).unwrap();
                assert!(engine.delete(2).unwrap());
                engine.flush().unwrap();
            }
            let engine = open(&path, policy);
            assert_eq!(engine.get(-5).unwrap().as_deref(), Some(&b"minus five"[..]));
            assert_eq!(engine.get(1).unwrap().as_deref(), Some(&b"one"[..]));
            assert_eq!(engine.get(2).unwrap(), None);
            assert_eq!(engine.len().unwrap(), 2);
            assert!(engine.file_bytes() > 0);
            assert_eq!(engine.path(), path.as_path());
        }
    }

    #[test]
    fn range_bounds_at_the_extremes_of_i64() {
        let dir = tempfile::tempdir().unwrap();
        let engine = open(&dir.path().join("db"), SyncPolicy::OnFlush);
        engine.batch_write(&[(i64::MIN, b"min"), (-1, b"m1"), (0, b"zero"), (i64::MAX, b"max")]).unwrap();
        let keys = |page: RangePage| page.entries.into_iter().map(|(k, _)| k).collect::<Vec<_>>();
        assert_eq!(keys(engine.range(i64::MAX, i64::MAX, None).unwrap()), vec![i64::MAX]);
        assert_eq!(keys(engine.range(i64::MIN, i64::MIN, None).unwrap()), vec![i64::MIN]);
        assert_eq!(keys(engine.range(-1, 0, None).unwrap()), vec![-1, 0]);
        assert_eq!(keys(engine.range(1, i64::MAX - 1, None).unwrap()), Vec::<i64>::new());
        assert_eq!(engine.range(5, -5, None).unwrap(), RangePage::default());
        let page = engine.range(i64::MIN, i64::MAX, Some(0)).unwrap();
        assert!(page.entries.is_empty() && page.has_more);
    }

    #[test]
    fn rejects_files_empty_paths_and_foreign_directories() {
        let dir = tempfile::tempdir().unwrap();
        let err = RocksDbEngine::open(Path::new(""), SyncPolicy::Always).err().unwrap();
        assert_eq!(err.code, ErrorCode::InvalidPath);
        let file = dir.path().join("a-file");
        std::fs::write(&file, b"not a directory").unwrap();
        let err = RocksDbEngine::open(&file, SyncPolicy::Always).err().unwrap();
        assert_eq!(err.code, ErrorCode::InvalidPath, "{err}");
        let foreign = dir.path().join("photos");
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("cat.jpg"), b"meow").unwrap();
        let err = RocksDbEngine::open(&foreign, SyncPolicy::Always).err().unwrap();
        assert_eq!(err.code, ErrorCode::Corrupted, "{err}");
        assert!(!foreign.join(CURRENT_FILE).exists(), "nothing may be created in a foreign directory");
        let err = RocksDbEngine::open(&dir.path().join("no/such/db"), SyncPolicy::Always).err().unwrap();
        assert_eq!(err.code, ErrorCode::Io, "{err}");
    }

    #[test]
    fn a_damaged_database_is_corrupted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        {
            let engine = open(&path, SyncPolicy::Always);
            engine.put(1, b"one").unwrap();
        }
        std::fs::write(path.join(CURRENT_FILE), b"\x00garbage without newline").unwrap();
        let err = RocksDbEngine::open(&path, SyncPolicy::Always).err().unwrap();
        assert_eq!(err.code, ErrorCode::Corrupted, "{err}");
    }

    #[test]
    fn a_database_composes_over_the_engine() {
        use crate::db::{Database, DatabaseOptions};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let options = DatabaseOptions { sync: SyncPolicy::OnFlush, ..DatabaseOptions::default() };
        let db = Database::with_storage(Box::new(open(&path, SyncPolicy::OnFlush)), options);
        let values: Vec<Vec<u8>> = (0..100i64).map(|k| k.to_string().into_bytes()).collect();
        let entries: Vec<(i64, &[u8])> = (0..100i64).map(|k| (k * 3 - 150, values[k as usize].as_slice())).collect();
        db.batch_write(&entries).unwrap();
        assert_eq!(db.get(-150).unwrap().as_deref(), Some(&b"0"[..]));
        assert_eq!(db.get(-149).unwrap(), None);
        assert!(db.delete(0).unwrap());
        let page = db.range(-3, 6, None).unwrap();
        assert_eq!(page.entries.iter().map(|(k, _)| *k).collect::<Vec<_>>(), vec![-3, 3, 6]);
        let stats = db.stats().unwrap();
        assert_eq!(stats.num_keys, 99);
        assert!(stats.file_bytes > 0);
        db.close().unwrap();
        assert_eq!(open(&path, SyncPolicy::Always).len().unwrap(), 99);
    }

    #[test]
    fn concurrent_deletes_of_one_key_report_it_once() {
        let dir = tempfile::tempdir().unwrap();
        let engine = open(&dir.path().join("db"), SyncPolicy::OnFlush);
        for round in 0..50 {
            engine.put(round, b"v").unwrap();
            let existed: usize = std::thread::scope(|scope| {
                let handles: Vec<_> = (0..4).map(|_| scope.spawn(|| engine.delete(round).unwrap())).collect();
                handles.into_iter().map(|h| usize::from(h.join().unwrap())).sum()
            });
            assert_eq!(existed, 1, "round {round}");
        }
    }

    #[test]
    fn encoded_keys_sort_like_the_numbers() {
        let keys = [i64::MIN, i64::MIN + 1, -256, -1, 0, 1, 255, 256, i64::MAX - 1, i64::MAX];
        for pair in keys.windows(2) {
            assert!(encode_key(pair[0]) < encode_key(pair[1]), "{} vs {}", pair[0], pair[1]);
        }
        for key in keys {
            assert_eq!(decode_key(&encode_key(key)).unwrap(), key);
        }
        assert_eq!(encode_key(0), [0x80, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(encode_key(-1), [0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    }

    #[test]
    fn keys_of_the_wrong_length_are_corruption() {
        assert_eq!(decode_key(b"short").unwrap_err().code, ErrorCode::Corrupted);
    }

    #[test]
    fn lock_messages_are_recognised() {
        assert!(names_lock_file("IO error: While lock file: db/LOCK: Resource temporarily unavailable"));
        assert!(names_lock_file("IO error: lock hold by current process, acquire time 1: db/LOCK"));
        assert!(!names_lock_file("IO error: No space left on device"));
    }
}
