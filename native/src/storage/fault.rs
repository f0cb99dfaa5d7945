//! A fault-injecting storage engine for tests: an in-memory store that fails reads, writes
//! or flushes on command (before or after applying a write), and keeps the last durable
//! state so `crash` can drop unsynced writes. The tests below drive a `Database` over it and
//! check that errors surface as IO and the hot tier never serves what storage does not hold.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use super::{MemoryEngine, RangePage, StorageEngine, SyncPolicy};
use crate::error::{ErrorCode, OmenError, OmenResult};

/// What the next write operations do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WriteFault {
    /// Writes succeed.
    #[default]
    None,
    /// Writes fail with IO and store nothing (a failed commit).
    FailBefore,
    /// Writes are applied, then fail with IO (a commit whose fsync reported an error).
    FailAfter,
}

/// The faults currently armed; shared between a test and its engine.
#[derive(Clone, Copy, Debug, Default)]
pub struct FaultPlan {
    /// Fault for put, delete and batch_write.
    pub write: WriteFault,
    /// When true, flush fails with IO (and nothing becomes durable).
    pub fail_flush: bool,
    /// When true, get and range fail with IO.
    pub fail_reads: bool,
    /// Number of upcoming write operations that succeed before `write` applies.
    pub writes_before_fault: usize,
}

/// A test handle to arm faults and simulate crashes of a `FaultyEngine`.
#[derive(Clone, Default)]
pub struct FaultControl {
    plan: Arc<Mutex<FaultPlan>>,
    durable: Arc<Mutex<BTreeMap<i64, Vec<u8>>>>,
}

impl FaultControl {
    /// Replaces the armed faults.
    pub fn arm(&self, plan: FaultPlan) {
        *lock(&self.plan) = plan;
    }

    /// Disarms every fault.
    pub fn heal(&self) {
        self.arm(FaultPlan::default());
    }

    /// The contents a crash would leave: what was last made durable.
    pub fn durable_state(&self) -> BTreeMap<i64, Vec<u8>> {
        lock(&self.durable).clone()
    }

    /// Decides the outcome of one write: `Ok(apply_then_fail)` or an error before applying.
    fn write_outcome(&self, operation: &str) -> OmenResult<bool> {
        let mut plan = lock(&self.plan);
        if plan.writes_before_fault > 0 {
            plan.writes_before_fault -= 1;
            return Ok(false);
        }
        match plan.write {
            WriteFault::None => Ok(false),
            WriteFault::FailBefore => Err(injected(operation)),
            WriteFault::FailAfter => Ok(true),
        }
    }
}

/// An in-memory engine with injectable faults and a simulated durable copy.
pub struct FaultyEngine {
    live: MemoryEngine,
    sync: SyncPolicy,
    control: FaultControl,
}

impl FaultyEngine {
    /// An engine holding `initial` (already durable), with its control handle.
    pub fn new(sync: SyncPolicy, initial: BTreeMap<i64, Vec<u8>>) -> (FaultyEngine, FaultControl) {
        let live = MemoryEngine::new();
        let entries: Vec<(i64, &[u8])> = initial.iter().map(|(k, v)| (*k, v.as_slice())).collect();
        live.batch_write(&entries).expect("memory writes cannot fail");
        let control = FaultControl::default();
        *lock(&control.durable) = initial;
        (FaultyEngine { live, sync, control: control.clone() }, control)
    }

    /// Runs a write against the live store, applying the armed fault and durability.
    fn write<T>(&self, operation: &str, apply: impl FnOnce(&MemoryEngine) -> OmenResult<T>) -> OmenResult<T> {
        let fail_after = self.control.write_outcome(operation)?;
        let out = apply(&self.live)?;
        if fail_after {
            // Applied but reported failed: like an fsync error, durability is unknown; model
            // the worst case for the caller, where the write is visible yet not durable.
            return Err(injected(operation));
        }
        if self.sync == SyncPolicy::Always {
            self.snapshot_durable()?;
        }
        Ok(out)
    }

    fn snapshot_durable(&self) -> OmenResult<()> {
        let all = self.live.range(i64::MIN, i64::MAX, None)?;
        *lock(&self.control.durable) = all.entries.into_iter().collect();
        Ok(())
    }

