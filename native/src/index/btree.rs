//! The model-less fallback: the window is always the whole key array, so the lookup is a plain
//! branchless binary search. Used for data no model fits, and as the baseline the learned models
//! are measured against.

use super::SearchModel;

/// No model: binary search over all keys.
#[derive(Clone, Copy, Debug, Default)]
pub struct BTreeModel;

impl SearchModel for BTreeModel {
    fn build(_keys: &[i64], _epsilon: u32) -> Self {
        BTreeModel
    }

    #[inline]
    fn search_window(&self, _key: i64, len: usize) -> (usize, usize) {
        (0, len)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_is_the_whole_array() {
        let model = BTreeModel::build(&[1, 2, 3], 0);
        assert_eq!(model.search_window(2, 3), (0, 3));
        assert_eq!(model.num_models(), 0);
        assert_eq!(model.model_bytes(), 0);
    }
}
