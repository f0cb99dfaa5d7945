//! The C ABI of `include/omendb_ffi.h`: the only module with `extern "C"`, `#[repr(C)]` and
//! raw pointers. Every entry point validates its arguments, resolves handles through the
//! registry and runs inside the panic guard; the logic lives in `crate::db` and `crate::index`.

pub mod buffers;
pub mod db_api;
pub mod errors;
mod guard;
mod handles;
pub mod index_api;
pub mod types;
pub mod version;
