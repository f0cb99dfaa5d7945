//! PGM-style piecewise-linear index. One pass of the greedy "shrinking cone" cuts the keys into
//! segments whose line predicts every key's position within epsilon; the segment holding a key is
//! found by binary search over segment first keys, or, when there are many segments, by a nested
//! PGM over those first keys. The bound used for windows is the error measured over all keys.

use super::fit::{offset, window_around, ErrorSummary, LinearFn};
use super::search::{lower_bound, lower_bound_with};
use super::SearchModel;

/// Above this many segments, segment lookup goes through a nested PGM instead of binary search.
const NESTED_ROUTER_MIN_SEGMENTS: usize = 512;
/// Error bound of nested routing levels (small: those levels are tiny and cache-resident).
const NESTED_ROUTER_EPSILON: u32 = 16;

/// One segment: its line (origin = first key) and the first position it owns.
#[derive(Clone, Copy, Debug)]
struct Segment {
    line: LinearFn,
    start: usize,
}

/// Piecewise-linear model with a guaranteed (measured) error close to epsilon.
#[derive(Clone, Debug)]
pub struct PgmModel {
    /// Segments in key order plus one sentinel whose `start` is the key count.
    segments: Vec<Segment>,
    /// First key of each real segment (the routing keys).
    first_keys: Vec<i64>,
    /// Nested model over `first_keys`, when there are many segments.
    router: Option<Box<PgmModel>>,
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
        let at_or_above = match &self.router {
            Some(router) => lower_bound_with(router.as_ref(), first_keys, key),
            None => lower_bound(first_keys, key),
        };
        let at_or_below = at_or_above + usize::from(at_or_above < first_keys.len() && first_keys[at_or_above] == key);
        at_or_below.saturating_sub(1)
    }
}

/// Greedy shrinking cone: cuts `keys` into segments anchored at their first key whose slope keeps
/// every key of the segment within `epsilon` positions of its line.
fn cut_segments(keys: &[i64], epsilon: u32) -> Vec<Segment> {
    let epsilon = f64::from(epsilon);
    let mut segments = Vec::new();
    let mut start = 0usize;
    while start < keys.len() {
        let origin = keys[start];
        let (mut min_slope, mut max_slope) = (0.0f64, f64::INFINITY);
        let mut end = start + 1;
        while end < keys.len() {
            let x = offset(keys[end], origin);
            let y = (end - start) as f64;
            let lower = min_slope.max((y - epsilon) / x);
            let upper = max_slope.min((y + epsilon) / x);
            if lower > upper {
                break;
            }
            (min_slope, max_slope) = (lower, upper);
            end += 1;
        }
        let slope = if max_slope.is_finite() { (min_slope + max_slope) / 2.0 } else { 0.0 };
        let line = LinearFn { origin, slope, intercept: start as f64 + 0.5 };
        segments.push(Segment { line, start });
        start = end;
    }
    segments
}

impl SearchModel for PgmModel {
    fn build(keys: &[i64], epsilon: u32) -> Self {
        let epsilon = super::effective_epsilon(epsilon);
        let mut segments = cut_segments(keys, epsilon);
        let first_keys: Vec<i64> = segments.iter().map(|s| s.line.origin).collect();
        segments.push(Segment { line: LinearFn::constant(keys.len()), start: keys.len() });
        segments.shrink_to_fit();

        let (mut max_error, mut error_sum) = (0usize, 0.0f64);
        for pair in segments.windows(2) {
            let (seg, end) = (&pair[0], pair[1].start);
            let errors = ErrorSummary::measure(&keys[seg.start..end], seg.start, |k| seg.line.predict(k, seg.start, end));
            max_error = max_error.max(errors.max);
            error_sum += errors.sum;
        }
        let mean_error = if keys.is_empty() { 0.0 } else { error_sum / keys.len() as f64 };
        let router = (first_keys.len() >= NESTED_ROUTER_MIN_SEGMENTS)
            .then(|| Box::new(PgmModel::build(&first_keys, NESTED_ROUTER_EPSILON.min(epsilon))));
        PgmModel { segments, first_keys, router, epsilon, max_error, mean_error }
    }

    #[inline]
    fn search_window(&self, key: i64, len: usize) -> (usize, usize) {
        debug_assert_eq!(len, self.segments[self.first_keys.len()].start, "model built over a different key count");
        if self.first_keys.is_empty() {
            return (0, 0);
        }
        let j = self.segment_for(key);
        let (seg, end) = (&self.segments[j], self.segments[j + 1].start);
        window_around(seg.line.predict(key, seg.start, end), self.max_error, seg.start, end)
    }

    fn num_models(&self) -> usize {
        self.first_keys.len() + self.router.as_ref().map_or(0, |r| r.num_models())
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
            + self.router.as_ref().map_or(0, |r| r.model_bytes())
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
