//! libFuzzer entry for the `index_ops` body in `omendb_fuzz` (see src/sequences.rs and docs/reliability.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| omendb_fuzz::index_ops(data));
