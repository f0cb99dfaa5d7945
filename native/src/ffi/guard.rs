//! The boundary guard: every exported function runs its body through `guarded`, which
//! catches panics (reported as OMEN_ERR_INTERNAL) and records the outcome as the calling
//! thread's last error, so no unwind ever crosses into C.

use std::panic::{catch_unwind, AssertUnwindSafe};

use super::errors::{clear_last_error, err_result, ok_result, set_last_error};
use super::types::OmenResult;
use crate::error::{ErrorCode, OmenError};

/// Runs `body`, converting a panic into an `Internal` error and updating the last error.
pub(crate) fn guarded<T>(body: impl FnOnce() -> Result<T, OmenError>) -> Result<T, OmenError> {
    let outcome = catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic payload".to_string());
        Err(OmenError::new(ErrorCode::Internal, format!("panic caught at the C boundary: {detail}")))
    });
    match &outcome {
        Ok(_) => clear_last_error(),
        Err(err) => set_last_error(err),
    }
    outcome
}

/// Runs a release function (`*_free`): panics are caught, and the last error is left as it
/// was, so freeing a message or buffer never hides the failure being inspected.
pub(crate) fn release_quietly(body: impl FnOnce()) {
    let _ = catch_unwind(AssertUnwindSafe(body));
}

/// `guarded` for functions returning `OmenResult`: the body yields the `data` pointer.
pub(crate) fn guarded_result(
    body: impl FnOnce() -> Result<*mut std::ffi::c_void, OmenError>,
) -> OmenResult {
    match guarded(body) {
        Ok(data) => ok_result(data),
        Err(err) => err_result(&err),
    }
}

/// Rejects a NULL pointer argument named `name`.
pub(crate) fn require<T>(ptr: *const T, name: &str) -> Result<(), OmenError> {
    if ptr.is_null() {
        return Err(OmenError::new(ErrorCode::NullArgument, format!("`{name}` is NULL")));
    }
    Ok(())
}

/// Rejects a NULL mutable pointer argument named `name`.
pub(crate) fn require_mut<T>(ptr: *mut T, name: &str) -> Result<(), OmenError> {
    require(ptr.cast_const(), name)
}
