//! Radix routing table over sorted segment first keys: the top bits of `key - min` pick a bucket,
//! and the table gives the run of routing keys in that bucket, so finding a key's segment costs a
//! table read plus a search over a few neighbours. A bucket holding a long run (skewed keys such as
//! lognormal, where one coarse bucket can hold half the keys) gets its own finer table, recursively.

use super::search::lower_bound;

/// Buckets per routing key, rounded up to a power of two.
const BUCKETS_PER_KEY: usize = 1;
/// Runs longer than this get a nested table.
const SPLIT_RUN: usize = 32;

/// Low 32 bits of a table entry: number of keys in earlier buckets. High 32 bits: 1 + the index of
/// the bucket's nested table in `nested`, or 0 when it has none.
const PREFIX_MASK: u64 = u32::MAX as u64;

/// `prefix(table[b])..prefix(table[b + 1])` index the keys in bucket `b`.
#[derive(Clone, Debug)]
pub(crate) struct RadixRouter {
    min: i64,
    shift: u32,
    table: Vec<u64>,
    /// Nested tables, each built over the run of one long bucket.
    nested: Vec<RadixRouter>,
}

impl RadixRouter {
    /// Builds over `keys` (sorted, unique, non-empty); None if there are 2^32 keys or more.
    pub fn build(keys: &[i64]) -> Option<Self> {
        if keys.is_empty() || keys.len() as u64 > PREFIX_MASK {
            return None;
        }
        let min = keys[0];
        let span = keys[keys.len() - 1].wrapping_sub(min) as u64;
        let bucket_bits = (keys.len() * BUCKETS_PER_KEY).next_power_of_two().trailing_zeros();
        let shift = (u64::BITS - span.leading_zeros()).saturating_sub(bucket_bits);
        let buckets = ((span >> shift) + 1) as usize;
        let mut table = vec![0u64; buckets + 1];
        for &k in keys {
            table[(k.wrapping_sub(min) as u64 >> shift) as usize + 1] += 1;
        }
        for b in 0..buckets {
            table[b + 1] += table[b];
        }
        let mut nested = Vec::new();
        // A bucket of width 1 (shift 0) cannot be split further: its run is at most one key.
        for b in 0..buckets {
            let (lo, hi) = (table[b] as usize, table[b + 1] as usize);
            if hi - lo > SPLIT_RUN && shift > 0 {
                if let Some(router) = RadixRouter::build(&keys[lo..hi]) {
                    nested.push(router);
                    table[b] |= (nested.len() as u64) << 32;
                }
            }
        }
        Some(RadixRouter { min, shift, table, nested })
    }

    /// Index of the last key `<= key` in `keys` (the slice this was built over); 0 if none.
    #[inline(always)]
    pub fn last_at_or_below(&self, keys: &[i64], key: i64) -> usize {
        self.count_at_or_below(keys, key).saturating_sub(1)
    }

    /// Number of keys `<= key` in `keys` (the slice this was built over). A loop rather than
    /// recursion through the nested tables, so lookups can inline it.
    #[inline(always)]
    fn count_at_or_below(&self, keys: &[i64], key: i64) -> usize {
        let (mut router, mut keys, mut skipped) = (self, keys, 0usize);
        loop {
            if key < router.min {
                return skipped;
            }
            let last_bucket = router.table.len() - 2;
            let bucket = ((key.wrapping_sub(router.min) as u64 >> router.shift) as usize).min(last_bucket);
            let (entry, next) = (router.table[bucket], router.table[bucket + 1]);
            let (lo, hi) = ((entry & PREFIX_MASK) as usize, (next & PREFIX_MASK) as usize);
            // Keys before `lo` are in earlier buckets (all <= key); keys from `hi` on are above it.
            let run = &keys[lo..hi];
            skipped += lo;
            let nested = (entry >> 32) as usize;
            if nested == 0 {
                return skipped
                    + match key.checked_add(1) {
                        Some(next_key) => lower_bound(run, next_key),
                        None => run.len(),
                    };
            }
            (router, keys) = (&router.nested[nested - 1], run);
        }
    }

    /// Bytes used by the tables.
    pub fn bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.table.capacity() * std::mem::size_of::<u64>()
            + self.nested.capacity() * std::mem::size_of::<Self>()
            + self.nested.iter().map(RadixRouter::bytes).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expected(keys: &[i64], key: i64) -> usize {
        keys.partition_point(|&k| k <= key).saturating_sub(1)
    }

    #[test]
    fn agrees_with_partition_point_on_uniform_skewed_and_extreme_keys() {
        let uniform: Vec<i64> = (0..1000).map(|i| i * 1_000 - 7).collect();
        let skewed: Vec<i64> = (0..3000i64).map(|i| i * i * i * i).collect();
        let extremes = vec![i64::MIN, -1, 0, 1, i64::MAX];
        let dense_then_far: Vec<i64> = (0..500).chain([1 << 40, i64::MAX - 1]).collect();
        for keys in [uniform, skewed, extremes, dense_then_far, vec![5]] {
            let router = RadixRouter::build(&keys).expect("small key set");
            let mut probes: Vec<i64> = keys.iter().flat_map(|&k| [k.saturating_sub(1), k, k.saturating_add(1)]).collect();
            probes.extend([i64::MIN, i64::MAX, 0]);
            for key in probes {
                assert_eq!(router.last_at_or_below(&keys, key), expected(&keys, key), "key {key}");
            }
        }
    }

    #[test]
    fn skewed_keys_get_nested_tables() {
        let skewed: Vec<i64> = (0..3000i64).map(|i| i * i * i * i).collect();
        let router = RadixRouter::build(&skewed).expect("small key set");
        assert!(!router.nested.is_empty());
        assert!(RadixRouter::build(&[]).is_none());
    }
}
