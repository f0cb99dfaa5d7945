//! The ABI hash of the contract header: FNV-1a 64-bit over its text after removing
//! comments (each replaced by one space), dropping lines containing `#define OMENDB_ABI_HASH`,
//! and collapsing whitespace runs to one space (trimmed). Shared by build.rs and the crate;
//! `scripts/abi-hash.mjs` implements the same algorithm.

/// The line marker whose line is excluded from the hash.
pub const ABI_HASH_DEFINE: &str = "#define OMENDB_ABI_HASH";

/// Removes `/* */` and `//` comments (string and char literals are kept intact).
pub fn strip_comments(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'/' && bytes.get(i + 1) == Some(&b'*') {
            let end = text[i + 2..].find("*/").map_or(bytes.len(), |p| i + 2 + p + 2);
            out.push(' ');
            i = end;
        } else if c == b'/' && bytes.get(i + 1) == Some(&b'/') {
            let end = text[i..].find('\n').map_or(bytes.len(), |p| i + p);
            out.push(' ');
            i = end;
        } else if c == b'"' || c == b'\'' {
            let start = i;
            i += 1;
            while i < bytes.len() && bytes[i] != c && bytes[i] != b'\n' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(bytes.len());
            out.push_str(&text[start..i]);
        } else {
            let next = text[i..].find(['/', '"', '\'']).map_or(bytes.len(), |p| i + p.max(1));
            out.push_str(&text[i..next]);
            i = next;
        }
    }
    out
}

/// The normalised text the hash is computed over.
pub fn normalise(text: &str) -> String {
    let stripped = strip_comments(text);
    let kept: Vec<&str> = stripped.lines().filter(|l| !l.contains(ABI_HASH_DEFINE)).collect();
    kept.join("\n").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// FNV-1a 64-bit of `bytes`.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// ABI hash of a header's text.
pub fn abi_hash(header_text: &str) -> u64 {
    fnv1a64(normalise(header_text).as_bytes())
}
