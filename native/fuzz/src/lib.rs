//! The fuzz bodies as a library for the cargo-fuzz targets in `fuzz_targets/`; the same file
//! (`bodies.rs`) is compiled into the stable stress test `tests/reliability_fuzz_stress.rs`.

mod bodies;

pub use bodies::{batch_write, get_many, index_build, open_file, range_into};
