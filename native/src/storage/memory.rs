//! In-memory storage engine: a `BTreeMap` behind a `RwLock`.
//! Used for tests, for OMENDB_OPEN_IN_MEMORY and as the reference model of the
//! durable engine's behaviour; nothing survives the process.

use std::collections::BTreeMap;
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

use super::{RangePage, StorageEngine};
use crate::error::OmenResult;

/// Ordered map in memory; readers run concurrently, writers are exclusive.
#[derive(Debug, Default)]
pub struct MemoryEngine {
    map: RwLock<BTreeMap<i64, Vec<u8>>>,
}

impl MemoryEngine {
    /// An empty engine.
    pub fn new() -> MemoryEngine {
        MemoryEngine::default()
    }

    // A panic while holding the lock leaves the map consistent (every mutation is a
    // single BTreeMap call), so poisoning is ignored.
    fn read(&self) -> RwLockReadGuard<'_, BTreeMap<i64, Vec<u8>>> {
        self.map.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, BTreeMap<i64, Vec<u8>>> {
        self.map.write().unwrap_or_else(|e| e.into_inner())
    }
}

impl StorageEngine for MemoryEngine {
    fn put(&self, key: i64, value: &[u8]) -> OmenResult<()> {
        self.write().insert(key, value.to_vec());
        Ok(())
    }

    fn get(&self, key: i64) -> OmenResult<Option<Vec<u8>>> {
        Ok(self.read().get(&key).cloned())
    }

    fn delete(&self, key: i64) -> OmenResult<bool> {
        Ok(self.write().remove(&key).is_some())
    }

    fn batch_write(&self, entries: &[(i64, &[u8])]) -> OmenResult<()> {
        // Copy first so an allocation failure cannot leave half a batch applied.
        let owned: Vec<(i64, Vec<u8>)> = entries.iter().map(|(k, v)| (*k, v.to_vec())).collect();
        let mut map = self.write();
        map.extend(owned);
        Ok(())
    }

    fn range(&self, start: i64, end: i64, limit: Option<usize>) -> OmenResult<RangePage> {
        let map = self.read();
        let mut iter = map.range(start..=end);
        let max = limit.unwrap_or(usize::MAX);
        let entries: Vec<(i64, Vec<u8>)> =
            iter.by_ref().take(max).map(|(k, v)| (*k, v.clone())).collect();
        let has_more = iter.next().is_some();
        Ok(RangePage { entries, has_more })
    }

    fn flush(&self) -> OmenResult<()> {
        Ok(())
    }

    fn len(&self) -> OmenResult<u64> {
        Ok(self.read().len() as u64)
    }

    fn file_bytes(&self) -> u64 {
        0
    }
}
