//! Learned indexes over sorted `i64` keys. Every model predicts a position with an error bound
//! measured at build time, so a lookup is "predict, then a bounded binary search". On top of the
//! models sits `LearnedMap`, the key -> value map the C API exposes, with a sorted insert delta.
//! Safe Rust except one bounds-check-free read in the window search (`search.rs`, invariant stated
//! and debug-asserted); this module knows nothing of C or storage.
//!
//! The default kind is PGM: it is the only kind whose error bound holds on every distribution
//! (RMI's linear root collapses on lognormal keys, a single line on anything curved), its model is
//! a fraction of a percent of the keys, and with a tightened internal bound (epsilon / 4 when the
//! model stays within 1% of the key bytes) plus radix-table routing (`radix.rs`) it is also the
//! fastest kind on 10M keys (see bench/REPORT.md).

mod btree;
mod delta;
mod delta_filter;
mod fit;
mod key_table;
mod linear;
mod map;
mod pgm;
mod radix;
mod rmi;
mod search;
mod static_index;
mod values;

#[cfg(test)]
mod tests;

pub use btree::BTreeModel;
pub use linear::LinearModel;
pub use map::LearnedMap;
pub use pgm::PgmModel;
pub use rmi::RmiModel;
pub use search::{lower_bound, lower_bound_with};
pub use static_index::StaticIndex;

/// The kinds of index a `StaticIndex` or `LearnedMap` can be built with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum IndexKind {
    /// One linear model over all keys with its measured error bound.
    Linear,
    /// Two-level recursive model index: a linear root routing to linear leaves.
    Rmi,
    /// Piecewise-linear segments with a guaranteed error of at most epsilon (the default kind).
    #[default]
    Pgm,
    /// No model: branchless binary search over all keys.
    BTree,
}

impl IndexKind {
    /// Decodes an `OmenIndexKind`: 0 = default (Pgm), 1 Linear, 2 Rmi, 3 Pgm, 4 BTree; anything else None.
    pub fn from_code(code: i32) -> Option<IndexKind> {
        match code {
            0 => Some(IndexKind::default()),
            1 => Some(IndexKind::Linear),
            2 => Some(IndexKind::Rmi),
            3 => Some(IndexKind::Pgm),
            4 => Some(IndexKind::BTree),
            _ => None,
        }
    }

    /// The `OmenIndexKind` code of this kind (1..=4, never the "default" 0).
    pub fn code(self) -> i32 {
        match self {
            IndexKind::Linear => 1,
            IndexKind::Rmi => 2,
            IndexKind::Pgm => 3,
            IndexKind::BTree => 4,
        }
    }
}

/// Error bound used by PGM when the caller passes 0.
pub const DEFAULT_EPSILON: u32 = 64;

/// Resolves the epsilon a caller asked for: 0 means `DEFAULT_EPSILON`.
pub fn effective_epsilon(epsilon: u32) -> u32 {
    if epsilon == 0 {
        DEFAULT_EPSILON
    } else {
        epsilon
    }
}

/// A model over a sorted key slice: predicts a position with a known error bound.
pub trait SearchModel: Send + Sync {
    /// Builds the model over `keys` (sorted ascending, unique); `epsilon` is a target error bound
    /// that models without a tunable bound ignore.
    fn build(keys: &[i64], epsilon: u32) -> Self
    where
        Self: Sized;

    /// Search window `(lo, hi)` with `lo <= hi <= len` such that the lower bound of `key` (the first
    /// index `i` with `keys[i] >= key`, or `len`) satisfies `lo <= i <= hi`. The final search therefore
    /// inspects only `keys[lo..hi]`: the answer is `lo` plus the number of keys below `key` there.
    fn search_window(&self, key: i64, len: usize) -> (usize, usize);

    /// Number of linear models (segments or leaves); 0 for the model-less fallback.
    fn num_models(&self) -> usize;

    /// Largest distance between a predicted and a true position, measured over all keys at build.
    fn max_error(&self) -> usize;

    /// Mean distance between predicted and true positions, measured over all keys at build.
    fn mean_error(&self) -> f64;

    /// Heap and inline bytes used by the model (excluding the keys).
    fn model_bytes(&self) -> usize;
}

/// Statistics of a built index, mirroring `OmenIndexStats` of the C header.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct IndexStats {
    /// Kind actually built.
    pub kind: IndexKind,
    /// Error bound requested at build for PGM; 0 for other kinds.
    pub epsilon: u32,
    /// Live keys, including the unmerged delta.
    pub num_keys: u64,
    /// Entries (insertions, replacements, tombstones) in the delta not yet merged.
    pub delta_keys: u64,
    /// Number of linear models (segments or leaves).
    pub num_models: u64,
    /// Largest distance between a predicted and a true position.
    pub max_error: u64,
    /// Mean distance between predicted and true positions.
    pub mean_error: f64,
    /// Bytes used by the models (excluding keys and values).
    pub model_bytes: u64,
    /// Bytes used by keys, values, delta and models together (the delta is estimated).
    pub total_bytes: u64,
}
