//! Handle registries: the `OmenDB*` / `LearnedIndex*` values C holds are tokens (never
//! dereferenced, never reused) mapped to `Arc`s, so a closed, freed or foreign handle is an
//! error instead of undefined behaviour, and a close waits for calls still holding the Arc.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, RwLock};
use std::time::Duration;

use crate::db::Database;
use crate::error::{ErrorCode, OmenError};
use crate::index::LearnedMap;

/// Distance between consecutive tokens: tokens look like aligned pointers to C tools.
const TOKEN_STRIDE: usize = 16;

/// Source of tokens, shared by both registries so a database token is never a valid index.
static NEXT_ID: AtomicUsize = AtomicUsize::new(1);

/// Live databases by token.
pub(crate) static DATABASES: LazyLock<Registry<Database>> = LazyLock::new(Registry::new);
/// Live indexes by token; the `RwLock` serialises writers and lets readers share.
pub(crate) static INDEXES: LazyLock<Registry<RwLock<LearnedMap>>> = LazyLock::new(Registry::new);

/// A map from token to shared object.
pub(crate) struct Registry<T> {
    live: RwLock<HashMap<usize, Arc<T>>>,
}

impl<T> Registry<T> {
    fn new() -> Registry<T> {
        Registry { live: RwLock::new(HashMap::new()) }
    }

    /// Registers `value` and returns its fresh token.
    pub(crate) fn insert(&self, value: T) -> usize {
        let token = NEXT_ID.fetch_add(1, Ordering::Relaxed) * TOKEN_STRIDE;
        self.live.write().unwrap_or_else(|e| e.into_inner()).insert(token, Arc::new(value));
        token
    }

    /// The object behind `token`, or NULL_ARGUMENT / INVALID_HANDLE.
    pub(crate) fn get(&self, token: usize, what: &str) -> Result<Arc<T>, OmenError> {
        if token == 0 {
            return Err(OmenError::new(ErrorCode::NullArgument, format!("the {what} handle is NULL")));
        }
        self.live
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&token)
            .cloned()
            .ok_or_else(|| invalid_handle(token, what))
    }

    /// Unregisters `token`; later lookups fail.
    pub(crate) fn remove(&self, token: usize, what: &str) -> Result<Arc<T>, OmenError> {
        self.live
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&token)
            .ok_or_else(|| invalid_handle(token, what))
    }
}

fn invalid_handle(token: usize, what: &str) -> OmenError {
    OmenError::new(
        ErrorCode::InvalidHandle,
        format!("{token:#x} is not a live {what} handle (closed, freed or never opened)"),
    )
}

/// Waits until calls running in other threads drop their clones, then returns the object.
pub(crate) fn wait_for_sole_owner<T>(mut shared: Arc<T>) -> T {
    let mut pause = Duration::from_micros(50);
    loop {
        match Arc::try_unwrap(shared) {
            Ok(value) => return value,
            Err(still_shared) => {
                shared = still_shared;
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(5));
            }
        }
    }
}
