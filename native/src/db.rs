//! `Database`: a storage engine with a hot learned-index tier on top.
//! Reads try the hot tier, then storage (admitting what they find); writes drop their keys
//! from the hot tier, write storage, then re-cache what was cached (write-through). See
//! `HotTier` for the eviction policy and the write window.

mod hot_tier;

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

use hot_tier::HotTier;

use crate::error::{ErrorCode, OmenError, OmenResult};
use crate::index::IndexKind;
use crate::storage::{MemoryEngine, RangePage, RedbEngine, StorageEngine, SyncPolicy};

/// Largest value, in bytes, a write accepts (`OMENDB_MAX_VALUE_LEN`).
pub const MAX_VALUE_LEN: usize = 16 * 1024 * 1024;
/// Largest number of entries one batch call accepts (`OMENDB_MAX_BATCH`).
pub const MAX_BATCH: usize = 16 * 1024 * 1024;
/// Hot-tier capacity used when the caller asks for 0.
pub const DEFAULT_HOT_CAPACITY: usize = 65536;

/// Which storage engine holds the data.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EngineKind {
    /// redb file: durable, the default.
    #[default]
    Redb,
    /// Memory only.
    Memory,
}

/// How to open a database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DatabaseOptions {
    /// Storage engine.
    pub engine: EngineKind,
    /// When writes become durable.
    pub sync: SyncPolicy,
    /// Most keys in the hot tier; 0 means `DEFAULT_HOT_CAPACITY`.
    pub hot_capacity: usize,
    /// Index kind of the hot tier.
    pub hot_kind: IndexKind,
}

impl Default for DatabaseOptions {
    fn default() -> DatabaseOptions {
        DatabaseOptions {
            engine: EngineKind::Redb,
            sync: SyncPolicy::Always,
            hot_capacity: 0,
            hot_kind: IndexKind::default(),
        }
    }
}

/// A point-in-time view of a database's counters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DatabaseStats {
    /// Engine in use.
    pub engine: EngineKind,
    /// Sync policy in use.
    pub sync: SyncPolicy,
    /// Keys stored.
    pub num_keys: u64,
    /// Keys in the hot tier.
    pub hot_keys: u64,
    /// Capacity of the hot tier.
    pub hot_capacity: u64,
    /// Gets answered by the hot tier.
    pub hot_hits: u64,
    /// Gets that went to storage.
    pub hot_misses: u64,
    /// Size of the database file (0 in memory).
    pub file_bytes: u64,
}

/// A key/value database: storage plus a hot tier. `Send + Sync`: readers run
/// concurrently; writers are serialised by `writer` so storage order equals hot-tier order.
pub struct Database {
    storage: Box<dyn StorageEngine>,
    hot: RwLock<HotTier>,
    writer: Mutex<()>,
    hot_hits: AtomicU64,
    hot_misses: AtomicU64,
    options: DatabaseOptions,
}

impl Database {
    /// Opens a database; `path` is required for redb and ignored for memory.
    pub fn open(path: Option<&Path>, options: DatabaseOptions) -> OmenResult<Database> {
        let storage: Box<dyn StorageEngine> = match options.engine {
            EngineKind::Memory => Box::new(MemoryEngine::new()),
            EngineKind::Redb => {
                let path = path.ok_or_else(|| {
                    OmenError::new(ErrorCode::NullArgument, "a path is required for the redb engine")
                })?;
                Box::new(RedbEngine::open(path, options.sync)?)
            }
        };
        Ok(Database::with_storage(storage, options))
    }

    /// A database over an engine the caller opened (any `StorageEngine`, e.g. a wrapper
    /// that injects faults in tests).
    pub fn with_storage(storage: Box<dyn StorageEngine>, options: DatabaseOptions) -> Database {
        let capacity = match options.hot_capacity {
            0 => DEFAULT_HOT_CAPACITY,
            n => n,
        };
        let options = DatabaseOptions { hot_capacity: capacity, ..options };
        Database {
            storage,
            hot: RwLock::new(HotTier::new(options.hot_kind, capacity)),
            writer: Mutex::new(()),
            hot_hits: AtomicU64::new(0),
            hot_misses: AtomicU64::new(0),
            options,
        }
    }

    /// The options in effect (capacity resolved).
    pub fn options(&self) -> DatabaseOptions {
        self.options
    }

    /// Stores `value` under `key`.
    pub fn put(&self, key: i64, value: &[u8]) -> OmenResult<()> {
        check_value_len(value.len())?;
        let _writer = self.lock_writer();
        crate::error::debug_panic_point("Database::put", key);
        let cached = self.in_write_window([key], || self.storage.put(key, value))?;
        if !cached.is_empty() {
            self.hot_write().refresh(key, value);
        }
        Ok(())
    }

