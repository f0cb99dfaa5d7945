//! OmenDB: a learned-index key-value store behind one C header.
//!
//! `index` holds the learned indexes, `storage` the durable and in-memory engines,
//! `db` composes them into a database with a hot learned-index tier, and `ffi` is the
//! only module that speaks C (it implements `include/omendb_ffi.h` exactly).
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]

pub mod error;
pub mod index;
pub mod storage;
pub mod db;
pub mod abi_hash;
pub mod ffi;
