//! PGM-style piecewise-linear index. One pass of the greedy "shrinking cone" cuts the keys into
//! segments whose line predicts every key's position within epsilon (each segment's error is
//! measured over its keys as soon as it is cut); the segment holding a key is found through a
//! radix table over the segments' first keys (`radix.rs`). The bound used for windows is the
//! error measured over all keys.
//!
//! Epsilon is an upper bound, not a target: the build first cuts with a tighter bound (epsilon / 4)
//! and keeps it when its segment table stays within 1/`MODEL_BUDGET_DIVISOR` of the key bytes, so
//! the last-mile window is ~34 keys (5 cache lines) instead of ~130 (17 lines) at the same
//! guarantee; otherwise it doubles the bound until it fits or reaches epsilon. A model that uses
//! under a quarter of the budget is tightened further while it fits (nearly-linear keys).

use super::fit::window_around;
use super::radix::{RadixRouter, RoutingKey, RUN_PROBES};
use super::SearchModel;

/// The first bound tried is `epsilon / TIGHTEN_DIVISOR` (at least 1).
const TIGHTEN_DIVISOR: u32 = 4;
/// A tightened bound is kept only while segments use at most key bytes / this much memory.
const MODEL_BUDGET_DIVISOR: usize = 100;
/// Memory per segment before routing (a tightened cut stops early once this alone exceeds the
/// budget; the full model is then checked exactly).
const SEGMENT_BYTES: usize = std::mem::size_of::<Segment>();

/// One segment: its first key (the line's origin and its routing key), the slope of its line and
/// the first position it owns (the line's value at the origin). All a lookup needs after routing
/// is in these 24 bytes plus the next segment's `start`, which follows them in memory.
#[derive(Clone, Copy, Debug)]
struct Segment {
    first_key: i64,
    slope: f64,
    start: usize,
}

impl Segment {
    /// Predicted position of `key`, clamped to `start..=end` (`end` is the next segment's start).
    /// Monotone in `key`: the key's distance from the origin saturates at `i64::MAX` (so one
    /// signed conversion suffices; keys below the origin give a negative distance and clamp to
    /// `start`), and the product is rounded to nearest before clamping. Build and lookups use
    /// this same function, so the measured error is the error lookups see.
    #[inline(always)]
    fn predict(&self, key: i64, end: usize) -> usize {
        let distance = key.saturating_sub(self.first_key) as f64;
        let step = (self.slope * distance + 0.5) as i64;
        self.start + (step.max(0) as usize).min(end - self.start)
    }
}

impl RoutingKey for Segment {
    #[inline(always)]
    fn routing_key(&self) -> i64 {
        self.first_key
    }
}

/// Piecewise-linear model with a guaranteed (measured) error close to epsilon.
#[derive(Clone, Debug)]
pub struct PgmModel {
    /// Segments in key order, then `RUN_PROBES` sentinels keyed `i64::MAX` whose `start` is the
    /// key count (the first gives the last segment its end; all of them pad the router's probes).
    segments: Vec<Segment>,
    /// Radix table over the segments' first keys; None only when there are no keys.
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
        self.segments.len().saturating_sub(RUN_PROBES)
    }

    /// Segment number owning `key`: the last segment whose first key is `<= key` (0 if none).
    #[inline(always)]
    fn segment_for(router: &RadixRouter, segments: &[Segment], key: i64) -> usize {
        router.last_at_or_below(segments, key)
    }
}

impl PgmModel {
    /// Halves the bound of `self` (cut with `bound`) while the model stays within `budget` and
    /// halving can help: nearly-linear keys with small gaps (such as a dense key range with some
    /// keys deleted) fit a 1- or 2-line window in a fraction of the budget, while keys whose
    /// segments already use a quarter of it keep their bound. Each try is one more cut, stopped
    /// as soon as it exceeds the budget.
    fn tighten_within_budget(self, keys: &[i64], mut bound: u32, budget: usize) -> Self {
        let mut model = self;
        while bound > 1 && model.max_error > (bound / 2) as usize && model.model_bytes().saturating_mul(4) <= budget {
            bound /= 2;
            let Some(cut) = cut_segments(keys, bound, budget / SEGMENT_BYTES) else { break };
            let tighter = Self::from_cut(keys, model.epsilon, cut);
            if tighter.model_bytes() > budget {
                break;
            }
            model = tighter;
        }
        model
    }
}

/// Segments cut from keys, with the error their lines make, measured over every key.
struct Cut {
    segments: Vec<Segment>,
    max_error: usize,
    error_sum: f64,
}

