//! The final step of every lookup: a branchless lower-bound search over a sorted slice, and the
//! "predict a window, search inside it, verify the window's edges" routine shared by all models.
//! The edge check keeps lookups correct even if a model's window were ever wrong.

use super::SearchModel;

/// First index `i` with `keys[i] >= key` (or `keys.len()`), by a branchless binary search.
#[inline]
pub fn lower_bound(keys: &[i64], key: i64) -> usize {
    let mut size = keys.len();
    if size == 0 {
        return 0;
    }
    let mut base = 0usize;
    while size > 1 {
        let half = size / 2;
        let mid = base + half;
        // A conditional move, not a branch: on random keys a branch here mispredicts about every
        // other step, and each miss discards the speculative work of the following lookups too.
        base = std::hint::select_unpredictable(keys[mid] < key, mid, base);
        size -= half;
    }
    base + usize::from(keys[base] < key)
}

/// Keys per 64-byte cache line.
const KEYS_PER_LINE: usize = 64 / std::mem::size_of::<i64>();
/// Windows of more than this many keys are not prefetched (a binary search touches few of them).
const PREFETCH_MAX_KEYS: usize = 32 * KEYS_PER_LINE;

/// Loads one key of every cache line of a mid-sized window with independent loads, so the line
/// misses overlap instead of being paid one by one by the dependent steps of the binary search.
#[inline(always)]
fn prefetch_window(window: &[i64]) {
    if window.len() > 2 * KEYS_PER_LINE && window.len() <= PREFETCH_MAX_KEYS {
        std::hint::black_box(window.iter().step_by(KEYS_PER_LINE).fold(0i64, |acc, &k| acc ^ k));
    }
}

/// Lower bound of `key` in `keys` using `model`'s window, then a bounded search inside it.
/// If the window's edges do not bracket the answer (a model bug), asserts in debug builds and
/// falls back to a full search in release builds.
#[inline]
pub fn lower_bound_with<M: SearchModel + ?Sized>(model: &M, keys: &[i64], key: i64) -> usize {
    let (lo, hi) = model.search_window(key, keys.len());
    let window = &keys[lo..hi];
    prefetch_window(window);
    let found = lo + lower_bound(window, key);
    let left_ok = found != lo || lo == 0 || keys[lo - 1] < key;
    let right_ok = found != hi || hi == keys.len() || keys[hi] >= key;
    if left_ok && right_ok {
        found
    } else {
        debug_assert!(false, "model window [{lo}, {hi}] misses the lower bound of {key}");
        lower_bound(keys, key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_bound_matches_partition_point() {
        let keys = [-7i64, -2, 0, 3, 3 + 1, 10, 11, 40];
        for key in -10..45 {
            assert_eq!(lower_bound(&keys, key), keys.partition_point(|&k| k < key), "key {key}");
        }
        assert_eq!(lower_bound(&keys, i64::MIN), 0);
        assert_eq!(lower_bound(&keys, i64::MAX), keys.len());
        assert_eq!(lower_bound(&[], 3), 0);
        assert_eq!(lower_bound(&[3], 3), 0);
        assert_eq!(lower_bound(&[3], 4), 1);
    }

    /// A deliberately wrong model: always answers the window [0, 1).
    struct BrokenModel;
    impl SearchModel for BrokenModel {
        fn build(_: &[i64], _: u32) -> Self {
            BrokenModel
        }
        fn search_window(&self, _: i64, len: usize) -> (usize, usize) {
            (0, len.min(1))
        }
        fn num_models(&self) -> usize {
            0
        }
        fn max_error(&self) -> usize {
            0
        }
        fn mean_error(&self) -> f64 {
            0.0
        }
        fn model_bytes(&self) -> usize {
            0
        }
    }

    #[test]
    #[cfg(not(debug_assertions))]
    fn a_wrong_window_falls_back_to_a_full_search() {
        let keys = [1i64, 2, 3, 4];
        assert_eq!(lower_bound_with(&BrokenModel, &keys, 4), 3);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "misses the lower bound")]
    fn a_wrong_window_asserts_in_debug() {
        let keys = [1i64, 2, 3, 4];
        lower_bound_with(&BrokenModel, &keys, 4);
    }
}
