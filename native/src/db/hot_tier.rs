//! The hot tier: a bounded `LearnedMap` of recently read entries sitting above storage.
//! Eviction is FIFO by admission ("evict the oldest admitted key"), kept O(1) amortised
//! with an admission queue of `(key, sequence)` pairs and lazy skipping of stale pairs.

use std::collections::{HashMap, VecDeque};

use crate::index::{IndexKind, LearnedMap, DEFAULT_EPSILON};

/// A bounded key -> value cache backed by a learned index.
///
/// Policy: a key is admitted when a read misses the tier and finds it in storage; writes
/// only refresh keys already present (so bulk loads do not flush the tier). When more than
/// `capacity` keys are held, the key admitted longest ago is evicted, whether or not it was
/// read since. A re-admitted key (after delete or eviction) counts as newly admitted.
pub(crate) struct HotTier {
    map: LearnedMap,
    capacity: usize,
    /// Admission order; a pair is stale when `admitted` holds another sequence for the key.
    queue: VecDeque<(i64, u64)>,
    /// Live keys and the sequence of their current admission.
    admitted: HashMap<i64, u64>,
    next_sequence: u64,
    /// Bumped when a write window opens and closes; a reader admits only if no write
    /// started or finished since it read storage.
    write_epoch: u64,
    /// True while a storage write is in progress (between `begin_write` and `end_write`).
    write_in_flight: bool,
}

impl HotTier {
    /// An empty tier holding at most `capacity` keys (at least one).
    pub(crate) fn new(kind: IndexKind, capacity: usize) -> HotTier {
        let capacity = capacity.max(1);
        HotTier {
            map: LearnedMap::new(kind, DEFAULT_EPSILON, capacity.min(1 << 20)),
            capacity,
            queue: VecDeque::new(),
            admitted: HashMap::new(),
            next_sequence: 0,
            write_epoch: 0,
            write_in_flight: false,
        }
    }

    /// A copy of the cached value of `key`.
    pub(crate) fn get(&self, key: i64) -> Option<Vec<u8>> {
        self.map.get(key).map(<[u8]>::to_vec)
    }

    /// The write epoch a reader records before it reads storage.
    pub(crate) fn write_epoch(&self) -> u64 {
        self.write_epoch
    }

    /// Admits `key` after a storage read made at `epoch`, unless a write started or
    /// finished since, or is in progress (then the value read may be stale and is dropped).
    pub(crate) fn admit_if_unchanged(&mut self, epoch: u64, key: i64, value: &[u8]) {
        if self.write_in_flight || epoch != self.write_epoch || self.map.contains(key) {
            return;
        }
        self.admit(key, value);
    }

    /// Opens a write window before storage is written: drops `keys` from the tier, so no
    /// reader is served an old value once storage may hold the new one, and blocks
    /// admissions until `end_write`. Returns the keys that were cached.
    pub(crate) fn begin_write(&mut self, keys: impl IntoIterator<Item = i64>) -> Vec<i64> {
        self.write_epoch += 1;
        self.write_in_flight = true;
        if self.admitted.is_empty() {
            // Nothing to drop: a bulk load into a cold tier skips a lookup per key.
            return Vec::new();
        }
        keys.into_iter().filter(|&key| self.remove(key)).collect()
    }

    /// Closes the write window (storage written or failed).
    pub(crate) fn end_write(&mut self) {
        self.write_epoch += 1;
        self.write_in_flight = false;
    }

    /// Write-through after a successful write: caches the value storage now holds for a key
    /// `begin_write` reported as cached. The caller holds the database's writer lock.
    pub(crate) fn refresh(&mut self, key: i64, value: &[u8]) {
        if self.map.contains(key) {
            self.map.insert(key, value);
        } else {
            self.admit(key, value);
        }
    }

    fn admit(&mut self, key: i64, value: &[u8]) {
        self.map.insert(key, value);
        let sequence = self.next_sequence;
        self.next_sequence += 1;
        self.admitted.insert(key, sequence);
        self.queue.push_back((key, sequence));
        while self.admitted.len() > self.capacity {
            self.evict_oldest();
        }
        if self.queue.len() > 2 * self.capacity + 64 {
            let admitted = &self.admitted;
            self.queue.retain(|(k, s)| admitted.get(k) == Some(s));
        }
    }

