#!/usr/bin/env node
// Soak run of the Rust reliability suite (`npm run test:soak`): runs the crash, model,
// fuzz-stress, bad-file and fault tests with OMENDB_SOAK=1 (1000 SIGKILLs, 50x the model
// and fuzz iterations), then repeats the concurrency races, and prints the summary lines.
// Usage: node scripts/soak.mjs [--repeat N] [--release]   (exit code: first failure's code)
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = join(repoRoot, "native", "Cargo.toml");
const SUMMARY = /^(crash test|model \(|fuzz stress|concurrency|close races|bit flips|truncation|SKIPPED)/;

function parseArgs(argv) {
  const options = { repeat: 10, release: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--repeat") options.repeat = Number(argv[++i]);
    else if (argv[i] === "--release") options.release = true;
    else throw new Error(`unknown argument ${argv[i]} (expected --repeat N or --release)`);
  }
  if (!Number.isInteger(options.repeat) || options.repeat < 1) throw new Error("--repeat needs a positive integer");
  return options;
}

/** Runs cargo test with the given test targets, echoing output; resolves to [code, summary lines]. */
function cargoTest(targets, extraArgs, env) {
  const args = ["test", "--manifest-path", manifest, ...extraArgs, ...targets.flatMap((t) => ["--test", t]), "--", "--nocapture"];
  return new Promise((resolve) => {
    const child = spawn("cargo", args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
    const summary = [];
    let pending = "";
    child.stdout.on("data", (chunk) => {
      process.stdout.write(chunk);
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) if (SUMMARY.test(line)) summary.push(line);
    });
    child.on("close", (code) => resolve([code ?? 1, summary]));
  });
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const profile = options.release ? ["--release"] : [];
  const started = Date.now();
  const summary = [];
  const soakTargets = ["crash_sigkill", "reliability_model", "reliability_fuzz_stress", "reliability_bad_files", "reliability_panic"];
  const [code, lines] = await cargoTest(soakTargets, profile, { OMENDB_SOAK: "1" });
  summary.push(...lines);
  if (code !== 0) return finish(code, summary, started);
  for (let round = 1; round <= options.repeat; round++) {
    const [raceCode, raceLines] = await cargoTest(["reliability_concurrency"], profile, {});
    summary.push(...raceLines.map((line) => `[race round ${round}] ${line}`));
    if (raceCode !== 0) return finish(raceCode, summary, started);
  }
  return finish(0, summary, started);
}

function finish(code, summary, started) {
  console.log(`\n== soak summary (${((Date.now() - started) / 1000).toFixed(0)} s, ${code === 0 ? "passed" : `FAILED with ${code}`}) ==`);
  for (const line of summary) console.log(line);
  process.exitCode = code;
}

main().catch((error) => {
  console.error(`soak: ${error.message}`);
  process.exitCode = 2;
});
