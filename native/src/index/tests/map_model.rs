//! Model test of `LearnedMap`: long seeded sequences of insert/remove/get/range/count/merge
//! operations compared step by step with `std::collections::BTreeMap`, for every kind, plus
//! targeted tests of build semantics, extremes, early stop and statistics.

use std::collections::BTreeMap;

use super::data::{Rng, KINDS};
use crate::index::{IndexKind, LearnedMap, DEFAULT_EPSILON};

fn value_for(key: i64, version: u64) -> Vec<u8> {
    let len = (key.unsigned_abs() ^ version) % 5;
    (0..len).map(|i| (key as u8).wrapping_add(i as u8).wrapping_add(version as u8)).collect()
}

fn assert_same_contents(map: &LearnedMap, model: &BTreeMap<i64, Vec<u8>>, context: &str) {
    assert_eq!(map.len(), model.len(), "{context}: len");
    let mut seen = Vec::new();
    map.for_each_in_range(i64::MIN, i64::MAX, |k, v| {
        seen.push((k, v.to_vec()));
        true
    });
    let expected: Vec<(i64, Vec<u8>)> = model.iter().map(|(k, v)| (*k, v.clone())).collect();
    assert_eq!(seen, expected, "{context}: full scan");
}

/// Draws a key mostly from a small space (so operations collide), sometimes anywhere or extreme.
fn draw_key(rng: &mut Rng, space: i64) -> i64 {
    match rng.below(20) {
        0 => i64::MIN + rng.below(3) as i64,
        1 => i64::MAX - rng.below(3) as i64,
        2 => rng.next_i64(),
        _ => rng.below(space as u64) as i64 - space / 2,
    }
}

fn run_model_test(kind: IndexKind, seed: u64, ops: usize, min_merge: usize, initial: usize) {
    let mut rng = Rng::new(seed);
    let space = 4_000i64;
    let entries: Vec<(i64, Vec<u8>)> = (0..initial).map(|i| {
        let k = draw_key(&mut rng, space);
        (k, value_for(k, i as u64))
    }).collect();
    let mut model: BTreeMap<i64, Vec<u8>> = BTreeMap::new();
    for (k, v) in &entries {
        model.insert(*k, v.clone());
    }
    let mut map = LearnedMap::build(kind, 8, entries);
    map.set_min_merge_threshold(min_merge);
    let context = format!("{kind:?} seed {seed}");
    assert_same_contents(&map, &model, &context);

    for step in 0..ops {
        let key = draw_key(&mut rng, space);
        match rng.below(100) {
            0..=34 => {
                let value = value_for(key, step as u64);
                map.insert(key, &value);
                model.insert(key, value);
            }
            35..=54 => assert_eq!(map.remove(key), model.remove(&key).is_some(), "{context} step {step}: remove({key})"),
            55..=74 => {
                assert_eq!(map.get(key), model.get(&key).map(Vec::as_slice), "{context} step {step}: get({key})");
                assert_eq!(map.contains(key), model.contains_key(&key));
            }
            75..=89 => {
                let other = draw_key(&mut rng, space);
                let (start, end) = (key.min(other), key.max(other));
                let expected: Vec<i64> = model.range(start..=end).map(|(k, _)| *k).collect();
                let mut got = vec![7]; // range_keys appends: keep a sentinel in front
                map.range_keys(start, end, &mut got);
                assert_eq!(&got[1..], expected.as_slice(), "{context} step {step}: range [{start}, {end}]");
                assert_eq!(map.count_range(start, end), expected.len(), "{context} step {step}: count");
                assert_eq!(map.count_range(end, start), usize::from(start == end) * expected.len());
            }
            90..=97 => {
                let other = draw_key(&mut rng, space);
                let (start, end) = (key.min(other), key.max(other));
                let limit = rng.below(10) as usize;
                let expected: Vec<(i64, Vec<u8>)> = model.range(start..=end).take(limit).map(|(k, v)| (*k, v.clone())).collect();
                let mut got = Vec::new();
                if limit > 0 {
                    map.for_each_in_range(start, end, |k, v| {
                        got.push((k, v.to_vec()));
                        got.len() < limit
                    });
                }
                assert_eq!(got, expected, "{context} step {step}: for_each_in_range");
            }
            _ => {
                map.merge();
                assert_eq!(map.delta_len(), 0);
                assert_same_contents(&map, &model, &format!("{context} step {step} after merge"));
            }
        }
        assert!(map.delta_len() <= map.merge_threshold(), "{context}: delta exceeds threshold");
        assert_eq!(map.len(), model.len(), "{context} step {step}: len");
    }
    assert_same_contents(&map, &model, &context);
    map.merge();
    assert_same_contents(&map, &model, &format!("{context} final merge"));
}

