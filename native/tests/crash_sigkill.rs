//! Crash safety: a child process (`crash_writer`) writes batches through the C API with
//! OMEN_SYNC_ALWAYS and is killed with SIGKILL at random moments. After each kill the parent
//! reopens the file with plain `omendb_open` (no repair step) and checks that every
//! acknowledged batch is present, that every batch is all or nothing, and that nothing else
//! is in the file. 50 kills by default; `OMENDB_SOAK=1` runs 1000, `OMENDB_CRASH_KILLS=n` n.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[path = "../src/bin/crash_writer/batches.rs"]
mod batches;

use batches::{batch_entries, KEYS_PER_BATCH, MARKER_KEY};
use common::{c_path, empty_batch, last_message, read_batch};
use omendb::ffi::buffers::omendb_batch_free;
use omendb::ffi::db_api::{omendb_close, omendb_open, omendb_storage_range};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Most batches one child may write before exiting by itself.
const BATCHES_PER_CHILD: i64 = 1_000_000;
/// Longest wait for a child's first ack (its open includes an integrity check of the file).
const FIRST_ACK_TIMEOUT: Duration = Duration::from_secs(30);

fn kill_count() -> usize {
    if let Ok(n) = std::env::var("OMENDB_CRASH_KILLS") {
        return n.parse().expect("OMENDB_CRASH_KILLS must be a number");
    }
    if std::env::var("OMENDB_SOAK").is_ok_and(|v| v == "1") {
        1000
    } else {
        50
    }
}

/// Every entry of the file, read through the C API after a plain reopen.
fn read_all(path: &Path) -> BTreeMap<i64, Vec<u8>> {
    let c = c_path(path);
    // SAFETY: valid C string.
    let db = unsafe { omendb_open(c.as_ptr(), 0) };
    assert!(!db.is_null(), "reopen after SIGKILL failed: {}", last_message());
    let mut batch = empty_batch();
    // SAFETY: live handle and writable batch.
    let result = unsafe { omendb_storage_range(db, i64::MIN, i64::MAX, 0, &mut batch) };
    assert!(result.success, "range after reopen failed: {}", last_message());
    let entries = read_batch(&batch);
    // SAFETY: a batch filled by the library; a live handle closed once.
    unsafe {
        omendb_batch_free(&mut batch);
        omendb_close(db);
    }
    entries.into_iter().map(|(k, v)| (k, v.expect("range entries are always found"))).collect()
}

/// Checks the recovered file; returns the id of the last batch it holds (-1 when empty)
/// and the number of keys compared.
fn verify(contents: &BTreeMap<i64, Vec<u8>>, max_acked: i64) -> (i64, usize) {
    let last = match contents.get(&MARKER_KEY) {
        None => -1,
        Some(bytes) => i64::from_le_bytes(bytes.as_slice().try_into().expect("marker holds 8 bytes")),
    };
    assert!(last >= max_acked, "acknowledged batch {max_acked} lost: the file ends at batch {last}");
    assert!(last <= max_acked + 1, "batch {last} present but only {max_acked} acknowledged (+1 in flight)");
    let mut checked = 0;
    for id in 0..=last {
        for (key, value) in batch_entries(id).into_iter().filter(|(k, _)| *k != MARKER_KEY) {
            match contents.get(&key) {
                Some(found) => assert_eq!(found, &value, "batch {id}: key {key} holds a wrong value"),
                None => panic!("batch {id} is partial: key {key} is missing (last batch {last})"),
            }
            checked += 1;
        }
    }
    let expected_len = if last < 0 { 0 } else { (last + 1) as usize * KEYS_PER_BATCH as usize + 1 };
    assert_eq!(contents.len(), expected_len, "keys beyond batch {last} (a partial later batch?)");
    (last, checked + usize::from(last >= 0))
}

/// Forwards the child's stdout line by line (newline kept) until EOF.
fn forward_lines(stdout: std::process::ChildStdout) -> mpsc::Receiver<String> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
            if send.send(std::mem::take(&mut line)).is_err() {
                break;
            }
        }
    });
    receive
}