/// Greedy shrinking cone, one pass: cuts `keys` into segments anchored at their first key whose
/// slope keeps every key of the segment within `epsilon` positions of its line, and measures each
/// segment's real (rounded, clamped) error right after cutting it, while its keys are in cache.
/// None if that takes more than `max_segments` segments (the cut stops there).
fn cut_segments(keys: &[i64], epsilon: u32, max_segments: usize) -> Option<Cut> {
    let epsilon = f64::from(epsilon);
    let mut cut = Cut { segments: Vec::new(), max_error: 0, error_sum: 0.0 };
    let mut start = 0usize;
    while start < keys.len() {
        if cut.segments.len() == max_segments {
            return None;
        }
        let origin = keys[start];
        let (mut min_slope, mut max_slope) = (0.0f64, f64::INFINITY);
        let mut end = start + 1;
        let mut y = 1.0f64;
        for &key in &keys[start + 1..] {
            // The distance `Segment::predict` uses; keys are unique, so x >= 1.
            let x = key.saturating_sub(origin) as f64;
            // Divide only when the point tightens the cone (rare once a segment is long); the
            // products decide it.
            let lower = if y - epsilon > min_slope * x { (y - epsilon) / x } else { min_slope };
            let upper = if y + epsilon < max_slope * x { (y + epsilon) / x } else { max_slope };
            if lower > upper {
                break;
            }
            (min_slope, max_slope) = (lower, upper);
            end += 1;
            y += 1.0;
        }
        let slope = if max_slope.is_finite() { (min_slope + max_slope) / 2.0 } else { 0.0 };
        let segment = Segment { first_key: origin, slope, start };
        let (mut max_error, mut error_sum) = (0usize, 0u64);
        for (position, &key) in (start..end).zip(&keys[start..end]) {
            let error = segment.predict(key, end).abs_diff(position);
            max_error = max_error.max(error);
            error_sum += error as u64;
        }
        cut.max_error = cut.max_error.max(max_error);
        cut.error_sum += error_sum as f64;
        cut.segments.push(segment);
        start = end;
    }
    Some(cut)
}

impl PgmModel {
    /// The model over `cut` (cut from `keys`): sentinels appended and the router built.
    fn from_cut(keys: &[i64], epsilon: u32, cut: Cut) -> Self {
        let Cut { mut segments, max_error, error_sum } = cut;
        let router = RadixRouter::build(&segments);
        let sentinel = Segment { first_key: i64::MAX, slope: 0.0, start: keys.len() };
        segments.extend([sentinel; RUN_PROBES]);
        segments.shrink_to_fit();
        let mean_error = if keys.is_empty() { 0.0 } else { error_sum / keys.len() as f64 };
        PgmModel { segments, router, epsilon, max_error, mean_error }
    }
}

impl SearchModel for PgmModel {
    /// Tries the bounds `epsilon / TIGHTEN_DIVISOR`, doubling, and keeps the first whose whole
    /// model fits the memory budget; `epsilon` itself is always accepted. A model far under the
    /// budget is then tightened further (`tighten_within_budget`).
    fn build(keys: &[i64], epsilon: u32) -> Self {
        let epsilon = super::effective_epsilon(epsilon);
        let budget = std::mem::size_of_val(keys) / MODEL_BUDGET_DIVISOR;
        let mut bound = (epsilon / TIGHTEN_DIVISOR).max(1);
        loop {
            let max_segments = if bound < epsilon { budget / SEGMENT_BYTES } else { usize::MAX };
            if let Some(cut) = cut_segments(keys, bound, max_segments) {
                let model = Self::from_cut(keys, epsilon, cut);
                if bound >= epsilon || model.model_bytes() <= budget {
                    return if bound == (epsilon / TIGHTEN_DIVISOR).max(1) {
                        model.tighten_within_budget(keys, bound, budget)
                    } else {
                        model
                    };
                }
            }
            bound = bound.saturating_mul(2).min(epsilon);
        }
    }

    #[inline(always)]
    fn search_window(&self, key: i64, len: usize) -> (usize, usize) {
        let Some(router) = &self.router else {
            return (0, 0);
        };
        let segments = self.segments.as_slice();
        debug_assert_eq!(len, segments[segments.len() - 1].start, "model built over a different key count");
        let j = Self::segment_for(router, segments, key);
        let (seg, end) = (&segments[j], segments[j + 1].start);
        let predicted = seg.predict(key, end);
        window_around(predicted, self.max_error, seg.start, end)
    }

