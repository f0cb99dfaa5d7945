#!/usr/bin/env node
// Entry of `npm run bench` (full: 10M keys) and `npm run bench -- --quick` (1M keys): builds the
// Rust benchmark binary, runs its suites, adds ratios to each suite's baseline, prints a table,
// and writes bench/results/latest.json, bench/REPORT.md and PNG plots (bench/results/*.png).

import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { describeMachine } from "./lib/machine.mjs";
import { binaryArgs, parseOptions } from "./lib/options.mjs";
import { makePlots } from "./lib/plots.mjs";
import { addRatios } from "./lib/ratios.mjs";
import { renderReport } from "./lib/report.mjs";
import { checkTargets } from "./lib/targets.mjs";

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.dirname(benchDir);
const manifest = path.join(repoRoot, "native", "Cargo.toml");

function buildBinary() {
  console.error("building omendb-bench (cargo build --release)");
  execFileSync("cargo", ["build", "--release", "--quiet", "--bin", "omendb-bench", "--manifest-path", manifest], { stdio: "inherit" });
  const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(repoRoot, "native", "target");
  return path.join(targetDir, "release", "omendb-bench");
}

/** Runs the binary; resolves with its JSON rows (stderr progress is passed through). */
function runBinary(binary, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => { stdout += chunk; });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`omendb-bench exited with ${code}`));
      resolve(stdout.split("\n").filter((l) => l.trim().startsWith("{")).map((l) => JSON.parse(l)));
    });
  });
}

function printTable(rows) {
  const pad = (text, width) => String(text).padEnd(width);
  console.log(`${pad("suite", 16)}${pad("dataset", 16)}${pad("method", 20)}${pad("median", 14)}${pad("p99", 14)}ratio`);
  for (const r of rows) {
    const value = r.suite === "memory" ? `${r.bytes} B` : `${r.median_ns} ns`;
    const p99 = r.suite === "memory" ? "" : `${r.p99_ns} ns`;
    console.log(`${pad(r.suite, 16)}${pad(r.dataset, 16)}${pad(r.name, 20)}${pad(value, 14)}${pad(p99, 14)}${r.ratio ?? "–"}`);
  }
}

async function main() {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
  const outDir = options.out ? path.resolve(options.out) : path.join(benchDir, "results");
  const resultsFile = path.join(outDir, "latest.json");
  let rows, machine, elapsedSeconds, runOptions;
  if (options.reportOnly) {
    const saved = JSON.parse(readFileSync(resultsFile, "utf8"));
    ({ rows, machine } = saved);
    elapsedSeconds = saved.elapsed_seconds;
    runOptions = saved.options;
  } else {
    const started = Date.now();
    machine = describeMachine();
    const binary = buildBinary();
    rows = addRatios(await runBinary(binary, binaryArgs(options)));
    elapsedSeconds = (Date.now() - started) / 1000;
    printTable(rows);
    mkdirSync(outDir, { recursive: true });
    const { out: _out, reportOnly: _reportOnly, ...recorded } = options;
    runOptions = recorded;
    writeFileSync(resultsFile, `${JSON.stringify({ options: recorded, machine, elapsed_seconds: Math.round(elapsedSeconds), rows }, null, 1)}\n`);
  }
  const plots = options.plots ? makePlots({ repoRoot, benchDir, resultsFile, outDir }) : [];
  const notesFile = path.join(benchDir, "notes.md");
  const notes = existsSync(notesFile) ? readFileSync(notesFile, "utf8") : null;
  const command = `npm run bench${runOptions.mode === "quick" ? " -- --quick" : ""}`;
  const report = renderReport({ rows, machine, options: runOptions, command, elapsedSeconds, plots, notes });
  const reportFile = options.out ? path.join(outDir, "REPORT.md") : path.join(benchDir, "REPORT.md");
  writeFileSync(reportFile, `${report}\n`);

  const checks = checkTargets(rows);
  console.log(`\ntargets: ${checks.filter((c) => c.met).length}/${checks.length} met`);
  for (const c of checks.filter((c) => !c.met)) console.log(`  missed: ${c.target} [${c.dataset}] ${c.measured}`);
  console.log(`wrote ${path.relative(repoRoot, resultsFile)}, ${path.relative(repoRoot, reportFile)}${plots.length ? `, ${plots.length} plots` : ""} in ${Math.round(elapsedSeconds)} s`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
