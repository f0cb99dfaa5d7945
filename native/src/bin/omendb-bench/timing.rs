//! The measuring loop: warm-up, then the probes in their (random) order, repeated; each repeat is
//! cut into batches of `BATCH` lookups timed with the monotonic clock (timer cost subtracted), and
//! the result is the median and 99th percentile of the per-lookup time over all batches.
//! (So p99 is the tail of 64-lookup batch means, not of single lookups: a clock read per lookup
//! would cost as much as the lookup.)

use std::hint::black_box;
use std::time::Instant;

/// Lookups per timed batch: long enough to amortise the clock read, short enough for a tail.
pub const BATCH: usize = 64;
/// Probes run once, untimed, before measuring.
const WARM_UP_PROBES: usize = 20_000;

/// Median and 99th percentile, in nanoseconds.
#[derive(Clone, Copy, Debug)]
pub struct Stats {
    pub median_ns: f64,
    pub p99_ns: f64,
}

/// Times `lookup` over `probes`, `repeats` times. `lookup` returns a value folded into a sink so
/// the compiler cannot drop the work; every probe goes through `black_box`.
pub fn time_lookups(probes: &[i64], repeats: usize, mut lookup: impl FnMut(i64) -> u64) -> Stats {
    let mut sink = 0u64;
    for &key in probes.iter().take(WARM_UP_PROBES) {
        sink = sink.wrapping_add(lookup(black_box(key)));
    }
    let overhead = timer_overhead_ns();
    let mut per_lookup = Vec::with_capacity(repeats * probes.len().div_ceil(BATCH));
    for _ in 0..repeats.max(1) {
        for batch in probes.chunks(BATCH) {
            let start = Instant::now();
            for &key in batch {
                sink = sink.wrapping_add(lookup(black_box(key)));
            }
            let elapsed = start.elapsed().as_nanos() as f64 - overhead;
            per_lookup.push(elapsed.max(0.0) / batch.len() as f64);
        }
    }
    black_box(sink);
    summarise(&mut per_lookup)
}

/// Median and p99 (nearest rank) of `samples`.
pub fn summarise(samples: &mut [f64]) -> Stats {
    assert!(!samples.is_empty(), "no samples");
    samples.sort_by(f64::total_cmp);
    let rank = |q: f64| samples[((q * samples.len() as f64).ceil() as usize).clamp(1, samples.len()) - 1];
    Stats { median_ns: rank(0.5), p99_ns: rank(0.99) }
}

/// Median cost of reading the clock twice around nothing.
fn timer_overhead_ns() -> f64 {
    let mut samples: Vec<f64> = (0..1001)
        .map(|_| {
            let start = Instant::now();
            black_box(start.elapsed().as_nanos() as f64)
        })
        .collect();
    summarise(&mut samples).median_ns
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_p99_by_nearest_rank() {
        let mut samples: Vec<f64> = (1..=100).map(f64::from).rev().collect();
        let stats = summarise(&mut samples);
        assert_eq!(stats.median_ns, 50.0);
        assert_eq!(stats.p99_ns, 99.0);
        let stats = summarise(&mut [7.0]);
        assert_eq!((stats.median_ns, stats.p99_ns), (7.0, 7.0));
    }
}