    /// Reads the value of `key`.
    pub fn get(&self, key: i64) -> OmenResult<Option<Vec<u8>>> {
        let epoch = {
            let hot = self.hot_read();
            if let Some(value) = hot.get(key) {
                self.hot_hits.fetch_add(1, Ordering::Relaxed);
                return Ok(Some(value));
            }
            hot.write_epoch()
        };
        self.hot_misses.fetch_add(1, Ordering::Relaxed);
        let value = self.storage.get(key)?;
        if let Some(found) = &value {
            self.hot_write().admit_if_unchanged(epoch, key, found);
        }
        Ok(value)
    }

    /// Reads several keys; one `Option` per key, in order.
    pub fn get_many(&self, keys: &[i64]) -> OmenResult<Vec<Option<Vec<u8>>>> {
        check_batch_len(keys.len())?;
        keys.iter().map(|&k| self.get(k)).collect()
    }

    /// Deletes `key`; returns whether it existed.
    pub fn delete(&self, key: i64) -> OmenResult<bool> {
        let _writer = self.lock_writer();
        let mut existed = false;
        self.in_write_window([key], || {
            existed = self.storage.delete(key)?;
            Ok(())
        })?;
        Ok(existed)
    }

    /// Stores every entry atomically; later entries win.
    pub fn batch_write(&self, entries: &[(i64, &[u8])]) -> OmenResult<()> {
        check_batch_len(entries.len())?;
        for (_, value) in entries {
            check_value_len(value.len())?;
        }
        let _writer = self.lock_writer();
        let cached = self.in_write_window(entries.iter().map(|(key, _)| *key), || self.storage.batch_write(entries))?;
        if !cached.is_empty() {
            let cached: std::collections::HashSet<i64> = cached.into_iter().collect();
            let mut hot = self.hot_write();
            for (key, value) in entries.iter().filter(|(key, _)| cached.contains(key)) {
                hot.refresh(*key, value);
            }
        }
        Ok(())
    }

    /// Entries with `start <= key <= end` from storage, at most `limit` (`None`: all).
    pub fn range(&self, start: i64, end: i64, limit: Option<usize>) -> OmenResult<RangePage> {
        if start > end {
            return Err(OmenError::new(
                ErrorCode::InvalidArgument,
                format!("range start {start} is greater than end {end}"),
            ));
        }
        self.storage.range(start, end, limit)
    }

    /// Makes every write so far durable.
    pub fn flush(&self) -> OmenResult<()> {
        self.storage.flush()
    }

    /// Current counters.
    pub fn stats(&self) -> OmenResult<DatabaseStats> {
        let hot = self.hot_read();
        Ok(DatabaseStats {
            engine: self.options.engine,
            sync: self.options.sync,
            num_keys: self.storage.len()?,
            hot_keys: hot.len() as u64,
            hot_capacity: hot.capacity() as u64,
            hot_hits: self.hot_hits.load(Ordering::Relaxed),
            hot_misses: self.hot_misses.load(Ordering::Relaxed),
            file_bytes: self.storage.file_bytes(),
        })
    }

    /// Flushes and releases the database (the file lock is released on return).
    pub fn close(self) -> OmenResult<()> {
        self.storage.flush()
    }

    /// Runs a storage write of `keys` inside a hot-tier write window: the keys leave the
    /// tier before storage changes and nothing is admitted until the write ends (even by a
    /// panic), so no reader sees a new value and then an old one, and a write that fails
    /// after applying (an fsync error after the commit) leaves no stale entry. Returns the
    /// keys that were cached, for write-through once the write succeeded. Holds the writer lock.
    fn in_write_window(
        &self,
        keys: impl IntoIterator<Item = i64>,
        write: impl FnOnce() -> OmenResult<()>,
    ) -> OmenResult<Vec<i64>> {
        struct CloseWindow<'a>(&'a Database);
        impl Drop for CloseWindow<'_> {
            fn drop(&mut self) {
                self.0.hot_write().end_write();
            }
        }
        let cached = self.hot_write().begin_write(keys);
        let _close = CloseWindow(self);
        write()?;
        Ok(cached)
    }

    // Every critical section leaves the tier consistent or panics before mutating it
    // (a panicking LearnedMap call is a bug reported as INTERNAL), so poisoning is ignored.
    fn hot_read(&self) -> RwLockReadGuard<'_, HotTier> {
        self.hot.read().unwrap_or_else(|e| e.into_inner())
    }

    fn hot_write(&self) -> RwLockWriteGuard<'_, HotTier> {
        self.hot.write().unwrap_or_else(|e| e.into_inner())
    }

    fn lock_writer(&self) -> MutexGuard<'_, ()> {
        self.writer.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Rejects values longer than `MAX_VALUE_LEN`.
