// Results of the script suites (storage, batch, FFI ladder, generator): the suite record each
// writes to <out>/<suite>.json (title, intro, rows, target checks), which bench/run.mjs merges
// into bench/results/latest.json and REPORT.md; rows, ratios and renderings come from rows.mjs.

import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { renderTable, renderTargets, type Row, type TargetCheck } from "./rows.mjs";

export { addRatios, fmtTime, renderTable, renderTargets, rowOf, type RawRow, type Row, type TargetCheck } from "./rows.mjs";

/** What one script suite hands to the harness: everything its report section needs. */
export interface SuiteRecord {
  /** Suite id as `--suites` names it (storage, batch, ffi, generator). */
  suite: string;
  /** Section title in REPORT.md. */
  title: string;
  mode: "quick" | "full";
  elapsed_seconds: number;
  /** Markdown paragraphs: command, method, sizes, load. */
  intro: string[];
  rows: Row[];
  checks: TargetCheck[];
}

/** "Load average at the start: a, b, c on N cores." for the intros (the machine is shared). */
export function loadNote(): string {
  return `Load average at the start: ${loadavg().map((x) => x.toFixed(1)).join(", ")} on ${cpus().length} cores (a shared machine: absolute times are noisy, same-run ratios steadier).`;
}

/** Writes `<dir>/<suite>.json` (the record) and prints its table and targets; returns the file path. */
export function publishSuite(dir: string, record: SuiteRecord): string {
  console.log(renderTable(record.rows).join("\n"));
  console.log(renderTargets(record.checks).join("\n"));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${record.suite}.json`);
  writeFileSync(file, `${JSON.stringify(record, null, 1)}\n`);
  return file;
}
