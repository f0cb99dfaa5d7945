//! Version and ABI identity: `omendb_version` and `omendb_abi_hash` (computed by build.rs
//! from the contract header, so a library built from another header reports another hash).

use std::ffi::c_char;

include!(concat!(env!("OUT_DIR"), "/abi_hash.rs"));

/// Version of the loaded library, e.g. "0.1.0"; a static string.
#[no_mangle]
pub extern "C" fn omendb_version() -> *const c_char {
    c"0.1.0".as_ptr()
}

/// ABI hash of the header the library was built from; equals OMENDB_ABI_HASH of a matching header.
#[no_mangle]
pub extern "C" fn omendb_abi_hash() -> u64 {
    ABI_HASH
}
