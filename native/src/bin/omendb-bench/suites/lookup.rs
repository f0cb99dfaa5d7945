//! Point-lookup latency of every method on random existing keys ("lookup") and on a probe set
//! with 10% absent keys ("lookup_absent10"), all methods in the same process on the same probes.
//! Learned rows also carry their mean search-window width, the main driver of cache misses, and a
//! "floor" row times one random key read per probe: what a single cache miss costs here.

use crate::methods::{all_methods, Built};
use crate::output::Row;
use crate::probes::probes;
use crate::rng::Rng;
use crate::timing::time_lookups;

use super::Config;

/// Share of absent probes in the second probe set.
const ABSENT_PERCENT: u64 = 10;
/// Probes sampled to measure the mean window width.
const WINDOW_SAMPLE: usize = 20_000;

/// Runs both lookup measurements for every method on `keys`.
pub fn run(dataset: &str, keys: &[i64], config: &Config) {
    let mut rng = Rng::new(config.seed ^ 0x10_0C_0A);
    let present = probes(keys, config.lookups, 0, &mut rng);
    let mixed = probes(keys, config.lookups, ABSENT_PERCENT, &mut rng);
    let expected_present = count_found(&Built::Sorted(keys.to_vec()), &mixed);

    emit_floor(dataset, keys, &present, &mixed, config);
    for method in all_methods() {
        let name = method.name();
        eprintln!("  lookup {dataset} {name}");
        let built = method.build(keys);
        let found = count_found(&built, &mixed);
        assert_eq!(found, expected_present, "{name} disagrees with partition_point on {dataset}");
        let extra = window_stats(&built, &present);
        for (suite, probe_set) in [("lookup", &present), ("lookup_absent10", &mixed)] {
            let stats = time_lookups(probe_set, config.repeats, |key| built.lookup(key).unwrap_or(u64::MAX));
            Row {
                suite,
                name: &name,
                dataset,
                n: keys.len(),
                median_ns: Some(stats.median_ns),
                p99_ns: Some(stats.p99_ns),
                extra: extra.clone(),
            }
            .emit();
        }
    }
}

/// Number of probes the method finds (a cross-check that every method answers alike).
fn count_found(built: &Built, probes: &[i64]) -> usize {
    probes.iter().filter(|&&key| built.lookup(key).is_some()).count()
}

/// For learned indexes: mean window width in keys and in 64-byte lines, and model bytes.
fn window_stats(built: &Built, probes: &[i64]) -> Vec<(&'static str, f64)> {
    let Some(index) = built.learned() else {
        return Vec::new();
    };
    let sample = &probes[..probes.len().min(WINDOW_SAMPLE)];
    let (mut keys_sum, mut lines_sum) = (0usize, 0usize);
    for &key in sample {
        let (lo, hi) = index.search_window(key);
        keys_sum += hi - lo;
        lines_sum += if hi > lo { (hi - 1) / 8 - lo / 8 + 1 } else { 0 };
    }
    let count = sample.len().max(1) as f64;
    vec![
        ("window_keys", keys_sum as f64 / count),
        ("window_lines", lines_sum as f64 / count),
        ("max_error", index.max_error() as f64),
        ("model_bytes", index.model_bytes() as f64),
    ]
}

/// Times reading one pseudo-random key per probe (the key's hash picks the slot): the cost of the
/// one cache/TLB miss no search over these keys can avoid, measured the same way as the methods.
fn emit_floor(dataset: &str, keys: &[i64], present: &[i64], mixed: &[i64], config: &Config) {
    let n = keys.len() as u128;
    let slot = |key: i64| ((u128::from((key as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)) * n) >> 64) as usize;
    for (suite, probe_set) in [("lookup", present), ("lookup_absent10", mixed)] {
        let stats = time_lookups(probe_set, config.repeats, |key| keys[slot(key)] as u64);
        Row { suite, name: "floor_one_miss", dataset, n: keys.len(), median_ns: Some(stats.median_ns), p99_ns: Some(stats.p99_ns), extra: Vec::new() }
            .emit();
    }
}
