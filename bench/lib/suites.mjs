// The suites `npm run bench` runs and how: the index suites live in the Rust binary
// (native/src/bin/omendb-bench); the others are TypeScript programs run with tsx, each writing
// a suite record (<out>/<id>.json: title, intro, rows, target checks) that the harness merges.

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

import { validateRows } from "./rows.mjs";

/** Suites of the Rust binary (row suites: lookup and lookup_absent10, build, memory, delta). */
export const INDEX_SUITES = ["lookup", "build", "memory", "delta"];

/** Script suites in run order, with their program (relative to the repo root). */
export const SCRIPT_SUITES = {
  storage: { script: "bench/storage/run.ts", title: "Storage: OmenDB vs LMDB and SQLite from Node" },
  batch: { script: "bench/batch/run.ts", title: "Batch get_many and per-call cost from Node and Python vs C" },
  ffi: { script: "bench/ffi-ladder/run.ts", title: "FFI overhead per layer (ladder)" },
  generator: { script: "bench/generator/run.ts", title: "Generator speed" },
};

/** Every suite id `--suites` accepts, in run order. */
export const ALL_SUITES = [...INDEX_SUITES, ...Object.keys(SCRIPT_SUITES)];

/** The report group of a row: "index" for the Rust suites, else the script suite that wrote it. */
export function groupOfRow(row) {
  return row.group ?? "index";
}

/** Checks a suite record's shape; returns it with every row tagged with its group. */
export function acceptRecord(id, record) {
  if (typeof record !== "object" || record === null) throw new Error(`${id}: the suite record is not an object`);
  if (record.suite !== id) throw new Error(`${id}: the suite record names suite ${JSON.stringify(record.suite)}`);
  if (!Array.isArray(record.intro) || !Array.isArray(record.checks)) throw new Error(`${id}: the suite record lacks intro or checks`);
  for (const c of record.checks) {
    if (typeof c.target !== "string" || typeof c.measured !== "string" || typeof c.met !== "boolean") throw new Error(`${id}: malformed target check ${JSON.stringify(c)}`);
  }
  validateRows(record.rows);
  return { ...record, rows: record.rows.map((row) => ({ ...row, group: id })) };
}

/**
 * Runs one script suite (`node <tsx> <script> --quick|--full --out <outDir>`), streaming its output
 * to stderr; returns its accepted record, or `{ suite, title, failed }` when it could not run.
 */
export function runScriptSuite(id, { repoRoot, mode, outDir }) {
  const { script, title } = SCRIPT_SUITES[id];
  const recordFile = path.join(outDir, `${id}.json`);
  rmSync(recordFile, { force: true });
  const tsx = path.join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs");
  console.error(`\n=== ${id}: tsx ${script} --${mode}`);
  const started = Date.now();
  const run = spawnSync(process.execPath, [tsx, path.join(repoRoot, script), `--${mode}`, "--out", outDir], { cwd: repoRoot, stdio: ["ignore", 2, 2] });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (run.status !== 0 || !existsSync(recordFile)) {
    return { suite: id, title, failed: `\`${script}\` exited with ${run.status ?? run.signal} after ${seconds} s (its output is in the run's log)` };
  }
  try {
    return acceptRecord(id, JSON.parse(readFileSync(recordFile, "utf8")));
  } catch (error) {
    return { suite: id, title, failed: error instanceof Error ? error.message : String(error) };
  }
}
