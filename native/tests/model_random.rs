//! Randomized model test: tens of thousands of random put/get/delete/batch/range operations on
//! a `Database` (small hot tier, so admissions and evictions happen) checked against a
//! `BTreeMap`, for the memory engine and for redb (with reopens, which must lose nothing).

use std::collections::BTreeMap;

use omendb::db::{Database, DatabaseOptions, EngineKind};
use omendb::index::IndexKind;
use omendb::storage::SyncPolicy;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

type Model = BTreeMap<i64, Vec<u8>>;

/// Keys from a small space so operations collide often, with a few extreme keys.
fn random_key(rng: &mut StdRng) -> i64 {
    match rng.gen_range(0..20) {
        0 => i64::MIN + rng.gen_range(0..3),
        1 => i64::MAX - rng.gen_range(0..3),
        _ => rng.gen_range(-500..500),
    }
}

fn random_value(rng: &mut StdRng) -> Vec<u8> {
    let len = if rng.gen_bool(0.1) { 0 } else { rng.gen_range(1..40) };
    (0..len).map(|_| rng.gen()).collect()
}

/// Applies `ops` random operations to both and compares every answer.
fn exercise(db: &Database, model: &mut Model, rng: &mut StdRng, ops: usize) {
    for step in 0..ops {
        match rng.gen_range(0..100) {
            0..=34 => {
                let (k, v) = (random_key(rng), random_value(rng));
                db.put(k, &v).unwrap();
                model.insert(k, v);
            }
            35..=69 => {
                let k = random_key(rng);
                assert_eq!(db.get(k).unwrap(), model.get(&k).cloned(), "get({k}) at step {step}");
            }
            70..=82 => {
                let k = random_key(rng);
                assert_eq!(db.delete(k).unwrap(), model.remove(&k).is_some(), "delete({k}) at step {step}");
            }
            83..=89 => {
                let entries: Vec<(i64, Vec<u8>)> =
                    (0..rng.gen_range(0..20)).map(|_| (random_key(rng), random_value(rng))).collect();
                let refs: Vec<(i64, &[u8])> = entries.iter().map(|(k, v)| (*k, v.as_slice())).collect();
                db.batch_write(&refs).unwrap();
                model.extend(entries);
            }
            90..=95 => {
                let (a, b) = (random_key(rng), random_key(rng));
                let (start, end) = (a.min(b), a.max(b));
                let limit = if rng.gen_bool(0.5) { None } else { Some(rng.gen_range(1..30)) };
                let page = db.range(start, end, limit).unwrap();
                let expected: Vec<(i64, Vec<u8>)> = model.range(start..=end).map(|(k, v)| (*k, v.clone())).collect();
                let shown = limit.unwrap_or(usize::MAX).min(expected.len());
                assert_eq!(page.entries, expected[..shown], "range({start}, {end}, {limit:?}) at step {step}");
                assert_eq!(page.has_more, expected.len() > shown);
            }
            _ => {
                let keys: Vec<i64> = (0..rng.gen_range(0..10)).map(|_| random_key(rng)).collect();
                let expected: Vec<Option<Vec<u8>>> = keys.iter().map(|k| model.get(k).cloned()).collect();
                assert_eq!(db.get_many(&keys).unwrap(), expected, "get_many at step {step}");
            }
        }
    }
    assert_eq!(db.stats().unwrap().num_keys, model.len() as u64);
}

fn options(engine: EngineKind, sync: SyncPolicy, kind: IndexKind) -> DatabaseOptions {
    DatabaseOptions { engine, sync, hot_capacity: 64, hot_kind: kind }
}

#[test]
fn memory_engine_matches_the_model() {
    for (seed, kind) in [(1u64, IndexKind::Pgm), (2, IndexKind::Linear), (3, IndexKind::Rmi), (4, IndexKind::BTree)] {
        let mut rng = StdRng::seed_from_u64(seed);
        let db = Database::open(None, options(EngineKind::Memory, SyncPolicy::Always, kind)).unwrap();
        let mut model = Model::new();
        exercise(&db, &mut model, &mut rng, 10_000);
        let stats = db.stats().unwrap();
        assert!(stats.hot_keys <= 64);
        assert!(stats.hot_hits > 0 && stats.hot_misses > 0, "{stats:?}");
    }
}

#[test]
fn redb_engine_matches_the_model_across_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.redb");
    let mut rng = StdRng::seed_from_u64(99);
    let mut model = Model::new();
    // OnFlush keeps the test fast; close flushes, so every reopen must see all writes.
    for round in 0..3 {
        let db = Database::open(Some(&path), options(EngineKind::Redb, SyncPolicy::OnFlush, IndexKind::Pgm)).unwrap();
        let everything = db.range(i64::MIN, i64::MAX, None).unwrap();
        let expected: Vec<(i64, Vec<u8>)> = model.iter().map(|(k, v)| (*k, v.clone())).collect();
        assert_eq!(everything.entries, expected, "contents after reopen {round}");
        exercise(&db, &mut model, &mut rng, 7_000);
        db.close().unwrap();
    }
    let db = Database::open(Some(&path), options(EngineKind::Redb, SyncPolicy::Always, IndexKind::BTree)).unwrap();
    exercise(&db, &mut model, &mut rng, 1_000);
}
