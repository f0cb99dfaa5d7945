//! `LearnedMap`'s insert delta: the pending insertions, replacements and deletion tombstones not
//! yet merged into the base. Point lookups go Bloom filter -> hash table (`key_table.rs`): most
//! keys stop at the filter, keys in the delta cost one slot read. Ranges and merges walk the keys
//! in order through a `BTreeSet` kept alongside.

use std::collections::BTreeSet;
use std::ops::RangeInclusive;

use super::delta_filter::DeltaFilter;
use super::key_table::KeyTable;

/// One pending change to the base.
#[derive(Clone, Debug)]
pub(crate) struct DeltaEntry {
    /// New value, or `None` for a deletion tombstone.
    pub value: Option<Box<[u8]>>,
    /// Whether the key is present in the base (tombstones only exist for such keys).
    pub shadows_base: bool,
}

/// Pending changes keyed by `i64`, with O(1) point access and ordered iteration.
#[derive(Clone, Debug, Default)]
pub(crate) struct Delta {
    entries: KeyTable<DeltaEntry>,
    /// The same keys as `entries`, in order.
    order: BTreeSet<i64>,
    /// Bloom filter over the keys: lets point lookups skip the table for most keys.
    filter: DeltaFilter,
    /// Entries whose key is also in the base (replacements and tombstones). Such entries are
    /// never removed before `clear`, so 0 means every entry is a key the base does not hold.
    shadowing: usize,
}

impl Delta {
    /// The entry of `key`, consulting the table only when the filter may hold the key.
    #[inline]
    pub fn get(&self, key: i64) -> Option<&DeltaEntry> {
        if self.filter.may_contain(key) {
            self.entries.get(key)
        } else {
            None
        }
    }

    /// The entry of `key` for update.
    #[inline]
    pub fn get_mut(&mut self, key: i64) -> Option<&mut DeltaEntry> {
        if self.filter.may_contain(key) {
            self.entries.get_mut(key)
        } else {
            None
        }
    }

    /// True when no entry shadows a base key: a key found in the base then needs no delta check.
    #[inline]
    pub fn shadows_no_base_key(&self) -> bool {
        self.shadowing == 0
    }

    /// Adds an entry for a key not in the delta (replacing it is a bug, asserted in debug builds).
    pub fn insert_new(&mut self, key: i64, entry: DeltaEntry) {
        self.shadowing += usize::from(entry.shadows_base);
        let replaced = self.entries.insert(key, entry);
        debug_assert!(replaced.is_none(), "key {key} was already in the delta");
        self.order.insert(key);
        self.filter.insert(key, self.order.iter().copied());
    }

    /// Drops the entry of `key` (the filter keeps reporting it until `clear`: harmless).
    pub fn remove(&mut self, key: i64) {
        if let Some(entry) = self.entries.remove(key) {
            self.shadowing -= usize::from(entry.shadows_base);
            self.order.remove(&key);
        }
    }

    /// The entries with keys in `keys`, ascending.
    pub fn range(&self, keys: RangeInclusive<i64>) -> impl Iterator<Item = (i64, &DeltaEntry)> {
        self.order.range(keys).map(|&key| (key, self.entries.get(key).expect("ordered keys are in the table")))
    }

    /// Forgets every entry (after a merge).
    pub fn clear(&mut self) {
        self.entries.clear();
        self.order.clear();
        self.filter.clear();
        self.shadowing = 0;
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no change is pending.
    pub fn is_empty(&self) -> bool {
        self.entries.len() == 0
    }

    /// Estimated bytes held: table slots, filter, value bytes and ~1.5 words per ordered key
    /// (B-tree nodes are at least half full).
    pub fn heap_bytes(&self) -> usize {
        let value_bytes: usize = self.entries.values().map(|e| e.value.as_ref().map_or(0, |v| v.len())).sum();
        let order_bytes = self.order.len() * std::mem::size_of::<i64>() * 3 / 2;
        self.entries.heap_bytes() + self.filter.heap_bytes() + value_bytes + order_bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(value: &[u8]) -> DeltaEntry {
        DeltaEntry { value: Some(Box::from(value)), shadows_base: false }
    }

    #[test]
    fn point_access_and_ordered_ranges_see_the_same_entries() {
        let mut delta = Delta::default();
        for key in [40i64, -3, 7, i64::MAX, i64::MIN, 12] {
            delta.insert_new(key, entry(&key.to_le_bytes()[..1]));
        }
        delta.remove(7);
        delta.remove(8); // absent: no effect
        if let Some(e) = delta.get_mut(12) {
            e.value = None;
        }
        assert_eq!(delta.len(), 5);
        assert!(delta.get(7).is_none() && delta.get(8).is_none());
        assert_eq!(delta.get(40).and_then(|e| e.value.as_deref()), Some(&[40u8][..]));
        let in_range: Vec<(i64, bool)> = delta.range(-3..=40).map(|(k, e)| (k, e.value.is_some())).collect();
        assert_eq!(in_range, [(-3, true), (12, false), (40, true)]);
        assert_eq!(delta.range(i64::MIN..=i64::MAX).count(), 5);
        assert!(delta.heap_bytes() > 0);
        delta.clear();
        assert!(delta.is_empty() && delta.get(40).is_none() && delta.heap_bytes() == 0);
    }

    #[test]
    fn counts_the_entries_that_shadow_base_keys() {
        let mut delta = Delta::default();
        delta.insert_new(1, entry(b"a"));
        delta.insert_new(2, entry(b"b"));
        assert!(delta.shadows_no_base_key());
        delta.remove(1);
        assert!(delta.shadows_no_base_key());
        delta.insert_new(3, DeltaEntry { value: None, shadows_base: true });
        assert!(!delta.shadows_no_base_key());
        delta.remove(3);
        assert!(delta.shadows_no_base_key(), "removing the shadowing entry clears the count");
        delta.insert_new(4, DeltaEntry { value: Some(Box::from(&b"c"[..])), shadows_base: true });
        delta.clear();
        assert!(delta.shadows_no_base_key());
    }
}
