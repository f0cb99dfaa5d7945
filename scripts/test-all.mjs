#!/usr/bin/env node
// `npm test`: runs every suite in order (native build, bindings drift, lint, Rust, C, Node,
// Python), keeps going after a failure so one run shows every problem, prints a summary
// table with timings, and exits non-zero if any suite failed. `--only a,b` runs a subset.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Each suite is one shell command run from the repo root. */
const suites = [
  { id: "build", cmd: "node scripts/build-native.mjs" },
  { id: "build-tiers", cmd: "node scripts/build-compiled.mjs" },
  { id: "abi-hash", cmd: "node scripts/abi-hash.mjs --check" },
  { id: "bindings", cmd: "node scripts/generate-bindings.mjs --check" },
  { id: "docs", cmd: "node scripts/generate-docs.mjs --check" },
  { id: "lint-ts", cmd: "npx tsc --noEmit -p ." },
  { id: "lint-rust", cmd: "cargo clippy --quiet --manifest-path native/Cargo.toml --all-targets -- -D warnings" },
  { id: "rust", cmd: "cargo test --quiet --manifest-path native/Cargo.toml" },
  { id: "fuzz", cmd: "bash scripts/fuzz.sh --seconds 30" },
  { id: "c", cmd: "bash test/c/run.sh" },
  { id: "node", cmd: "npx vitest run" },
  { id: "python", cmd: "bash scripts/test-python.sh" },
  { id: "bench-harness", cmd: "node --import tsx --test bench/test/*.test.* bench/*/test/*.test.ts" },
];

const onlyArg = process.argv.find((a) => a.startsWith("--only="));
const only = onlyArg ? new Set(onlyArg.slice("--only=".length).split(",")) : null;
const results = [];
for (const suite of suites) {
  if (only && !only.has(suite.id)) continue;
  console.log(`\n=== ${suite.id}: ${suite.cmd}`);
  const t0 = Date.now();
  const run = spawnSync(suite.cmd, { cwd: root, stdio: "inherit", shell: true });
  const ok = run.status === 0;
  results.push({ id: suite.id, ok, seconds: (Date.now() - t0) / 1000 });
  // Without the native library nothing else can run meaningfully.
  if (!ok && suite.id === "build") break;
}

console.log(`\n${"suite".padEnd(14)} result  seconds`);
for (const r of results) {
  console.log(`${r.id.padEnd(14)} ${(r.ok ? "ok" : "FAIL").padEnd(7)} ${r.seconds.toFixed(1).padStart(7)}`);
}
const failed = results.filter((r) => !r.ok);
console.log(failed.length ? `\n${failed.length} suite(s) failed: ${failed.map((r) => r.id).join(", ")}` : "\nall suites passed");
process.exit(failed.length ? 1 : 0);
