#!/usr/bin/env node
// Longer fuzz run of omendb-bindgen on seeded mutations of real headers (zlib.h, sqlite3.h,
// include/omendb_ffi.h, the codegen fixtures); the unmutated headers run first. Usage:
//   node scripts/fuzz-generator.mjs [--iterations N] [--seconds S] [--seed K] [--jobs J] [--timeout MS]
// Every input that breaks the contract is saved under codegen/test/fuzz/crashes/<source>-<seed>/ (git-ignored)
// (the mutated header and a problems.txt); exit 1 if any, else 0.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const { runCampaign } = await import("../codegen/test/fuzz/campaign.ts");

function readArgs(argv) {
  const opts = { iterations: 200, seconds: undefined, seed: Date.now() % 1_000_000, jobs: undefined, timeout: 30_000 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const n = Number(value);
    if (value === undefined || !Number.isFinite(n)) throw new Error(`${flag} needs a number`);
    if (flag === "--iterations") opts.iterations = n;
    else if (flag === "--seconds") opts.seconds = n;
    else if (flag === "--seed") opts.seed = n;
    else if (flag === "--jobs") opts.jobs = n;
    else if (flag === "--timeout") opts.timeout = n;
    else throw new Error(`unknown option ${flag}`);
  }
  if (opts.seconds !== undefined && !argv.includes("--iterations")) opts.iterations = Infinity;
  return opts;
}

let opts;
try {
  opts = readArgs(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`fuzz-generator: ${e.message}\nusage: node scripts/fuzz-generator.mjs [--iterations N] [--seconds S] [--seed K] [--jobs J] [--timeout MS]\n`);
  process.exit(2);
}
process.stdout.write(`fuzz-generator: seed ${opts.seed}, up to ${opts.iterations} inputs${opts.seconds ? ` or ${opts.seconds} s` : ""}\n`);
const report = await runCampaign({
  seed: opts.seed,
  originals: true,
  iterations: opts.iterations,
  seconds: opts.seconds,
  poolSize: opts.jobs,
  timeoutMs: opts.timeout,
  deepEvery: 5,
  tscEvery: 25,
  onResult: (k, verdict) => {
    if (verdict === "failed") process.stdout.write(`  input ${k}: FAILED\n`);
    else if ((k + 1) % 25 === 0) process.stdout.write(`  ${k + 1} inputs\n`);
  },
});
const crashes = path.join(root, "codegen", "test", "fuzz", "crashes");
for (const f of report.failures) {
  const dir = path.join(crashes, `${f.source}-${f.seed}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, f.fileName), f.text);
  fs.writeFileSync(path.join(dir, "problems.txt"), [`source: ${f.source}`, `seed: ${f.seed}`, `mutations: ${f.steps.join(", ")}`, `args: ${f.args.join(" ")}`, ...f.problems.map((p) => `problem: ${p}`), ""].join("\n"));
  process.stdout.write(`FAILED ${f.source} seed ${f.seed} (${f.steps.join(", ")}):\n  ${f.problems.join("\n  ")}\n  saved in ${path.relative(root, dir)}\n`);
}
process.stdout.write(
  `fuzz-generator: ${report.inputs} inputs in ${(report.ms / 1000).toFixed(1)} s: ${report.accepted} accepted, ${report.rejected} rejected, ${report.failures.length} failed (slowest ${Math.round(report.slowestMs)} ms)\n`,
);
process.exitCode = report.failures.length ? 1 : 0;
