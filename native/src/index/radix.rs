//! Radix routing table over sorted routing keys (PGM's segment first keys): the top bits of
//! `key - min` pick a bucket, whose table entry is the index of its first item, and a fixed
//! `RUN_PROBES` branch-free comparisons finish the count. A bucket holding more items than that
//! (skewed keys such as lognormal, where one coarse bucket can hold half of them) gets its own
//! finer table, recursively, so every lookup is table reads plus a constant amount of work.

/// Items compared after the table read; buckets holding more items get a nested table.
pub(crate) const RUN_PROBES: usize = 4;
/// Marks a table entry as an index into `nested` rather than an item index.
const NESTED_FLAG: u32 = 1 << 31;

/// Something the router can route on: its sort key.
pub(crate) trait RoutingKey {
    /// The key the items are sorted (ascending, unique) by.
    fn routing_key(&self) -> i64;
}

impl RoutingKey for i64 {
    #[inline(always)]
    fn routing_key(&self) -> i64 {
        *self
    }
}

/// Per bucket: the index (into the whole routed slice) of the bucket's first item, or
/// `NESTED_FLAG | n` when the bucket is routed by `nested[n]`.
#[derive(Clone, Debug)]
pub(crate) struct RadixRouter {
    min: i64,
    shift: u32,
    last_bucket: usize,
    /// Index of this table's first item in the whole routed slice (0 at the top).
    base: usize,
    /// Items routed by the whole tree (used to clamp the count at the top).
    end: usize,
    table: Vec<u32>,
    nested: Vec<RadixRouter>,
}

impl RadixRouter {
    /// Builds over `items` (sorted by unique routing key, non-empty); None if empty or there are
    /// 2^31 items or more. Lookups must then pass `items` followed by `RUN_PROBES` padding items
    /// whose routing key is `i64::MAX`.
    pub fn build<T: RoutingKey>(items: &[T]) -> Option<Self> {
        Self::build_at(items, 0)
    }

    /// The table over `items`, which start at index `base` of the whole routed slice.
    fn build_at<T: RoutingKey>(items: &[T], base: usize) -> Option<Self> {
        if items.is_empty() || base + items.len() >= NESTED_FLAG as usize {
            return None;
        }
        let min = items[0].routing_key();
        let span = items[items.len() - 1].routing_key().wrapping_sub(min) as u64;
        let bucket_bits = items.len().next_power_of_two().trailing_zeros();
        let shift = (u64::BITS - span.leading_zeros()).saturating_sub(bucket_bits);
        let buckets = ((span >> shift) + 1) as usize;
        let bucket_of = |item: &T| (item.routing_key().wrapping_sub(min) as u64 >> shift) as usize;
        // prefix[b]..prefix[b + 1] index the items of bucket b within `items`.
        let mut prefix = vec![0usize; buckets + 1];
        for item in items {
            prefix[bucket_of(item) + 1] += 1;
        }
        for b in 0..buckets {
            prefix[b + 1] += prefix[b];
        }
        let mut table: Vec<u32> = prefix[..buckets].iter().map(|&p| (base + p) as u32).collect();
        let mut nested = Vec::new();
        // A bucket of width 1 (shift 0) holds at most one item; any other long run is split.
        for b in 0..buckets {
            let (lo, hi) = (prefix[b], prefix[b + 1]);
            if hi - lo > RUN_PROBES && shift > 0 {
                if let Some(router) = RadixRouter::build_at(&items[lo..hi], base + lo) {
                    table[b] = NESTED_FLAG | nested.len() as u32;
                    nested.push(router);
                }
            }
        }
        nested.shrink_to_fit();
        Some(RadixRouter { min, shift, last_bucket: buckets - 1, base, end: base + items.len(), table, nested })
    }

