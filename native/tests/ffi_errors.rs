//! Version, ABI hash, error names and the thread-local last error: set by failures, kept
//! while it is read or strings are freed, cleared by the next success.

mod common;

use std::ffi::CStr;
use std::ptr;

use common::{last_message, ok};
use omendb::ffi::errors::*;
use omendb::ffi::index_api::*;
use omendb::ffi::version::*;

#[test]
fn version_error_names_and_last_error_lifecycle() {
    // SAFETY: static strings from the library.
    unsafe {
        assert_eq!(CStr::from_ptr(omendb_version()).to_str().unwrap(), "0.1.0");
        assert_eq!(CStr::from_ptr(omendb_error_name(3)).to_str().unwrap(), "not found");
        assert_eq!(CStr::from_ptr(omendb_error_name(99)).to_str().unwrap(), "internal error");
        assert_eq!(CStr::from_ptr(omendb_error_name(12345)).to_str().unwrap(), "unknown error");
        assert_ne!(omendb_abi_hash(), 0);

        let idx = omendb_create_index(1, 0);
        let mut len = 0usize;
        let mut value = ptr::null_mut();
        let r = omendb_index_get(idx, 5, &mut value, &mut len);
        assert_eq!(CStr::from_ptr(r.error_msg).to_str().unwrap(), "not found");
        assert_eq!(last_message(), "not found: key 5 is not in the index");
        assert_eq!(last_message(), "not found: key 5 is not in the index", "reading does not clear it");
        ok(omendb_index_merge(idx));
        assert_eq!(omendb_last_error_code(), 0, "a success clears the last error");
        assert!(omendb_last_error_message().is_null());
        omendb_index_free(idx);
    }
}