#[test]
fn random_operations_match_btreemap_for_every_kind() {
    for (i, kind) in KINDS.into_iter().enumerate() {
        // Small merge thresholds force many automatic merges; a large one exercises a big delta.
        run_model_test(kind, 100 + i as u64, 25_000, 16, 0);
        run_model_test(kind, 200 + i as u64, 15_000, 4_096, 3_000);
        run_model_test(kind, 300 + i as u64, 10_000, 1, 500);
    }
}

#[test]
fn build_keeps_the_last_duplicate_and_sorts() {
    let entries = vec![(5, b"a".to_vec()), (-1, b"b".to_vec()), (5, b"c".to_vec()), (i64::MIN, b"d".to_vec()), (5, b"e".to_vec())];
    for kind in KINDS {
        let map = LearnedMap::build(kind, 0, entries.clone());
        assert_eq!(map.len(), 3);
        assert_eq!(map.get(5), Some(&b"e"[..]));
        assert_eq!(map.get(-1), Some(&b"b"[..]));
        assert_eq!(map.get(i64::MIN), Some(&b"d"[..]));
        assert_eq!(map.get(6), None);
        let mut keys = Vec::new();
        map.range_keys(i64::MIN, i64::MAX, &mut keys);
        assert_eq!(keys, vec![i64::MIN, -1, 5]);
    }
}

#[test]
fn build_keys_dedups_and_has_empty_values() {
    let map = LearnedMap::build_keys(IndexKind::Pgm, 0, vec![9, i64::MAX, 3, 9, i64::MIN, 3]);
    assert_eq!(map.len(), 4);
    assert_eq!(map.get(9), Some(&[][..]));
    assert_eq!(map.get(i64::MAX), Some(&[][..]));
    assert_eq!(map.count_range(i64::MIN, i64::MAX), 4);
    assert_eq!(map.count_range(4, 9), 1);
    assert_eq!(map.count_range(10, 9), 0);
    let mut out = Vec::new();
    map.range_keys(10, 9, &mut out);
    assert!(out.is_empty());
}

#[test]
fn new_map_grows_through_inserts_and_merges() {
    let mut map = LearnedMap::new(IndexKind::Rmi, 0, 10_000);
    assert!(map.is_empty());
    for k in (0..5_000i64).rev() {
        map.insert(k * 10, &k.to_le_bytes());
    }
    assert_eq!(map.len(), 5_000);
    assert!(!map.base().is_empty(), "threshold merges must have happened");
    assert_eq!(map.get(40_000), Some(&4_000i64.to_le_bytes()[..]));
    assert!(map.remove(40_000));
    assert!(!map.remove(40_000));
    assert_eq!(map.get(40_000), None);
    map.insert(40_000, b"back");
    assert_eq!(map.get(40_000), Some(&b"back"[..]));
    assert_eq!(map.len(), 5_000);
}

