//! The fuzz targets (`fuzz/src/bodies.rs`) as stable-Rust randomized stress: inputs of random
//! length and content from a seeded PRNG, many iterations per target, no libFuzzer needed.
//! `OMENDB_SOAK=1` runs 50 times more; `OMENDB_FUZZ_SEED=n` picks another seed.

#[path = "../fuzz/src/bodies.rs"]
mod bodies;

use std::time::Instant;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const DEFAULT_SEED: u64 = 0x5eed_0de7;

fn soak_factor() -> usize {
    if std::env::var("OMENDB_SOAK").is_ok_and(|v| v == "1") {
        50
    } else {
        1
    }
}

fn seed() -> u64 {
    std::env::var("OMENDB_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(DEFAULT_SEED)
}

/// Runs `body` on `iterations` random inputs of up to `max_len` bytes; prints the count.
/// A failing input is printed in hex before the panic is re-raised.
fn stress(name: &str, iterations: usize, max_len: usize, body: fn(&[u8])) {
    let mut rng = StdRng::seed_from_u64(seed() ^ name.len() as u64);
    let started = Instant::now();
    let total = iterations * soak_factor();
    let mut bytes = 0usize;
    for i in 0..total {
        let len = rng.gen_range(0..=max_len);
        let input: Vec<u8> = (0..len).map(|_| rng.gen()).collect();
        bytes += len;
        if let Err(panic) = std::panic::catch_unwind(|| body(&input)) {
            eprintln!("{name}: failing input #{i} ({len} bytes): {input:02x?}");
            std::panic::resume_unwind(panic);
        }
    }
    println!("fuzz stress {name}: {total} executions, {bytes} input bytes, {:.2} s", started.elapsed().as_secs_f64());
}

#[test]
fn batch_write_stress() {
    stress("batch_write", 3_000, 2_000, bodies::batch_write);
}

#[test]
fn get_many_stress() {
    stress("get_many", 3_000, 1_500, bodies::get_many);
}

#[test]
fn index_build_stress() {
    stress("index_build", 2_000, 3_000, bodies::index_build);
}

#[test]
fn range_into_stress() {
    stress("range_into", 2_000, 2_000, bodies::range_into);
}

#[test]
fn open_file_stress() {
    stress("open_file", 300, 400, bodies::open_file);
}

/// Inputs libFuzzer found; each must now pass.
#[test]
fn fuzz_regressions() {
    // open_file: one bit flipped in a valid file made redb slice out of bounds while reading
    // a value (btree_base.rs:283); the panic is contained and reported as CORRUPTED.
    bodies::open_file(&[0xa3, 0x1a, 0x41, 0x70]);
    // open_file: a flipped bit made redb panic in a commit at open and panic again in a
    // destructor while unwinding, which aborts the process (release builds: SIGABRT). The
    // integrity check at open (redb_engine.rs verify_integrity) now refuses the file first.
    bodies::open_file(&[0x61, 0x07, 0x10, 0x41]);
}