    fn num_models(&self) -> usize {
        self.num_segments()
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
    fn many_segments_are_routed_to_the_right_one() {
        // Alternating dense and sparse runs force a new segment every few keys.
        let mut keys = Vec::new();
        let mut k = 0i64;
        for i in 0..40_000i64 {
            k += if (i / 4) % 2 == 0 { 1 } else { 1_000_000 };
            keys.push(k);
        }
        let model = PgmModel::build(&keys, 1);
        assert!(model.num_segments() >= 512, "{} segments", model.num_segments());
        let router = model.router.as_ref().expect("keys were given");
        let first_keys: Vec<i64> = model.segments[..model.num_segments()].iter().map(|s| s.first_key).collect();
        for (i, &k) in keys.iter().enumerate() {
            assert_eq!(PgmModel::segment_for(router, &model.segments, k), first_keys.partition_point(|&f| f <= k) - 1);
            let (lo, hi) = model.search_window(k, keys.len());
            assert!(lo <= i && i <= hi, "key {k} at {i}: [{lo}, {hi}]");
        }
    }

    #[test]
    fn zero_epsilon_means_the_default() {
        let model = PgmModel::build(&[1, 2, 3], 0);
        assert_eq!(model.epsilon(), super::super::DEFAULT_EPSILON);
    }

    #[test]
    fn extreme_keys_and_spans_beyond_i64_stay_within_their_windows() {
        // Segments whose keys lie more than i64::MAX apart (the distance saturates), keys at both
        // ends of the range, and a dense run in between.
        let mut keys: Vec<i64> = vec![i64::MIN, i64::MIN + 1, i64::MIN + 3, -5, -4, -3, 0, 7, 1 << 62, i64::MAX - 1, i64::MAX];
        keys.extend((1..2_000i64).map(|i| 1_000_000 + i * i));
        keys.sort_unstable();
        keys.dedup();
        for epsilon in [1, 4, 64] {
            let model = PgmModel::build(&keys, epsilon);
            assert!(model.max_error() <= epsilon as usize, "eps {epsilon}: max error {}", model.max_error());
            let mut probes: Vec<i64> = keys.iter().flat_map(|&k| [k.saturating_sub(1), k, k.saturating_add(1)]).collect();
            probes.extend([i64::MIN, i64::MAX, 0, -1, 1 << 61, -(1 << 61)]);
            for key in probes {
                let expected = keys.partition_point(|&k| k < key);
                let (lo, hi) = model.search_window(key, keys.len());
                assert!(lo <= expected && expected <= hi && hi <= keys.len(), "eps {epsilon}: key {key} at {expected}: [{lo}, {hi}]");
            }
        }
    }

    #[test]
    fn predictions_are_monotone_and_clamped_to_the_segment() {
        let segment = Segment { first_key: -10, slope: 0.5, start: 100 };
        assert_eq!(segment.predict(i64::MIN, 120), 100, "below the origin clamps to start");
        assert_eq!(segment.predict(-10, 120), 100);
        assert_eq!(segment.predict(-7, 120), 102, "1.5 + 0.5 rounds to 2");
        assert_eq!(segment.predict(i64::MAX, 120), 120, "a saturated distance clamps to end");
        let mut last = 0;
        for key in (-50..200).chain([i64::MAX - 1, i64::MAX]) {
            let p = segment.predict(key, 120);
            assert!(p >= last && (100..=120).contains(&p), "key {key}: {p} after {last}");
            last = p;
        }
    }

    #[test]
    fn nearly_linear_keys_are_tightened_below_a_quarter_of_epsilon_within_budget() {
        // A dense range with every 10th-ish key missing (pseudo-random gaps).
        let keys: Vec<i64> = (0..400_000i64).filter(|&k| (k.wrapping_mul(0x9E37_79B9) >> 7) % 10 != 0).collect();
        let model = PgmModel::build(&keys, 64);
        let budget = std::mem::size_of_val(keys.as_slice()) / MODEL_BUDGET_DIVISOR;
        assert!(model.max_error() < 16, "max error {} was not tightened", model.max_error());
        assert!(model.model_bytes() <= budget, "{} bytes over the budget {budget}", model.model_bytes());
        for (i, &k) in keys.iter().enumerate().step_by(97) {
            let (lo, hi) = model.search_window(k, keys.len());
            assert!(lo <= i && i < hi, "key {k} at {i}: [{lo}, {hi}]");
        }
        // An exact line has nothing to tighten: one segment, error 0.
        let line: Vec<i64> = (0..400_000).collect();
        assert_eq!((PgmModel::build(&line, 64).num_segments(), PgmModel::build(&line, 64).max_error()), (1, 0));
    }
}
