//! The Rust suites of the benchmark and the settings they share. Each suite takes one dataset's
//! sorted keys and emits its rows; `main` loops over datasets so each is generated once.

pub mod build;
pub mod delta;
pub mod lookup;
pub mod memory;

/// Sizes and repeat counts for one run.
#[derive(Clone, Debug)]
pub struct Config {
    /// Keys per dataset.
    pub n: usize,
    /// Probes per lookup measurement.
    pub lookups: usize,
    /// Passes over the probes per lookup measurement.
    pub repeats: usize,
    /// Builds per build measurement.
    pub build_repeats: usize,
    /// Seed of every dataset and probe order.
    pub seed: u64,
}

/// Names of every suite, in run order.
pub const ALL: [&str; 4] = ["lookup", "build", "memory", "delta"];