#[test]
fn base_hits_skip_the_delta_only_while_it_shadows_no_base_key() {
    let mut map = LearnedMap::build(IndexKind::Pgm, 0, (0..10_000i64).map(|k| (k * 2, b"base".to_vec())).collect());
    map.set_min_merge_threshold(1_000_000);
    // Only new keys in the delta: base hits answer alone, misses fall through to the delta.
    map.insert(1, b"new");
    map.insert(i64::MIN, b"min");
    map.insert(i64::MAX, b"max");
    assert_eq!((map.get(0), map.get(1), map.get(3)), (Some(&b"base"[..]), Some(&b"new"[..]), None));
    assert_eq!((map.get(i64::MIN), map.get(i64::MAX)), (Some(&b"min"[..]), Some(&b"max"[..])));
    assert!(map.contains(1) && map.contains(19_998) && !map.contains(19_999));
    // Removing a new key drops its entry: still nothing shadows the base.
    assert!(map.remove(1));
    assert_eq!(map.get(1), None);
    assert!(!map.contains(1));
    // A replacement and a tombstone of base keys must win over the base from now on.
    map.insert(4, b"replaced");
    assert!(map.remove(6));
    assert_eq!((map.get(4), map.get(6), map.get(8)), (Some(&b"replaced"[..]), None, Some(&b"base"[..])));
    assert!(map.contains(4) && !map.contains(6) && map.contains(8));
    map.insert(6, b"revived");
    assert_eq!(map.get(6), Some(&b"revived"[..]));
    // After a merge the delta is empty and the fast path returns with the merged values.
    map.merge();
    assert_eq!((map.get(4), map.get(6), map.get(i64::MAX)), (Some(&b"replaced"[..]), Some(&b"revived"[..]), Some(&b"max"[..])));
    assert_eq!(map.len(), 10_002);
}

#[test]
fn stats_describe_the_index() {
    let mut map = LearnedMap::build_keys(IndexKind::Pgm, 0, (0..100_000).map(|i| i * 3).collect());
    map.insert(1, b"x");
    assert!(map.remove(0));
    let stats = map.stats();
    assert_eq!(stats.kind, IndexKind::Pgm);
    assert_eq!(stats.epsilon, DEFAULT_EPSILON);
    assert_eq!(stats.num_keys, 100_000);
    assert_eq!(stats.delta_keys, 2);
    assert_eq!(stats.num_models, 1);
    assert_eq!(stats.max_error, 0);
    assert!(stats.model_bytes > 0);
    assert!(stats.total_bytes >= 100_000 * 8 + stats.model_bytes);

    let btree = LearnedMap::build_keys(IndexKind::BTree, 32, vec![1, 2, 3]).stats();
    assert_eq!((btree.kind, btree.epsilon, btree.num_models, btree.num_keys), (IndexKind::BTree, 0, 0, 3));
}

#[test]
fn kind_codes_round_trip() {
    assert_eq!(IndexKind::from_code(0), Some(IndexKind::Pgm));
    for kind in KINDS {
        assert_eq!(IndexKind::from_code(kind.code()), Some(kind));
    }
    assert_eq!(IndexKind::from_code(5), None);
    assert_eq!(IndexKind::from_code(-1), None);
}

/// Write/read cost of the delta and its merge policy on 1M keys; run with
/// `cargo test --release --manifest-path native/Cargo.toml index:: -- --ignored --nocapture`.
#[test]
#[ignore]
fn one_million_inserts_with_merges() {
    let n = 1_000_000usize;
    let mut rng = Rng::new(0x5eed_0006);
    let base: Vec<i64> = (0..n).map(|_| rng.next_i64()).collect();
    let inserts: Vec<i64> = (0..n).map(|_| rng.next_i64()).collect();
    for kind in KINDS {
        let mut map = LearnedMap::build_keys(kind, 0, base.clone());
        let started = std::time::Instant::now();
        for &k in &inserts {
            map.insert(k, b"v");
        }
        let per_insert = started.elapsed().as_nanos() as f64 / n as f64;
        let started = std::time::Instant::now();
        let hits = inserts.iter().chain(&base).filter(|&&k| map.contains(k)).count();
        let per_get = started.elapsed().as_nanos() as f64 / (2 * n) as f64;
        println!("{kind:?}: {per_insert:.0} ns/insert (merges included), {per_get:.0} ns/contains with a {}-entry delta", map.delta_len());
        assert_eq!(hits, 2 * n);
    }
}
