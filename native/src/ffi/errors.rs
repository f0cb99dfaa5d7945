//! Error reporting across the boundary: the thread-local last error, static code names,
//! and the exported `omendb_last_error_*`, `omendb_error_name` and `omendb_string_free`.

use std::cell::RefCell;
use std::ffi::{c_char, CStr, CString};
use std::ptr;

use super::buffers::LiveCount;
use super::guard::release_quietly;
use super::types::{OmenErrorCode, OmenResult, RawErrorCode};
use crate::error::{ErrorCode, OmenError};

thread_local! {
    static LAST_ERROR: RefCell<Option<OmenError>> = const { RefCell::new(None) };
}

/// Records a failure as the calling thread's last error.
pub(crate) fn set_last_error(err: &OmenError) {
    LAST_ERROR.with(|slot| *slot.borrow_mut() = Some(err.clone()));
}

/// Clears the calling thread's last error (after a success).
pub(crate) fn clear_last_error() {
    LAST_ERROR.with(|slot| *slot.borrow_mut() = None);
}

/// Static NUL-terminated description of a numeric code.
pub(crate) fn code_name(code: RawErrorCode) -> &'static CStr {
    if code == OmenErrorCode::OMEN_OK as i32 {
        return c"ok";
    }
    match ErrorCode::from_code(code) {
        Some(ErrorCode::NullArgument) => c"null argument",
        Some(ErrorCode::InvalidHandle) => c"invalid handle",
        Some(ErrorCode::NotFound) => c"not found",
        Some(ErrorCode::InvalidArgument) => c"invalid argument",
        Some(ErrorCode::ValueTooLarge) => c"value too large",
        Some(ErrorCode::Io) => c"I/O error",
        Some(ErrorCode::Corrupted) => c"database corrupted",
        Some(ErrorCode::Locked) => c"database locked",
        Some(ErrorCode::InvalidPath) => c"invalid path",
        Some(ErrorCode::OutOfMemory) => c"out of memory",
        Some(ErrorCode::Internal) => c"internal error",
        None => c"unknown error",
    }
}

/// The `OmenResult` of a successful call, with `data` as its borrowed output pointer.
pub(crate) fn ok_result(data: *mut std::ffi::c_void) -> OmenResult {
    OmenResult { success: true, error_msg: ptr::null(), data, code: OmenErrorCode::OMEN_OK as i32 }
}

/// The `OmenResult` of a failed call.
pub(crate) fn err_result(err: &OmenError) -> OmenResult {
    OmenResult {
        success: false,
        error_msg: code_name(err.code.code()).as_ptr(),
        data: ptr::null_mut(),
        code: err.code.code(),
    }
}

/// Code of the last failure on the calling thread (OMEN_OK if none since the last success).
#[no_mangle]
pub extern "C" fn omendb_last_error_code() -> RawErrorCode {
    LAST_ERROR.with(|slot| slot.borrow().as_ref().map_or(OmenErrorCode::OMEN_OK as i32, |e| e.code.code()))
}

/// Detailed message of the last failure on the calling thread, as a new string to free
/// with omendb_string_free; NULL if there was no failure.
#[no_mangle]
pub extern "C" fn omendb_last_error_message() -> *mut c_char {
    // Not `guarded`: reading the last error must not overwrite it.
    let message = LAST_ERROR.with(|slot| slot.borrow().as_ref().map(|e| e.to_string()));
    match message {
        None => ptr::null_mut(),
        Some(text) => {
            let c = CString::new(text.replace('\0', " ")).unwrap_or_default();
            LiveCount::Buffers.increment();
            c.into_raw()
        }
    }
}

/// Static description of an error code; unknown codes give "unknown error".
#[no_mangle]
pub extern "C" fn omendb_error_name(code: RawErrorCode) -> *const c_char {
    code_name(code).as_ptr()
}

/// Frees a string returned by the library. NULL is ignored.
///
/// # Safety
/// `s` must be NULL or a string from `omendb_last_error_message` not yet freed.
#[no_mangle]
pub unsafe extern "C" fn omendb_string_free(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    release_quietly(|| {
        // SAFETY: the caller passes a pointer from CString::into_raw, freed once.
        drop(unsafe { CString::from_raw(s) });
        LiveCount::Buffers.decrement();
    });
}
