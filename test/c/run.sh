#!/usr/bin/env bash
# test/c/run.sh: builds and runs the C test suite against libomendb, from any directory.
# Variants: shared library (flags from pkg-config omendb), static library (libomendb.a),
# C++ (g++ -x c++, proves the header is C++-clean), valgrind over the shared builds, and
# ASan+UBSan; then builds examples/quickstart.c via pkg-config omendb and omendb-static and
# runs it (also under valgrind). Prints a PASS/FAIL table; exits 1 on any failure.
# Usage: run.sh [shared static cxx valgrind asan asan-clang example]. Outputs go to test/c/build/ (git-ignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

# OMENDB_LIB_DIR overrides where libomendb and its pkgconfig/ folder are (default: the cargo release dir).
LIB_DIR="$(realpath -m "${OMENDB_LIB_DIR:-native/target/release}")"
export PKG_CONFIG_PATH="$LIB_DIR/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
RUN_LIBRARY_PATH="$LIB_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
BUILD="$ROOT/test/c/build"
TESTS=(test_version_errors test_storage test_index test_errors test_seed_compat test_threads)
CFLAGS=(-std=c99 -Wall -Wextra -Werror -pedantic -g -O1 -pthread -Itest/c)
CXXFLAGS=(-x c++ -std=c++17 -Wall -Wextra -Werror -pedantic -g -O1 -pthread -Itest/c)
SANITIZE=(-fsanitize=address,undefined -fno-omit-frame-pointer)
VALGRIND=(valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect
  --show-leak-kinds=definite,indirect --suppressions="$ROOT/test/c/valgrind.supp")
RUN_TIMEOUT="${OMENDB_C_TEST_TIMEOUT:-900}"

ROWS=()
FAILURES=0

# record VARIANT NAME STATUS DETAIL: one row of the final table.
record() {
  ROWS+=("$(printf '%-9s %-20s %-5s %s' "$1" "$2" "$3" "$4")")
  if [[ $3 == FAIL ]]; then FAILURES=$((FAILURES + 1)); fi
}

# show_failure LOG: the lines of a log that explain a failure.
show_failure() {
  grep -E 'CHECK|failed|last error|expected|ERROR SUMMARY|definitely lost|indirectly lost|Sanitizer|runtime error|Invalid (read|write)|uninitialised|Segmentation|Aborted|panicked|error:' "$1" | head -40 | sed 's/^/    /' || true
  echo "    (full log: ${1#"$ROOT"/})"
}

# compile VARIANT NAME OUTPUT COMMAND...: records a FAIL row when the build fails.
compile() {
  local variant=$1 name=$2 output=$3 log="$BUILD/logs/$1-$2.build.log"
  shift 3
  if "$@" -o "$output" >"$log" 2>&1; then return 0; fi
  record "$variant" "$name" FAIL "does not compile"
  sed 's/^/    /' "$log" | head -20
  return 1
}

# run_test VARIANT NAME BINARY [PREFIX...]: runs one test binary, parses its summary line.
run_test() {
  local variant=$1 name=$2 binary=$3 log="$BUILD/logs/$1-$2.log" rc=0 summary detail
  shift 3
  mkdir -p "$BUILD/tmp/$variant"
  (cd "$BUILD/tmp/$variant" && TMPDIR="$BUILD/tmp/$variant" LD_LIBRARY_PATH="$RUN_LIBRARY_PATH" \
    timeout "$RUN_TIMEOUT" "$@" "$binary") >"$log" 2>&1 || rc=$?
  summary=$(grep -E "^$name: [0-9]+ checks, [0-9]+ failed" "$log" | tail -n 1 || true)
  detail="${summary#"$name: "}"
  if [[ $variant == valgrind ]]; then
    detail="$detail; $(grep -Eo 'ERROR SUMMARY: [0-9]+ errors' "$log" | tail -n 1 || echo 'no valgrind summary')"
  fi
  if [[ $rc -eq 124 ]]; then detail="timed out after ${RUN_TIMEOUT}s; $detail"; fi
  if [[ $rc -eq 0 && -n $summary ]]; then
    record "$variant" "$name" PASS "$detail"
  else
    record "$variant" "$name" FAIL "exit $rc; ${detail:-no summary line}"
    echo "--- $variant/$name failed (exit $rc):"
    show_failure "$log"
  fi
}

