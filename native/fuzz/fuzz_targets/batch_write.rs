//! libFuzzer entry for the `batch_write` body in `omendb_fuzz` (see src/lib.rs and docs/reliability.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| omendb_fuzz::batch_write(data));
