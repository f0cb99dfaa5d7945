//! `LearnedMap`, the key -> value map behind the C API's `LearnedIndex`: an immutable
//! `StaticIndex` with compactly stored values (the base), plus a sorted delta of insertions,
//! replacements and deletion tombstones (`delta.rs`: O(1) point access, ordered ranges). Reads
//! merge both views; the delta is folded into a rebuilt base once it outgrows
//! `max(min_merge_threshold, base_len / 16)` entries.

use super::delta::{Delta, DeltaEntry};
use super::values::ValueStore;
use super::{effective_epsilon, IndexKind, IndexStats, StaticIndex};

/// Default lower limit of the merge threshold: small maps are not rebuilt on every few inserts.
pub const DEFAULT_MIN_MERGE_THRESHOLD: usize = 1024;
/// The delta may grow to `base_len / MERGE_DIVISOR` entries before it is merged. Merging costs
/// O(n), so this keeps the amortised rebuild cost at ~16 key copies per write while the delta
/// stays a small fraction of the data.
pub const MERGE_DIVISOR: usize = 16;

/// Learned key -> value map with an insert delta.
#[derive(Clone, Debug)]
pub struct LearnedMap {
    base: StaticIndex,
    values: ValueStore,
    delta: Delta,
    epsilon: u32,
    live: usize,
    capacity_hint: usize,
    min_merge_threshold: usize,
}

impl LearnedMap {
    /// An empty map; `epsilon` 0 means `DEFAULT_EPSILON`; `capacity_hint` pre-sizes the first merge.
    pub fn new(kind: IndexKind, epsilon: u32, capacity_hint: usize) -> Self {
        LearnedMap {
            base: StaticIndex::empty(kind),
            values: ValueStore::default(),
            delta: Delta::default(),
            epsilon: effective_epsilon(epsilon),
            live: 0,
            capacity_hint,
            min_merge_threshold: DEFAULT_MIN_MERGE_THRESHOLD,
        }
    }

    /// Builds from entries in any order; for duplicate keys the LAST occurrence wins.
    pub fn build(kind: IndexKind, epsilon: u32, mut entries: Vec<(i64, Vec<u8>)>) -> Self {
        entries.sort_by_key(|entry| entry.0); // stable: equal keys keep their input order
        let mut keys = Vec::with_capacity(entries.len());
        let mut values = ValueStore::builder(entries.len());
        for (i, (key, value)) in entries.iter().enumerate() {
            let last_of_its_key = entries.get(i + 1).is_none_or(|next| next.0 != *key);
            if last_of_its_key {
                keys.push(*key);
                values.push(value);
            }
        }
        Self::from_parts(kind, epsilon, keys, values.finish())
    }

    /// Builds from keys in any order with empty values (sort + dedup, no value storage).
    pub fn build_keys(kind: IndexKind, epsilon: u32, mut keys: Vec<i64>) -> Self {
        keys.sort_unstable();
        keys.dedup();
        Self::from_parts(kind, epsilon, keys, ValueStore::default())
    }

    fn from_parts(kind: IndexKind, epsilon: u32, keys: Vec<i64>, values: ValueStore) -> Self {
        let epsilon = effective_epsilon(epsilon);
        let live = keys.len();
        LearnedMap {
            base: StaticIndex::build(kind, epsilon, keys),
            values,
            delta: Delta::default(),
            epsilon,
            live,
            capacity_hint: 0,
            min_merge_threshold: DEFAULT_MIN_MERGE_THRESHOLD,
        }
    }

    /// Sets the lower limit of the merge threshold (at least 1); mostly for tuning and tests.
    pub fn set_min_merge_threshold(&mut self, entries: usize) {
        self.min_merge_threshold = entries.max(1);
    }

    /// Delta size above which a write triggers a merge.
    pub fn merge_threshold(&self) -> usize {
        self.min_merge_threshold.max(self.base.len() / MERGE_DIVISOR)
    }

    /// Inserts `key` or replaces its value.
    pub fn insert(&mut self, key: i64, value: &[u8]) {
        let value = Some(Box::from(value));
        match self.delta.get_mut(key) {
            Some(entry) => {
                if entry.value.is_none() {
                    self.live += 1;
                }
                entry.value = value;
            }
            None => {
                let shadows_base = self.base.contains(key);
                if !shadows_base {
                    self.live += 1;
                }
                self.delta.insert_new(key, DeltaEntry { value, shadows_base });
                self.merge_if_over_threshold();
            }
        }
    }

    /// Removes `key`; true if it was present.
    pub fn remove(&mut self, key: i64) -> bool {
        match self.delta.get_mut(key) {
            Some(entry) if entry.value.is_none() => false,
            Some(entry) => {
                if entry.shadows_base {
                    entry.value = None;
                } else {
                    self.delta.remove(key);
                }
                self.live -= 1;
                true
            }
            None if self.base.contains(key) => {
                self.delta.insert_new(key, DeltaEntry { value: None, shadows_base: true });
                self.live -= 1;
                self.merge_if_over_threshold();
                true
            }
            None => false,
        }
    }

