//! The fuzz bodies as a library for the libFuzzer targets in `fuzz_targets/`; the same files
//! (`bodies.rs`, `sequences.rs`) are compiled into the stable stress tests
//! `tests/reliability_fuzz_stress.rs` and `tests/reliability_fuzz_sequences.rs`.
//! Also the panic-hook adjustment the `open_file` target needs under libFuzzer.

mod bodies;
mod sequences;

use std::sync::Once;

pub use bodies::{batch_write, get_many, index_build, open_file, range_into};
pub use sequences::{index_ops, storage_ops};

/// libfuzzer-sys aborts on every panic, even one the library catches. redb panics on some
/// damaged pages and OmenDB contains those panics (reported as OMEN_ERR_CORRUPTED), so for
/// `open_file` a panic raised inside redb's source is let through to that containment; any
/// other panic (a failed check of ours) still reaches libFuzzer's hook and aborts.
pub fn let_redb_panics_reach_their_containment() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_redb = info.location().is_some_and(|l| l.file().contains("/redb-"));
            if !in_redb {
                fuzzer_hook(info);
            }
        }));
    });
}
