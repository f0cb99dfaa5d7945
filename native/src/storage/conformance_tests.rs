//! The conformance suite every storage engine must pass, instantiated once per engine
//! by `engine_suite!` (RocksDB only with the `rocksdb` feature). Durability across reopen
//! is tested for redb separately below, and for RocksDB in its own module.

use super::{MemoryEngine, RedbEngine, StorageEngine, SyncPolicy};
use crate::error::ErrorCode;

/// A fresh engine plus whatever must outlive it (the temporary directory).
struct Fixture<E> {
    engine: E,
    _dir: Option<tempfile::TempDir>,
}

fn memory() -> Fixture<MemoryEngine> {
    Fixture { engine: MemoryEngine::new(), _dir: None }
}

fn redb_always() -> Fixture<RedbEngine> {
    let dir = tempfile::tempdir().unwrap();
    let engine = RedbEngine::open(&dir.path().join("db.redb"), SyncPolicy::Always).unwrap();
    Fixture { engine, _dir: Some(dir) }
}

fn redb_on_flush() -> Fixture<RedbEngine> {
    let dir = tempfile::tempdir().unwrap();
    let engine = RedbEngine::open(&dir.path().join("db.redb"), SyncPolicy::OnFlush).unwrap();
    Fixture { engine, _dir: Some(dir) }
}

#[cfg(feature = "rocksdb")]
fn rocksdb(sync: SyncPolicy) -> Fixture<super::RocksDbEngine> {
    let dir = tempfile::tempdir().unwrap();
    let engine = super::RocksDbEngine::open(&dir.path().join("db.rocksdb"), sync).unwrap();
    Fixture { engine, _dir: Some(dir) }
}

fn put_get_replace(e: &dyn StorageEngine) {
    assert_eq!(e.get(7).unwrap(), None);
    e.put(7, b"seven").unwrap();
    assert_eq!(e.get(7).unwrap().as_deref(), Some(&b"seven"[..]));
    e.put(7, b"SEVEN!").unwrap();
    assert_eq!(e.get(7).unwrap().as_deref(), Some(&b"SEVEN!"[..]));
    e.put(8, b"").unwrap();
    assert_eq!(e.get(8).unwrap(), Some(Vec::new()));
    assert_eq!(e.len().unwrap(), 2);
}

fn delete_reports_existence(e: &dyn StorageEngine) {
    e.put(1, b"a").unwrap();
    assert!(e.delete(1).unwrap());
    assert!(!e.delete(1).unwrap());
    assert_eq!(e.get(1).unwrap(), None);
    assert!(e.is_empty().unwrap());
}

fn keys_order_numerically_across_sign(e: &dyn StorageEngine) {
    for k in [5, -1, i64::MIN, 0, i64::MAX, -300, 300] {
        e.put(k, &k.to_le_bytes()).unwrap();
    }
    let page = e.range(i64::MIN, i64::MAX, None).unwrap();
    let keys: Vec<i64> = page.entries.iter().map(|(k, _)| *k).collect();
    assert_eq!(keys, vec![i64::MIN, -300, -1, 0, 5, 300, i64::MAX]);
    assert_eq!(page.entries[1].1, (-300i64).to_le_bytes().to_vec());
    assert!(!page.has_more);
}

fn range_is_inclusive_and_paged(e: &dyn StorageEngine) {
    let entries: Vec<(i64, Vec<u8>)> = (0..10).map(|k| (k * 10, vec![k as u8])).collect();
    let refs: Vec<(i64, &[u8])> = entries.iter().map(|(k, v)| (*k, v.as_slice())).collect();
    e.batch_write(&refs).unwrap();
    let page = e.range(20, 50, None).unwrap();
    assert_eq!(page.entries.iter().map(|(k, _)| *k).collect::<Vec<_>>(), vec![20, 30, 40, 50]);
    let first = e.range(20, 50, Some(3)).unwrap();
    assert_eq!(first.entries.len(), 3);
    assert!(first.has_more);
    let exact = e.range(20, 50, Some(4)).unwrap();
    assert!(!exact.has_more);
    assert!(e.range(41, 49, None).unwrap().entries.is_empty());
}

