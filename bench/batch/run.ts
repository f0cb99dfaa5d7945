// Batch suite: per-key cost of get_many on 1000-key batches from Node (package over koffi and
// over the Node-API addon, plus the raw generated koffi call) and from Python (package over each
// tier it can load), against the same calls timed in C inside the same process (c_timer.c, built
// here with gcc -O2 as a shared library linked to libomendb); also per-call get/put (no target).
// Run: npx tsx bench/batch/run.ts [--quick] [--out DIR], or npm run bench. Writes <out>/batch.json (default bench/results/tmp/).

import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { keysFile, probesFile, VALUE_BYTES } from "../lib/dataset.js";
import { compileSharedAgainstOmendb, parseSuiteArgs, repoRoot, requireOmendbLibrary, venvPython } from "../lib/env.js";
import { type ClientRow, pairRatios } from "./pair-ratios.js";
import { publishSuite, fmtTime, loadNote, type Row, type TargetCheck } from "../lib/results.js";

const USAGE = "usage: npx tsx bench/batch/run.ts [--quick|--full] [--out DIR]";
/** Sizes per mode: keys, keys per get_many batch, timed rounds, warm-up rounds. */
const MODES = {
  quick: { n: 100_000, batch: 1000, rounds: 50, warmup: 5 },
  full: { n: 1_000_000, batch: 1000, rounds: 200, warmup: 20 },
} as const;
const DATASET = "random_int64_100B";
const PROBE_SEED = 13n;
const SUITES = ["batch_get_many_index", "batch_get_many_storage", "ffi_call_storage_get", "ffi_call_index_get", "ffi_call_storage_put"];
const TARGET_RATIO = 1.25;


function parseLines(stdout: string): ClientRow[] {
  return stdout.split("\n").filter((l) => l.trim().startsWith("{")).map((l) => JSON.parse(l) as ClientRow);
}

/** Runs one client; a client that cannot run (a tier not built) is reported and skipped. */
function runClient(label: string, command: string, args: string[], env: Record<string, string>): ClientRow[] {
  console.error(`running ${label}`);
  try {
    return parseLines(execFileSync(command, args, { cwd: repoRoot, encoding: "utf8", env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 24 }));
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    console.error(`  skipped ${label}: ${stderr.trim().split("\n").slice(-1)[0]}`);
    return [];
  }
}

function targetChecks(rows: readonly Row[], pythonDefault: string | null): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const suite of ["batch_get_many_index", "batch_get_many_storage"]) {
    for (const name of ["node_koffi", pythonDefault]) {
      const row = rows.find((r) => r.suite === suite && r.name === name);
      const c = row && rows.find((r) => r.suite === suite && r.name === row.baseline);
      if (!c || !row || row.ratio === null) continue;
      const met = row.ratio <= TARGET_RATIO;
      const raw = rows.find((r) => r.suite === suite && r.name === "node_koffi_raw_call");
      const cause = met ? "" : name === "node_koffi"
        ? `The library call itself is not the limit${raw ? ` (the raw generated koffi call, without building JS values, costs ${fmtTime(raw.median_ns)} per key)` : ""}: the package turns each of the ${row.batch_keys} values into its own Uint8Array, a JS allocation plus copy per key.`
        : "The package builds one Python bytes object per value (allocation + copy per key) and a list, after the single native call.";
      checks.push({
        target: `${suite.replace("batch_get_many_", "get_many (")}) of ${row.batch_keys} keys from ${name}: per key within ${TARGET_RATIO}x of the in-process C call`,
        measured: `${row.ratio.toFixed(2)}x (${fmtTime(row.median_ns)} vs C ${fmtTime(c.median_ns)} per key, C timed in the same process)`,
        met,
        cause,
      });
    }
  }
  return checks;
}

function main(): void {
  const { mode, out } = parseSuiteArgs(process.argv.slice(2), USAGE);
  const size = MODES[mode];
  const started = Date.now();
  const load = loadNote();
  const library = requireOmendbLibrary();
  const keys = keysFile(size.n);
  const probes = probesFile(size.n, size.rounds * size.batch, PROBE_SEED);
  const args = [keys, String(size.n), probes, String(size.batch), String(size.rounds), String(size.warmup)];
  const timer = compileSharedAgainstOmendb(join(repoRoot, "bench", "batch", "c_timer.c"), "libomendb_timer.so");
  const python = venvPython();
  const tsx = join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs");
  const nodeClient = join(repoRoot, "bench", "batch", "node-client.ts");
  const pyClient = join(repoRoot, "bench", "batch", "py_client.py");
  const pyEnv = { PYTHONPATH: [join(repoRoot, "python"), join(repoRoot, "bindings", "python")].join(":") };

  const client: ClientRow[] = [];
  for (const tier of ["koffi", "napi"]) client.push(...runClient(`Node, package tier ${tier}`, process.execPath, [tsx, nodeClient, timer, ...args], { OMENDB_TIER: tier }));
  const pyArgs = [pyClient, timer, library, ...args];
  const pythonDefault = runClient("Python, package default tier", python, pyArgs, pyEnv);
  client.push(...pythonDefault);
  const defaultTier = pythonDefault.find((r) => r.name.startsWith("python_"))?.name ?? null;
  for (const tier of ["cpython", "cffi", "ctypes"]) {
    if (`python_${tier}` === defaultTier) continue;
    client.push(...runClient(`Python, package tier ${tier}`, python, pyArgs, { ...pyEnv, OMENDB_TIER: tier }));
  }
  const rows = pairRatios(client, DATASET, size.n, size.batch).sort((a, b) => SUITES.indexOf(a.suite) - SUITES.indexOf(b.suite));
  const checks = targetChecks(rows, defaultTier);
  const seconds = Math.round((Date.now() - started) / 1000);
  const intro = [
    `\`npx tsx bench/batch/run.ts${mode === "quick" ? " --quick" : ""}\` (${mode}: ${size.n.toLocaleString("en-US")} random int64 keys, seed 42, ${VALUE_BYTES}-byte values; took ${seconds} s).`
      + ` Each program builds the same LearnedIndex (default kind) and an in-memory OmenDB from the shared dataset files, then times ${size.rounds} rounds`
      + ` (after ${size.warmup} warm-up rounds) of ${size.batch} keys each, the same random keys in every program: one \`getMany\`/\`get_many\` call per round for the`
      + " `batch_get_many_*` suites (median/p99 in ns per key), one call per key for the `ffi_call_*` suites (ns per call).",
    "Baselines `c_in_<client>`: c_timer.c (gcc -O2, linked to libomendb) timing the same library calls (including `omendb_batch_free`/`omendb_buffer_free`)"
      + " inside the client's own process, on a twin index/database built from the same data, alternating with the binding round by round; ratio = binding median / that C median."
      + " `node_<tier>` and `python_<tier>` go through the idiomatic packages (values materialised as Uint8Array / bytes); `node_koffi_raw_call` is the generated koffi"
      + " `omendb_index_get_many` + `omendb_batch_free` alone.",
    load,
  ];
  const written = publishSuite(out, { suite: "batch", title: "Batch get_many and per-call cost from Node and Python vs C", mode, elapsed_seconds: seconds, intro, rows, checks });
  console.log(`wrote ${written} in ${seconds} s (library ${library.slice(repoRoot.length + 1)})`);
}

main();
