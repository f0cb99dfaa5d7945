// Generator suite: wall time of `omendb-bindgen <header> --lib <lib> --out <dir>` with all default
// targets (end to end, as a user runs it: node start-up, loading the CLI's compiled bundle, cc
// runs, writing files) and the CLI's own in-process time (its closing line "… in X ms"), median and
// p99 of repeated runs after a warm-up; `--version` gives the start-up cost alone.
// Run: npx tsx bench/generator/run.ts [--quick] [--out DIR], or npm run bench. Writes <out>/generator.json (default bench/results/tmp/).

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { resolveTargets } from "../../codegen/cli/default-targets.js";
import { ensureDebPackage, omendbLibrary, parseSuiteArgs, repoRoot, requireOmendbLibrary, scratchDir } from "../lib/env.js";
import { publishSuite, fmtTime, type Row, type TargetCheck } from "../lib/results.js";
import { summarize } from "../lib/stats.js";
import { parseCpuNs, parseReportedMs } from "./cli-output.js";

const USAGE = "usage: npx tsx bench/generator/run.ts [--quick|--full] [--out DIR]";
/** Timed runs per header (after one warm-up run) and the headers of each mode. */
const MODES = {
  quick: { runs: 3, headers: ["sqlite3"] },
  full: { runs: 5, headers: ["sqlite3", "zlib", "lmdb", "omendb_ffi"] },
} as const;
const TARGET_MS = 1000;

/** A header the suite generates bindings for, with the --lib it passes. */
interface Input { name: string; header: string; lib: string }

function inputs(): Record<string, Input> {
  return {
    sqlite3: { name: "sqlite3", header: "/usr/include/sqlite3.h", lib: "sqlite3" },
    zlib: { name: "zlib", header: "/usr/include/zlib.h", lib: "z" },
    lmdb: { name: "lmdb", header: "/usr/include/lmdb.h", lib: "lmdb" },
    omendb_ffi: { name: "omendb_ffi", header: join(repoRoot, "include", "omendb_ffi.h"), lib: omendbLibrary },
  };
}

/** GNU time, which reports the child's CPU time (wall time inflates on a loaded machine, CPU time much less). */
const GNU_TIME = "/usr/bin/time";

/** Runs the CLI once; returns wall ns, CPU ns (null without GNU time), the reported ms and the summary line. */
function runCli(args: string[]): { wallNs: number; cpuNs: number | null; reportedMs: number | null; summary: string } {
  const bin = join(repoRoot, "bin", "omendb-bindgen.mjs");
  const timed = existsSync(GNU_TIME);
  const [command, argv] = timed ? [GNU_TIME, ["-f", "%U %S", process.execPath, bin, ...args]] : [process.execPath, [bin, ...args]];
  const t0 = process.hrtime.bigint();
  const run = spawnSync(command, argv, { cwd: repoRoot, encoding: "utf8" });
  const wallNs = Number(process.hrtime.bigint() - t0);
  const output = `${run.stdout}\n${run.stderr}`;
  if (run.status !== 0) throw new Error(`omendb-bindgen ${args.join(" ")} exited with ${run.status}: ${output.trim().split("\n").slice(-3).join(" | ")}`);
  const summary = output.split("\n").find((l) => l.startsWith("omendb-bindgen:")) ?? "";
  return { wallNs, cpuNs: timed ? parseCpuNs(run.stderr) : null, reportedMs: parseReportedMs(output), summary };
}

