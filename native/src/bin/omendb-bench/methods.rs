//! The search methods under test, each built over the same sorted keys and answering the same
//! point lookup: our learned indexes (one per kind, plus the default kind) and the baselines
//! `slice::partition_point`, `BTreeMap::get` and the Eytzinger-layout branchless search.

use std::collections::BTreeMap;

use omendb::index::{IndexKind, StaticIndex};

use crate::eytzinger::Eytzinger;

/// A method's name in the results and how to build it.
#[derive(Clone, Copy, Debug)]
pub enum MethodSpec {
    PartitionPoint,
    BTreeMap,
    Eytzinger,
    Learned { kind: IndexKind, epsilon: u32, is_default: bool },
}

/// Every method, baselines first.
pub fn all_methods() -> Vec<MethodSpec> {
    vec![
        MethodSpec::PartitionPoint,
        MethodSpec::BTreeMap,
        MethodSpec::Eytzinger,
        MethodSpec::Learned { kind: IndexKind::Linear, epsilon: 0, is_default: false },
        MethodSpec::Learned { kind: IndexKind::Rmi, epsilon: 0, is_default: false },
        MethodSpec::Learned { kind: IndexKind::Pgm, epsilon: 64, is_default: false },
        MethodSpec::Learned { kind: IndexKind::default(), epsilon: 0, is_default: true },
    ]
}

impl MethodSpec {
    /// Stable name used in rows and reports.
    pub fn name(&self) -> String {
        match self {
            MethodSpec::PartitionPoint => "partition_point".into(),
            MethodSpec::BTreeMap => "btreemap".into(),
            MethodSpec::Eytzinger => "eytzinger".into(),
            MethodSpec::Learned { kind, is_default: true, .. } => format!("default ({})", kind_name(*kind)),
            MethodSpec::Learned { kind: IndexKind::Pgm, epsilon, .. } => format!("pgm_eps{epsilon}"),
            MethodSpec::Learned { kind, .. } => kind_name(*kind).into(),
        }
    }

    /// Builds the method's structure over `keys` (sorted, unique).
    pub fn build(&self, keys: &[i64]) -> Built {
        match *self {
            MethodSpec::PartitionPoint => Built::Sorted(keys.to_vec()),
            MethodSpec::BTreeMap => Built::BTreeMap(keys.iter().enumerate().map(|(i, &k)| (k, i as u32)).collect()),
            MethodSpec::Eytzinger => Built::Eytzinger(Eytzinger::new(keys)),
            MethodSpec::Learned { kind, epsilon, .. } => Built::Learned(StaticIndex::build(kind, epsilon, keys.to_vec())),
        }
    }
}

/// Lower-case name of an index kind.
pub fn kind_name(kind: IndexKind) -> &'static str {
    match kind {
        IndexKind::Linear => "linear",
        IndexKind::Rmi => "rmi",
        IndexKind::Pgm => "pgm",
        IndexKind::BTree => "binary_search",
    }
}

/// A built structure, ready for lookups.
pub enum Built {
    Sorted(Vec<i64>),
    BTreeMap(BTreeMap<i64, u32>),
    Eytzinger(Eytzinger),
    Learned(StaticIndex),
}

impl Built {
    /// Point lookup: `Some(locator)` when `key` is present. The locator is the sorted position,
    /// except for Eytzinger (its tree slot, to spare a second cache miss on a position table).
    #[inline]
    pub fn lookup(&self, key: i64) -> Option<u64> {
        match self {
            Built::Sorted(keys) => {
                let i = keys.partition_point(|&k| k < key);
                (i < keys.len() && keys[i] == key).then_some(i as u64)
            }
            Built::BTreeMap(map) => map.get(&key).map(|&i| u64::from(i)),
            Built::Eytzinger(tree) => {
                let slot = tree.lower_bound_slot(key);
                tree.contains_at(slot, key).then_some(slot as u64)
            }
            Built::Learned(index) => index.find(key).map(|i| i as u64),
        }
    }

    /// The learned index, if this is one.
    pub fn learned(&self) -> Option<&StaticIndex> {
        match self {
            Built::Learned(index) => Some(index),
            _ => None,
        }
    }
}
