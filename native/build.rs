//! Build script: computes the ABI hash of `include/omendb_ffi.h` (exported to the crate as
//! `$OUT_DIR/abi_hash.rs`) and runs cbindgen over `src/ffi`, writing
//! `$OUT_DIR/omendb_cbindgen.h` for the header drift test. A cbindgen failure is a
//! cargo warning (and no output file), so the drift test fails loudly instead of the build.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

#[path = "src/abi_hash.rs"]
mod abi_hash;

fn main() {
    let crate_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR"));
    let header = crate_dir.join("..").join("include").join("omendb_ffi.h");

    println!("cargo:rerun-if-changed={}", header.display());
    println!("cargo:rerun-if-changed=src/ffi");
    println!("cargo:rerun-if-changed=src/abi_hash.rs");
    println!("cargo:rerun-if-changed=cbindgen.toml");

    write_abi_hash(&header, &out_dir);
    write_cbindgen_header(&crate_dir, &out_dir);
}

fn write_abi_hash(header: &Path, out_dir: &Path) {
    let text = fs::read_to_string(header)
        .unwrap_or_else(|e| panic!("cannot read the contract header {}: {e}", header.display()));
    let hash = abi_hash::abi_hash(&text);
    let code = format!("/// FNV-1a hash of the normalised contract header.\npub const ABI_HASH: u64 = {hash:#018x};\n");
    fs::write(out_dir.join("abi_hash.rs"), code).expect("write abi_hash.rs");
}

fn write_cbindgen_header(crate_dir: &Path, out_dir: &Path) {
    let target = out_dir.join("omendb_cbindgen.h");
    let _ = fs::remove_file(&target);
    let config = match cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")) {
        Ok(config) => config,
        Err(e) => {
            println!("cargo:warning=cbindgen.toml is invalid ({e}); no cbindgen header written");
            return;
        }
    };
    // Only the C layer is parsed: constants elsewhere in the crate are not part of the ABI.
    let mut builder = cbindgen::Builder::new().with_config(config);
    for source in ffi_sources(&crate_dir.join("src").join("ffi")) {
        builder = builder.with_src(source);
    }
    match builder.generate() {
        Ok(bindings) => {
            bindings.write_to_file(&target);
        }
        Err(e) => println!("cargo:warning=cbindgen failed ({e}); no cbindgen header written"),
    }
}

/// The `.rs` files of `src/ffi`, sorted so the output never depends on directory order.
fn ffi_sources(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|ext| ext == "rs"));
    files.sort();
    files
}
