// Result rows and report fragments of the peer suites: the row shape of bench/run.mjs
// (`suite, name, dataset, n, median_ns, p99_ns, baseline, ratio`, plus suite-specific fields),
// ratios to a named baseline row, target verdicts, and the markdown fragment rendering.
// Output files: bench/results/<suite>.json (rows) and bench/results/<suite>.md (fragment).

import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";

/** A measurement before its ratio is known; suite-specific numbers ride along as extra fields. */
export interface RawRow {
  suite: string;
  name: string;
  dataset: string;
  n: number;
  median_ns: number;
  p99_ns: number;
  [extra: string]: unknown;
}

/** One measurement, as bench/results/latest.json rows. */
export interface Row extends RawRow {
  baseline: string | null;
  ratio: number | null;
}

/** A target of the issue with its verdict. */
export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
  cause: string;
}

/** Rows with `ratio` = median / median of the `baseline` row of the same suite and dataset. */
export function addRatios(rows: readonly RawRow[], baselines: Readonly<Record<string, string>>): Row[] {
  return rows.map((row) => {
    const baseline = baselines[row.suite] ?? null;
    const base = rows.find((r) => r.suite === row.suite && r.dataset === row.dataset && r.name === baseline);
    const ratio = base && base.median_ns > 0 ? Number((row.median_ns / base.median_ns).toPrecision(4)) : null;
    return { ...row, baseline, ratio };
  });
}

/** The row of `suite`/`name` (any dataset); throws when a measurement the report needs is missing. */
export function rowOf(rows: readonly Row[], suite: string, name: string): Row {
  const row = rows.find((r) => r.suite === suite && r.name === name);
  if (!row) throw new Error(`no row ${suite}/${name}`);
  return row;
}

/** Human time: ns below 10 µs, µs below 10 ms, else ms. */
export function fmtTime(ns: number): string {
  if (ns >= 1e7) return `${(ns / 1e6).toFixed(1)} ms`;
  if (ns >= 1e4) return `${(ns / 1e3).toFixed(1)} µs`;
  return `${ns.toFixed(1)} ns`;
}

/** Markdown table of rows grouped as given, with ratios to each row's baseline. */
export function renderTable(rows: readonly Row[]): string[] {
  const lines = ["| suite | method | dataset | n | median | p99 | ratio | baseline |", "|---|---|---|---:|---:|---:|---:|---|"];
  for (const r of rows) {
    const ratio = r.ratio === null ? "–" : r.ratio.toFixed(3);
    lines.push(`| ${r.suite} | ${r.name} | ${r.dataset} | ${r.n.toLocaleString("en-US")} | ${fmtTime(r.median_ns)} | ${fmtTime(r.p99_ns)} | ${ratio} | ${r.baseline ?? "–"} |`);
  }
  return lines;
}

/** One markdown line per target: met / missed with the measured value and the cause. */
export function renderTargets(checks: readonly TargetCheck[]): string[] {
  return checks.map((c) => `- ${c.met ? "**met**" : "**missed**"}: ${c.target} — measured ${c.measured}.${c.cause ? ` ${c.cause}` : ""}`);
}

/** "Load average at the start: a, b, c on N cores." for the markdown fragments (the machine is shared). */
export function loadNote(): string {
  return `Load average at the start: ${loadavg().map((x) => x.toFixed(1)).join(", ")} on ${cpus().length} cores (a shared machine: absolute times are noisy, same-run ratios steadier).`;
}

/** Writes `<dir>/<suite>.json` and `<dir>/<suite>.md`; returns their paths. */
export function writeSuiteResults(dir: string, suite: string, rows: readonly Row[], markdown: string): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${suite}.json`);
  const md = join(dir, `${suite}.md`);
  writeFileSync(json, `${JSON.stringify(rows, null, 1)}\n`);
  writeFileSync(md, markdown.endsWith("\n") ? markdown : `${markdown}\n`);
  return { json, md };
}

/** Writes a suite's rows and its markdown fragment (intro, table, targets) and prints the table and targets. */
export function publishSuite(dir: string, suite: string, intro: readonly string[], rows: readonly Row[], checks: readonly TargetCheck[]): { json: string; md: string } {
  const table = renderTable(rows);
  const targets = renderTargets(checks);
  const markdown = [...intro, "", ...table, "", "Targets:", "", ...targets].join("\n");
  console.log(table.join("\n"));
  console.log(targets.join("\n"));
  return writeSuiteResults(dir, suite, rows, markdown);
}
