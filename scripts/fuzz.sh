#!/usr/bin/env bash
# Runs the cargo-fuzz (libFuzzer) targets of native/fuzz for FUZZ_SECONDS each (default 60,
# the CI mode); e.g. FUZZ_SECONDS=3600 scripts/fuzz.sh open_file for a longer run of one target.
# Needs cargo-fuzz on PATH (cargo install cargo-fuzz --locked) and, on a stable toolchain,
# RUSTC_BOOTSTRAP=1 (set here) for the sanitizer flags. Crashes land in native/fuzz/artifacts/.
set -euo pipefail

seconds="${FUZZ_SECONDS:-60}"
all_targets=(batch_write get_many index_build range_into open_file)
targets=("${@:-${all_targets[@]}}")
fuzz_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../native/fuzz" && pwd)"

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "fuzz.sh: cargo-fuzz is not on PATH; install it with: cargo install cargo-fuzz --locked" >&2
  exit 2
fi

cd "$fuzz_dir"
export RUSTC_BOOTSTRAP=1
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  echo "== fuzzing $target for ${seconds}s"
  if ! cargo fuzz run -O "$target" "corpus/$target" -- -max_total_time="$seconds" -rss_limit_mb=4096; then
    echo "fuzz.sh: $target failed; crash inputs, if any, are in native/fuzz/artifacts/$target" >&2
    exit 1
  fi
done
echo "fuzz.sh: ${#targets[@]} target(s) ran ${seconds}s each without a crash"