    /// Drops `key` from the tier (its queue pair becomes stale); returns whether it was cached.
    pub(crate) fn remove(&mut self, key: i64) -> bool {
        self.write_epoch += 1;
        if self.admitted.remove(&key).is_some() {
            self.map.remove(key);
            return true;
        }
        false
    }

    /// Number of cached keys.
    pub(crate) fn len(&self) -> usize {
        self.admitted.len()
    }

    /// Maximum number of cached keys.
    pub(crate) fn capacity(&self) -> usize {
        self.capacity
    }

    fn evict_oldest(&mut self) {
        while let Some((key, sequence)) = self.queue.pop_front() {
            if self.admitted.get(&key) == Some(&sequence) {
                self.admitted.remove(&key);
                self.map.remove(key);
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicts_the_oldest_admitted_key_first() {
        let mut tier = HotTier::new(IndexKind::Linear, 3);
        for k in 1..=3 {
            tier.admit_if_unchanged(tier.write_epoch(), k, &[k as u8]);
        }
        assert_eq!(tier.get(1), Some(vec![1]));
        tier.admit_if_unchanged(tier.write_epoch(), 4, &[4]);
        assert_eq!(tier.len(), 3);
        assert_eq!(tier.get(1), None, "key 1 was admitted first");
        assert_eq!(tier.get(4), Some(vec![4]));
    }

    #[test]
    fn stale_admission_after_a_write_is_dropped() {
        let mut tier = HotTier::new(IndexKind::BTree, 8);
        let epoch = tier.write_epoch();
        tier.begin_write([5]);
        tier.end_write();
        tier.admit_if_unchanged(epoch, 5, b"old");
        assert_eq!(tier.get(5), None);
    }

    #[test]
    fn no_admission_while_a_write_is_in_flight_and_cached_keys_are_dropped_first() {
        let mut tier = HotTier::new(IndexKind::Rmi, 8);
        tier.admit_if_unchanged(tier.write_epoch(), 1, b"old");
        assert_eq!(tier.begin_write([1, 2]), vec![1]);
        assert_eq!(tier.get(1), None, "a cached key must be dropped before storage changes");
        tier.admit_if_unchanged(tier.write_epoch(), 2, b"read during the write");
        assert_eq!(tier.get(2), None);
        tier.end_write();
        tier.refresh(1, b"new");
        assert_eq!(tier.get(1), Some(b"new".to_vec()));
        assert_eq!(tier.len(), 1);
    }

    #[test]
    fn a_write_into_an_empty_tier_still_blocks_admissions_until_it_ends() {
        let mut tier = HotTier::new(IndexKind::BTree, 8);
        assert_eq!(tier.begin_write(0..1_000_000), Vec::<i64>::new());
        tier.admit_if_unchanged(tier.write_epoch(), 7, b"read during the write");
        assert_eq!(tier.get(7), None);
        tier.end_write();
        tier.admit_if_unchanged(tier.write_epoch(), 7, b"after");
        assert_eq!(tier.get(7), Some(b"after".to_vec()));
    }

    #[test]
    fn removed_then_readmitted_key_is_not_evicted_by_its_stale_pair() {
        let mut tier = HotTier::new(IndexKind::Pgm, 2);
        tier.admit_if_unchanged(tier.write_epoch(), 1, b"a");
        tier.admit_if_unchanged(tier.write_epoch(), 2, b"b");
        tier.remove(1);
        tier.admit_if_unchanged(tier.write_epoch(), 1, b"a2");
        tier.admit_if_unchanged(tier.write_epoch(), 3, b"c");
        // Oldest live admission is key 2; key 1's first pair is stale.
        assert_eq!(tier.get(2), None);
        assert_eq!(tier.get(1), Some(b"a2".to_vec()));
        assert_eq!(tier.get(3), Some(b"c".to_vec()));
    }

    #[test]
    fn queue_stays_bounded_under_churn() {
        let mut tier = HotTier::new(IndexKind::Linear, 4);
        for round in 0..1000 {
            tier.admit_if_unchanged(tier.write_epoch(), round % 3, b"v");
            tier.remove(round % 3);
        }
        assert!(tier.queue.len() <= 2 * 4 + 64);
        assert_eq!(tier.len(), 0);
    }
}
