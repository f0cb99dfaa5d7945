//! Model-based test through the C ABI: proptest generates sequences of put/get/delete/batch/
//! get_many/range/flush/reopen (databases, both engines, every hot-tier kind) and of
//! insert/get/get_many/contains/range/range_into/merge/rebuild (indexes, every kind), runs
//! them through the exported functions and checks each answer against a `BTreeMap`. A failure
//! is shrunk to a minimal sequence and printed. `OMENDB_SOAK=1` runs 50 times more cases.

mod reliability_support;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use omendb::ffi::types::OmenOptions;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use reliability_support::{soak_scaled, Db, Index};

type Model = BTreeMap<i64, Vec<u8>>;

/// Keys from a small space so operations collide, plus the extremes.
fn key() -> impl Strategy<Value = i64> {
    prop_oneof![
        8 => -60i64..60,
        1 => prop_oneof![Just(i64::MIN), Just(i64::MIN + 1), Just(i64::MAX - 1), Just(i64::MAX)],
    ]
}

fn value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![1 => Just(Vec::new()), 6 => vec(any::<u8>(), 1..24)]
}

/// Ordered bounds (start <= end), sometimes reversed on purpose to test the error path.
fn bounds() -> impl Strategy<Value = (i64, i64)> {
    (key(), key(), 0..12u8).prop_map(|(a, b, r)| if r == 0 { (a.max(b), a.min(b)) } else { (a.min(b), a.max(b)) })
}

#[derive(Clone, Debug)]
enum DbOp {
    Put(i64, Vec<u8>),
    Get(i64),
    Delete(i64),
    Batch(Vec<(i64, Vec<u8>)>),
    GetMany(Vec<i64>),
    Range(i64, i64, usize),
    Flush,
    Reopen,
}

fn db_op() -> impl Strategy<Value = DbOp> {
    prop_oneof![
        30 => (key(), value()).prop_map(|(k, v)| DbOp::Put(k, v)),
        30 => key().prop_map(DbOp::Get),
        12 => key().prop_map(DbOp::Delete),
        8 => vec((key(), value()), 0..12).prop_map(DbOp::Batch),
        6 => vec(key(), 0..10).prop_map(DbOp::GetMany),
        8 => (bounds(), 0..20usize).prop_map(|((a, b), l)| DbOp::Range(a, b, l)),
        2 => Just(DbOp::Flush),
        1 => Just(DbOp::Reopen),
    ]
}

const INVALID_ARGUMENT: i32 = 4;

/// Operations executed by the database and index model tests, for the summary lines.
static DB_OPS: AtomicUsize = AtomicUsize::new(0);
static INDEX_OPS: AtomicUsize = AtomicUsize::new(0);

fn options(engine: i32, hot_kind: i32, sync: i32) -> OmenOptions {
    OmenOptions { engine, sync_policy: sync, hot_tier_capacity: 8, hot_index_kind: hot_kind }
}

/// Runs `ops` on a fresh database; `path` is Some for redb (reopen closes and reopens it).
fn run_db(ops: &[DbOp], path: Option<&Path>, options: OmenOptions) -> Result<(), TestCaseError> {
    if let Some(p) = path {
        let _ = std::fs::remove_file(p);
    }
    let mut db = Db::open(path, options).map_err(|c| TestCaseError::fail(format!("open: {c}")))?;
    let mut model = Model::new();
    let outcome = (|| {
        for (step, op) in ops.iter().enumerate() {
            match op {
                DbOp::Put(k, v) => {
                    prop_assert_eq!(db.put(*k, v), Ok(()));
                    model.insert(*k, v.clone());
                }
                DbOp::Get(k) => prop_assert_eq!(db.get(*k), Ok(model.get(k).cloned()), "step {}", step),
                DbOp::Delete(k) => prop_assert_eq!(db.delete(*k), Ok(model.remove(k).is_some()), "step {}", step),
                DbOp::Batch(entries) => {
                    prop_assert_eq!(db.batch_write(entries), Ok(()));
                    model.extend(entries.iter().cloned());
                }
                DbOp::GetMany(keys) => {
                    let expected: Vec<_> = keys.iter().map(|k| (*k, model.get(k).cloned())).collect();
                    prop_assert_eq!(db.get_many(keys), Ok(expected), "step {}", step);
                }
                DbOp::Range(a, b, limit) => {
                    if a > b {
                        prop_assert_eq!(db.range(*a, *b, *limit), Err(INVALID_ARGUMENT));
                        continue;
                    }
                    let all: Vec<_> = model.range(*a..=*b).map(|(k, v)| (*k, Some(v.clone()))).collect();
                    let shown = if *limit == 0 { all.len() } else { all.len().min(*limit) };
                    prop_assert_eq!(db.range(*a, *b, *limit), Ok((all[..shown].to_vec(), shown < all.len())), "step {}", step);
                }
                DbOp::Flush => prop_assert_eq!(db.flush(), Ok(())),
                DbOp::Reopen => {
                    if let Some(p) = path {
                        db.close();
                        db = Db::open(Some(p), options).map_err(|c| TestCaseError::fail(format!("reopen: {c}")))?;
                        let everything: Vec<_> = model.iter().map(|(k, v)| (*k, Some(v.clone()))).collect();
                        prop_assert_eq!(db.range(i64::MIN, i64::MAX, 0), Ok((everything, false)), "after reopen at step {}", step);
                    }
                }
            }
        }
        Ok(())
    })();
    db.close();
    DB_OPS.fetch_add(ops.len(), Ordering::Relaxed);
    outcome
}

