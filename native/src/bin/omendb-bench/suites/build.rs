//! Build time from sorted keys: every learned kind and the Eytzinger layout against
//! `BTreeMap` collected from the sorted iterator (the suite's baseline). Copying the input keys
//! and dropping the built structure happen outside the timed region for every method.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Instant;

use omendb::index::StaticIndex;

use crate::eytzinger::Eytzinger;
use crate::methods::{all_methods, MethodSpec};
use crate::output::Row;
use crate::timing::summarise;

use super::Config;

/// Times each builder `config.build_repeats` times on `keys`.
pub fn run(dataset: &str, keys: &[i64], config: &Config) {
    for method in all_methods() {
        if matches!(method, MethodSpec::PartitionPoint) {
            continue; // nothing to build
        }
        let name = method.name();
        eprintln!("  build {dataset} {name}");
        let mut samples: Vec<f64> = (0..config.build_repeats.max(1))
            .map(|_| {
                let input = keys.to_vec();
                // Each arm keeps the built structure alive past the clock read: drops are not timed.
                let start = Instant::now();
                let (elapsed, built): (f64, Box<dyn std::any::Any>) = match method {
                    MethodSpec::BTreeMap => {
                        let built = black_box(sorted_btreemap(&input));
                        (start.elapsed().as_nanos() as f64, Box::new(built))
                    }
                    MethodSpec::Eytzinger => {
                        let built = black_box(Eytzinger::new(&input));
                        (start.elapsed().as_nanos() as f64, Box::new(built))
                    }
                    MethodSpec::Learned { kind, epsilon, .. } => {
                        let built = black_box(StaticIndex::build(kind, epsilon, input));
                        (start.elapsed().as_nanos() as f64, Box::new(built))
                    }
                    MethodSpec::PartitionPoint => unreachable!("skipped above"),
                };
                drop(built);
                elapsed
            })
            .collect();
        let stats = summarise(&mut samples);
        Row { suite: "build", name: &name, dataset, n: keys.len(), median_ns: Some(stats.median_ns), p99_ns: Some(stats.p99_ns), extra: Vec::new() }
            .emit();
    }
}

/// The baseline: a `BTreeMap` from a sorted iterator (std bulk-builds it in one pass).
fn sorted_btreemap(keys: &[i64]) -> BTreeMap<i64, u32> {
    keys.iter().enumerate().map(|(i, &k)| (k, i as u32)).collect()
}
