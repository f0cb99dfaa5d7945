//! The single-line learned index: one least-squares line over all keys, with the maximum error
//! measured over every key at build. Cheapest model; good for near-uniform keys, weak otherwise
//! (its window grows with how far the key distribution is from a straight line).

use super::fit::{window_around, ErrorSummary, LinearFn};
use super::SearchModel;

/// One linear model over all keys with its measured error bound.
#[derive(Clone, Debug)]
pub struct LinearModel {
    line: LinearFn,
    len: usize,
    max_error: usize,
    mean_error: f64,
}

impl SearchModel for LinearModel {
    fn build(keys: &[i64], _epsilon: u32) -> Self {
        let len = keys.len();
        let line = LinearFn::fit(keys, 0);
        let errors = ErrorSummary::measure(keys, 0, |k| line.predict(k, 0, len));
        let mean_error = if len == 0 { 0.0 } else { errors.sum / len as f64 };
        LinearModel { line, len, max_error: errors.max, mean_error }
    }

    #[inline]
    fn search_window(&self, key: i64, len: usize) -> (usize, usize) {
        debug_assert_eq!(len, self.len, "model built over a different key count");
        let predicted = self.line.predict(key, 0, self.len);
        window_around(predicted, self.max_error, 0, self.len)
    }

    fn num_models(&self) -> usize {
        usize::from(self.len > 0)
    }

    fn max_error(&self) -> usize {
        self.max_error
    }

    fn mean_error(&self) -> f64 {
        self.mean_error
    }

    fn model_bytes(&self) -> usize {
        std::mem::size_of::<Self>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evenly_spaced_keys_have_zero_error() {
        let keys: Vec<i64> = (0..1000).map(|i| i * 7 - 3000).collect();
        let model = LinearModel::build(&keys, 0);
        assert_eq!(model.max_error(), 0);
        assert_eq!(model.num_models(), 1);
        assert_eq!(model.search_window(-3000, keys.len()), (0, 1));
        assert_eq!(model.search_window(7 * 500 - 3000, keys.len()), (500, 501));
        assert_eq!(model.search_window(i64::MAX, keys.len()), (1000, 1000));
    }

    #[test]
    fn a_bent_distribution_has_its_error_measured() {
        // Quadratic keys: the line cannot fit, the error must be large but still exact.
        let keys: Vec<i64> = (0..1000i64).map(|i| i * i).collect();
        let model = LinearModel::build(&keys, 0);
        assert!(model.max_error() > 50, "max error {}", model.max_error());
        for (i, &k) in keys.iter().enumerate() {
            let (lo, hi) = model.search_window(k, keys.len());
            assert!(lo <= i && i <= hi, "key {k} at {i} outside [{lo}, {hi}]");
        }
    }

    #[test]
    fn empty_model_answers_an_empty_window() {
        let model = LinearModel::build(&[], 0);
        assert_eq!(model.search_window(5, 0), (0, 0));
        assert_eq!(model.num_models(), 0);
    }
}