    /// Number of routed items whose key is `<= key`. `padded` is the slice this was built over
    /// followed by `RUN_PROBES` items keyed `i64::MAX`. Items after a bucket's own run belong to
    /// later buckets (or the padding), so their keys exceed `key` and the fixed probes count only
    /// the run; the padding can only be counted for `key == i64::MAX`, which the clamp corrects.
    #[inline(always)]
    pub fn count_at_or_below<T: RoutingKey>(&self, padded: &[T], key: i64) -> usize {
        debug_assert!(padded.len() >= self.end + RUN_PROBES, "routed slice lacks its padding");
        let mut router = self;
        loop {
            if key < router.min {
                return router.base;
            }
            let bucket = ((key.wrapping_sub(router.min) as u64 >> router.shift) as usize).min(router.last_bucket);
            let entry = router.table[bucket];
            if entry & NESTED_FLAG != 0 {
                router = &router.nested[(entry & !NESTED_FLAG) as usize];
                continue;
            }
            let first = entry as usize;
            let run = &padded[first..first + RUN_PROBES];
            let in_run: usize = run.iter().map(|item| usize::from(item.routing_key() <= key)).sum();
            return (first + in_run).min(self.end);
        }
    }

    /// Index of the last routed item whose key is `<= key`; 0 if none.
    #[inline(always)]
    pub fn last_at_or_below<T: RoutingKey>(&self, padded: &[T], key: i64) -> usize {
        self.count_at_or_below(padded, key).saturating_sub(1)
    }

    /// Bytes used by the tables.
    pub fn bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.table.capacity() * std::mem::size_of::<u32>()
            + self.nested.capacity() * std::mem::size_of::<Self>()
            + self.nested.iter().map(|n| n.bytes() - std::mem::size_of::<Self>()).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expected(keys: &[i64], key: i64) -> usize {
        keys.partition_point(|&k| k <= key)
    }

    fn padded(keys: &[i64]) -> Vec<i64> {
        keys.iter().copied().chain([i64::MAX; RUN_PROBES]).collect()
    }

    #[test]
    fn agrees_with_partition_point_on_uniform_skewed_and_extreme_keys() {
        let uniform: Vec<i64> = (0..1000).map(|i| i * 1_000 - 7).collect();
        let skewed: Vec<i64> = (0..3000i64).map(|i| i * i * i * i).collect();
        let extremes = vec![i64::MIN, -1, 0, 1, i64::MAX - 1, i64::MAX];
        let dense_then_far: Vec<i64> = (0..500).chain([1 << 40, i64::MAX - 1]).collect();
        let clumps: Vec<i64> = (0..600i64).map(|i| (i / 7) * 1_000_000 + i % 7).collect();
        for keys in [uniform, skewed, extremes, dense_then_far, clumps, vec![5], vec![i64::MIN], vec![i64::MAX]] {
            let router = RadixRouter::build(&keys).expect("small key set");
            let items = padded(&keys);
            let mut probes: Vec<i64> = keys.iter().flat_map(|&k| [k.saturating_sub(1), k, k.saturating_add(1)]).collect();
            probes.extend([i64::MIN, i64::MAX, 0]);
            for key in probes {
                assert_eq!(router.count_at_or_below(&items, key), expected(&keys, key), "key {key} in {:?}", &keys[..keys.len().min(4)]);
                assert_eq!(router.last_at_or_below(&items, key), expected(&keys, key).saturating_sub(1));
            }
        }
    }

    #[test]
    fn long_runs_get_nested_tables_and_short_ones_do_not() {
        let skewed: Vec<i64> = (0..3000i64).map(|i| i * i * i * i).collect();
        let router = RadixRouter::build(&skewed).expect("small key set");
        assert!(!router.nested.is_empty());
        let evenly_spaced: Vec<i64> = (0..1024i64).map(|i| i * 4096).collect();
        let router = RadixRouter::build(&evenly_spaced).expect("small key set");
        assert!(router.nested.is_empty(), "one key per bucket needs no nesting");
        assert!(RadixRouter::build::<i64>(&[]).is_none());
    }
}
