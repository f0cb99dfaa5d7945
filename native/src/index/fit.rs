//! Numeric core shared by the learned models: exact key offsets as `f64`, a clamped linear
//! predictor that is monotone in the key, least-squares fitting and measurement of the error a
//! predictor really makes. Monotonicity plus measured error is what makes every window guaranteed.

/// `key - origin` as `f64`, computed exactly in integer arithmetic before the single rounding, so it
/// never overflows and is monotone non-decreasing in `key` across the whole `i64` range.
#[inline(always)]
pub(crate) fn offset(key: i64, origin: i64) -> f64 {
    if key >= origin {
        (key as u64).wrapping_sub(origin as u64) as f64
    } else {
        -((origin as u64).wrapping_sub(key as u64) as f64)
    }
}

/// A line `position = intercept + slope * (key - origin)`, evaluated with rounding to the nearest
/// position and clamped to a caller-given position range. With `slope >= 0` it is monotone in `key`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct LinearFn {
    /// Key at which the line takes the value `intercept`.
    pub origin: i64,
    /// Positions per key unit; always finite and `>= 0`.
    pub slope: f64,
    /// Position at `origin`, already shifted by +0.5 so truncation rounds to nearest.
    pub intercept: f64,
}

impl LinearFn {
    /// A constant predictor (used for empty or single-key ranges).
    pub fn constant(position: usize) -> Self {
        LinearFn { origin: 0, slope: 0.0, intercept: position as f64 + 0.5 }
    }

    /// Predicted position for `key`, clamped to `lo..=hi`.
    #[inline(always)]
    pub fn predict(&self, key: i64, lo: usize, hi: usize) -> usize {
        let raw = self.intercept + self.slope * offset(key, self.origin);
        // `as usize` saturates (negative and NaN go to 0), so this stays monotone.
        (raw as usize).clamp(lo, hi)
    }

    /// Least-squares line through `(keys[t], first_position + t)`, re-centred so its largest
    /// positive and negative residuals are equal (minimising the max error for that slope).
    pub fn fit(keys: &[i64], first_position: usize) -> Self {
        let Some(&origin) = keys.first() else {
            return LinearFn::constant(first_position);
        };
        let n = keys.len() as f64;
        let mean_x = keys.iter().map(|&k| offset(k, origin)).sum::<f64>() / n;
        let mean_y = (keys.len() - 1) as f64 / 2.0;
        let (mut cov, mut var) = (0.0f64, 0.0f64);
        for (t, &k) in keys.iter().enumerate() {
            let dx = offset(k, origin) - mean_x;
            cov += dx * (t as f64 - mean_y);
            var += dx * dx;
        }
        let slope = if var > 0.0 { cov / var } else { 0.0 };
        let slope = if slope.is_finite() && slope > 0.0 { slope } else { 0.0 };
        let intercept = mean_y - slope * mean_x;
        // Centre the residuals: shift by the midpoint of the smallest and largest residual.
        let (mut lo_res, mut hi_res) = (f64::INFINITY, f64::NEG_INFINITY);
        for (t, &k) in keys.iter().enumerate() {
            let residual = t as f64 - (intercept + slope * offset(k, origin));
            lo_res = lo_res.min(residual);
            hi_res = hi_res.max(residual);
        }
        let centred = intercept + (lo_res + hi_res) / 2.0;
        let intercept = if centred.is_finite() { centred } else { 0.0 };
        LinearFn { origin, slope, intercept: first_position as f64 + intercept + 0.5 }
    }
}

/// Error of a predictor over `keys`, whose true positions are `first_position..`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct ErrorSummary {
    /// Largest |predicted - true|.
    pub max: usize,
    /// Sum of |predicted - true| (for means across several models).
    pub sum: f64,
}

impl ErrorSummary {
    /// Measures `predict` on every key of `keys` against its true position.
    pub fn measure(keys: &[i64], first_position: usize, predict: impl Fn(i64) -> usize) -> Self {
        let mut summary = ErrorSummary::default();
        for (t, &k) in keys.iter().enumerate() {
            let error = predict(k).abs_diff(first_position + t);
            summary.max = summary.max.max(error);
            summary.sum += error as f64;
        }
        summary
    }
}

/// Window `[p - error, p + error + 1]` intersected with `lo..=hi`. Given a monotone predictor `p`
/// clamped to `lo..=hi` whose error over the keys `lo..hi` is at most `error`, the lower bound of
/// any key routed to that range lies in the returned window.
#[inline(always)]
pub(crate) fn window_around(predicted: usize, error: usize, lo: usize, hi: usize) -> (usize, usize) {
    (predicted.saturating_sub(error).max(lo), predicted.saturating_add(error + 1).min(hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_is_exact_at_the_extremes() {
        assert_eq!(offset(i64::MAX, i64::MIN), u64::MAX as f64);
        assert_eq!(offset(i64::MIN, i64::MAX), -(u64::MAX as f64));
        assert_eq!(offset(5, 5), 0.0);
        assert_eq!(offset(4, 5), -1.0);
        assert_eq!(offset(-3, -10), 7.0);
    }

    #[test]
    fn fit_recovers_an_exact_line() {
        let keys: Vec<i64> = (0..100).map(|i| 1_000 + 10 * i).collect();
        let line = LinearFn::fit(&keys, 50);
        assert!((line.slope - 0.1).abs() < 1e-12);
        let errors = ErrorSummary::measure(&keys, 50, |k| line.predict(k, 50, 150));
        assert_eq!(errors.max, 0);
        assert_eq!(line.predict(995, 50, 150), 50);
        assert_eq!(line.predict(5_000, 50, 150), 150);
    }

    #[test]
    fn fit_of_one_key_is_constant() {
        let line = LinearFn::fit(&[42], 7);
        assert_eq!(line.slope, 0.0);
        assert_eq!(line.predict(i64::MIN, 7, 8), 7);
        assert_eq!(line.predict(i64::MAX, 7, 8), 7);
    }

    #[test]
    fn window_is_clamped_to_the_range() {
        assert_eq!(window_around(3, 5, 1, 20), (1, 9));
        assert_eq!(window_around(18, 5, 1, 20), (13, 20));
        assert_eq!(window_around(10, 1, 0, 10), (9, 10));
    }
}
