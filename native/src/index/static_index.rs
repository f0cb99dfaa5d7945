//! An immutable sorted key array plus the model chosen for it. Lookups dispatch once over a
//! closed enum of model kinds (no `dyn` in the hot path), predict a window and finish with a
//! bounded binary search.

use super::search::lower_bound_with;
use super::{BTreeModel, IndexKind, LinearModel, PgmModel, RmiModel, SearchModel};

/// The model of a `StaticIndex`, one variant per `IndexKind`.
#[derive(Clone, Debug)]
enum Model {
    Linear(LinearModel),
    Rmi(RmiModel),
    Pgm(PgmModel),
    BTree(BTreeModel),
}

/// Calls `$body` with `$m` bound to the concrete model, monomorphising the hot path per kind.
macro_rules! with_model {
    ($model:expr, $m:ident => $body:expr) => {
        match $model {
            Model::Linear($m) => $body,
            Model::Rmi($m) => $body,
            Model::Pgm($m) => $body,
            Model::BTree($m) => $body,
        }
    };
}

/// Sorted unique keys + a model: `lower_bound`/`find`/ranges in O(log(error)).
#[derive(Clone, Debug)]
pub struct StaticIndex {
    keys: Vec<i64>,
    model: Model,
    kind: IndexKind,
}

impl StaticIndex {
    /// Builds `kind` over `sorted_unique_keys` (ascending, no duplicates; checked in debug builds).
    /// `epsilon` is PGM's error bound (0 means `DEFAULT_EPSILON`); other kinds ignore it.
    pub fn build(kind: IndexKind, epsilon: u32, sorted_unique_keys: Vec<i64>) -> Self {
        let keys = sorted_unique_keys;
        debug_assert!(keys.windows(2).all(|w| w[0] < w[1]), "keys must be sorted and unique");
        let model = match kind {
            IndexKind::Linear => Model::Linear(LinearModel::build(&keys, epsilon)),
            IndexKind::Rmi => Model::Rmi(RmiModel::build(&keys, epsilon)),
            IndexKind::Pgm => Model::Pgm(PgmModel::build(&keys, epsilon)),
            IndexKind::BTree => Model::BTree(BTreeModel::build(&keys, epsilon)),
        };
        StaticIndex { keys, model, kind }
    }

    /// An empty index of `kind`.
    pub fn empty(kind: IndexKind) -> Self {
        Self::build(kind, 0, Vec::new())
    }

    /// First position `i` with `keys[i] >= key`, or `len()` if every key is smaller.
    #[inline]
    pub fn lower_bound(&self, key: i64) -> usize {
        with_model!(&self.model, m => lower_bound_with(m, &self.keys, key))
    }

    /// First position `i` with `keys[i] > key`, or `len()` if no key is greater.
    #[inline]
    pub fn upper_bound(&self, key: i64) -> usize {
        match key.checked_add(1) {
            Some(next) => self.lower_bound(next),
            None => self.keys.len(),
        }
    }

    /// Position of `key`, if present.
    #[inline]
    pub fn find(&self, key: i64) -> Option<usize> {
        let i = self.lower_bound(key);
        (i < self.keys.len() && self.keys[i] == key).then_some(i)
    }

    /// True if `key` is present.
    #[inline]
    pub fn contains(&self, key: i64) -> bool {
        self.find(key).is_some()
    }

    /// Positions `lo..hi` of the keys `k` with `start <= k <= end` (empty when `start > end`).
    #[inline]
    pub fn range_positions(&self, start: i64, end: i64) -> std::ops::Range<usize> {
        if start > end {
            return 0..0;
        }
        let lo = self.lower_bound(start);
        lo..self.upper_bound(end).max(lo)
    }

    /// The model's search window for `key` (see `SearchModel::search_window`).
    pub fn search_window(&self, key: i64) -> (usize, usize) {
        with_model!(&self.model, m => m.search_window(key, self.keys.len()))
    }

    /// The sorted keys.
    pub fn keys(&self) -> &[i64] {
        &self.keys
    }

    /// Gives the sorted keys back, dropping the model.
    pub fn into_keys(self) -> Vec<i64> {
        self.keys
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when there are no keys.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Kind of the model.
    pub fn kind(&self) -> IndexKind {
        self.kind
    }

    /// Number of linear models (segments or leaves).
    pub fn num_models(&self) -> usize {
        with_model!(&self.model, m => m.num_models())
    }

    /// Largest measured distance between predicted and true positions.
    pub fn max_error(&self) -> usize {
        with_model!(&self.model, m => m.max_error())
    }

    /// Mean measured distance between predicted and true positions.
    pub fn mean_error(&self) -> f64 {
        with_model!(&self.model, m => m.mean_error())
    }

    /// Bytes used by the model (excluding the keys).
    pub fn model_bytes(&self) -> usize {
        with_model!(&self.model, m => m.model_bytes())
    }

    /// Bytes used by the keys.
    pub fn key_bytes(&self) -> usize {
        self.keys.capacity() * std::mem::size_of::<i64>()
    }
}
