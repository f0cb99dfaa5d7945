//! Cross-model tests of the index module: property tests of every kind against `partition_point`
//! on many key distributions, a randomized model test of `LearnedMap` against `BTreeMap` (seeded
//! PRNG, so every failure reproduces), and proptest versions of both that shrink counterexamples.

mod data;
mod map_model;
mod proptests;
mod static_props;
