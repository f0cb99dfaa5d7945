//! Concurrency through the C ABI from Rust threads: readers (get, get_many, range) racing a
//! writer on one database (memory and redb) and on one index, with self-validating values
//! (key, round and checksum inside), so a torn or misplaced read fails; a watchdog turns a
//! deadlock into a failure; and close/free racing in-flight calls yields INVALID_HANDLE only.

mod reliability_support;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use omendb::ffi::types::OmenOptions;
use reliability_support::{Db, Index};

const KEYS: i64 = 64;
const INVALID_HANDLE: i32 = 2;
const WATCHDOG: Duration = Duration::from_secs(60);

fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// `key | round | filler (round % 23 bytes) | checksum of everything before`.
fn make_value(key: i64, round: u64) -> Vec<u8> {
    let mut value = Vec::with_capacity(40);
    value.extend_from_slice(&key.to_le_bytes());
    value.extend_from_slice(&round.to_le_bytes());
    value.extend(std::iter::repeat_n(round as u8, (round % 23) as usize));
    let sum = checksum(&value);
    value.extend_from_slice(&sum.to_le_bytes());
    value
}

/// Checks a value read for `key` and returns its round; panics on a torn or foreign value.
fn validate(key: i64, value: &[u8]) -> u64 {
    assert!(value.len() >= 24, "key {key}: value of {} bytes is torn", value.len());
    let (body, sum) = value.split_at(value.len() - 8);
    assert_eq!(checksum(body).to_le_bytes(), sum, "key {key}: checksum mismatch (torn read)");
    assert_eq!(i64::from_le_bytes(body[..8].try_into().unwrap()), key, "key {key}: value of another key");
    let round = u64::from_le_bytes(body[8..16].try_into().unwrap());
    assert_eq!(body.len(), 16 + (round % 23) as usize, "key {key}: wrong length for round {round}");
    round
}

/// Runs `scenario` on another thread and fails if it does not finish within the watchdog.
fn with_watchdog(name: &str, scenario: impl FnOnce() + Send + 'static) {
    let (done, finished) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        scenario();
        let _ = done.send(());
    });
    match finished.recv_timeout(WATCHDOG) {
        Ok(()) => worker.join().unwrap(),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{name}: no progress in {WATCHDOG:?}, deadlock suspected"),
    }
}