ensure_library() {
  if [[ ! -f $LIB_DIR/libomendb.so || ! -f $LIB_DIR/libomendb.a || ! -f $LIB_DIR/pkgconfig/omendb.pc ]]; then
    if [[ -n ${OMENDB_LIB_DIR:-} || ! -f scripts/build-native.mjs ]]; then
      echo "libomendb.so, libomendb.a or pkgconfig/omendb.pc missing in $LIB_DIR, and no build to run" >&2
      exit 1
    fi
    echo "== native library missing: node scripts/build-native.mjs"
    node scripts/build-native.mjs
  fi
  if ! pkg-config --exists omendb; then
    echo "pkg-config cannot find omendb in $LIB_DIR/pkgconfig" >&2
    exit 1
  fi
}

run_variant_shared() {
  local name
  mkdir -p "$BUILD/shared"
  for name in "${TESTS[@]}"; do
    # shellcheck disable=SC2046  # pkg-config output is a list of flags
    compile shared "$name" "$BUILD/shared/$name" gcc "${CFLAGS[@]}" "test/c/$name.c" $(pkg-config --cflags --libs omendb) &&
      run_test shared "$name" "$BUILD/shared/$name"
  done
}

run_variant_static() {
  local name
  mkdir -p "$BUILD/static"
  for name in "${TESTS[@]}"; do
    compile static "$name" "$BUILD/static/$name" gcc "${CFLAGS[@]}" -Iinclude "test/c/$name.c" \
      "$LIB_DIR/libomendb.a" -lpthread -ldl -lm &&
      run_test static "$name" "$BUILD/static/$name"
  done
}

run_variant_cxx() {
  local name
  mkdir -p "$BUILD/cxx"
  for name in "${TESTS[@]}"; do
    compile c++ "$name" "$BUILD/cxx/$name" g++ "${CXXFLAGS[@]}" -Iinclude "test/c/$name.c" -x none \
      -L"$LIB_DIR" -lomendb &&
      run_test c++ "$name" "$BUILD/cxx/$name"
  done
}

run_variant_valgrind() {
  local name
  if ! command -v valgrind >/dev/null; then
    record valgrind all FAIL "valgrind is not installed"
    return
  fi
  for name in "${TESTS[@]}"; do
    if [[ -x $BUILD/shared/$name ]]; then
      run_test valgrind "$name" "$BUILD/shared/$name" "${VALGRIND[@]}"
    fi
  done
}

# run_variant_asan VARIANT CC: every test under AddressSanitizer + UndefinedBehaviorSanitizer built by
# CC (gcc for `asan`, clang for `asan-clang`: the two compilers instrument differently).
run_variant_asan() {
  local variant=$1 cc=$2 name dir="$BUILD/$1"
  local probe="$dir/probe"
  mkdir -p "$dir"
  printf 'int main(void) { return 0; }\n' >"$probe.c"
  if ! command -v "$cc" >/dev/null 2>&1; then
    echo "SKIP $variant: $cc is not installed"
    record "$variant" all SKIP "$cc not installed"
    return
  fi
  if ! "$cc" "${SANITIZE[@]}" "$probe.c" -o "$probe" >/dev/null 2>&1 || ! "$probe"; then
    echo "SKIP $variant: $cc cannot build or run with ${SANITIZE[*]} (sanitizer runtimes missing)"
    record "$variant" all SKIP "sanitizer runtimes unavailable"
    return
  fi
  for name in "${TESTS[@]}"; do
    compile "$variant" "$name" "$dir/$name" "$cc" "${CFLAGS[@]}" "${SANITIZE[@]}" -Iinclude "test/c/$name.c" \
      -L"$LIB_DIR" -lomendb &&
      ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        run_test "$variant" "$name" "$dir/$name"
  done
}

