//! Cross-model tests of the index module: property tests of every kind against `partition_point`
//! on many key distributions, and a randomized model test of `LearnedMap` against `BTreeMap`.
//! Data comes from a seeded PRNG so every failure reproduces.

mod data;
mod map_model;
mod static_props;
