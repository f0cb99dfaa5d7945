// FFI overhead ladder: the per-call cost of one trivial C function, `int64_t add1(int64_t)`,
// through every layer in one run (C direct; Node: hand-written Node-API, generated napi, SWIG,
// koffi generated and raw, ffi-rs; Python: hand-written METH_O, generated cpython, SWIG -builtin,
// cffi and ctypes generated and raw), then `db.get(hotKey)` through the omendb packages on every
// tier against a C floor. Ratios are to the hand-written module of the same runtime; checks the
// targets of issues 6 and 8. Run: npx tsx bench/ffi-ladder/run.ts [--quick] [--out DIR], or npm run bench.

import { execFileSync, spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { compileProgramAgainstOmendb, parseSuiteArgs, repoRoot, requireOmendbLibrary } from "../lib/env.js";
import { addRatios, loadNote, publishSuite, type RawRow } from "../lib/results.js";
import { buildLadder, type LadderBuild } from "./build.js";
import { missCauses } from "./causes.js";
import { timeNodeLayers } from "./node-calls.js";
import { LADDER_BASELINES, ladderChecks } from "./targets.js";

const USAGE = "usage: npx tsx bench/ffi-ladder/run.ts [--quick|--full] [--out DIR]";
/** Interleaved rounds per layer of the trivial-call timings, and the duration every round is calibrated to. */
const MODES = {
  quick: { rounds: 200, roundNs: 300_000 },
  full: { rounds: 1000, roundNs: 500_000 },
} as const;
/** Chained calls per round of the C floor (2–3 ns each). */
const C_CALLS = 200_000;
const TRIVIAL = "add1";
const HOT_GET = "hot_key_of_1000";

/** A timing as the child programs print it: {median_ns, p99_ns} or the older best-of form {ns}. */
function timing(json: unknown): { median_ns: number; p99_ns: number | null } | null {
  if (typeof json === "number") return { median_ns: json, p99_ns: null };
  const o = json as { median_ns?: number; p99_ns?: number; ns?: number } | null;
  const median = o?.median_ns ?? o?.ns;
  return typeof median === "number" ? { median_ns: median, p99_ns: o?.p99_ns ?? null } : null;
}

function cDirectRow(build: LadderBuild, rounds: number): RawRow {
  const t = JSON.parse(execFileSync(build.cDirect, [String(rounds), String(C_CALLS)], { encoding: "utf8" })) as { median_ns: number; p99_ns: number };
  return { suite: "ffi_call_c", name: "c_direct", dataset: TRIVIAL, n: rounds * C_CALLS, ...t };
}

function pythonRows(build: LadderBuild, rounds: number, roundNs: number): RawRow[] {
  const out = execFileSync(build.python, [join(repoRoot, "bench", "ffi-ladder", "py_calls.py"), build.generated, build.pythonDir, build.library, String(rounds), String(roundNs)],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const rows: RawRow[] = [];
  for (const line of out.split("\n").filter((l) => l.startsWith("{"))) {
    const o = JSON.parse(line) as { name?: string; median_ns?: number; p99_ns?: number; calls?: number; missing?: Record<string, string> };
    if (o.missing) Object.assign(build.missing, o.missing);
    else rows.push({ suite: "ffi_call_python", name: o.name!, dataset: TRIVIAL, n: o.calls!, median_ns: o.median_ns!, p99_ns: o.p99_ns! });
  }
  return rows;
}

/** `db.get(hotKey)` through the packages: each Node tier in its own process, the Python tiers in one, and the C floor. */
function packageGetRows(mode: "quick" | "full", missing: Record<string, string>): RawRow[] {
  execFileSync(process.execPath, [join(repoRoot, "scripts", "build-compiled.mjs")], { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] });
  const here = join(repoRoot, "bench", "ffi-ladder");
  const rows: RawRow[] = [];
  const push = (suite: string, name: string, json: unknown): void => {
    const t = timing(json);
    if (t) rows.push({ suite, name, dataset: HOT_GET, n: 1000, ...t });
    else missing[`${suite}/${name}`] = "no timing printed";
  };
  push("ffi_get_c", "c_floor", Number(execFileSync(compileProgramAgainstOmendb(join(here, "get-floor.c"), "ffi_get_floor"), { encoding: "utf8" }).trim()));
  for (const tier of ["napi", "koffi"]) {
    const r = spawnSync(process.execPath, [join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs"), join(here, "package-get.ts"), `--${mode}`],
      { cwd: repoRoot, env: { ...process.env, OMENDB_TIER: tier }, encoding: "utf8" });
    if (r.status === 0) push("ffi_get_node", tier, JSON.parse(r.stdout.trim().split("\n").pop()!));
    else missing[`ffi_get_node/${tier}`] = (r.stderr || "").trim().split("\n").pop() ?? `exit ${r.status}`;
  }
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONPATH: [join(repoRoot, "python"), join(repoRoot, "bindings", "python")].join(":") };
  delete env.OMENDB_TIER;
  const python = execFileSync("bash", [join(repoRoot, "scripts", "ensure-venv.sh")], { encoding: "utf8" }).trim();
  const py = JSON.parse(execFileSync(python, [join(here, "package_get.py"), `--${mode}`], { cwd: repoRoot, env, encoding: "utf8" }).trim().split("\n").pop()!) as Record<string, unknown>;
  for (const [tier, value] of Object.entries(py)) {
    if (value === null) missing[`ffi_get_python/${tier}`] = "tier unavailable";
    else push("ffi_get_python", tier, value);
  }
  return rows;
}

async function main(): Promise<void> {
  const { mode, out } = parseSuiteArgs(process.argv.slice(2), USAGE);
  const size = MODES[mode];
  const started = Date.now();
  const load = loadNote();
  requireOmendbLibrary();
  let phaseStart = Date.now();
  const phase = (name: string): void => {
    console.error(`ffi ladder: ${name} took ${((Date.now() - phaseStart) / 1000).toFixed(1)} s`);
    phaseStart = Date.now();
  };
  const build = buildLadder();
  phase("building the layers");
  const raw: RawRow[] = [cDirectRow(build, size.rounds)];
  for (const r of await timeNodeLayers(build, size.rounds, size.roundNs)) {
    raw.push({ suite: "ffi_call_node", dataset: TRIVIAL, n: r.calls, name: r.name, median_ns: r.median_ns, p99_ns: r.p99_ns });
  }
  raw.push(...pythonRows(build, size.rounds, size.roundNs));
  phase("trivial calls (C, Node, Python)");
  raw.push(...packageGetRows(mode, build.missing));
  phase("db.get(hotKey) per package tier");
  const rows = addRatios(raw, LADDER_BASELINES);
  const checks = ladderChecks(rows, missCauses(rows));
  const seconds = Math.round((Date.now() - started) / 1000);
  const unavailable = Object.entries(build.missing).map(([layer, reason]) => `\`${layer}\` (${reason})`);
  const intro = [
    `\`npx tsx bench/ffi-ladder/run.ts${mode === "quick" ? " --quick" : ""}\` (${mode}; took ${seconds} s; Node ${process.version}${build.swigVersion ? `, SWIG ${build.swigVersion}` : ""}).`
      + ` Trivial call: \`int64_t add1(int64_t)\` in \`libadd1.so\` (\`bench/ffi-ladder/add1/\`), called as \`add1(5)\`; ${size.rounds} rounds per layer, interleaved across the layers of a runtime,`
      + ` each round calibrated to ~${size.roundNs / 1000} µs of calls (\`n\` = calls timed; on a shared machine a long round nearly always contains a preemption, a short one usually not, so equal round lengths keep the layers comparable);`
      + " median and p99 are per-call times of a round."
      + " Node layers run in one process (`bench/ffi-ladder/node-calls.ts`), Python layers in one process (`py_calls.py`, timeit), the C floor in `c_direct.c` (a chain of calls through the PLT)."
      + " Ratios are to the hand-written module of the same runtime: `napi_hand` (`add1/hand_napi.c`: number or bigint in, bigint out, as the generated addon) and `cpython_hand` (`add1/hand_cpython.c`, METH_O)."
      + " `*_generated` are omendb-bindgen's targets for `add1.h`; `*_raw` call koffi's `lib.func` / cffi's `lib.add1` / a ctypes `CDLL` function directly; `swig_node` is SWIG's JavaScript wrapper"
      + " (SWIG 4.1 has only the V8 C++ engine, `-javascript -node`: Node-API output arrived in SWIG 4.2), built with g++ against Node's own headers; `swig_builtin` is `swig -python -builtin`."
      + " `js_plain` (a JS function) and `loop_only` (the timeit loop alone) are references without FFI.",
    "`ffi_get_*`: `db.get(hotKey)` through the `omendb` packages on an in-memory database of 1000 entries (`package-get.ts` per Node tier in its own process, `package_get.py`"
      + " switching the Python tiers in one process, best of 5 rounds: no p99), against the same `omendb_storage_get` + `omendb_buffer_free` from C (`get-floor.c`).",
    ...(unavailable.length > 0 ? [`Unavailable in this run: ${unavailable.join("; ")}.`] : []),
    load,
  ];
  const written = publishSuite(out, { suite: "ffi", title: "FFI overhead per layer (ladder)", mode, elapsed_seconds: seconds, intro, rows, checks });
  console.log(`wrote ${written} in ${seconds} s (build folder ${dirname(build.library).slice(repoRoot.length + 1)})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : String(error));
  process.exit(1);
});
