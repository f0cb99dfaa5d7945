//! Build time from sorted keys: every learned kind and the Eytzinger layout against
//! `BTreeMap` collected from the sorted iterator (the suite's baseline). Copying the input keys
//! happens outside the timed region for every method.

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
                let start = Instant::now();
                match method {
                    MethodSpec::BTreeMap => drop(black_box(sorted_btreemap(&input))),
                    MethodSpec::Eytzinger => drop(black_box(Eytzinger::new(&input))),
                    MethodSpec::Learned { kind, epsilon, .. } => drop(black_box(StaticIndex::build(kind, epsilon, input))),
                    MethodSpec::PartitionPoint => unreachable!("skipped above"),
                }
                start.elapsed().as_nanos() as f64
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
