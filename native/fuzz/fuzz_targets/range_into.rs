//! libFuzzer entry for the `range_into` body in `omendb_fuzz` (see src/lib.rs and docs/reliability.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| omendb_fuzz::range_into(data));