fn run_cases<T: std::fmt::Debug + Clone>(cases: u32, strategy: impl Strategy<Value = T>, test: impl Fn(T) -> Result<(), TestCaseError>) {
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config);
    if let Err(failure) = runner.run(&strategy, test) {
        panic!("model mismatch; minimal failing case after shrinking:\n{failure}");
    }
}

#[test]
fn databases_match_the_model_for_both_engines_and_every_hot_kind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.omen");
    for hot_kind in 0..=4 {
        run_cases(soak_scaled(64), vec(db_op(), 1..400), |ops| run_db(&ops, None, options(1, hot_kind, 0)));
        // redb: fast commits (OnFlush) for most cases, a few with an fsync per write.
        run_cases(soak_scaled(16), vec(db_op(), 1..400), |ops| run_db(&ops, Some(&path), options(0, hot_kind, 1)));
        run_cases(soak_scaled(2), vec(db_op(), 1..200), |ops| run_db(&ops, Some(&path), options(0, hot_kind, 0)));
    }
    println!("model (databases): {} C-ABI operations checked", DB_OPS.load(Ordering::Relaxed));
}

#[derive(Clone, Debug)]
enum IndexOp {
    Insert(i64, Vec<u8>),
    Get(i64),
    GetMany(Vec<i64>),
    Contains(Vec<i64>),
    Range(i64, i64),
    RangeInto(i64, i64, usize),
    Merge,
    Rebuild(u32),
}

fn index_op() -> impl Strategy<Value = IndexOp> {
    prop_oneof![
        35 => (key(), value()).prop_map(|(k, v)| IndexOp::Insert(k, v)),
        25 => key().prop_map(IndexOp::Get),
        6 => vec(key(), 0..10).prop_map(IndexOp::GetMany),
        6 => vec(key(), 0..10).prop_map(IndexOp::Contains),
        8 => bounds().prop_map(|(a, b)| IndexOp::Range(a, b)),
        8 => (bounds(), 0..16usize).prop_map(|((a, b), c)| IndexOp::RangeInto(a, b, c)),
        3 => Just(IndexOp::Merge),
        2 => prop_oneof![Just(0u32), 1..64u32].prop_map(IndexOp::Rebuild),
    ]
}

fn run_index(kind: i32, ops: &[IndexOp]) -> Result<(), TestCaseError> {
    let mut idx = Index::create(kind).map_err(|c| TestCaseError::fail(format!("create: {c}")))?;
    let mut model = Model::new();
    let outcome = (|| {
        for (step, op) in ops.iter().enumerate() {
            match op {
                IndexOp::Insert(k, v) => {
                    prop_assert_eq!(idx.insert(*k, v), Ok(()));
                    model.insert(*k, v.clone());
                }
                IndexOp::Get(k) => prop_assert_eq!(idx.get(*k), Ok(model.get(k).cloned()), "step {}", step),
                IndexOp::GetMany(keys) => {
                    let expected: Vec<_> = keys.iter().map(|k| (*k, model.get(k).cloned())).collect();
                    prop_assert_eq!(idx.get_many(keys), Ok(expected), "step {}", step);
                }
                IndexOp::Contains(keys) => {
                    let expected: Vec<bool> = keys.iter().map(|k| model.contains_key(k)).collect();
                    prop_assert_eq!(idx.contains_many(keys), Ok(expected), "step {}", step);
                }
                IndexOp::Range(a, b) => {
                    if a > b {
                        prop_assert_eq!(idx.range(*a, *b), Err(INVALID_ARGUMENT));
                    } else {
                        let keys: Vec<i64> = model.range(*a..=*b).map(|(k, _)| *k).collect();
                        prop_assert_eq!(idx.range(*a, *b), Ok(keys), "step {}", step);
                    }
                }
                IndexOp::RangeInto(a, b, capacity) => {
                    if a > b {
                        prop_assert_eq!(idx.range_into(*a, *b, *capacity), Err(INVALID_ARGUMENT));
                    } else {
                        let keys: Vec<i64> = model.range(*a..=*b).map(|(k, _)| *k).collect();
                        let shown = keys.len().min(*capacity);
                        prop_assert_eq!(idx.range_into(*a, *b, *capacity), Ok((keys[..shown].to_vec(), keys.len())), "step {}", step);
                    }
                }
                IndexOp::Merge => {
                    prop_assert_eq!(idx.merge(), Ok(()));
                    let stats = idx.stats().map_err(|c| TestCaseError::fail(format!("stats: {c}")))?;
                    prop_assert_eq!(stats.delta_keys, 0);
                    prop_assert_eq!(stats.num_keys, model.len() as u64);
                }
                IndexOp::Rebuild(epsilon) => {
                    // The index analogue of a reopen: rebuild from the model's contents, unsorted.
                    let mut entries: Vec<(i64, Vec<u8>)> = model.iter().map(|(k, v)| (*k, v.clone())).collect();
                    entries.reverse();
                    idx.free();
                    idx = Index::build(kind, *epsilon, &entries, true).map_err(|c| TestCaseError::fail(format!("build: {c}")))?;
                    prop_assert_eq!(idx.stats().map(|s| s.num_keys), Ok(model.len() as u64));
                }
            }
        }
        Ok(())
    })();
    idx.free();
    INDEX_OPS.fetch_add(ops.len(), Ordering::Relaxed);
    outcome
}

#[test]
fn indexes_of_every_kind_match_the_model() {
    for kind in 0..=4 {
        run_cases(soak_scaled(64), vec(index_op(), 1..500), |ops| run_index(kind, &ops));
    }
    println!("model (indexes): {} C-ABI operations checked", INDEX_OPS.load(Ordering::Relaxed));
}
