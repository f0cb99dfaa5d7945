//! Lookups through `LearnedMap` (the default kind) with 10% of the keys still in the unmerged
//! insert delta, against the same map after `merge()` (the suite's baseline). The merge
//! threshold is raised so the 10% stay unmerged (the map's own policy merges at ~6%).

use omendb::index::{IndexKind, LearnedMap};

use crate::output::Row;
use crate::probes::probes;
use crate::rng::Rng;
use crate::timing::time_lookups;

use super::Config;

/// Share of keys inserted after the build, into the delta.
const DELTA_PERCENT: u64 = 10;

/// Measures delta vs merged lookups on `keys`.
pub fn run(dataset: &str, keys: &[i64], config: &Config) {
    eprintln!("  delta {dataset}");
    let mut rng = Rng::new(config.seed ^ 0xDE17A);
    let (mut late, mut early) = (Vec::new(), Vec::new());
    for &key in keys {
        if rng.below(100) < DELTA_PERCENT { late.push(key) } else { early.push(key) }
    }
    let mut map = LearnedMap::build_keys(IndexKind::default(), 0, early);
    map.set_min_merge_threshold(keys.len());
    rng.shuffle(&mut late);
    for &key in &late {
        map.insert(key, &[]);
    }
    let delta_keys = map.delta_len();
    assert_eq!(map.len(), keys.len());
    let probe_set = probes(keys, config.lookups, 0, &mut rng);

    let measure = |name: &str, map: &LearnedMap, delta_keys: usize| {
        let stats = time_lookups(&probe_set, config.repeats, |key| u64::from(map.get(key).is_some()));
        Row {
            suite: "delta",
            name,
            dataset,
            n: keys.len(),
            median_ns: Some(stats.median_ns),
            p99_ns: Some(stats.p99_ns),
            extra: vec![("delta_keys", delta_keys as f64)],
        }
        .emit();
    };
    measure("delta10", &map, delta_keys);
    map.merge();
    measure("merged", &map, map.delta_len());
}
