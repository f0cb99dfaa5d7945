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
        debug_assert!(mid < keys.len());
        // SAFETY: `base + size <= keys.len()` holds before the loop (base 0, size len) and after
        // each step (base grows by at most `half`, size shrinks by exactly `half`), and
        // `half < size`, so `mid = base + half < base + size <= keys.len()`.
        let probe = unsafe { *keys.get_unchecked(mid) };
        // A conditional move, not a branch: on random keys a branch here mispredicts about every
        // other step, and each miss discards the speculative work of the following lookups too.
        base = std::hint::select_unpredictable(probe < key, mid, base);
        size -= half;
    }
    base + usize::from(keys[base] < key)
}

/// Keys per 64-byte cache line.
const KEYS_PER_LINE: usize = 64 / std::mem::size_of::<i64>();
/// Windows of up to this many keys are prefetched by straight-line code (one load per line).
const UNROLLED_PREFETCH_LINES: usize = 6;
/// Windows of more than this many keys are not prefetched (a binary search touches few of them).
const PREFETCH_MAX_KEYS: usize = 32 * KEYS_PER_LINE;

/// Loads one key of every cache line of a mid-sized window with independent loads, so the line
/// misses overlap instead of being paid one by one by the dependent steps of the binary search.
/// Windows of up to `UNROLLED_PREFETCH_LINES` lines (PGM's ~34-key windows) take a fixed number
/// of loads with no loop, so few instructions stand between this lookup's misses and the next
/// lookup's start in the out-of-order window.
#[inline(always)]
fn prefetch_window(window: &[i64]) {
    let len = window.len();
    if len <= 2 * KEYS_PER_LINE {
        return;
    }
    let touched = if len <= UNROLLED_PREFETCH_LINES * KEYS_PER_LINE {
        let last = len - 1;
        (0..UNROLLED_PREFETCH_LINES).fold(0i64, |acc, line| acc ^ window[(line * KEYS_PER_LINE).min(last)])
    } else if len <= PREFETCH_MAX_KEYS {
        window.iter().step_by(KEYS_PER_LINE).fold(0i64, |acc, &k| acc ^ k)
    } else {
        0
    };
    std::hint::black_box(touched);
}

/// Lower bound of `key` in `keys` using `model`'s window, then a bounded search inside it.
/// If the window's edges do not bracket the answer (a model bug), asserts in debug builds and
/// falls back to a full search in release builds. The edges need checking only when the answer
/// lands on one of them, so the common case pays one well-predicted branch.
#[inline]
pub fn lower_bound_with<M: SearchModel + ?Sized>(model: &M, keys: &[i64], key: i64) -> usize {
    let (lo, hi) = model.search_window(key, keys.len());
    let window = &keys[lo..hi];
    prefetch_window(window);
    let found = lo + lower_bound(window, key);
    let on_an_inner_edge = (found == lo && lo != 0) || (found == hi && hi != keys.len());
    if !on_an_inner_edge {
        return found;
    }
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

    /// A model whose window is `[answer - before, answer + after]` (clamped to the keys), found
    /// by an exact search over its own copy of the keys.
    struct AroundAnswer {
        keys: Vec<i64>,
        before: usize,
        after: usize,
    }
    impl SearchModel for AroundAnswer {
        fn build(keys: &[i64], _: u32) -> Self {
            AroundAnswer { keys: keys.to_vec(), before: 0, after: 0 }
        }
        fn search_window(&self, key: i64, len: usize) -> (usize, usize) {
            let answer = self.keys.partition_point(|&k| k < key);
            (answer.saturating_sub(self.before), (answer + self.after).min(len))
        }
        fn num_models(&self) -> usize {
            0
        }
        fn max_error(&self) -> usize {
            self.before.max(self.after)
        }
        fn mean_error(&self) -> f64 {
            0.0
        }
        fn model_bytes(&self) -> usize {
            0
        }
    }

    #[test]
    fn every_window_length_and_position_finds_the_lower_bound() {
        // Window lengths across the unrolled (<= 48 keys), looped and unprefetched paths, with the
        // answer at the window's first key, in its middle and one past its last key.
        let keys: Vec<i64> = (0..600i64).map(|i| i * 3).collect();
        for width in [0usize, 1, 7, 16, 17, 33, 34, 47, 48, 49, 100, 256, 257, 400] {
            for before in [0, width / 2, width] {
                let model = AroundAnswer { before, after: width - before, ..AroundAnswer::build(&keys, 0) };
                for key in [-1i64, 0, 1, 2, 3, 300, 301, 1_797, 1_798, 5_000, i64::MIN, i64::MAX] {
                    let expected = keys.partition_point(|&k| k < key);
                    assert_eq!(lower_bound_with(&model, &keys, key), expected, "width {width}, before {before}, key {key}");
                }
            }
        }
    }
}
