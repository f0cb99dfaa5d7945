//! PGM-style piecewise-linear index. One pass of the greedy "shrinking cone" cuts the keys into
//! segments whose line predicts every key's position within epsilon; the segment holding a key is
//! found by binary search over segment first keys, or, when there are many segments, through a
//! radix table over those first keys (`radix.rs`). The bound used for windows is the error measured over all keys.
//!
//! Epsilon is an upper bound, not a target: the build first cuts with a tighter bound (epsilon / 4)
//! and keeps it when its segment table stays within 1/`MODEL_BUDGET_DIVISOR` of the key bytes, so
//! the last-mile window is ~34 keys (5 cache lines) instead of ~130 (17 lines) at the same
//! guarantee; otherwise it doubles the bound until it fits or reaches epsilon.

use super::fit::{offset, window_around, ErrorSummary, LinearFn};
use super::radix::RadixRouter;
use super::search::lower_bound;
use super::SearchModel;

/// Above this many segments, segment lookup goes through a radix table instead of binary search.
const NESTED_ROUTER_MIN_SEGMENTS: usize = 512;
/// The first bound tried is `epsilon / TIGHTEN_DIVISOR` (at least 1).
const TIGHTEN_DIVISOR: u32 = 4;
/// A tightened bound is kept only while segments use at most key bytes / this much memory.
const MODEL_BUDGET_DIVISOR: usize = 100;
/// Memory per segment before routing: its `Segment` and its routing key (a tightened cut stops
/// early once this alone exceeds the budget; the full model is then checked exactly).
const SEGMENT_BYTES: usize = std::mem::size_of::<Segment>() + std::mem::size_of::<i64>();

/// One segment: the slope of its line and the first position it owns. The line's origin is the
/// segment's first key (kept in `first_keys`, already in cache after routing) and its value there
/// is `start`, so 16 bytes describe it.
#[derive(Clone, Copy, Debug)]
struct Segment {
    slope: f64,
    start: usize,
}

impl Segment {
    /// The segment's line, given its first key.
    #[inline(always)]
    fn line(&self, first_key: i64) -> LinearFn {
        LinearFn { origin: first_key, slope: self.slope, intercept: self.start as f64 + 0.5 }
    }
}

/// Piecewise-linear model with a guaranteed (measured) error close to epsilon.
#[derive(Clone, Debug)]
pub struct PgmModel {
    /// Segments in key order plus one sentinel whose `start` is the key count.
    segments: Vec<Segment>,
    /// First key of each real segment (the routing keys).
    first_keys: Vec<i64>,
    /// Radix table over `first_keys`, when there are many segments.
    router: Option<RadixRouter>,
    epsilon: u32,
    max_error: usize,
    mean_error: f64,
}

impl PgmModel {
    /// The epsilon this model was built for (its measured `max_error` is normally `<= epsilon`).
    pub fn epsilon(&self) -> u32 {
        self.epsilon
    }

    /// Number of segments at the bottom level.
    pub fn num_segments(&self) -> usize {
        self.first_keys.len()
    }

    /// Segment number owning `key`: the last segment whose first key is `<= key` (0 if none).
    #[inline(always)]
    fn segment_for(&self, key: i64) -> usize {
        let first_keys = &self.first_keys;
        if let Some(router) = &self.router {
            return router.last_at_or_below(first_keys, key);
        }
        let at_or_above = lower_bound(first_keys, key);
        let at_or_below = at_or_above + usize::from(at_or_above < first_keys.len() && first_keys[at_or_above] == key);
        at_or_below.saturating_sub(1)
    }
}

/// Greedy shrinking cone: cuts `keys` into segments anchored at their first key whose slope keeps
/// every key of the segment within `epsilon` positions of its line. None if that takes more than
/// `max_segments` segments (the cut stops there).
fn cut_segments(keys: &[i64], epsilon: u32, max_segments: usize) -> Option<Vec<Segment>> {
    let epsilon = f64::from(epsilon);
    let mut segments = Vec::new();
    let mut start = 0usize;
    while start < keys.len() {
        if segments.len() == max_segments {
            return None;
        }
        let origin = keys[start];
        let (mut min_slope, mut max_slope) = (0.0f64, f64::INFINITY);
        let mut end = start + 1;
        while end < keys.len() {
            let x = offset(keys[end], origin);
            let y = (end - start) as f64;
            // Divide only when the point tightens the cone (rare once a segment is long); the
            // products decide it. Keys are unique, so x > 0.
            let lower = if y - epsilon > min_slope * x { (y - epsilon) / x } else { min_slope };
            let upper = if y + epsilon < max_slope * x { (y + epsilon) / x } else { max_slope };
            if lower > upper {
                break;
            }
            (min_slope, max_slope) = (lower, upper);
            end += 1;
        }
        let slope = if max_slope.is_finite() { (min_slope + max_slope) / 2.0 } else { 0.0 };
        segments.push(Segment { slope, start });
        start = end;
    }
    Some(segments)
}

