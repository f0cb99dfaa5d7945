//! The sequence fuzz bodies (`fuzz/src/sequences.rs`: storage_ops, index_ops) as stable-Rust
//! randomized stress, and a replay of every committed fuzz input: the seed corpora
//! (`fuzz/seeds/<target>/`) and the crash regressions (`fuzz/regressions/<target>/`) of all
//! seven targets run through their bodies in `cargo test`. `OMENDB_SOAK=1` runs 50x the stress.

#[path = "../fuzz/src/bodies.rs"]
mod bodies;
#[path = "../fuzz/src/sequences.rs"]
mod sequences;

use std::path::Path;
use std::time::Instant;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const DEFAULT_SEED: u64 = 0x5e9_0de7;

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

/// A fuzz body: decodes one input into calls and checks them.
type Body = fn(&[u8]);

/// Runs `body` on `iterations` random inputs of up to `max_len` bytes; prints the count.
fn stress(name: &str, iterations: usize, max_len: usize, body: Body) {
    let mut rng = StdRng::seed_from_u64(seed() ^ name.len() as u64);
    let started = Instant::now();
    let total = iterations * soak_factor();
    for i in 0..total {
        let len = rng.gen_range(0..=max_len);
        let input: Vec<u8> = (0..len).map(|_| rng.gen()).collect();
        run_reporting(name, &format!("random input #{i}"), &input, body);
    }
    println!("fuzz stress {name}: {total} executions, {:.2} s", started.elapsed().as_secs_f64());
}

/// Runs one input; on a panic prints the input in hex, then re-raises the panic.
fn run_reporting(name: &str, what: &str, input: &[u8], body: Body) {
    if let Err(panic) = std::panic::catch_unwind(|| body(input)) {
        eprintln!("{name}: failing {what} ({} bytes): {input:02x?}", input.len());
        std::panic::resume_unwind(panic);
    }
}

#[test]
fn storage_ops_stress() {
    stress("storage_ops", 3_000, 1_200, sequences::storage_ops);
}

#[test]
fn index_ops_stress() {
    stress("index_ops", 2_000, 1_500, sequences::index_ops);
}

/// Every committed input of every target: seeds keep their coverage checked on stable Rust, and a
/// crash input saved under `fuzz/regressions/<target>/` becomes a regression test by existing.
#[test]
fn committed_fuzz_inputs_pass() {
    let targets: [(&str, Body); 7] = [
        ("batch_write", bodies::batch_write),
        ("get_many", bodies::get_many),
        ("index_build", bodies::index_build),
        ("range_into", bodies::range_into),
        ("open_file", bodies::open_file),
        ("storage_ops", sequences::storage_ops),
        ("index_ops", sequences::index_ops),
    ];
    let fuzz_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut replayed = 0;
    for (target, body) in targets {
        let mut seen = 0;
        for kind in ["seeds", "regressions"] {
            let Ok(entries) = std::fs::read_dir(fuzz_dir.join(kind).join(target)) else { continue };
            let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
            paths.sort();
            for path in paths {
                let input = std::fs::read(&path).unwrap();
                run_reporting(target, &path.display().to_string(), &input, body);
                seen += 1;
            }
        }
        assert!(seen > 0, "no committed fuzz input for {target} under fuzz/seeds or fuzz/regressions");
        replayed += seen;
    }
    println!("fuzz replay: {replayed} committed inputs of 7 targets passed");
}