# The example, built with exactly the README's command line plus warnings as errors.
run_example() {
  local log="$BUILD/logs/example-quickstart.log" rc=0 dir="$BUILD/tmp/example" missing=""
  mkdir -p "$BUILD/example" "$dir"
  rm -f "$dir/quickstart.omendb"
  # shellcheck disable=SC2046
  compile example quickstart "$BUILD/example/quickstart" cc -std=c99 -Wall -Wextra -Werror -pedantic \
    examples/quickstart.c $(pkg-config --cflags --libs omendb) || return 0
  (cd "$dir" && LD_LIBRARY_PATH="$RUN_LIBRARY_PATH" timeout "$RUN_TIMEOUT" "$BUILD/example/quickstart" \
    quickstart.omendb) >"$log" 2>&1 || rc=$?
  for expected in "get 42 -> \"hello, omendb\"" "batch wrote 1000 keys" "range scan: 1000 keys in 4 pages" \
    "index: 100000 keys" "lookup 4242 -> \"value 4242\"" "done"; do
    grep -qF "$expected" "$log" || missing="$missing [$expected]"
  done
  if [[ $rc -eq 0 && -z $missing ]]; then
    record example quickstart PASS "exit 0, expected output present"
  else
    record example quickstart FAIL "exit $rc; missing output:${missing:- none}"
    sed 's/^/    /' "$log" | tail -20
  fi
  # The static .pc: the binary must run with no libomendb.so on the loader path.
  rc=0
  rm -f "$dir/quickstart.omendb"
  # shellcheck disable=SC2046
  if compile example quickstart-static "$BUILD/example/quickstart-static" cc -std=c99 -Wall -Wextra -Werror \
    -pedantic examples/quickstart.c $(pkg-config --cflags --libs omendb-static); then
    (cd "$dir" && timeout "$RUN_TIMEOUT" "$BUILD/example/quickstart-static" quickstart.omendb) \
      >"$log.static" 2>&1 || rc=$?
    if [[ $rc -eq 0 ]] && grep -qF "done" "$log.static" && ! ldd "$BUILD/example/quickstart-static" | grep -q libomendb; then
      record example quickstart-static PASS "pkg-config omendb-static, no libomendb.so needed"
    else
      record example quickstart-static FAIL "exit $rc"
      sed 's/^/    /' "$log.static" | tail -20
    fi
  fi
  if command -v valgrind >/dev/null; then
    rm -f "$dir/quickstart.omendb"
    rc=0
    (cd "$dir" && LD_LIBRARY_PATH="$RUN_LIBRARY_PATH" timeout "$RUN_TIMEOUT" "${VALGRIND[@]}" \
      "$BUILD/example/quickstart" quickstart.omendb) >"$log.valgrind" 2>&1 || rc=$?
    if [[ $rc -eq 0 ]]; then
      record valgrind quickstart PASS "$(grep -Eo 'ERROR SUMMARY: [0-9]+ errors' "$log.valgrind" | tail -n 1)"
    else
      record valgrind quickstart FAIL "exit $rc"
      show_failure "$log.valgrind"
    fi
  fi
}

main() {
  local variants=("$@")
  if [[ ${#variants[@]} -eq 0 ]]; then variants=(shared static cxx valgrind asan asan-clang example); fi
  ensure_library
  rm -rf "$BUILD/tmp" "$BUILD/logs"
  mkdir -p "$BUILD/logs" "$BUILD/tmp"
  for variant in "${variants[@]}"; do
    echo "== $variant"
    case $variant in
      shared) run_variant_shared ;;
      static) run_variant_static ;;
      cxx) run_variant_cxx ;;
      valgrind) run_variant_valgrind ;;
      asan) run_variant_asan asan gcc ;;
      asan-clang) run_variant_asan asan-clang clang ;;
      example) run_example ;;
      *) echo "unknown variant: $variant (shared static cxx valgrind asan asan-clang example)" >&2; exit 2 ;;
    esac
  done
  echo
  printf '%-9s %-20s %-5s %s\n' variant test result detail
  printf '%s\n' "${ROWS[@]}"
  echo
  if [[ $FAILURES -gt 0 ]]; then
    echo "C suite: $FAILURES failure(s)"
    exit 1
  fi
  echo "C suite: all passed"
}

main "$@"