    fn check_read(&self, operation: &str) -> OmenResult<()> {
        if lock(&self.control.plan).fail_reads {
            return Err(injected(operation));
        }
        Ok(())
    }
}

impl StorageEngine for FaultyEngine {
    fn put(&self, key: i64, value: &[u8]) -> OmenResult<()> {
        self.write("put", |m| m.put(key, value))
    }

    fn get(&self, key: i64) -> OmenResult<Option<Vec<u8>>> {
        self.check_read("get")?;
        self.live.get(key)
    }

    fn delete(&self, key: i64) -> OmenResult<bool> {
        self.write("delete", |m| m.delete(key))
    }

    fn batch_write(&self, entries: &[(i64, &[u8])]) -> OmenResult<()> {
        self.write("batch write", |m| m.batch_write(entries))
    }

    fn range(&self, start: i64, end: i64, limit: Option<usize>) -> OmenResult<RangePage> {
        self.check_read("range")?;
        self.live.range(start, end, limit)
    }

    fn flush(&self) -> OmenResult<()> {
        if lock(&self.control.plan).fail_flush {
            return Err(injected("flush"));
        }
        self.snapshot_durable()
    }

    fn len(&self) -> OmenResult<u64> {
        self.live.len()
    }

    fn file_bytes(&self) -> u64 {
        0
    }
}