fn batch_later_entries_win(e: &dyn StorageEngine) {
    e.batch_write(&[(1, b"x"), (2, b"y"), (1, b"z")]).unwrap();
    assert_eq!(e.get(1).unwrap().as_deref(), Some(&b"z"[..]));
    assert_eq!(e.len().unwrap(), 2);
    e.batch_write(&[]).unwrap();
    assert_eq!(e.len().unwrap(), 2);
}

fn flush_keeps_data(e: &dyn StorageEngine) {
    e.put(3, b"three").unwrap();
    e.flush().unwrap();
    assert_eq!(e.get(3).unwrap().as_deref(), Some(&b"three"[..]));
}

macro_rules! engine_suite {
    ($module:ident, $make:expr) => {
        mod $module {
            use super::*;

            #[test]
            fn put_get_replace() {
                super::put_get_replace(&$make.engine);
            }
            #[test]
            fn delete_reports_existence() {
                super::delete_reports_existence(&$make.engine);
            }
            #[test]
            fn keys_order_numerically_across_sign() {
                super::keys_order_numerically_across_sign(&$make.engine);
            }
            #[test]
            fn range_is_inclusive_and_paged() {
                super::range_is_inclusive_and_paged(&$make.engine);
            }
            #[test]
            fn batch_later_entries_win() {
                super::batch_later_entries_win(&$make.engine);
            }
            #[test]
            fn flush_keeps_data() {
                super::flush_keeps_data(&$make.engine);
            }
        }
    };
}

engine_suite!(memory_engine, memory());
engine_suite!(redb_sync_always, redb_always());
engine_suite!(redb_sync_on_flush, redb_on_flush());
#[cfg(feature = "rocksdb")]
engine_suite!(rocksdb_sync_always, rocksdb(SyncPolicy::Always));
#[cfg(feature = "rocksdb")]
engine_suite!(rocksdb_sync_on_flush, rocksdb(SyncPolicy::OnFlush));

#[test]
fn redb_data_survives_reopen_for_both_policies() {
    for policy in [SyncPolicy::Always, SyncPolicy::OnFlush] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.redb");
        {
            let e = RedbEngine::open(&path, policy).unwrap();
            e.put(-5, b"minus five").unwrap();
            e.batch_write(&[(1, b"one"), (2, b"two")]).unwrap();
            assert!(e.delete(2).unwrap());
            e.flush().unwrap();
        }
        let e = RedbEngine::open(&path, policy).unwrap();
        assert_eq!(e.get(-5).unwrap().as_deref(), Some(&b"minus five"[..]));
        assert_eq!(e.get(1).unwrap().as_deref(), Some(&b"one"[..]));
        assert_eq!(e.get(2).unwrap(), None);
        assert_eq!(e.len().unwrap(), 2);
        assert!(e.file_bytes() > 0);
    }
}

#[test]
fn redb_second_open_of_same_file_is_locked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.redb");
    let _first = RedbEngine::open(&path, SyncPolicy::Always).unwrap();
    let err = RedbEngine::open(&path, SyncPolicy::Always).err().unwrap();
    assert_eq!(err.code, ErrorCode::Locked, "{err}");
}

#[test]
fn redb_rejects_directories_empty_paths_and_foreign_files() {
    let dir = tempfile::tempdir().unwrap();
    let err = RedbEngine::open(dir.path(), SyncPolicy::Always).err().unwrap();
    assert_eq!(err.code, ErrorCode::InvalidPath);
    let err = RedbEngine::open(std::path::Path::new(""), SyncPolicy::Always).err().unwrap();
    assert_eq!(err.code, ErrorCode::InvalidPath);
    let foreign = dir.path().join("not-a-db.txt");
    std::fs::write(&foreign, vec![b'x'; 8192]).unwrap();
    let err = RedbEngine::open(&foreign, SyncPolicy::Always).err().unwrap();
    assert_eq!(err.code, ErrorCode::Corrupted, "{err}");
    let missing_parent = dir.path().join("no/such/dir/db.redb");
    let err = RedbEngine::open(&missing_parent, SyncPolicy::Always).err().unwrap();
    assert_eq!(err.code, ErrorCode::Io, "{err}");
}
