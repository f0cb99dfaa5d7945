//! The batch layout shared by the crash writer and the crash test (the test includes this
//! file with `#[path]`): batch `id` is a pure function of `id`, so the parent can tell a
//! complete batch from a partial one and from garbage.

/// Keys written by one batch (plus the marker key).
pub const KEYS_PER_BATCH: i64 = 16;
/// Key overwritten by every batch with its id: proves overwrites are atomic too.
pub const MARKER_KEY: i64 = -1;

/// The value of key `j` of batch `id`: `"b{id}k{j}:"` then `(id + j) % 61` filler bytes.
pub fn batch_value(id: i64, j: i64) -> Vec<u8> {
    let mut value = format!("b{id}k{j}:").into_bytes();
    let fill = (id as u8) ^ (j as u8);
    value.extend(std::iter::repeat_n(fill, ((id + j) % 61) as usize));
    value
}

/// Every entry of batch `id`: its `KEYS_PER_BATCH` keys, then the marker set to `id`.
pub fn batch_entries(id: i64) -> Vec<(i64, Vec<u8>)> {
    let mut entries: Vec<(i64, Vec<u8>)> =
        (0..KEYS_PER_BATCH).map(|j| (id * KEYS_PER_BATCH + j, batch_value(id, j))).collect();
    entries.push((MARKER_KEY, id.to_le_bytes().to_vec()));
    entries
}
