//! Durable storage engine on redb (pure Rust, copy-on-write B-tree, checksummed).
//! One table maps `i64` keys (redb orders them numerically) to byte values. A commit with
//! `SyncPolicy::Always` is fsynced before it returns; with `OnFlush`, commits are
//! non-durable until `flush` (or drop) commits once with immediate durability. Reads share
//! one cached read snapshot (`CachedReader`) until the next write; batches are written in
//! key order.

use std::borrow::Cow;
use std::io;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use redb::{
    Database, Durability, ReadableDatabase, ReadableTableMetadata,
    TableDefinition, WriteTransaction,
};

use super::cached_reader::{CachedReader, WriteGuard};
use super::{RangePage, StorageEngine, SyncPolicy};
use crate::error::{ErrorCode, OmenError, OmenResult};

/// The single table holding every entry.
const ENTRIES: TableDefinition<i64, &[u8]> = TableDefinition::new("omendb_entries");

/// Most memory redb's page cache may use (filled only as pages are read or written; half of
/// it at most holds a write transaction's dirty pages). Sized so a 1M-key file (~140 MB at
/// 100-byte values) fits: a cold get that misses it costs a `pread`, a page allocation and an
/// eviction (measured: 64 MiB made cold gets ~2x slower). The hot learned-index tier sits above it.
const CACHE_BYTES: usize = 256 * 1024 * 1024;

/// The open entries table of one read snapshot.
type EntriesTable = redb::ReadOnlyTable<i64, &'static [u8]>;

/// A redb database file holding the entries table.
pub struct RedbEngine {
    /// Declared before `db`: the cached snapshot is released before the database closes.
    reader: CachedReader<EntriesTable>,
    db: Database,
    path: PathBuf,
    sync: SyncPolicy,
    /// True when a non-durable commit happened since the last durable one.
    unsynced: AtomicBool,
}

impl RedbEngine {
    /// Opens `path`, creating the file (and the table) when missing.
    pub fn open(path: &Path, sync: SyncPolicy) -> OmenResult<RedbEngine> {
        check_path(path)?;
        contain_panic("open", || {
            if !path.exists() {
                create_atomically(path)?;
            }
            let db = Database::builder()
                .set_cache_size(CACHE_BYTES)
                .create(path)
                .map_err(|e| map_redb_error("open", e))?;
            RedbEngine::finish_open(db, path.to_path_buf(), sync)
        })
    }

    /// Test only: the same open over any redb storage backend instead of a file (the power-cut
    /// simulation in `power_cut_tests.rs` records and replays the backend's writes and syncs).
    #[cfg(test)]
    pub(crate) fn open_with_backend(backend: impl redb::StorageBackend, sync: SyncPolicy) -> OmenResult<RedbEngine> {
        contain_panic("open", || {
            let db = Database::builder()
                .set_cache_size(CACHE_BYTES)
                .create_with_backend(backend)
                .map_err(|e| map_redb_error("open", e))?;
            RedbEngine::finish_open(db, PathBuf::new(), sync)
        })
    }

    /// The steps of an open after redb opened the database: the integrity check, then an
    /// empty durable commit that creates the table.
    fn finish_open(mut db: Database, path: PathBuf, sync: SyncPolicy) -> OmenResult<RedbEngine> {
        verify_integrity(&mut db)?;
        let engine = RedbEngine { reader: CachedReader::new(), db, path, sync, unsynced: AtomicBool::new(false) };
        // Create the table up front so readers never see "table does not exist".
        engine.write(Durability::Immediate, |_| Ok(()))?;
        Ok(engine)
    }

    /// Path of the database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn commit_durability(&self) -> Durability {
        match self.sync {
            SyncPolicy::Always => Durability::Immediate,
            SyncPolicy::OnFlush => Durability::None,
        }
    }

    /// Runs `body` on the entries table inside one write transaction and commits it.
    fn write<T>(
        &self,
        durability: Durability,
        body: impl FnOnce(&mut redb::Table<'_, i64, &'static [u8]>) -> OmenResult<T>,
    ) -> OmenResult<T> {
        let mut txn: WriteTransaction =
            self.db.begin_write().map_err(|e| map_redb_error("begin write", e))?;
        let non_durable = matches!(durability, Durability::None);
        // Drops the cached snapshot before the commit (so it pins no page the commit frees)
        // and keeps readers off the cache until the commit has returned.
        let _window: WriteGuard<'_, EntriesTable> = self.reader.begin_write();
        txn.set_durability(durability).map_err(|e| map_redb_error("set durability", e))?;
        let out = {
            let mut table = txn.open_table(ENTRIES).map_err(|e| map_redb_error("open table", e))?;
            body(&mut table)?
        };
        // Dropping an uncommitted transaction aborts it, so an error above stores nothing.
        txn.commit().map_err(|e| map_redb_error("commit", e))?;
        self.unsynced.store(non_durable, Ordering::Release);
        Ok(out)
    }

    /// The entries table of a snapshot holding every acknowledged write: the cached one when
    /// no write began since it was opened, else a new read transaction.
    fn read_table(&self) -> OmenResult<Arc<EntriesTable>> {
        self.reader.get_or_open(|| {
            let txn = self.db.begin_read().map_err(|e| map_redb_error("begin read", e))?;
            txn.open_table(ENTRIES).map_err(|e| map_redb_error("open table", e))
        })
    }
}

