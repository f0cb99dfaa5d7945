//! Storage engines: where key/value pairs live durably (redb) or only in memory.
//! Every engine implements `StorageEngine` and passes the same conformance suite;
//! engines know nothing of C, of the hot tier or of the learned index.

mod cached_reader;
mod memory;
mod redb_engine;
#[cfg(feature = "rocksdb")]
mod rocksdb_engine;

#[cfg(test)]
mod conformance_tests;
#[cfg(test)]
pub mod fault;
#[cfg(test)]
mod power_cut;
#[cfg(test)]
mod power_cut_tests;

pub use memory::MemoryEngine;
pub use redb_engine::RedbEngine;
#[cfg(feature = "rocksdb")]
pub use rocksdb_engine::RocksDbEngine;

use crate::error::OmenResult;

/// When a committed write becomes durable.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SyncPolicy {
    /// Every commit is fsynced before it returns.
    #[default]
    Always,
    /// Commits are fsynced only by `flush` (and on close).
    OnFlush,
}

/// One page of a range scan.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RangePage {
    /// Entries in ascending key order.
    pub entries: Vec<(i64, Vec<u8>)>,
    /// True when more entries exist in the range beyond this page.
    pub has_more: bool,
}

/// A key/value store over `i64` keys and byte-string values.
///
/// Implementations are internally synchronised: every method takes `&self` and may be
/// called from any thread.
pub trait StorageEngine: Send + Sync {
    /// Stores `value` under `key`, replacing any previous value.
    fn put(&self, key: i64, value: &[u8]) -> OmenResult<()>;
    /// Reads the value of `key`.
    fn get(&self, key: i64) -> OmenResult<Option<Vec<u8>>>;
    /// Deletes `key`; returns whether it existed.
    fn delete(&self, key: i64) -> OmenResult<bool>;
    /// Stores all entries in one atomic commit (all or none); later entries win.
    fn batch_write(&self, entries: &[(i64, &[u8])]) -> OmenResult<()>;
    /// Entries with `start <= key <= end`, ascending, at most `limit` (`None`: no limit).
    fn range(&self, start: i64, end: i64, limit: Option<usize>) -> OmenResult<RangePage>;
    /// Makes every write so far durable, whatever the sync policy.
    fn flush(&self) -> OmenResult<()>;
    /// Number of stored keys.
    fn len(&self) -> OmenResult<u64>;
    /// True when no key is stored.
    fn is_empty(&self) -> OmenResult<bool> {
        Ok(self.len()? == 0)
    }
    /// Size of the backing file in bytes (0 for memory).
    fn file_bytes(&self) -> u64;
}