impl PgmModel {
    /// The model over `segments` (cut from `keys`), with its error measured over every key.
    fn from_segments(keys: &[i64], epsilon: u32, mut segments: Vec<Segment>) -> Self {
        let first_keys: Vec<i64> = segments.iter().map(|s| keys[s.start]).collect();
        segments.push(Segment { slope: 0.0, start: keys.len() });
        segments.shrink_to_fit();

        let (mut max_error, mut error_sum) = (0usize, 0.0f64);
        for (pair, &first_key) in segments.windows(2).zip(&first_keys) {
            let (seg, end) = (&pair[0], pair[1].start);
            let line = seg.line(first_key);
            let errors = ErrorSummary::measure(&keys[seg.start..end], seg.start, |k| line.predict(k, seg.start, end));
            max_error = max_error.max(errors.max);
            error_sum += errors.sum;
        }
        let mean_error = if keys.is_empty() { 0.0 } else { error_sum / keys.len() as f64 };
        let router = (first_keys.len() >= NESTED_ROUTER_MIN_SEGMENTS).then(|| RadixRouter::build(&first_keys)).flatten();
        PgmModel { segments, first_keys, router, epsilon, max_error, mean_error }
    }
}

impl SearchModel for PgmModel {
    /// Tries the bounds `epsilon / TIGHTEN_DIVISOR`, doubling, and keeps the first whose whole
    /// model fits the memory budget; `epsilon` itself is always accepted.
    fn build(keys: &[i64], epsilon: u32) -> Self {
        let epsilon = super::effective_epsilon(epsilon);
        let budget = std::mem::size_of_val(keys) / MODEL_BUDGET_DIVISOR;
        let mut bound = (epsilon / TIGHTEN_DIVISOR).max(1);
        loop {
            let max_segments = if bound < epsilon { budget / SEGMENT_BYTES } else { usize::MAX };
            if let Some(segments) = cut_segments(keys, bound, max_segments) {
                let model = Self::from_segments(keys, epsilon, segments);
                if bound >= epsilon || model.model_bytes() <= budget {
                    return model;
                }
            }
            bound = bound.saturating_mul(2).min(epsilon);
        }
    }

    #[inline(always)]
    fn search_window(&self, key: i64, len: usize) -> (usize, usize) {
        debug_assert_eq!(len, self.segments[self.first_keys.len()].start, "model built over a different key count");
        if self.first_keys.is_empty() {
            return (0, 0);
        }
        let j = self.segment_for(key);
        let (seg, end) = (&self.segments[j], self.segments[j + 1].start);
        let predicted = seg.line(self.first_keys[j]).predict(key, seg.start, end);
        window_around(predicted, self.max_error, seg.start, end)
    }

    fn num_models(&self) -> usize {
        self.first_keys.len()
    }

    fn max_error(&self) -> usize {
        self.max_error
    }

    fn mean_error(&self) -> f64 {
        self.mean_error
    }

    fn model_bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.segments.capacity() * std::mem::size_of::<Segment>()
            + self.first_keys.capacity() * std::mem::size_of::<i64>()
            + self.router.as_ref().map_or(0, RadixRouter::bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_straight_line_is_one_segment() {
        let keys: Vec<i64> = (0..5_000).map(|i| i * 3).collect();
        let model = PgmModel::build(&keys, 8);
        assert_eq!(model.num_segments(), 1);
        assert_eq!(model.max_error(), 0);
    }

    #[test]
    fn error_stays_within_epsilon_and_segments_grow_with_it() {
        let keys: Vec<i64> = (0..50_000i64).map(|i| i * i + (i * 7919) % 13).collect();
        let tight = PgmModel::build(&keys, 4);
        let loose = PgmModel::build(&keys, 64);
        assert!(tight.max_error() <= 4, "max error {}", tight.max_error());
        assert!(loose.max_error() <= 64, "max error {}", loose.max_error());
        assert!(loose.num_segments() < tight.num_segments());
        for (i, &k) in keys.iter().enumerate() {
            let (lo, hi) = tight.search_window(k, keys.len());
            assert!(lo <= i && i <= hi && hi - lo <= 2 * 4 + 1, "key {k} at {i}: [{lo}, {hi}]");
        }
    }

    #[test]
    fn many_segments_use_a_nested_router() {
        // Alternating dense and sparse runs force a new segment every few keys.
        let mut keys = Vec::new();
        let mut k = 0i64;
        for i in 0..40_000i64 {
            k += if (i / 4) % 2 == 0 { 1 } else { 1_000_000 };
            keys.push(k);
        }
        let model = PgmModel::build(&keys, 1);
        assert!(model.num_segments() >= NESTED_ROUTER_MIN_SEGMENTS, "{} segments", model.num_segments());
        assert!(model.router.is_some());
        for (i, &k) in keys.iter().enumerate() {
            assert_eq!(model.segment_for(k), model.first_keys.partition_point(|&f| f <= k) - 1);
            let (lo, hi) = model.search_window(k, keys.len());
            assert!(lo <= i && i <= hi, "key {k} at {i}: [{lo}, {hi}]");
        }
    }

    #[test]
    fn zero_epsilon_means_the_default() {
        let model = PgmModel::build(&[1, 2, 3], 0);
        assert_eq!(model.epsilon(), super::super::DEFAULT_EPSILON);
    }
}
