//! Tests of what `RedbEngine` adds beyond the conformance suite: batches written in key order
//! (duplicates: the last wins), the cached read snapshot (a get after an acknowledged write
//! sees it, in this thread and others) and a file that stays bounded while reads and writes
//! alternate (the cached snapshot must not pin freed pages).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::{in_key_order_last_wins, RedbEngine};
use crate::storage::{StorageEngine, SyncPolicy};

fn open(sync: SyncPolicy) -> (RedbEngine, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let engine = RedbEngine::open(&dir.path().join("db.redb"), sync).unwrap();
    (engine, dir)
}

#[test]
fn key_order_keeps_the_last_entry_of_each_key() {
    let entries: [(i64, &[u8]); 6] = [(5, b"a"), (-2, b"b"), (5, b"c"), (0, b"d"), (-2, b"e"), (5, b"f")];
    let ordered = in_key_order_last_wins(&entries);
    assert_eq!(&ordered[..], &[(-2, &b"e"[..]), (0, &b"d"[..]), (5, &b"f"[..])]);
}

#[test]
fn ascending_input_is_used_as_it_is() {
    let entries: [(i64, &[u8]); 3] = [(i64::MIN, b"a"), (0, b"b"), (i64::MAX, b"c")];
    assert!(matches!(in_key_order_last_wins(&entries), std::borrow::Cow::Borrowed(_)));
    // Equal neighbours are not "ascending": they are deduplicated.
    let repeated: [(i64, &[u8]); 2] = [(1, b"old"), (1, b"new")];
    assert_eq!(&in_key_order_last_wins(&repeated)[..], &[(1, &b"new"[..])]);
}

#[test]
fn shuffled_batches_with_duplicates_match_a_model() {
    let (engine, _dir) = open(SyncPolicy::OnFlush);
    let mut rng = StdRng::seed_from_u64(6);
    let mut model = BTreeMap::new();
    for round in 0..4u32 {
        // 3000 entries over 500 keys: most keys repeat, in random order.
        let values: Vec<(i64, Vec<u8>)> = (0..3000u32)
            .map(|i| (rng.gen_range(-250..250), format!("r{round}-{i}").into_bytes()))
            .collect();
        let batch: Vec<(i64, &[u8])> = values.iter().map(|(k, v)| (*k, v.as_slice())).collect();
        engine.batch_write(&batch).unwrap();
        for (key, value) in &values {
            model.insert(*key, value.clone());
        }
        let stored = engine.range(i64::MIN, i64::MAX, None).unwrap().entries;
        assert_eq!(stored, model.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>(), "round {round}");
    }
}

#[test]
fn gets_see_every_acknowledged_write_with_the_cached_snapshot() {
    for sync in [SyncPolicy::Always, SyncPolicy::OnFlush] {
        let (engine, _dir) = open(sync);
        engine.put(1, b"one").unwrap();
        assert_eq!(engine.get(1).unwrap().as_deref(), Some(&b"one"[..]));
        assert_eq!(engine.get(1).unwrap().as_deref(), Some(&b"one"[..]));
        assert!(engine.reader.is_cached(), "{sync:?}: repeated gets share a snapshot");
        engine.put(1, b"uno").unwrap();
        assert!(!engine.reader.is_cached(), "{sync:?}: a write drops the snapshot");
        assert_eq!(engine.get(1).unwrap().as_deref(), Some(&b"uno"[..]));
        engine.batch_write(&[(2, b"two"), (1, b"eins")]).unwrap();
        assert_eq!(engine.get(1).unwrap().as_deref(), Some(&b"eins"[..]));
        assert_eq!(engine.len().unwrap(), 2);
        assert!(engine.delete(2).unwrap());
        assert_eq!(engine.get(2).unwrap(), None);
        assert_eq!(engine.range(0, 10, None).unwrap().entries, vec![(1, b"eins".to_vec())]);
        engine.flush().unwrap();
        assert_eq!(engine.get(1).unwrap().as_deref(), Some(&b"eins"[..]));
    }
}

#[test]
fn readers_in_other_threads_never_see_a_value_older_than_the_last_acknowledged_write() {
    const WRITES: u64 = 300;
    let (engine, _dir) = open(SyncPolicy::OnFlush);
    let engine = Arc::new(engine);
    engine.put(7, &0u64.to_le_bytes()).unwrap();
    let acknowledged = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let (engine, acknowledged, done) = (engine.clone(), acknowledged.clone(), done.clone());
            std::thread::spawn(move || {
                let (mut last_seen, mut reads) = (0u64, 0u64);
                while !done.load(Ordering::SeqCst) || reads == 0 {
                    let floor = acknowledged.load(Ordering::SeqCst);
                    let value = engine.get(7).unwrap().expect("key 7 is never deleted");
                    let seen = u64::from_le_bytes(value.as_slice().try_into().unwrap());
                    assert!(seen >= floor, "read {seen} after write {floor} was acknowledged");
                    assert!(seen >= last_seen, "read {seen} after this thread had read {last_seen}");
                    last_seen = seen;
                    reads += 1;
                }
                reads
            })
        })
        .collect();
    for round in 1..=WRITES {
        engine.put(7, &round.to_le_bytes()).unwrap();
        acknowledged.store(round, Ordering::SeqCst);
        // Read-your-write in the writing thread, then let the readers cache this snapshot.
        assert_eq!(engine.get(7).unwrap(), Some(round.to_le_bytes().to_vec()));
        std::thread::yield_now();
    }
    done.store(true, Ordering::SeqCst);
    for reader in readers {
        assert!(reader.join().unwrap() > 0);
    }
}

#[test]
fn file_stays_bounded_while_writes_and_reads_alternate() {
    let (engine, _dir) = open(SyncPolicy::OnFlush);
    let value = vec![0xab; 2048];
    let size_after = |rounds: std::ops::Range<i64>| {
        for round in rounds {
            engine.put(round % 64, &value).unwrap();
            assert_eq!(engine.get(round % 64).unwrap().as_deref(), Some(&value[..]));
        }
        engine.file_bytes()
    };
    let warmed = size_after(0..500);
    let later = size_after(500..3000);
    // 64 live values of 2 KiB: reclaimed pages keep the file near its warmed-up size.
    assert!(later <= warmed * 2, "file grew from {warmed} to {later} bytes over 2500 writes");
    // The control: a snapshot held across the same number of writes pins the pages they free.
    let pinned = engine.read_table().unwrap();
    let grown = size_after(3000..5500);
    drop(pinned);
    assert!(grown > later * 2, "a pinned snapshot should grow the file: {later} -> {grown} bytes");
}
