//! The ABI hash the library reports must equal the `OMENDB_ABI_HASH` literal in the contract
//! header (kept up to date by `node scripts/abi-hash.mjs --write`), and the normalisation
//! must ignore comments and whitespace but not declarations.

use omendb::abi_hash::{abi_hash, normalise};
use omendb::ffi::version::omendb_abi_hash;

fn header_text() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../include/omendb_ffi.h");
    std::fs::read_to_string(path).expect("read include/omendb_ffi.h")
}

fn header_literal(text: &str) -> u64 {
    let line = text
        .lines()
        .find(|l| l.starts_with("#define OMENDB_ABI_HASH"))
        .expect("header defines OMENDB_ABI_HASH");
    let literal = line.split_whitespace().nth(2).expect("a value");
    let hex = literal.trim_start_matches("0x").trim_end_matches("ULL");
    u64::from_str_radix(hex, 16).expect("hex literal")
}

#[test]
fn library_hash_matches_the_header_literal() {
    let text = header_text();
    assert_eq!(abi_hash(&text), omendb_abi_hash(), "library built from another header");
    assert_eq!(
        header_literal(&text),
        omendb_abi_hash(),
        "OMENDB_ABI_HASH in include/omendb_ffi.h is stale: run `node scripts/abi-hash.mjs --write`"
    );
}

#[test]
fn normalisation_ignores_comments_whitespace_and_the_hash_line() {
    let a = "/* doc */\nint  f(void);\n#define OMENDB_ABI_HASH 0x1ULL\n// tail\n";
    let b = "int f(void); /** other doc */\n#define OMENDB_ABI_HASH 0x2ULL";
    assert_eq!(normalise(a), "int f(void);");
    assert_eq!(abi_hash(a), abi_hash(b));
    assert_ne!(abi_hash(a), abi_hash("int f(int);"));
    assert_eq!(normalise("#define S \"a//b\" // c"), "#define S \"a//b\"");
}
