//! An open-addressing hash table from `i64` keys to values, for the point lookups of
//! `LearnedMap`'s insert delta: a key and its value share one slot, so a lookup that finds its key
//! costs one cache miss (a `BTreeMap` of a million entries costs several dependent ones). Linear
//! probing, at most 3/4 full, deletion by backward shift (no tombstones); it keeps no key order.

/// Slots are added (doubling) once the table would be more than `MAX_LOAD_NUM / MAX_LOAD_DEN` full.
const MAX_LOAD_NUM: usize = 3;
const MAX_LOAD_DEN: usize = 4;
/// Slots of a table's first allocation.
const MIN_SLOTS: usize = 16;
/// Odd multiplier of the slot hash (a different one from the delta's Bloom filter).
const HASH_MULTIPLIER: u64 = 0xD6E8_FEB8_6659_FD93;

/// Key -> value map with O(1) expected `get`, `insert` and `remove`.
#[derive(Clone, Debug)]
pub(crate) struct KeyTable<V> {
    /// Power-of-two many slots (or none before the first insert).
    slots: Vec<Option<(i64, V)>>,
    /// `64 - log2(slots.len())`: the hash's top bits pick the home slot.
    shift: u32,
    len: usize,
}

impl<V> Default for KeyTable<V> {
    fn default() -> Self {
        KeyTable { slots: Vec::new(), shift: 64, len: 0 }
    }
}

impl<V> KeyTable<V> {
    /// Number of keys held.
    pub fn len(&self) -> usize {
        self.len
    }

    /// The value of `key`, if held.
    #[inline]
    pub fn get(&self, key: i64) -> Option<&V> {
        let slot = self.find_slot(key)?;
        self.slots[slot].as_ref().map(|(_, value)| value)
    }

    /// The value of `key` for update, if held.
    #[inline]
    pub fn get_mut(&mut self, key: i64) -> Option<&mut V> {
        let slot = self.find_slot(key)?;
        self.slots[slot].as_mut().map(|(_, value)| value)
    }

    /// Sets the value of `key`, returning the value it replaces.
    pub fn insert(&mut self, key: i64, value: V) -> Option<V> {
        if let Some(slot) = self.find_slot(key) {
            let (_, old) = self.slots[slot].as_mut().expect("found slots are full");
            return Some(std::mem::replace(old, value));
        }
        if (self.len + 1) * MAX_LOAD_DEN > self.slots.len() * MAX_LOAD_NUM {
            self.grow();
        }
        self.place(key, value);
        self.len += 1;
        None
    }

    /// Removes `key`, returning its value. Later keys of the probe run move back into the hole,
    /// so every held key stays reachable from its home slot without tombstones.
    pub fn remove(&mut self, key: i64) -> Option<V> {
        let mut hole = self.find_slot(key)?;
        let (_, value) = self.slots[hole].take().expect("found slots are full");
        self.len -= 1;
        let mask = self.slots.len() - 1;
        let mut next = hole;
        loop {
            next = (next + 1) & mask;
            let Some((moved_key, _)) = &self.slots[next] else { break };
            let home = self.home(*moved_key);
            // The key at `next` may fill the hole if the hole lies on its probe path (home..=next).
            if (next.wrapping_sub(home) & mask) >= (next.wrapping_sub(hole) & mask) {
                self.slots[hole] = self.slots[next].take();
                hole = next;
            }
        }
        Some(value)
    }

    /// Forgets every key and frees the slots.
    pub fn clear(&mut self) {
        *self = KeyTable::default();
    }

    /// The held values, in no particular order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.slots.iter().flatten().map(|(_, value)| value)
    }

    /// Bytes held by the slots.
    pub fn heap_bytes(&self) -> usize {
        self.slots.capacity() * std::mem::size_of::<Option<(i64, V)>>()
    }

    /// Home slot of `key` (the table must have slots).
    #[inline(always)]
    fn home(&self, key: i64) -> usize {
        let bits = key as u64;
        ((bits ^ (bits >> 32)).wrapping_mul(HASH_MULTIPLIER) >> self.shift) as usize
    }

    /// The slot holding `key`, if any.
    #[inline]
    fn find_slot(&self, key: i64) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut slot = self.home(key);
        loop {
            match &self.slots[slot] {
                None => return None,
                Some((held, _)) if *held == key => return Some(slot),
                Some(_) => slot = (slot + 1) & mask,
            }
        }
    }

    /// Puts a key known to be absent into the first free slot of its probe run.
    fn place(&mut self, key: i64, value: V) {
        let mask = self.slots.len() - 1;
        let mut slot = self.home(key);
        while self.slots[slot].is_some() {
            slot = (slot + 1) & mask;
        }
        self.slots[slot] = Some((key, value));
    }

    /// Doubles the slots (or makes the first ones) and re-places every key.
    fn grow(&mut self) {
        let slots = (self.slots.len() * 2).max(MIN_SLOTS);
        let old = std::mem::replace(&mut self.slots, (0..slots).map(|_| None).collect());
        self.shift = 64 - slots.trailing_zeros();
        for (key, value) in old.into_iter().flatten() {
            self.place(key, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn agrees_with_a_hash_map_through_inserts_replacements_and_removals() {
        let mut table = KeyTable::default();
        let mut model = HashMap::new();
        let mut state = 0x1234_5678_9ABC_DEF1u64;
        for step in 0..200_000u64 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            // A small key space (so keys collide and runs form) plus the extremes.
            let key = match state % 50 {
                0 => i64::MIN,
                1 => i64::MAX,
                _ => ((state >> 8) % 3_000) as i64 * 1024 - 1_000_000,
            };
            match (state >> 40) % 3 {
                0 | 1 => assert_eq!(table.insert(key, step), model.insert(key, step), "insert {key}"),
                _ => assert_eq!(table.remove(key), model.remove(&key), "remove {key}"),
            }
            assert_eq!(table.len(), model.len());
        }
        for key in (-1_000_000..2_100_000).step_by(512).chain([i64::MIN, i64::MAX]) {
            assert_eq!(table.get(key), model.get(&key), "get {key}");
        }
        let mut values: Vec<u64> = table.values().copied().collect();
        let mut expected: Vec<u64> = model.values().copied().collect();
        values.sort_unstable();
        expected.sort_unstable();
        assert_eq!(values, expected);
    }

    #[test]
    fn stays_at_most_three_quarters_full_and_clears() {
        let mut table = KeyTable::default();
        assert_eq!(table.get(3), None);
        assert_eq!(table.remove(3), None);
        for key in 0..10_000i64 {
            table.insert(key, key * 2);
        }
        let slots = table.heap_bytes() / std::mem::size_of::<Option<(i64, i64)>>();
        assert_eq!(slots, 16_384);
        if let Some(value) = table.get_mut(9_999) {
            *value = -1;
        }
        assert_eq!((table.get(9_999), table.get(9_998), table.get(10_000)), (Some(&-1), Some(&19_996), None));
        table.clear();
        assert_eq!((table.len(), table.heap_bytes(), table.get(5)), (0, 0, None));
    }
}
