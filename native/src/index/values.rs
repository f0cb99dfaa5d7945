//! Compact storage of the values of a sorted key array: all bytes in one buffer plus one end
//! offset per value. When every value is empty (key-only indexes) no offsets are kept at all.

/// Values addressed by position, stored contiguously.
#[derive(Clone, Debug, Default)]
pub(crate) struct ValueStore {
    bytes: Vec<u8>,
    /// `ends[i]` is the end of value `i` in `bytes`; empty means "every value is empty".
    ends: Vec<usize>,
}

impl ValueStore {
    /// A builder expecting about `count` values.
    pub fn builder(count: usize) -> ValueStoreBuilder {
        ValueStoreBuilder { store: ValueStore { bytes: Vec::new(), ends: Vec::with_capacity(count) } }
    }

    /// Value at `position` (empty if all values are empty).
    #[inline]
    pub fn get(&self, position: usize) -> &[u8] {
        if self.ends.is_empty() {
            return &[];
        }
        let start = if position == 0 { 0 } else { self.ends[position - 1] };
        &self.bytes[start..self.ends[position]]
    }

    /// Bytes held (buffer and offsets).
    pub fn heap_bytes(&self) -> usize {
        self.bytes.capacity() + self.ends.capacity() * std::mem::size_of::<usize>()
    }
}

/// Appends values in position order, then `finish`es into a `ValueStore`.
pub(crate) struct ValueStoreBuilder {
    store: ValueStore,
}

impl ValueStoreBuilder {
    /// Appends the value of the next position.
    #[inline]
    pub fn push(&mut self, value: &[u8]) {
        self.store.bytes.extend_from_slice(value);
        self.store.ends.push(self.store.bytes.len());
    }

    /// The finished store; drops the offsets when every value was empty.
    pub fn finish(mut self) -> ValueStore {
        if self.store.bytes.is_empty() {
            self.store.ends = Vec::new();
        } else {
            self.store.bytes.shrink_to_fit();
            self.store.ends.shrink_to_fit();
        }
        self.store
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_come_back_by_position() {
        let mut builder = ValueStore::builder(3);
        builder.push(b"ab");
        builder.push(b"");
        builder.push(b"xyz");
        let store = builder.finish();
        assert_eq!(store.get(0), b"ab");
        assert_eq!(store.get(1), b"");
        assert_eq!(store.get(2), b"xyz");
    }

    #[test]
    fn all_empty_values_keep_no_offsets() {
        let mut builder = ValueStore::builder(1000);
        for _ in 0..1000 {
            builder.push(b"");
        }
        let store = builder.finish();
        assert_eq!(store.heap_bytes(), 0);
        assert_eq!(store.get(999), b"");
    }
}