pub fn check_value_len(len: usize) -> OmenResult<()> {
    if len > MAX_VALUE_LEN {
        return Err(OmenError::new(
            ErrorCode::ValueTooLarge,
            format!("value of {len} bytes exceeds the maximum of {MAX_VALUE_LEN}"),
        ));
    }
    Ok(())
}

/// Rejects batches longer than `MAX_BATCH`.
pub fn check_batch_len(count: usize) -> OmenResult<()> {
    if count > MAX_BATCH {
        return Err(OmenError::new(
            ErrorCode::ValueTooLarge,
            format!("batch of {count} entries exceeds the maximum of {MAX_BATCH}"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory_db(capacity: usize) -> Database {
        let options = DatabaseOptions { engine: EngineKind::Memory, hot_capacity: capacity, ..Default::default() };
        Database::open(None, options).unwrap()
    }

    #[test]
    fn second_get_is_a_hot_hit() {
        let db = memory_db(16);
        db.put(1, b"one").unwrap();
        assert_eq!(db.get(1).unwrap().as_deref(), Some(&b"one"[..]));
        assert_eq!(db.get(1).unwrap().as_deref(), Some(&b"one"[..]));
        let stats = db.stats().unwrap();
        assert_eq!((stats.hot_hits, stats.hot_misses, stats.hot_keys), (1, 1, 1));
    }

    #[test]
    fn writes_refresh_and_deletes_drop_hot_entries() {
        let db = memory_db(16);
        db.put(1, b"old").unwrap();
        db.get(1).unwrap();
        db.put(1, b"new").unwrap();
        assert_eq!(db.get(1).unwrap().as_deref(), Some(&b"new"[..]));
        db.batch_write(&[(1, b"batch")]).unwrap();
        assert_eq!(db.get(1).unwrap().as_deref(), Some(&b"batch"[..]));
        assert!(db.delete(1).unwrap());
        assert_eq!(db.get(1).unwrap(), None);
        assert_eq!(db.stats().unwrap().hot_keys, 0);
    }

    #[test]
    fn hot_tier_never_exceeds_capacity() {
        let db = memory_db(10);
        for k in 0..100 {
            db.put(k, &k.to_le_bytes()).unwrap();
            db.get(k).unwrap();
        }
        let stats = db.stats().unwrap();
        assert_eq!(stats.hot_keys, 10);
        assert_eq!(stats.hot_capacity, 10);
        assert_eq!(stats.num_keys, 100);
    }

    #[test]
    fn zero_capacity_means_default_and_limits_are_enforced() {
        let db = memory_db(0);
        assert_eq!(db.options().hot_capacity, DEFAULT_HOT_CAPACITY);
        assert_eq!(check_value_len(MAX_VALUE_LEN + 1).unwrap_err().code, ErrorCode::ValueTooLarge);
        assert!(check_value_len(MAX_VALUE_LEN).is_ok());
        assert_eq!(db.range(5, 4, None).unwrap_err().code, ErrorCode::InvalidArgument);
    }

    #[test]
    fn redb_without_path_is_a_null_argument() {
        let err = Database::open(None, DatabaseOptions::default()).err().unwrap();
        assert_eq!(err.code, ErrorCode::NullArgument);
    }

    #[test]
    fn concurrent_readers_and_a_writer_agree_with_storage() {
        let db = std::sync::Arc::new(memory_db(8));
        for k in 0..32 {
            db.put(k, &[0]).unwrap();
        }
        let writer = {
            let db = db.clone();
            std::thread::spawn(move || {
                for round in 1..=50u8 {
                    for k in 0..32 {
                        db.put(k, &[round]).unwrap();
                    }
                }
            })
        };
        let readers: Vec<_> = (0..2)
            .map(|_| {
                let db = db.clone();
                std::thread::spawn(move || {
                    for _ in 0..2000 {
                        for k in [3, 7, 11] {
                            assert!(db.get(k).unwrap().is_some());
                        }
                    }
                })
            })
            .collect();
        writer.join().unwrap();
        for r in readers {
            r.join().unwrap();
        }
        for k in 0..32 {
            assert_eq!(db.get(k).unwrap(), Some(vec![50]), "key {k} is stale in the hot tier");
        }
    }
}
