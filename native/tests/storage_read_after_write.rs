//! `Database` over redb (hot tier above the engine's cached read snapshot): a batch with
//! duplicate keys leaves the last value in storage and in the hot tier, and every get after an
//! acknowledged write sees it, in the writing thread and in reader threads, whether the hot
//! tier or storage answers.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use omendb::db::{Database, DatabaseOptions};

fn open_redb(hot_capacity: usize) -> (Database, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let options = DatabaseOptions { hot_capacity, ..Default::default() };
    let db = Database::open(Some(&dir.path().join("db.redb")), options).unwrap();
    (db, dir)
}

#[test]
fn duplicate_keys_in_one_batch_leave_the_last_value_in_storage_and_hot_tier() {
    let (db, _dir) = open_redb(16);
    db.put(1, b"before").unwrap();
    assert_eq!(db.get(1).unwrap().as_deref(), Some(&b"before"[..])); // now cached
    db.batch_write(&[(1, b"a"), (3, b"x"), (1, b"b"), (2, b"c"), (3, b"y"), (1, b"last")]).unwrap();
    let hits_before = db.stats().unwrap().hot_hits;
    assert_eq!(db.get(1).unwrap().as_deref(), Some(&b"last"[..]));
    assert_eq!(db.stats().unwrap().hot_hits, hits_before + 1, "key 1 is answered by the hot tier");
    assert_eq!(db.get(3).unwrap().as_deref(), Some(&b"y"[..]));
    let stored: Vec<(i64, Vec<u8>)> = db.range(0, 10, None).unwrap().entries;
    assert_eq!(stored, vec![(1, b"last".to_vec()), (2, b"c".to_vec()), (3, b"y".to_vec())]);
    assert_eq!(db.stats().unwrap().num_keys, 3);
}

/// One writer overwrites `KEYS` keys round after round; readers check that no get returns a
/// round older than the last acknowledged one, nor older than what the same reader saw before.
fn readers_see_every_acknowledged_round(hot_capacity: usize) {
    const KEYS: i64 = 8;
    const ROUNDS: u64 = 150;
    let (db, _dir) = open_redb(hot_capacity);
    let db = Arc::new(db);
    let batch: Vec<(i64, [u8; 8])> = (0..KEYS).map(|k| (k, 0u64.to_le_bytes())).collect();
    db.batch_write(&batch.iter().map(|(k, v)| (*k, &v[..])).collect::<Vec<_>>()).unwrap();
    let acknowledged = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let (db, acknowledged, done) = (db.clone(), acknowledged.clone(), done.clone());
            std::thread::spawn(move || {
                let mut last_seen = [0u64; KEYS as usize];
                let mut reads = 0u64;
                while !done.load(Ordering::SeqCst) || reads == 0 {
                    for key in 0..KEYS {
                        let floor = acknowledged.load(Ordering::SeqCst);
                        let value = db.get(key).unwrap().expect("keys are never deleted");
                        let seen = u64::from_le_bytes(value.as_slice().try_into().unwrap());
                        assert!(seen >= floor, "key {key}: read round {seen} after round {floor} was acknowledged");
                        assert!(seen >= last_seen[key as usize], "key {key}: round {seen} after {}", last_seen[key as usize]);
                        last_seen[key as usize] = seen;
                        reads += 1;
                    }
                }
                reads
            })
        })
        .collect();
    for round in 1..=ROUNDS {
        // Odd rounds one put per key, even rounds one batch: both paths drop the snapshot.
        let value = round.to_le_bytes();
        if round % 2 == 1 {
            for key in 0..KEYS {
                db.put(key, &value).unwrap();
            }
        } else {
            let entries: Vec<(i64, &[u8])> = (0..KEYS).map(|k| (k, &value[..])).collect();
            db.batch_write(&entries).unwrap();
        }
        acknowledged.store(round, Ordering::SeqCst);
        for key in 0..KEYS {
            assert_eq!(db.get(key).unwrap(), Some(value.to_vec()), "round {round}: the writer reads its own write");
        }
    }
    done.store(true, Ordering::SeqCst);
    for reader in readers {
        assert!(reader.join().unwrap() > 0);
    }
}

#[test]
fn readers_see_acknowledged_writes_when_storage_answers() {
    readers_see_every_acknowledged_round(1);
}

#[test]
fn readers_see_acknowledged_writes_when_the_hot_tier_answers() {
    readers_see_every_acknowledged_round(64);
}
