//! Two-level recursive model index: a linear root maps a key to one of N leaves (N = keys / 256
//! by default), each leaf a least-squares line over the keys routed to it with its own measured
//! error. Routing is monotone, so a leaf's window is also clamped to the positions it owns.

use super::fit::{window_around, ErrorSummary, LinearFn};
use super::SearchModel;

/// Default number of keys per leaf.
pub const DEFAULT_KEYS_PER_LEAF: usize = 256;

/// One leaf: its line and its measured maximum error.
#[derive(Clone, Copy, Debug)]
struct Leaf {
    line: LinearFn,
    max_error: usize,
}

/// Two-level RMI with per-leaf error bounds.
#[derive(Clone, Debug)]
pub struct RmiModel {
    /// Maps a key to a leaf number (clamped to `0..leaves.len()`).
    root: LinearFn,
    leaves: Vec<Leaf>,
    /// `starts[j]..starts[j + 1]` are the positions owned by leaf `j`; `leaves.len() + 1` entries.
    starts: Vec<usize>,
    max_error: usize,
    mean_error: f64,
}

impl RmiModel {
    /// Builds with an explicit leaf count (at least 1).
    pub fn build_with_leaves(keys: &[i64], num_leaves: usize) -> Self {
        let num_leaves = num_leaves.max(1);
        let root = Self::fit_root(keys, num_leaves);
        let last_leaf = num_leaves - 1;

        // Routing is monotone, so each leaf owns a contiguous run of positions.
        let mut starts = vec![0usize; num_leaves + 1];
        for &k in keys {
            starts[root.predict(k, 0, last_leaf) + 1] += 1;
        }
        for j in 0..num_leaves {
            starts[j + 1] += starts[j];
        }

        let mut leaves = Vec::with_capacity(num_leaves);
        let (mut max_error, mut error_sum) = (0usize, 0.0f64);
        for j in 0..num_leaves {
            let (start, end) = (starts[j], starts[j + 1]);
            let owned = &keys[start..end];
            let line = LinearFn::fit(owned, start);
            let errors = ErrorSummary::measure(owned, start, |k| line.predict(k, start, end));
            max_error = max_error.max(errors.max);
            error_sum += errors.sum;
            leaves.push(Leaf { line, max_error: errors.max });
        }
        let mean_error = if keys.is_empty() { 0.0 } else { error_sum / keys.len() as f64 };
        RmiModel { root, leaves, starts, max_error, mean_error }
    }

    /// Root line scaled so that position `p` maps to leaf `p * num_leaves / len`.
    fn fit_root(keys: &[i64], num_leaves: usize) -> LinearFn {
        let mut root = LinearFn::fit(keys, 0);
        if !keys.is_empty() {
            let scale = num_leaves as f64 / keys.len() as f64;
            root.slope *= scale;
            root.intercept = (root.intercept - 0.5) * scale;
        }
        root
    }

    /// Leaf number `key` is routed to.
    #[inline(always)]
    fn route(&self, key: i64) -> usize {
        self.root.predict(key, 0, self.leaves.len() - 1)
    }
}

impl SearchModel for RmiModel {
    fn build(keys: &[i64], _epsilon: u32) -> Self {
        Self::build_with_leaves(keys, keys.len() / DEFAULT_KEYS_PER_LEAF)
    }

    #[inline]
    fn search_window(&self, key: i64, len: usize) -> (usize, usize) {
        debug_assert_eq!(len, self.starts[self.leaves.len()], "model built over a different key count");
        let j = self.route(key);
        let leaf = &self.leaves[j];
        let (start, end) = (self.starts[j], self.starts[j + 1]);
        window_around(leaf.line.predict(key, start, end), leaf.max_error, start, end)
    }

    fn num_models(&self) -> usize {
        self.leaves.len() + 1
    }

    fn max_error(&self) -> usize {
        self.max_error
    }

    fn mean_error(&self) -> f64 {
        self.mean_error
    }

    fn model_bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.leaves.capacity() * std::mem::size_of::<Leaf>()
            + self.starts.capacity() * std::mem::size_of::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaves_partition_the_positions() {
        let keys: Vec<i64> = (0..10_000i64).map(|i| i * i / 3).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
        let model = RmiModel::build_with_leaves(&keys, 40);
        assert_eq!(model.leaves.len(), 40);
        assert_eq!(model.starts[0], 0);
        assert_eq!(model.starts[40], keys.len());
        assert!(model.starts.windows(2).all(|w| w[0] <= w[1]));
        for (i, &k) in keys.iter().enumerate() {
            let (lo, hi) = model.search_window(k, keys.len());
            assert!(lo <= i && i <= hi, "key {k} at {i} outside [{lo}, {hi}]");
        }
    }

    #[test]
    fn per_leaf_errors_are_small_on_a_smooth_curve() {
        let keys: Vec<i64> = (0..100_000i64).map(|i| i * i).collect();
        let rmi = RmiModel::build(&keys, 0);
        let line = super::super::LinearModel::build(&keys, 0);
        assert_eq!(rmi.num_models(), 100_000 / DEFAULT_KEYS_PER_LEAF + 1);
        assert!(rmi.max_error() * 10 < line.max_error(), "rmi {} vs linear {}", rmi.max_error(), line.max_error());
    }

    #[test]
    fn empty_and_single_key() {
        let empty = RmiModel::build(&[], 0);
        assert_eq!(empty.search_window(0, 0), (0, 0));
        let one = RmiModel::build(&[i64::MIN], 0);
        assert_eq!(one.search_window(i64::MIN, 1), (0, 1));
        assert_eq!(one.search_window(i64::MAX, 1), (0, 1));
    }
}
