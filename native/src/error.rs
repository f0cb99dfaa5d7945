//! Typed errors shared by the storage engines, the database and the C layer.
//! `ErrorCode` carries the stable numeric codes of `include/omendb_ffi.h`; `OmenError`
//! pairs one with a detailed message. No module returns string errors.

use std::fmt;

/// Stable failure kinds; the discriminants are the header's `OmenErrorCode` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// A required pointer argument was NULL.
    NullArgument = 1,
    /// The handle is not a live handle of this library.
    InvalidHandle = 2,
    /// The key is not present.
    NotFound = 3,
    /// An argument is out of its documented range.
    InvalidArgument = 4,
    /// A value or batch is longer than the documented maximum.
    ValueTooLarge = 5,
    /// The operating system reported an I/O error.
    Io = 6,
    /// The database file is damaged or not an OmenDB file.
    Corrupted = 7,
    /// The database file is open in another process or handle.
    Locked = 8,
    /// The path is not valid UTF-8, is empty, or names a directory.
    InvalidPath = 9,
    /// An allocation failed.
    OutOfMemory = 10,
    /// A bug in the library (a caught panic).
    Internal = 99,
}

impl ErrorCode {
    /// The numeric value of the code as the header defines it.
    pub fn code(self) -> i32 {
        self as i32
    }

    /// Short static description of the code (what `omendb_error_name` returns).
    pub fn description(self) -> &'static str {
        match self {
            ErrorCode::NullArgument => "null argument",
            ErrorCode::InvalidHandle => "invalid handle",
            ErrorCode::NotFound => "not found",
            ErrorCode::InvalidArgument => "invalid argument",
            ErrorCode::ValueTooLarge => "value too large",
            ErrorCode::Io => "I/O error",
            ErrorCode::Corrupted => "database corrupted",
            ErrorCode::Locked => "database locked",
            ErrorCode::InvalidPath => "invalid path",
            ErrorCode::OutOfMemory => "out of memory",
            ErrorCode::Internal => "internal error",
        }
    }

    /// Decodes a numeric code; `None` for 0 (OK) and unknown values.
    pub fn from_code(code: i32) -> Option<ErrorCode> {
        const ALL: [ErrorCode; 11] = [
            ErrorCode::NullArgument,
            ErrorCode::InvalidHandle,
            ErrorCode::NotFound,
            ErrorCode::InvalidArgument,
            ErrorCode::ValueTooLarge,
            ErrorCode::Io,
            ErrorCode::Corrupted,
            ErrorCode::Locked,
            ErrorCode::InvalidPath,
            ErrorCode::OutOfMemory,
            ErrorCode::Internal,
        ];
        ALL.into_iter().find(|c| c.code() == code)
    }
}

/// A failure: its stable code and a detailed, human-readable message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OmenError {
    /// The failure kind.
    pub code: ErrorCode,
    /// Detail for the last-error message (what failed and why).
    pub message: String,
}

impl OmenError {
    /// Builds an error from a code and a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> OmenError {
        OmenError { code, message: message.into() }
    }
}

impl fmt::Display for OmenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.description(), self.message)
    }
}

impl std::error::Error for OmenError {}

/// Result type of every fallible operation in the crate.
pub type OmenResult<T> = Result<T, OmenError>;

/// Environment variable naming the key at which `debug_panic_point` panics (debug builds).
pub const DEBUG_PANIC_KEY_VAR: &str = "OMENDB_DEBUG_PANIC_KEY";

/// Test hook for the panic path: in debug builds, panics when `key` equals the value of
/// `OMENDB_DEBUG_PANIC_KEY` (read once per process). Release builds compile it to nothing,
/// so the variable has no effect there.
#[cfg(debug_assertions)]
pub fn debug_panic_point(site: &str, key: i64) {
    static TRIGGER: std::sync::OnceLock<Option<i64>> = std::sync::OnceLock::new();
    let trigger = TRIGGER.get_or_init(|| std::env::var(DEBUG_PANIC_KEY_VAR).ok()?.parse().ok());
    if *trigger == Some(key) {
        panic!("debug panic hook: {site} with key {key}");
    }
}

/// Test hook for the panic path: absent from release builds.
#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn debug_panic_point(_site: &str, _key: i64) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_the_header_values() {
        assert_eq!(ErrorCode::from_code(3), Some(ErrorCode::NotFound));
        assert_eq!(ErrorCode::from_code(99), Some(ErrorCode::Internal));
        assert_eq!(ErrorCode::from_code(0), None);
        assert_eq!(ErrorCode::from_code(11), None);
        assert_eq!(ErrorCode::Locked.code(), 8);
    }

    #[test]
    fn display_joins_description_and_message() {
        let e = OmenError::new(ErrorCode::Io, "disk gone");
        assert_eq!(e.to_string(), "I/O error: disk gone");
    }
}