impl StorageEngine for RedbEngine {
    fn put(&self, key: i64, value: &[u8]) -> OmenResult<()> {
        contain_panic("put", || {
            self.write(self.commit_durability(), |t| {
                t.insert(key, value).map_err(|e| map_redb_error("insert", e))?;
                Ok(())
            })
        })
    }

    fn get(&self, key: i64) -> OmenResult<Option<Vec<u8>>> {
        contain_panic("get", || {
            let table = self.read_table()?;
            let value = table.get(key).map_err(|e| map_redb_error("get", e))?;
            Ok(value.map(|guard| guard.value().to_vec()))
        })
    }

    fn delete(&self, key: i64) -> OmenResult<bool> {
        contain_panic("delete", || {
            // A read first keeps a missing-key delete from costing a commit (and an fsync).
            if self.get(key)?.is_none() {
                return Ok(false);
            }
            self.write(self.commit_durability(), |t| {
                let old = t.remove(key).map_err(|e| map_redb_error("remove", e))?;
                Ok(old.is_some())
            })
        })
    }

    fn batch_write(&self, entries: &[(i64, &[u8])]) -> OmenResult<()> {
        contain_panic("batch write", || {
            if entries.is_empty() {
                return Ok(());
            }
            let ordered = in_key_order_last_wins(entries);
            self.write(self.commit_durability(), |t| {
                for (key, value) in ordered.iter() {
                    t.insert(*key, *value).map_err(|e| map_redb_error("insert", e))?;
                }
                Ok(())
            })
        })
    }

    fn range(&self, start: i64, end: i64, limit: Option<usize>) -> OmenResult<RangePage> {
        contain_panic("range", || {
            let table = self.read_table()?;
            let mut iter = table.range(start..=end).map_err(|e| map_redb_error("range", e))?;
            let max = limit.unwrap_or(usize::MAX);
            let mut entries = Vec::new();
            while entries.len() < max {
                match iter.next() {
                    Some(item) => {
                        let (k, v) = item.map_err(|e| map_redb_error("range", e))?;
                        entries.push((k.value(), v.value().to_vec()));
                    }
                    None => return Ok(RangePage { entries, has_more: false }),
                }
            }
            let has_more = iter.next().is_some();
            Ok(RangePage { entries, has_more })
        })
    }

    fn flush(&self) -> OmenResult<()> {
        contain_panic("flush", || {
            // An empty commit with immediate durability persists every earlier non-durable commit.
            self.write(Durability::Immediate, |_| Ok(()))
        })
    }

    fn len(&self) -> OmenResult<u64> {
        contain_panic("len", || {
            self.read_table()?.len().map_err(|e| map_redb_error("len", e))
        })
    }

    fn file_bytes(&self) -> u64 {
        std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0)
    }
}

impl Drop for RedbEngine {
    fn drop(&mut self) {
        if self.unsynced.load(Ordering::Acquire) {
            // Best effort: drop cannot report; `Database::close` flushes explicitly first.
            let _ = self.flush();
        }
    }
}