function main(): void {
  const { mode, out } = parseSuiteArgs(process.argv.slice(2), USAGE);
  const size = MODES[mode];
  const started = Date.now();
  const loadAtStart = loadavg().map((x) => x.toFixed(1)).join(", ");
  requireOmendbLibrary();
  if (size.headers.some((h) => h === "lmdb")) ensureDebPackage("/usr/include/lmdb.h", "liblmdb-dev");
  const rows: Row[] = [];
  const summaries: string[] = [];

  const startup: number[] = [];
  for (let i = 0; i <= size.runs; i++) {
    const r = runCli(["--version"]);
    if (i > 0) startup.push(r.wallNs);
  }
  rows.push({ suite: "generator", name: "startup_version", dataset: "--version", n: size.runs, ...summarize(startup), baseline: null, ratio: null });

  for (const key of size.headers) {
    const input = inputs()[key];
    const out = scratchDir("generator", input.name);
    const wall: number[] = [];
    const cpu: number[] = [];
    const reported: number[] = [];
    for (let i = 0; i <= size.runs; i++) {
      const r = runCli([input.header, "--lib", input.lib, "--out", out]);
      if (i === 0) summaries.push(`- \`${input.name}\`: ${r.summary.replace(/ in \d+(\.\d+)? ms$/, "")}`);
      else {
        wall.push(r.wallNs);
        if (r.cpuNs !== null) cpu.push(r.cpuNs);
        if (r.reportedMs !== null) reported.push(r.reportedMs * 1e6);
      }
    }
    if (reported.length !== wall.length) throw new Error(`the CLI printed no "… in X ms" line for ${input.name}`);
    const wallRow: Row = { suite: "generator", name: "end_to_end", dataset: input.name, n: size.runs, ...summarize(wall), baseline: null, ratio: null };
    const cliRow: Row = { suite: "generator", name: "in_process", dataset: input.name, n: size.runs, ...summarize(reported), baseline: "end_to_end", ratio: null };
    cliRow.ratio = Number((cliRow.median_ns / wallRow.median_ns).toPrecision(4));
    rows.push(wallRow, cliRow);
    if (cpu.length === wall.length) {
      const cpuRow: Row = { suite: "generator", name: "end_to_end_cpu", dataset: input.name, n: size.runs, ...summarize(cpu), baseline: "end_to_end", ratio: null };
      cpuRow.ratio = Number((cpuRow.median_ns / wallRow.median_ns).toPrecision(4));
      rows.push(cpuRow);
    }
    console.error(`${input.name}: end to end ${fmtTime(wallRow.median_ns)}, in process ${fmtTime(cliRow.median_ns)}`);
  }

  const wall = rows.find((r) => r.dataset === "sqlite3" && r.name === "end_to_end")!;
  const inProcess = rows.find((r) => r.dataset === "sqlite3" && r.name === "in_process")!;
  const start = rows.find((r) => r.name === "startup_version")!;
  const cpuRow = rows.find((r) => r.dataset === "sqlite3" && r.name === "end_to_end_cpu");
  const cpuNote = cpuRow ? ` The process used ${fmtTime(cpuRow.median_ns)} of CPU (user + system of all its threads and its cc children), so on this loaded machine (load average ${loadAtStart}) wall time is inflated by waiting for a core.` : "";
  const checks: TargetCheck[] = [
    {
      target: "`omendb-bindgen` on sqlite3.h, all default targets, end to end (median of 5): < 1 s",
      measured: `${fmtTime(wall.median_ns)} (p99 ${fmtTime(wall.p99_ns)})`,
      met: wall.median_ns < TARGET_MS * 1e6,
      cause: wall.median_ns < TARGET_MS * 1e6 ? "" : `Start-up alone (\`omendb-bindgen --version\`: node loading the CLI's compiled bundle) takes ${fmtTime(start.median_ns)}; the work after start-up takes ${fmtTime(inProcess.median_ns)}.${cpuNote}`,
    },
    {
      target: "`omendb-bindgen` on sqlite3.h, all default targets, in-process time after start-up: < 1 s",
      measured: `${fmtTime(inProcess.median_ns)} (p99 ${fmtTime(inProcess.p99_ns)})`,
      met: inProcess.median_ns < TARGET_MS * 1e6,
      cause: inProcess.median_ns < TARGET_MS * 1e6 ? "" : "The in-process time includes the cc runs (preprocess; the constants probe's syntax check, build and run) and tree-sitter parsing.",
    },
  ];
  const seconds = Math.round((Date.now() - started) / 1000);
  const defaultTargetList = resolveTargets(undefined).targets.join(", ");
  const intro = [
    `\`npx tsx bench/generator/run.ts${mode === "quick" ? " --quick" : ""}\` (${mode}; took ${seconds} s). Each header: one warm-up run, then ${size.runs} timed runs of`
      + ` \`node bin/omendb-bindgen.mjs <header> --lib <lib> --out bench/.scratch/generator/<name>\` with all default targets (${defaultTargetList}).`
      + " `end_to_end` is the wall time of the process; `in_process` is the time the CLI reports itself (after start-up; ratio = its share of end to end);"
      + " `startup_version` is `omendb-bindgen --version`; `end_to_end_cpu` is the CLI process's user + system CPU time from GNU time (ratio = CPU / wall)."
      + ` Load average at the start: ${loadAtStart} on ${cpus().length} cores.`,
    "",
    ...summaries,
  ];
  const written = publishSuite(out, { suite: "generator", title: "Generator speed", mode, elapsed_seconds: seconds, intro, rows, checks });
  console.log(`wrote ${written} in ${seconds} s`);
}

main();