    /// Value of `key`, if present. While the delta holds only keys the base lacks (inserts of new
    /// keys, the common case), a key found in the base is answered without touching the delta.
    #[inline]
    pub fn get(&self, key: i64) -> Option<&[u8]> {
        if self.delta.shadows_no_base_key() {
            if let Some(i) = self.base.find(key) {
                return Some(self.values.get(i));
            }
            return self.delta.get(key).and_then(|entry| entry.value.as_deref());
        }
        if let Some(entry) = self.delta.get(key) {
            return entry.value.as_deref();
        }
        self.base.find(key).map(|i| self.values.get(i))
    }

    /// True if `key` is present (the same two paths as `get`).
    #[inline]
    pub fn contains(&self, key: i64) -> bool {
        if self.delta.shadows_no_base_key() {
            return self.base.contains(key) || self.delta.get(key).is_some_and(|entry| entry.value.is_some());
        }
        match self.delta.get(key) {
            Some(entry) => entry.value.is_some(),
            None => self.base.contains(key),
        }
    }

    /// Appends the keys `k` with `start <= k <= end`, ascending, to `out` (nothing if `start > end`).
    pub fn range_keys(&self, start: i64, end: i64, out: &mut Vec<i64>) {
        if self.delta.is_empty() {
            let positions = self.base.range_positions(start, end);
            out.extend_from_slice(&self.base.keys()[positions]);
            return;
        }
        self.for_each_in_range(start, end, |key, _| {
            out.push(key);
            true
        });
    }

    /// Calls `f(key, value)` for the entries with `start <= key <= end` in ascending key order,
    /// stopping early when `f` returns false. Nothing is visited when `start > end`.
    pub fn for_each_in_range(&self, start: i64, end: i64, mut f: impl FnMut(i64, &[u8]) -> bool) {
        if start > end {
            return;
        }
        let keys = self.base.keys();
        let mut positions = self.base.range_positions(start, end);
        let mut delta = self.delta.range(start..=end).peekable();
        loop {
            let base_key = keys.get(positions.start).filter(|_| !positions.is_empty()).copied();
            let keep_going = match (base_key, delta.peek()) {
                (None, None) => return,
                (Some(b), Some(&(d, _))) if d <= b => {
                    if d == b {
                        positions.start += 1;
                    }
                    let (_, entry) = delta.next().expect("peeked");
                    entry.value.as_deref().is_none_or(|value| f(d, value))
                }
                (Some(b), _) => {
                    let value = self.values.get(positions.start);
                    positions.start += 1;
                    f(b, value)
                }
                (None, Some(_)) => {
                    let (d, entry) = delta.next().expect("peeked");
                    entry.value.as_deref().is_none_or(|value| f(d, value))
                }
            };
            if !keep_going {
                return;
            }
        }
    }

    /// Number of live keys `k` with `start <= k <= end` (0 if `start > end`).
    pub fn count_range(&self, start: i64, end: i64) -> usize {
        if start > end {
            return 0;
        }
        let in_base = self.base.range_positions(start, end).len();
        let (mut added, mut removed) = (0usize, 0usize);
        for entry in self.delta.range(start..=end).map(|(_, e)| e) {
            match (entry.value.is_some(), entry.shadows_base) {
                (true, false) => added += 1,
                (false, true) => removed += 1,
                _ => {}
            }
        }
        in_base + added - removed
    }

    /// Folds the delta into a rebuilt base (a no-op when the delta is empty).
    pub fn merge(&mut self) {
        if self.delta.is_empty() {
            return;
        }
        let capacity = self.live.max(self.capacity_hint);
        let mut keys = Vec::with_capacity(capacity);
        let mut values = ValueStore::builder(capacity);
        self.for_each_in_range(i64::MIN, i64::MAX, |key, value| {
            keys.push(key);
            values.push(value);
            true
        });
        debug_assert_eq!(keys.len(), self.live);
        self.base = StaticIndex::build(self.base.kind(), self.epsilon, keys);
        self.values = values.finish();
        self.delta.clear();
    }

    fn merge_if_over_threshold(&mut self) {
        if self.delta.len() > self.merge_threshold() {
            self.merge();
        }
    }

    /// Number of live keys.
    pub fn len(&self) -> usize {
        self.live
    }

    /// True when no key is live.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Kind of the index.
    pub fn kind(&self) -> IndexKind {
        self.base.kind()
    }

    /// Entries waiting in the delta.
    pub fn delta_len(&self) -> usize {
        self.delta.len()
    }

    /// The merged base (keys and model), without the delta.
    pub fn base(&self) -> &StaticIndex {
        &self.base
    }

    /// Statistics; the delta's memory is an estimate (entry size plus value bytes).
    pub fn stats(&self) -> IndexStats {
        let delta_bytes = self.delta.heap_bytes();
        let model_bytes = self.base.model_bytes();
        let kind = self.kind();
        IndexStats {
            kind,
            epsilon: if kind == IndexKind::Pgm { self.epsilon } else { 0 },
            num_keys: self.live as u64,
            delta_keys: self.delta.len() as u64,
            num_models: self.base.num_models() as u64,
            max_error: self.base.max_error() as u64,
            mean_error: self.base.mean_error(),
            model_bytes: model_bytes as u64,
            total_bytes: (self.base.key_bytes() + self.values.heap_bytes() + model_bytes + delta_bytes) as u64,
        }
    }
}
