//! A Bloom filter over the keys of `LearnedMap`'s insert delta, so a point lookup of a key that
//! is not in the delta (the common case) skips the delta's hash table: one read of a word in a
//! small, mostly cached array instead of a likely cache miss in a large one. Register-blocked (all of a key's bits in one 64-bit word), it
//! grows by rebuilding from the delta's keys and is cleared when the delta is merged.

/// Bits set per key, all in one word.
const BITS_PER_KEY_IN_WORD: u32 = 3;
/// Filter bits per delta entry at full capacity (false positives ~5%).
const BITS_PER_ENTRY: usize = 8;
/// Smallest capacity (entries) once the filter is in use.
const MIN_CAPACITY: usize = 1024;

/// May report a key that was never inserted; never misses one that was.
#[derive(Clone, Debug, Default)]
pub(crate) struct DeltaFilter {
    words: Vec<u64>,
    /// log2(words.len()), valid when `words` is non-empty.
    word_bits: u32,
    inserted: usize,
}

impl DeltaFilter {
    /// Adds `key`. When full, rebuilds at twice the capacity from `all_keys` (every key in the
    /// delta, `key` included).
    pub fn insert(&mut self, key: i64, all_keys: impl Iterator<Item = i64>) {
        if self.inserted >= self.capacity() {
            self.rebuild((self.capacity() * 2).max(MIN_CAPACITY), all_keys);
        } else {
            self.set(key);
        }
    }

    /// False only if `key` was never inserted since the last `clear`.
    #[inline]
    pub fn may_contain(&self, key: i64) -> bool {
        if self.words.is_empty() {
            return false;
        }
        let (word, mask) = self.locate(key);
        self.words[word] & mask == mask
    }

    /// Forgets every key (after the delta is merged).
    pub fn clear(&mut self) {
        *self = DeltaFilter::default();
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.words.capacity() * std::mem::size_of::<u64>()
    }

    fn capacity(&self) -> usize {
        self.words.len() * 64 / BITS_PER_ENTRY
    }

    fn rebuild(&mut self, capacity: usize, all_keys: impl Iterator<Item = i64>) {
        let words = (capacity * BITS_PER_ENTRY / 64).next_power_of_two();
        *self = DeltaFilter { words: vec![0; words], word_bits: words.trailing_zeros(), inserted: 0 };
        for key in all_keys {
            self.set(key);
        }
    }

    fn set(&mut self, key: i64) {
        let (word, mask) = self.locate(key);
        self.words[word] |= mask;
        self.inserted += 1;
    }

    /// The word of `key` and the bits it sets there (from two multiplicative hashes).
    #[inline(always)]
    fn locate(&self, key: i64) -> (usize, u64) {
        let h = (key as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let word = if self.word_bits == 0 { 0 } else { (h >> (64 - self.word_bits)) as usize };
        let g = (h ^ (h >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        let mask = (0..BITS_PER_KEY_IN_WORD).fold(0u64, |mask, i| mask | 1u64 << ((g >> (6 * i)) & 63));
        (word, mask)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserted_keys_are_always_reported_and_others_mostly_not() {
        let mut filter = DeltaFilter::default();
        assert!(!filter.may_contain(7));
        let mut keys = Vec::new();
        for i in 0..50_000i64 {
            let key = i.wrapping_mul(0x5851_F42D_4C95_7F2D);
            keys.push(key);
            filter.insert(key, keys.iter().copied());
        }
        assert!(keys.iter().all(|&k| filter.may_contain(k)));
        let false_positives = (0..100_000i64).filter(|&i| filter.may_contain(i * 3 + 1)).count();
        assert!(false_positives < 15_000, "{false_positives} false positives in 100000");
        filter.clear();
        assert!(!filter.may_contain(keys[0]));
        assert_eq!(filter.heap_bytes(), 0);
    }
}