/// One writer and three readers on one database; returns the number of reads validated.
fn readers_race_a_writer(db: Db, rounds: u64) -> usize {
    let entries = |round: u64| (0..KEYS).map(|k| (k, make_value(k, round))).collect::<Vec<_>>();
    db.batch_write(&entries(0)).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let validated = Arc::new(AtomicUsize::new(0));
    let readers: Vec<_> = (0..3)
        .map(|reader| {
            let (stop, validated) = (stop.clone(), validated.clone());
            std::thread::spawn(move || {
                let mut latest = vec![0u64; KEYS as usize];
                let mut step = 0u64;
                while !stop.load(Ordering::Acquire) {
                    step += 1;
                    let key = ((step * 7 + reader) % KEYS as u64) as i64;
                    let mut seen = Vec::new();
                    match step % 3 {
                        0 => seen.push((key, db.get(key).unwrap().expect("every key is always present"))),
                        1 => {
                            let keys: Vec<i64> = (0..8).map(|i| (key + i * 5) % KEYS).collect();
                            for (k, v) in db.get_many(&keys).unwrap() {
                                seen.push((k, v.expect("every key is always present")));
                            }
                        }
                        _ => {
                            let (page, _) = db.range(key, key + 9, 0).unwrap();
                            assert_eq!(page.len() as i64, (key + 9).min(KEYS - 1) - key + 1, "range lost keys");
                            seen.extend(page.into_iter().map(|(k, v)| (k, v.unwrap())));
                        }
                    }
                    for (k, v) in seen {
                        let round = validate(k, &v);
                        assert!(round >= latest[k as usize], "key {k}: round {round} read after {}", latest[k as usize]);
                        latest[k as usize] = round;
                        validated.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    for round in 1..=rounds {
        if round % 2 == 0 {
            db.batch_write(&entries(round)).unwrap();
        } else {
            for k in 0..KEYS {
                db.put(k, &make_value(k, round)).unwrap();
            }
        }
    }
    stop.store(true, Ordering::Release);
    for reader in readers {
        reader.join().unwrap();
    }
    for k in 0..KEYS {
        assert_eq!(validate(k, &db.get(k).unwrap().unwrap()), rounds, "key {k} is stale after the writer finished");
    }
    validated.load(Ordering::Relaxed)
}

#[test]
fn database_readers_never_see_torn_or_stale_values() {
    with_watchdog("database readers vs writer", || {
        let memory = OmenOptions { engine: 1, sync_policy: 0, hot_tier_capacity: 16, hot_index_kind: 0 };
        let db = Db::open(None, memory).unwrap();
        let memory_reads = readers_race_a_writer(db, 300);
        db.close();
        let dir = tempfile::tempdir().unwrap();
        let redb = OmenOptions { engine: 0, sync_policy: 1, hot_tier_capacity: 16, hot_index_kind: 2 };
        let db = Db::open(Some(&dir.path().join("race.omen")), redb).unwrap();
        let redb_reads = readers_race_a_writer(db, 60);
        db.close();
        println!("concurrency: {memory_reads} reads validated (memory), {redb_reads} (redb)");
        assert!(memory_reads > 0 && redb_reads > 0);
    });
}

#[test]
fn index_readers_never_see_torn_values() {
    with_watchdog("index readers vs writer", || {
        for kind in 0..=4 {
            let idx = Index::create(kind).unwrap();
            for k in 0..KEYS {
                idx.insert(k, &make_value(k, 0)).unwrap();
            }
            let stop = Arc::new(AtomicBool::new(false));
            let readers: Vec<_> = (0..2)
                .map(|reader| {
                    let stop = stop.clone();
                    std::thread::spawn(move || {
                        let mut step = reader;
                        while !stop.load(Ordering::Acquire) {
                            step += 1;
                            let key = (step * 11 % KEYS as u64) as i64;
                            validate(key, &idx.get(key).unwrap().expect("present"));
                            for (k, v) in idx.get_many(&[key, (key + 1) % KEYS]).unwrap() {
                                validate(k, &v.expect("present"));
                            }
                            assert_eq!(idx.range(0, KEYS - 1).unwrap(), (0..KEYS).collect::<Vec<_>>());
                            assert_eq!(idx.contains_many(&[key, KEYS + 5]).unwrap(), vec![true, false]);
                        }
                    })
                })
                .collect();
            for round in 1..=200u64 {
                for k in 0..KEYS {
                    idx.insert(k, &make_value(k, round)).unwrap();
                }
                // New keys beyond the validated range grow the delta and force merges.
                idx.insert(1_000 + round as i64, b"").unwrap();
                if round % 50 == 0 {
                    idx.merge().unwrap();
                }
            }
            stop.store(true, Ordering::Release);
            for reader in readers {
                reader.join().unwrap();
            }
            assert_eq!(validate(3, &idx.get(3).unwrap().unwrap()), 200);
            idx.free();
        }
    });
}

/// Threads call `op` until they see INVALID_HANDLE; after the first INVALID_HANDLE every
/// later call must fail the same way. Returns the calls that succeeded before the close.
fn hammer_until_closed(threads: usize, op: impl Fn(u64) -> Result<(), i32> + Send + Sync + 'static, close: impl FnOnce()) -> usize {
    let op = Arc::new(op);
    let succeeded = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..threads)
        .map(|t| {
            let (op, succeeded) = (op.clone(), succeeded.clone());
            std::thread::spawn(move || {
                let mut step = t as u64;
                loop {
                    step += 1;
                    match op(step) {
                        Ok(()) => succeeded.fetch_add(1, Ordering::Relaxed),
                        Err(INVALID_HANDLE) => break,
                        Err(code) => panic!("unexpected code {code} while racing close"),
                    };
                }
                for s in 0..100 {
                    assert_eq!(op(step + s), Err(INVALID_HANDLE), "a call succeeded after close");
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(15));
    close();
    for worker in workers {
        worker.join().unwrap();
    }
    succeeded.load(Ordering::Relaxed)
}

#[test]
fn close_and_free_racing_calls_give_invalid_handle_never_a_crash() {
    with_watchdog("close racing calls", || {
        let mut calls = 0;
        for attempt in 0..10 {
            let memory = OmenOptions { engine: 1, sync_policy: 0, hot_tier_capacity: 0, hot_index_kind: 0 };
            let db = Db::open(None, memory).unwrap();
            calls += hammer_until_closed(
                3,
                move |step| {
                    let key = (step % 50) as i64;
                    match step % 4 {
                        0 => db.put(key, b"v"),
                        1 => db.get(key).map(drop),
                        2 => db.range(0, 100, 10).map(drop),
                        _ => db.get_many(&[key, key + 1]).map(drop),
                    }
                },
                move || db.close(),
            );
            let idx = Index::create(attempt % 5).unwrap();
            calls += hammer_until_closed(
                3,
                move |step| {
                    let key = (step % 50) as i64;
                    match step % 4 {
                        0 => idx.insert(key, b"v"),
                        1 => idx.get(key).map(drop),
                        2 => idx.range(0, 100).map(drop),
                        _ => idx.stats().map(drop),
                    }
                },
                move || idx.free(),
            );
            // A second close or free of the same handle is harmless too.
            db.close();
            idx.free();
        }
        println!("close races: 20 handles closed under load, {calls} calls completed before their close");
        assert!(calls > 0);
    });
}
