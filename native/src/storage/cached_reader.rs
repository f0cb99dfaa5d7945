//! One read snapshot shared by every read until the next write, so a point read does not pay
//! for opening a read transaction. A generation counter, odd while a write is committing,
//! decides when the cached snapshot may serve: never once a write has begun after it.
//! Generic over the snapshot type so its protocol is tested without a database.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use crate::error::OmenResult;

/// A snapshot labelled with the generation a reader observed before it was opened.
struct Labelled<S> {
    generation: u64,
    snapshot: Arc<S>,
}

/// The cache: at most one snapshot, dropped when a write begins.
///
/// Protocol: a write bumps `generation` to odd and drops the cached snapshot before it
/// commits, and bumps it back to even once the commit returned (`WriteGuard`). A reader loads
/// the generation first; only when it is even may the reader use (or store) a snapshot
/// labelled with it. Hence a snapshot serves only readers that started after the last write
/// ended and was itself opened after that write ended: a get after an acknowledged write sees
/// it, and no reader sees a write that a later reader then misses.
pub(crate) struct CachedReader<S> {
    generation: AtomicU64,
    slot: RwLock<Option<Labelled<S>>>,
}

impl<S> CachedReader<S> {
    /// An empty cache at generation 0.
    pub(crate) fn new() -> CachedReader<S> {
        CachedReader { generation: AtomicU64::new(0), slot: RwLock::new(None) }
    }

    /// The cached snapshot when it is current, else one made by `open` (cached when no write
    /// is in progress and none began meanwhile).
    pub(crate) fn get_or_open(&self, open: impl FnOnce() -> OmenResult<S>) -> OmenResult<Arc<S>> {
        let generation = self.generation.load(Ordering::SeqCst);
        let writing = generation % 2 == 1;
        if !writing {
            if let Some(cached) = self.slot.read().unwrap_or_else(|e| e.into_inner()).as_ref() {
                if cached.generation == generation {
                    return Ok(Arc::clone(&cached.snapshot));
                }
            }
        }
        let snapshot = Arc::new(open()?);
        if !writing {
            let mut slot = self.slot.write().unwrap_or_else(|e| e.into_inner());
            // Re-checked under the lock: a write that began meanwhile has already cleared the
            // slot (or clears it after us), and its snapshot must not outlive that write's start.
            if self.generation.load(Ordering::SeqCst) == generation {
                *slot = Some(Labelled { generation, snapshot: Arc::clone(&snapshot) });
            }
        }
        Ok(snapshot)
    }

    /// Marks a write as committing until the guard drops (after the commit returned, or
    /// failed): drops the cached snapshot and keeps readers from caching a new one meanwhile.
    /// Writes must not overlap (the caller holds the store's write transaction).
    pub(crate) fn begin_write(&self) -> WriteGuard<'_, S> {
        self.generation.fetch_add(1, Ordering::SeqCst);
        let dropped = self.slot.write().unwrap_or_else(|e| e.into_inner()).take();
        // Released outside the lock; readers holding a clone keep it alive until they finish.
        drop(dropped);
        WriteGuard { reader: self }
    }

    /// True when a snapshot is cached (tests).
    #[cfg(test)]
    pub(crate) fn is_cached(&self) -> bool {
        self.slot.read().unwrap_or_else(|e| e.into_inner()).is_some()
    }
}

/// Ends a write window when dropped: the generation becomes even again.
pub(crate) struct WriteGuard<'a, S> {
    reader: &'a CachedReader<S>,
}

impl<S> Drop for WriteGuard<'_, S> {
    fn drop(&mut self) {
        self.reader.generation.fetch_add(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// A reader over a counter "store": the snapshot is the counter's value when opened.
    fn read(reader: &CachedReader<u64>, store: &Cell<u64>, opens: &Cell<u32>) -> u64 {
        *reader
            .get_or_open(|| {
                opens.set(opens.get() + 1);
                Ok(store.get())
            })
            .unwrap()
    }

    #[test]
    fn reads_share_one_snapshot_until_a_write() {
        let (reader, store, opens) = (CachedReader::new(), Cell::new(1), Cell::new(0));
        assert_eq!((read(&reader, &store, &opens), read(&reader, &store, &opens)), (1, 1));
        assert_eq!(opens.get(), 1);
        {
            let _write = reader.begin_write();
            assert!(!reader.is_cached());
            store.set(2);
        }
        assert_eq!(read(&reader, &store, &opens), 2);
        assert_eq!(opens.get(), 2);
    }

    #[test]
    fn reads_during_a_write_open_fresh_snapshots_and_cache_none() {
        let (reader, store, opens) = (CachedReader::new(), Cell::new(1), Cell::new(0));
        let write = reader.begin_write();
        assert_eq!(read(&reader, &store, &opens), 1);
        store.set(2); // the commit
        assert_eq!(read(&reader, &store, &opens), 2);
        assert_eq!(opens.get(), 2);
        assert!(!reader.is_cached());
        drop(write);
        assert_eq!(read(&reader, &store, &opens), 2);
        assert!(reader.is_cached());
    }

    #[test]
    fn a_snapshot_opened_across_a_write_start_is_not_cached() {
        let (reader, store) = (CachedReader::new(), Cell::new(1));
        let snapshot = reader
            .get_or_open(|| {
                // A write begins while this reader opens its snapshot.
                std::mem::forget(reader.begin_write());
                Ok(store.get())
            })
            .unwrap();
        assert_eq!(*snapshot, 1);
        assert!(!reader.is_cached());
    }

    #[test]
    fn failed_open_caches_nothing() {
        let reader: CachedReader<u64> = CachedReader::new();
        let err = reader.get_or_open(|| Err(crate::error::OmenError::new(crate::error::ErrorCode::Io, "boom")));
        assert_eq!(err.err().unwrap().code, crate::error::ErrorCode::Io);
        assert!(!reader.is_cached());
    }
}
