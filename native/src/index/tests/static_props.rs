//! Property tests of `StaticIndex` for every kind: on every distribution, `lower_bound`, `find`,
//! `upper_bound` and ranges agree with `partition_point`/`binary_search`, and the true lower
//! bound always lies inside the model's search window. Also PGM's error and memory guarantees.

use super::data::{datasets, probes, sorted_unique, Rng, KINDS};
use crate::index::{IndexKind, StaticIndex};

const KEYS_PER_SET: usize = 20_000;

fn check_index(index: &StaticIndex, sorted: &[i64], probe_keys: &[i64], context: &str) {
    assert_eq!(index.keys(), sorted, "{context}");
    assert_eq!(index.len(), sorted.len());
    assert_eq!(index.is_empty(), sorted.is_empty());
    for &key in probe_keys {
        let expected = sorted.partition_point(|&k| k < key);
        let (lo, hi) = index.search_window(key);
        assert!(lo <= expected && expected <= hi && hi <= sorted.len(), "{context}: key {key} at {expected} outside window [{lo}, {hi}]");
        assert_eq!(index.lower_bound(key), expected, "{context}: lower_bound({key})");
        assert_eq!(index.find(key), sorted.binary_search(&key).ok(), "{context}: find({key})");
        assert_eq!(index.upper_bound(key), sorted.partition_point(|&k| k <= key), "{context}: upper_bound({key})");
    }
}

fn check_ranges(index: &StaticIndex, sorted: &[i64], rng: &mut Rng, context: &str) {
    let pick = |rng: &mut Rng| match rng.below(4) {
        0 if !sorted.is_empty() => sorted[rng.below(sorted.len() as u64) as usize],
        1 => i64::MIN,
        2 => i64::MAX,
        _ => rng.next_i64(),
    };
    for _ in 0..200 {
        let (start, end) = (pick(rng), pick(rng));
        let expected: Vec<i64> = sorted.iter().copied().filter(|&k| start <= k && k <= end).collect();
        let positions = index.range_positions(start, end);
        assert_eq!(&sorted[positions], expected.as_slice(), "{context}: range [{start}, {end}]");
    }
}

#[test]
fn every_kind_agrees_with_partition_point_on_every_distribution() {
    let mut rng = Rng::new(0x5eed_0001);
    for dataset in datasets(KEYS_PER_SET, 7) {
        let sorted = sorted_unique(&dataset.keys);
        let probe_keys = probes(&sorted, &mut rng, 2_000);
        for kind in KINDS {
            let epsilons: &[u32] = if kind == IndexKind::Pgm { &[0, 1, 4, 64] } else { &[0] };
            for &epsilon in epsilons {
                let context = format!("{kind:?} eps {epsilon} on {}", dataset.name);
                let index = StaticIndex::build(kind, epsilon, sorted.clone());
                check_index(&index, &sorted, &probe_keys, &context);
                check_ranges(&index, &sorted, &mut rng, &context);
            }
        }
    }
}

#[test]
fn many_small_random_sets() {
    let mut rng = Rng::new(0x5eed_0002);
    for round in 0..300 {
        let n = rng.below(64) as usize;
        let spread = [3u64, 100, 1 << 40, u64::MAX][round % 4];
        let keys: Vec<i64> = (0..n).map(|_| (rng.next_u64() % spread) as i64).collect();
        let sorted = sorted_unique(&keys);
        let probe_keys = probes(&sorted, &mut rng, 20);
        for kind in KINDS {
            let index = StaticIndex::build(kind, 1 + (round % 8) as u32, sorted.clone());
            check_index(&index, &sorted, &probe_keys, &format!("{kind:?} round {round}"));
        }
    }
}

#[test]
fn pgm_error_is_within_epsilon_and_memory_under_one_percent() {
    let n = 1_000_000;
    let mut rng = Rng::new(0x5eed_0003);
    let uniform: Vec<i64> = (0..n).map(|_| rng.next_i64()).collect();
    let lognormal: Vec<i64> = (0..n).map(|_| ((rng.normal() * 2.0 + 30.0).exp()) as i64).collect();
    for (name, keys) in [("uniform", uniform), ("lognormal", lognormal)] {
        let sorted = sorted_unique(&keys);
        let index = StaticIndex::build(IndexKind::Pgm, 64, sorted);
        let ratio = index.model_bytes() as f64 / index.key_bytes() as f64;
        assert!(index.max_error() <= 64, "{name}: max error {}", index.max_error());
        assert!(ratio < 0.01, "{name}: model is {:.3}% of key bytes", ratio * 100.0);
        assert!(index.num_models() >= 1);
    }
}

#[test]
fn rmi_and_linear_report_errors_they_actually_make() {
    let mut rng = Rng::new(0x5eed_0004);
    let keys = sorted_unique(&(0..50_000).map(|_| ((rng.normal() * 1.5 + 12.0).exp()) as i64).collect::<Vec<_>>());
    for kind in [IndexKind::Linear, IndexKind::Rmi, IndexKind::Pgm] {
        let index = StaticIndex::build(kind, 16, keys.clone());
        let widest = keys.iter().map(|&k| {
            let (lo, hi) = index.search_window(k);
            hi - lo
        });
        assert!(widest.max().unwrap() <= 2 * index.max_error() + 1, "{kind:?}");
        assert!(index.mean_error() <= index.max_error() as f64, "{kind:?}");
    }
}

/// Speed check on 10M uniform keys; run with
/// `cargo test --release --manifest-path native/Cargo.toml index:: -- --ignored --nocapture`.
#[test]
#[ignore]
fn ten_million_keys_lookup_speed() {
    let n = 10_000_000;
    let mut rng = Rng::new(0x5eed_0005);
    let sorted = sorted_unique(&(0..n).map(|_| rng.next_i64()).collect::<Vec<_>>());
    let lookups: Vec<i64> = (0..2_000_000).map(|_| sorted[rng.below(sorted.len() as u64) as usize]).collect();
    for kind in KINDS {
        let started = std::time::Instant::now();
        let index = StaticIndex::build(kind, 64, sorted.clone());
        let built = started.elapsed();
        let started = std::time::Instant::now();
        let mut checksum = 0usize;
        for &key in &lookups {
            checksum = checksum.wrapping_add(index.lower_bound(key));
        }
        let per_lookup = started.elapsed().as_nanos() as f64 / lookups.len() as f64;
        println!(
            "{kind:?}: build {built:?}, {per_lookup:.0} ns/lookup, {} models, max err {}, model {} KiB (checksum {checksum})",
            index.num_models(),
            index.max_error(),
            index.model_bytes() / 1024
        );
        assert_eq!(index.lower_bound(sorted[12_345]), 12_345);
    }
}
