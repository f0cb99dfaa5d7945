//! Heap bytes each method keeps besides (or instead of) the sorted keys, measured with the
//! counting allocator. Rows have no times: `bytes` is the structure's extra memory, `key_bytes`
//! the size of the keys themselves, and the report's ratio is `bytes / key_bytes`.

use crate::alloc::retained_by;
use crate::methods::{all_methods, Built, MethodSpec};
use crate::output::Row;

use super::Config;

/// Measures every method's memory on `keys`.
pub fn run(dataset: &str, keys: &[i64], _config: &Config) {
    let key_bytes = std::mem::size_of_val(keys);
    for method in all_methods() {
        if matches!(method, MethodSpec::PartitionPoint) {
            continue; // the keys themselves
        }
        let name = method.name();
        let (built, total) = retained_by(|| method.build(keys));
        // Learned indexes own a copy of the keys; count only what they add. Others replace them.
        let bytes = match &built {
            Built::Learned(index) => index.model_bytes(),
            _ => total,
        };
        Row {
            suite: "memory",
            name: &name,
            dataset,
            n: keys.len(),
            median_ns: None,
            p99_ns: None,
            extra: vec![("bytes", bytes as f64), ("key_bytes", key_bytes as f64), ("heap_bytes", total as f64)],
        }
        .emit();
    }
}