/// Acknowledged ids printed by a (now dead) child; a torn last line is not an ack.
fn acked_ids(output: &str) -> impl Iterator<Item = i64> + '_ {
    output
        .split_inclusive('\n')
        .filter_map(|line| line.strip_suffix('\n')?.strip_prefix("ack ")?.parse().ok())
}

#[test]
fn acknowledged_batches_survive_sigkill_all_or_nothing() {
    let kills = kill_count();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.omen");
    let seed: u64 = std::env::var("OMENDB_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(7);
    let mut rng = StdRng::seed_from_u64(seed);
    let started = Instant::now();
    let (mut max_acked, mut acked_total, mut keys_verified, mut killed_mid_open) = (-1i64, 0usize, 0usize, 0usize);
    for kill in 0..kills {
        let next = max_acked + 1;
        let mut child = Command::new(env!("CARGO_BIN_EXE_crash_writer"))
            .arg(&path)
            .arg(next.to_string())
            .arg(BATCHES_PER_CHILD.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn crash_writer");
        let lines = forward_lines(child.stdout.take().unwrap());
        let mut output = String::new();
        if rng.gen_ratio(1, 10) {
            // Early kill: usually while the file is being opened or recovered.
            std::thread::sleep(Duration::from_millis(rng.gen_range(0..3)));
        } else {
            // Mid-stream kill: wait for the first ack (opening time grows with the file), then a bit.
            match lines.recv_timeout(FIRST_ACK_TIMEOUT) {
                Ok(line) => output.push_str(&line),
                Err(_) => {
                    let _ = child.kill();
                    let mut err = String::new();
                    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
                    panic!("crash_writer gave no ack within {FIRST_ACK_TIMEOUT:?} at kill {kill}: {err}");
                }
            }
            std::thread::sleep(Duration::from_millis(rng.gen_range(0..25)));
        }
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
            panic!("crash_writer exited by itself ({status}) at kill {kill}: {err}");
        }
        child.kill().expect("SIGKILL the writer");
        child.wait().unwrap();
        // The reader thread ends at EOF, after the last line the dead child wrote.
        for line in lines.iter() {
            output.push_str(&line);
        }
        let acked: Vec<i64> = acked_ids(&output).collect();
        if acked.is_empty() {
            killed_mid_open += 1;
        }
        for (offset, id) in acked.iter().enumerate() {
            assert_eq!(*id, next + offset as i64, "acks out of order");
        }
        acked_total += acked.len();
        max_acked = acked.last().copied().unwrap_or(max_acked);
        let (last, checked) = verify(&read_all(&path), max_acked);
        keys_verified += checked;
        // An in-flight batch that committed before the kill is kept: continue after it.
        max_acked = last;
    }
    println!(
        "crash test: {kills} SIGKILLs survived ({killed_mid_open} before the first ack), \
         {acked_total} acknowledged batches, {} batches in the file, {keys_verified} key checks, \
         {:.1} s, seed {seed}",
        max_acked + 1,
        started.elapsed().as_secs_f64()
    );
    assert!(acked_total > 0, "no batch was ever acknowledged");
}

#[test]
fn a_kill_while_creating_the_file_never_leaves_an_unopenable_file() {
    let dir = tempfile::tempdir().unwrap();
    let attempts = 40;
    let mut created = 0;
    for attempt in 0..attempts {
        let path = dir.path().join(format!("new-{attempt}.omen"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_crash_writer"))
            .arg(&path)
            .arg("0")
            .arg(BATCHES_PER_CHILD.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn crash_writer");
        // Sweep the first milliseconds of the child's life, where the file is created.
        std::thread::sleep(Duration::from_micros(250 * attempt));
        child.kill().expect("SIGKILL the writer");
        child.wait().unwrap();
        created += usize::from(path.exists());
        // Nothing was acknowledged (stdout is not read): whatever the file holds must be whole.
        let contents = read_all(&path);
        let last = contents.get(&MARKER_KEY).map_or(-1, |b| i64::from_le_bytes(b.as_slice().try_into().unwrap()));
        verify(&contents, last);
    }
    println!("creation kills: {attempts} kills in the first {} ms, {created} files existed, all reopened", attempts / 4);
}