fn injected(operation: &str) -> OmenError {
    OmenError::new(ErrorCode::Io, format!("injected fault: {operation} failed"))
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{Database, DatabaseOptions, EngineKind};
    use crate::index::IndexKind;
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    fn database(sync: SyncPolicy, initial: BTreeMap<i64, Vec<u8>>, kind: IndexKind) -> (Database, FaultControl) {
        let (engine, control) = FaultyEngine::new(sync, initial);
        let options = DatabaseOptions { engine: EngineKind::Memory, sync, hot_capacity: 8, hot_kind: kind };
        (Database::with_storage(Box::new(engine), options), control)
    }

    fn fail_writes(control: &FaultControl, fault: WriteFault) {
        control.arm(FaultPlan { write: fault, ..FaultPlan::default() });
    }

    fn io_code<T: std::fmt::Debug>(result: OmenResult<T>) -> ErrorCode {
        result.expect_err("the injected fault must surface").code
    }

    #[test]
    fn failed_writes_report_io_and_leave_hot_and_storage_unchanged() {
        let (db, control) = database(SyncPolicy::Always, BTreeMap::new(), IndexKind::Pgm);
        db.put(1, b"old").unwrap();
        db.put(2, b"two").unwrap();
        assert_eq!(db.get(1).unwrap().as_deref(), Some(&b"old"[..]), "admits key 1 to the hot tier");
        fail_writes(&control, WriteFault::FailBefore);
        assert_eq!(io_code(db.put(1, b"new")), ErrorCode::Io);
        assert_eq!(io_code(db.delete(2)), ErrorCode::Io);
        assert_eq!(io_code(db.batch_write(&[(1, b"b1"), (3, b"b3")])), ErrorCode::Io);
        assert_eq!(db.get(1).unwrap().as_deref(), Some(&b"old"[..]), "hot tier served an uncommitted value");
        assert_eq!(db.get(2).unwrap().as_deref(), Some(&b"two"[..]));
        assert_eq!(db.get(3).unwrap(), None, "a failed batch stored part of itself");
        assert_eq!(db.stats().unwrap().num_keys, 2);
        control.heal();
        db.put(1, b"new").unwrap();
        assert_eq!(db.get(1).unwrap().as_deref(), Some(&b"new"[..]), "writes work again after the fault");
    }

    #[test]
    fn a_write_applied_then_failed_never_leaves_the_hot_tier_stale() {
        let (db, control) = database(SyncPolicy::Always, BTreeMap::new(), IndexKind::Rmi);
        db.put(5, b"committed").unwrap();
        db.get(5).unwrap();
        fail_writes(&control, WriteFault::FailAfter);
        assert_eq!(io_code(db.put(5, b"ambiguous")), ErrorCode::Io);
        control.heal();
        // Storage holds the new value; the hot tier must agree with storage, not with the past.
        let from_storage = db.range(5, 5, None).unwrap().entries;
        assert_eq!(db.get(5).unwrap(), Some(from_storage[0].1.clone()));
        fail_writes(&control, WriteFault::FailAfter);
        assert_eq!(io_code(db.delete(5)), ErrorCode::Io);
        control.heal();
        assert_eq!(db.get(5).unwrap(), None, "hot tier kept a key storage deleted");
    }

    #[test]
    fn failed_reads_report_io_and_admit_nothing() {
        let (db, control) = database(SyncPolicy::Always, BTreeMap::from([(9, b"nine".to_vec())]), IndexKind::Linear);
        control.arm(FaultPlan { fail_reads: true, ..FaultPlan::default() });
        assert_eq!(io_code(db.get(9)), ErrorCode::Io);
        assert_eq!(io_code(db.range(0, 10, None)), ErrorCode::Io);
        assert_eq!(db.stats().unwrap().hot_keys, 0);
        control.heal();
        assert_eq!(db.get(9).unwrap().as_deref(), Some(&b"nine"[..]));
    }

    #[test]
    fn failed_flush_reports_io_and_a_crash_keeps_only_durable_writes() {
        let (db, control) = database(SyncPolicy::OnFlush, BTreeMap::new(), IndexKind::BTree);
        db.put(1, b"flushed").unwrap();
        db.flush().unwrap();
        db.put(2, b"unflushed").unwrap();
        control.arm(FaultPlan { fail_flush: true, ..FaultPlan::default() });
        assert_eq!(io_code(db.flush()), ErrorCode::Io);
        control.heal();
        let after_crash = control.durable_state();
        assert_eq!(after_crash, BTreeMap::from([(1, b"flushed".to_vec())]));
        let (reopened, _) = database(SyncPolicy::OnFlush, after_crash, IndexKind::BTree);
        assert_eq!(reopened.get(1).unwrap().as_deref(), Some(&b"flushed"[..]));
        assert_eq!(reopened.get(2).unwrap(), None);
        db.flush().unwrap();
        assert_eq!(control.durable_state().len(), 2, "a later flush makes everything durable");
    }

    /// Random operations with random faults; the model changes only on success (or, for an
    /// applied-then-failed write, follows storage). Every read must match the model.
    #[test]
    fn random_faults_keep_database_and_model_in_step() {
        for (seed, kind) in [(11u64, IndexKind::Pgm), (12, IndexKind::Linear), (13, IndexKind::Rmi), (14, IndexKind::BTree)] {
            let mut rng = StdRng::seed_from_u64(seed);
            let (db, control) = database(SyncPolicy::Always, BTreeMap::new(), kind);
            let mut model: BTreeMap<i64, Vec<u8>> = BTreeMap::new();
            let mut injected = 0;
            for step in 0..5_000 {
                let fault = match rng.gen_range(0..10) {
                    0 => WriteFault::FailBefore,
                    1 => WriteFault::FailAfter,
                    _ => WriteFault::None,
                };
                control.arm(FaultPlan { write: fault, fail_reads: rng.gen_ratio(1, 20), ..FaultPlan::default() });
                let key = rng.gen_range(0..40);
                let value = vec![rng.gen::<u8>(); rng.gen_range(0..8)];
                let outcome = match rng.gen_range(0..4) {
                    0 => db.put(key, &value).map(|_| model.insert(key, value.clone())).map(drop),
                    1 => db.delete(key).map(|existed| assert_eq!(existed, model.remove(&key).is_some(), "step {step}")),
                    2 => {
                        let other = rng.gen_range(0..40);
                        db.batch_write(&[(key, &value), (other, b"x")]).map(|_| {
                            model.insert(key, value.clone());
                            model.insert(other, b"x".to_vec());
                        })
                    }
                    _ => db.get(key).map(|got| assert_eq!(got, model.get(&key).cloned(), "get {key} at step {step}")),
                };
                if let Err(err) = outcome {
                    assert_eq!(err.code, ErrorCode::Io);
                    injected += 1;
                    if fault == WriteFault::FailAfter {
                        control.heal();
                        model = db.range(i64::MIN, i64::MAX, None).unwrap().entries.into_iter().collect();
                    }
                }
                control.heal();
                let probe = rng.gen_range(0..40);
                assert_eq!(db.get(probe).unwrap(), model.get(&probe).cloned(), "probe {probe} at step {step} ({kind:?})");
            }
            assert!(injected > 500, "only {injected} faults injected");
            assert_eq!(db.stats().unwrap().num_keys, model.len() as u64);
        }
    }
}