/// The entries of one batch in ascending key order, one per key (the last of duplicates, as
/// `batch_write` promises). redb's B-tree takes keys in order far faster than at random: each
/// leaf is filled once and written out once, instead of being copied, evicted from the write
/// buffer and read back again when a 1M-key batch exceeds the page cache. Already ordered
/// input (strictly ascending) is used as it is.
fn in_key_order_last_wins<'a>(entries: &'a [(i64, &'a [u8])]) -> Cow<'a, [(i64, &'a [u8])]> {
    if entries.windows(2).all(|pair| pair[0].0 < pair[1].0) {
        return Cow::Borrowed(entries);
    }
    let mut sorted = entries.to_vec();
    // Stable: duplicates keep their input order, so the last one of each run is the winner.
    sorted.sort_by_key(|(key, _)| *key);
    let mut unique: Vec<(i64, &[u8])> = Vec::with_capacity(sorted.len());
    for entry in sorted {
        match unique.last_mut() {
            Some(last) if last.0 == entry.0 => *last = entry,
            _ => unique.push(entry),
        }
    }
    Cow::Owned(unique)
}

/// Rejects paths redb would misreport: empty, or naming a directory.
fn check_path(path: &Path) -> OmenResult<()> {
    if path.as_os_str().is_empty() {
        return Err(OmenError::new(ErrorCode::InvalidPath, "the path is empty"));
    }
    if path.is_dir() {
        return Err(OmenError::new(
            ErrorCode::InvalidPath,
            format!("{} is a directory", path.display()),
        ));
    }
    Ok(())
}

/// Creates a new, empty database file so that `path` never exists half-written: redb sizes a
/// new file before it writes the header, and a kill in between left a file of zeros that no
/// later open accepts ("magic number mismatch", found by the SIGKILL test). The file is
/// built under a temporary name in the same directory, made durable, then linked into place
/// (a link never replaces a file another process created meanwhile). A kill during creation
/// leaves only the temporary file (`.<name>.creating-<pid>`), which is never opened.
fn create_atomically(path: &Path) -> OmenResult<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.creating-{}", std::process::id()));
    let _ = std::fs::remove_file(&temporary);
    let built = (|| {
        let db = Database::builder().create(&temporary).map_err(|e| map_redb_error("create", e))?;
        let txn = db.begin_write().map_err(|e| map_redb_error("create", e))?;
        txn.open_table(ENTRIES).map_err(|e| map_redb_error("create", e))?;
        txn.commit().map_err(|e| map_redb_error("create", e))?;
        drop(db);
        match std::fs::hard_link(&temporary, path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) if path.exists() => return Err(io_error("create", &e)),
            // Filesystems without hard links: a rename (this can replace a file created in
            // the same instant by another process; the link above avoids that where it can).
            Err(_) => std::fs::rename(&temporary, path).map_err(|e| io_error("create", &e))?,
        }
        sync_parent_directory(path);
        Ok(())
    })();
    let _ = std::fs::remove_file(&temporary);
    built
}

fn io_error(operation: &str, err: &io::Error) -> OmenError {
    OmenError::new(io_error_code(err), format!("redb {operation}: {err}"))
}

/// Makes the new directory entry durable (best effort: not every platform allows it).
fn sync_parent_directory(path: &Path) {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Ok(dir) = std::fs::File::open(parent) {
            let _ = dir.sync_all();
        }
    }
}

/// Verifies every page checksum before the first write: redb checks them only when it
/// recovers from an unclean shutdown, and a write transaction over damaged pages can panic
/// inside a destructor during unwinding, which aborts the process (found by fuzzing
/// `open_file`). A file redb had to repair is reported as CORRUPTED once (not opened
/// silently with older contents); the repaired file opens on the next attempt.
fn verify_integrity(db: &mut Database) -> OmenResult<()> {
    match db.check_integrity() {
        Ok(true) => Ok(()),
        Ok(false) => Err(OmenError::new(
            ErrorCode::Corrupted,
            "redb open: damaged file repaired to its last consistent commit; reopen to use it",
        )),
        Err(e) => Err(map_redb_error("integrity check", e)),
    }
}

/// Runs a redb call, reporting a panic as CORRUPTED: redb panics (instead of returning an
/// error) on some damaged pages, e.g. "Invalid page type byte", and that is a bad file, not
/// a bug of ours.
fn contain_panic<T>(operation: &str, body: impl FnOnce() -> OmenResult<T>) -> OmenResult<T> {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        Err(OmenError::new(ErrorCode::Corrupted, format!("redb {operation}: damaged file ({detail})")))
    })
}

/// Maps any redb error to the header's stable codes, keeping redb's text as the detail.
fn map_redb_error(operation: &str, err: impl Into<redb::Error>) -> OmenError {
    let err: redb::Error = err.into();
    let code = match &err {
        redb::Error::DatabaseAlreadyOpen => ErrorCode::Locked,
        redb::Error::Corrupted(_)
        | redb::Error::UpgradeRequired(_)
        | redb::Error::TableTypeMismatch { .. }
        | redb::Error::TypeDefinitionChanged { .. }
        | redb::Error::TableIsMultimap(_)
        | redb::Error::RepairAborted => ErrorCode::Corrupted,
        redb::Error::ValueTooLarge(_) => ErrorCode::ValueTooLarge,
        redb::Error::Io(io_err) => io_error_code(io_err),
        _ => ErrorCode::Io,
    };
    OmenError::new(code, format!("redb {operation}: {err}"))
}

fn io_error_code(err: &io::Error) -> ErrorCode {
    match err.kind() {
        io::ErrorKind::IsADirectory | io::ErrorKind::InvalidFilename => ErrorCode::InvalidPath,
        io::ErrorKind::InvalidData | io::ErrorKind::UnexpectedEof => ErrorCode::Corrupted,
        io::ErrorKind::OutOfMemory => ErrorCode::OutOfMemory,
        io::ErrorKind::WouldBlock => ErrorCode::Locked,
        _ => ErrorCode::Io,
    }
}

#[cfg(test)]
#[path = "redb_engine_tests.rs"]
mod tests;
