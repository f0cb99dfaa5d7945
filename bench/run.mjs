#!/usr/bin/env node
// Entry of `npm run bench` (full) and `npm run bench -- --quick`: runs every selected suite — the
// Rust index suites (lookup, build, memory, delta) in omendb-bench, then the script suites
// (storage vs peers, batch get_many, FFI ladder, generator speed) — merges their rows into
// bench/results/latest.json, and renders bench/REPORT.md and the PNG plots (bench/results/*.png).

import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { describeMachine } from "./lib/machine.mjs";
import { binaryArgs, parseOptions, selectedSuites } from "./lib/options.mjs";
import { makePlots } from "./lib/plots.mjs";
import { addRatios } from "./lib/ratios.mjs";
import { renderReport } from "./lib/report.mjs";
import { validateRows } from "./lib/rows.mjs";
import { runScriptSuite } from "./lib/suites.mjs";
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

function printIndexTable(rows) {
  const pad = (text, width) => String(text).padEnd(width);
  console.log(`${pad("suite", 16)}${pad("dataset", 16)}${pad("method", 20)}${pad("median", 14)}${pad("p99", 14)}ratio`);
  for (const r of rows) {
    const value = r.suite === "memory" ? `${r.bytes} B` : `${r.median_ns} ns`;
    const p99 = r.suite === "memory" ? "" : `${r.p99_ns} ns`;
    console.log(`${pad(r.suite, 16)}${pad(r.dataset, 16)}${pad(r.name, 20)}${pad(value, 14)}${pad(p99, 14)}${r.ratio ?? "–"}`);
  }
}

/** Runs the selected suites; returns the rows (index rows tagged group "index") and the script suites' records. */
async function runSuites(options) {
  const { index, scripts } = selectedSuites(options);
  let rows = [];
  if (index.length > 0) {
    const binary = buildBinary();
    rows = addRatios(await runBinary(binary, binaryArgs(options))).map((row) => ({ ...row, group: "index" }));
    printIndexTable(rows);
  }
  const records = [];
  const recordsDir = path.join(benchDir, ".scratch", "records");
  mkdirSync(recordsDir, { recursive: true });
  for (const id of scripts) {
    const record = runScriptSuite(id, { repoRoot, mode: options.mode, outDir: recordsDir });
    if (record.failed) console.error(`suite ${id} failed: ${record.failed}`);
    records.push(record);
    if (!record.failed) rows.push(...record.rows);
  }
  return { rows: validateRows(rows), records };
}

/** Saved records keep everything but their rows, which live once in `rows` (tagged by group). */
const stripRows = ({ rows: _rows, ...rest }) => rest;
const attachRows = (records, rows) => records.map((r) => (r.failed ? r : { ...r, rows: rows.filter((row) => row.group === r.suite) }));

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
  let rows, records, machine, elapsedSeconds, runOptions;
  if (options.reportOnly) {
    const saved = JSON.parse(readFileSync(resultsFile, "utf8"));
    ({ rows, machine } = saved);
    records = attachRows(saved.suites ?? [], rows);
    elapsedSeconds = saved.elapsed_seconds;
    runOptions = saved.options;
  } else {
    const started = Date.now();
    machine = describeMachine();
    ({ rows, records } = await runSuites(options));
    machine.load_average_end = os.loadavg().map((x) => Number(x.toFixed(2)));
    elapsedSeconds = (Date.now() - started) / 1000;
    mkdirSync(outDir, { recursive: true });
    const { out: _out, reportOnly: _reportOnly, ...recorded } = options;
    runOptions = recorded;
    const saved = { options: recorded, machine, elapsed_seconds: Math.round(elapsedSeconds), rows, suites: records.map(stripRows) };
    writeFileSync(resultsFile, `${JSON.stringify(saved, null, 1)}\n`);
  }
  const plots = options.plots ? makePlots({ repoRoot, benchDir, resultsFile, outDir }) : [];
  const notesFile = path.join(benchDir, "notes.md");
  const notes = existsSync(notesFile) ? readFileSync(notesFile, "utf8") : null;
  const command = `npm run bench${runOptions.mode === "quick" ? " -- --quick" : ""}${runOptions.suites ? ` --suites ${runOptions.suites}` : ""}`;
  const report = renderReport({ rows, machine, options: runOptions, command, elapsedSeconds, plots, notes, records });
  const reportFile = options.out ? path.join(outDir, "REPORT.md") : path.join(benchDir, "REPORT.md");
  writeFileSync(reportFile, `${report}\n`);

  const checks = [
    ...checkTargets(rows.filter((r) => (r.group ?? "index") === "index")).map((c) => ({ ...c, target: `${c.target} [${c.dataset}]` })),
    ...records.flatMap((r) => (r.failed ? [] : r.checks)),
  ];
  console.log(`\ntargets: ${checks.filter((c) => c.met).length}/${checks.length} met`);
  for (const c of checks.filter((c) => !c.met)) console.log(`  missed: ${c.target}: ${c.measured}`);
  for (const r of records.filter((r) => r.failed)) console.log(`  suite ${r.suite} not measured: ${r.failed}`);
  const written = `${path.relative(repoRoot, reportFile)}${plots.length ? `, ${plots.length} plots` : ""}`;
  if (options.reportOnly) console.log(`re-rendered ${written} from ${path.relative(repoRoot, resultsFile)}`);
  else console.log(`wrote ${path.relative(repoRoot, resultsFile)}, ${written} in ${Math.round(elapsedSeconds)} s`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
