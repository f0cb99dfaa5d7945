//! libFuzzer entry for the `open_file` body in `omendb_fuzz` (see src/lib.rs and docs/reliability.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    omendb_fuzz::let_redb_panics_reach_their_containment();
    omendb_fuzz::open_file(data)
});
