#!/usr/bin/env bash
# Builds the libFuzzer targets of native/fuzz and runs each for a fixed time, without cargo-fuzz:
# the build passes the RUSTFLAGS `cargo fuzz build` passes (AddressSanitizer, SanitizerCoverage,
# --cfg fuzzing; RUSTC_BOOTSTRAP=1 unlocks -Zsanitizer on stable Rust). A crash, leak, timeout or
# OOM fails the script and prints the crash input's path and the command that replays it.
#
#   scripts/fuzz.sh                       60 s per target (npm run test:fuzz), FUZZ_SECONDS overrides
#   scripts/fuzz.sh --seconds 30          the short run of `npm test` (suite "fuzz")
#   FUZZ_SECONDS=3600 scripts/fuzz.sh open_file     a long run of one target
#   FUZZ_JOBS=1 scripts/fuzz.sh           one target at a time (default: 2 at a time)
#
# Corpora: native/fuzz/seeds/<target> (committed, read only) and native/fuzz/corpus/<target>
# (git-ignored, grows with every run). Crash inputs land in native/fuzz/artifacts/<target>/,
# logs in native/fuzz/target/logs/<target>.log (CARGO_TARGET_DIR moves the build and the logs).
set -euo pipefail

seconds="${FUZZ_SECONDS:-60}"
if [[ "${1:-}" == "--seconds" ]]; then
  seconds="$2"
  shift 2
fi
jobs="${FUZZ_JOBS:-2}"
all_targets=(batch_write get_many index_build range_into open_file storage_ops index_ops)
targets=("${@:-${all_targets[@]}}")

fuzz_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../native/fuzz" && pwd)"
triple="$(rustc -vV | sed -n 's/^host: //p')"
target_dir="${CARGO_TARGET_DIR:-$fuzz_dir/target}"
bin_dir="$target_dir/$triple/release"
log_dir="$target_dir/logs"

build_targets() {
  # The flags of cargo-fuzz 0.13 `build` in its default mode (release with debug assertions).
  local flags=(
    -Cpasses=sancov-module
    -Cllvm-args=-sanitizer-coverage-level=4
    -Cllvm-args=-sanitizer-coverage-inline-8bit-counters
    -Cllvm-args=-sanitizer-coverage-pc-table
    -Cllvm-args=-sanitizer-coverage-trace-compares
    --cfg fuzzing
    -Cllvm-args=-simplifycfg-branch-fold-threshold=0
    -Zsanitizer=address
    -Cllvm-args=-sanitizer-coverage-stack-depth
    -Cdebug-assertions
    -Ccodegen-units=1
  )
  local started=$SECONDS
  # An explicit --target keeps the sanitizer flags away from build scripts and proc macros.
  RUSTC_BOOTSTRAP=1 RUSTFLAGS="${flags[*]} ${RUSTFLAGS:-}" cargo build --quiet \
    --manifest-path "$fuzz_dir/Cargo.toml" --target "$triple" --release \
    --config 'profile.release.debug="line-tables-only"' --bins
  echo "fuzz.sh: built ${#all_targets[@]} targets in $((SECONDS - started)) s"
}

# Runs one target; prints one summary line, or the crash input and the log's tail on failure.
run_target() {
  local target="$1" log="$log_dir/$1.log" artifacts="$fuzz_dir/artifacts/$1"
  mkdir -p "$fuzz_dir/corpus/$target" "$fuzz_dir/seeds/$target" "$artifacts"
  local status=0
  ASAN_OPTIONS="detect_odr_violation=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
    "$bin_dir/$target" "$fuzz_dir/corpus/$target" "$fuzz_dir/seeds/$target" \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" >"$log" 2>&1 || status=$?
  local runs edges
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  edges="$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)"
  if [[ $status -ne 0 ]]; then
    local input
    input="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)"
    tail -n 60 "$log" >&2
    echo "fuzz.sh: $target FAILED (exit $status) after ${runs:-?} executions; log: $log" >&2
    if [[ -n "$input" ]]; then
      echo "fuzz.sh: crash input: $input" >&2
      echo "fuzz.sh: replay: $bin_dir/$target $input" >&2
      echo "fuzz.sh: once fixed, save it as native/fuzz/regressions/$target/<bug-name> (replayed by cargo test)" >&2
    fi
    return 1
  fi
  printf 'fuzz.sh: %-12s %9s executions in %s s, %s edges, clean\n' "$target" "${runs:-?}" "$seconds" "${edges:-?}"
}

build_targets
mkdir -p "$log_dir"
failed=0
running=0
for target in "${targets[@]}"; do
  if [[ ! -x "$bin_dir/$target" ]]; then
    echo "fuzz.sh: unknown target $target (known: ${all_targets[*]})" >&2
    exit 2
  fi
  run_target "$target" &
  running=$((running + 1))
  if ((running >= jobs)); then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while ((running > 0)); do
  wait -n || failed=1
  running=$((running - 1))
done
if ((failed)); then
  echo "fuzz.sh: a target failed (crash, leak, timeout or out-of-memory); see above" >&2
  exit 1
fi
echo "fuzz.sh: ${#targets[@]} target(s) ran ${seconds} s each without a crash"
