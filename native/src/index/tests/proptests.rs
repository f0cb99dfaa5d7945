//! Proptest-driven checks with shrinking: arbitrary key sets (mixing extremes, dense and sparse
//! keys) for every kind agree with `partition_point`, and arbitrary operation sequences on
//! `LearnedMap` agree with `BTreeMap`. Complements the seeded tests with minimal counterexamples.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::data::KINDS;
use crate::index::{IndexKind, LearnedMap, StaticIndex};

fn any_kind() -> impl Strategy<Value = IndexKind> {
    prop::sample::select(KINDS.to_vec())
}

/// Keys drawn from a mix of dense, sparse and extreme values.
fn any_key() -> impl Strategy<Value = i64> {
    prop_oneof![
        4 => -200i64..200,
        2 => any::<i64>(),
        1 => prop::sample::select(vec![i64::MIN, i64::MIN + 1, i64::MAX - 1, i64::MAX, 0]),
    ]
}

#[derive(Clone, Debug)]
enum Op {
    Insert(i64, u8),
    Remove(i64),
    Range(i64, i64),
    Merge,
}

fn any_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => (any_key(), any::<u8>()).prop_map(|(k, v)| Op::Insert(k, v)),
        3 => any_key().prop_map(Op::Remove),
        2 => (any_key(), any_key()).prop_map(|(a, b)| Op::Range(a, b)),
        1 => Just(Op::Merge),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn static_index_agrees_with_partition_point(
        kind in any_kind(),
        epsilon in 0u32..80,
        raw in prop::collection::vec(any_key(), 0..400),
        probes in prop::collection::vec(any_key(), 0..64),
    ) {
        let mut sorted = raw;
        sorted.sort_unstable();
        sorted.dedup();
        let index = StaticIndex::build(kind, epsilon, sorted.clone());
        for key in probes.into_iter().chain(sorted.iter().copied()) {
            let expected = sorted.partition_point(|&k| k < key);
            let (lo, hi) = index.search_window(key);
            prop_assert!(lo <= expected && expected <= hi);
            prop_assert_eq!(index.lower_bound(key), expected);
            prop_assert_eq!(index.find(key), sorted.binary_search(&key).ok());
        }
    }

    #[test]
    fn learned_map_agrees_with_btreemap(
        kind in any_kind(),
        min_merge in 1usize..40,
        initial in prop::collection::vec((any_key(), any::<u8>()), 0..100),
        ops in prop::collection::vec(any_op(), 0..300),
    ) {
        let mut model: BTreeMap<i64, Vec<u8>> = initial.iter().map(|&(k, v)| (k, vec![v])).collect();
        let mut map = LearnedMap::build(kind, 4, initial.into_iter().map(|(k, v)| (k, vec![v])).collect());
        map.set_min_merge_threshold(min_merge);
        for op in ops {
            match op {
                Op::Insert(k, v) => {
                    map.insert(k, &[v, v]);
                    model.insert(k, vec![v, v]);
                }
                Op::Remove(k) => prop_assert_eq!(map.remove(k), model.remove(&k).is_some()),
                Op::Range(a, b) => {
                    let mut got = Vec::new();
                    map.range_keys(a, b, &mut got);
                    let expected: Vec<i64> = if a <= b { model.range(a..=b).map(|(k, _)| *k).collect() } else { Vec::new() };
                    prop_assert_eq!(map.count_range(a, b), expected.len());
                    prop_assert_eq!(got, expected);
                }
                Op::Merge => map.merge(),
            }
            prop_assert_eq!(map.len(), model.len());
        }
        for (k, v) in &model {
            prop_assert_eq!(map.get(*k), Some(v.as_slice()));
        }
    }
}
