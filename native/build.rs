//! Build script placeholder; replaced by the ABI-hash and cbindgen steps.
fn main() {}
