// Per-call cost through each binding layer, in one run: a trivial C function (`omendb_abi_hash`)
// from Node (napi addon vs generated koffi vs raw koffi) and Python (cpython extension vs generated
// ctypes vs raw ctypes), then `db.get(hotKey)` through the omendb packages on every tier (Node: napi,
// koffi; Python: cpython, cffi, ctypes) against a C floor; prints ratios against the issue targets
// and writes REPORT.md. Run: npx tsx bench/ffi-ladder/run.ts (needs libomendb.so and cc).

import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import koffi from "koffi";
import { buildCpython, buildNapi } from "../../codegen/build/compile.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const libPath = join(root, "native", "target", "release", "libomendb.so");
const out = join(tmpdir(), `omendb-ffi-ladder-${process.pid}`);
const CALLS = 2_000_000;
const ROUNDS = 5;

/** Best-of-ROUNDS nanoseconds per call of `fn`. */
function nsPerCall(fn: () => unknown): number {
  for (let i = 0; i < 100_000; i++) fn();
  let best = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / CALLS);
  }
  return best;
}

/**
 * `db.get(hotKey)` through the packages, each Node tier in its own process (the package picks its
 * layer at import), the Python tiers switched in one process, and the same call from C as the floor.
 */
function packageGetRows(): { table: string; note: string } {
  execFileSync(process.execPath, [join(root, "scripts", "build-compiled.mjs")], { cwd: root, stdio: "inherit" });
  const floorExe = join(out, "get-floor");
  const libDir = dirname(libPath);
  execFileSync("cc", ["-O2", "-Wall", "-Wextra", "-Werror", `-I${join(root, "include")}`, join(here, "get-floor.c"), `-L${libDir}`, "-lomendb", `-Wl,-rpath,${libDir}`, "-o", floorExe]);
  const floor = Number(execFileSync(floorExe, { encoding: "utf8" }).trim());
  const nodeGet = (tier: string): number | undefined => {
    const r = spawnSync(join(root, "node_modules", ".bin", "tsx"), [join(here, "package-get.ts")], { cwd: root, env: { ...process.env, OMENDB_TIER: tier }, encoding: "utf8" });
    if (r.status !== 0) return undefined;
    return (JSON.parse(r.stdout.trim()) as { ns: number }).ns;
  };
  const node = { napi: nodeGet("napi"), koffi: nodeGet("koffi") };
  const pyEnv: NodeJS.ProcessEnv = { ...process.env, PYTHONPATH: [join(root, "python"), join(root, "bindings", "python")].join(":") };
  delete pyEnv.OMENDB_TIER;
  const py = JSON.parse(execFileSync(python, [join(here, "package_get.py")], { cwd: root, env: pyEnv, encoding: "utf8" })) as Record<string, number | null>;
  const ns = (n: number | null | undefined): string => (n == null ? "unavailable" : n.toFixed(1));
  const ratio = (slow: number | null | undefined, fast: number | null | undefined): number | undefined => (slow == null || fast == null ? undefined : slow / fast);
  const verdict = (r: number | undefined, target: number): string => (r === undefined ? "not measured" : r >= target ? `met (≥ ${target}×)` : `missed (< ${target}×)`);
  const nodeRatio = ratio(node.koffi, node.napi);
  const pyRatio = ratio(py.ctypes, py.cpython);
  const rows = [
    ["C", "direct call (floor)", ns(floor), "", ""],
    ["Node", "omendb package on napi", ns(node.napi), "1.00", ""],
    ["Node", "omendb package on koffi", ns(node.koffi), nodeRatio?.toFixed(2) ?? "", `target: koffi ≥ 1.4× napi: ${verdict(nodeRatio, 1.4)}`],
    ["Python", "omendb package on cpython", ns(py.cpython), "1.00", ""],
    ["Python", "omendb package on cffi", ns(py.cffi), ratio(py.cffi, py.cpython)?.toFixed(2) ?? "", ""],
    ["Python", "omendb package on ctypes", ns(py.ctypes), pyRatio?.toFixed(2) ?? "", `target: ctypes ≥ 8× cpython: ${verdict(pyRatio, 8)}`],
  ];
  const table = ["| runtime | layer | ns/get | × compiled | issue target |", "|---|---|---:|---:|---|", ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
  const note =
    "An in-memory database of 1000 entries (16-byte values), the same hot key read repeatedly; the C floor is " +
    "`omendb_storage_get` + `omendb_buffer_free` called directly. Each Node tier runs in its own process " +
    "(`OMENDB_TIER`), the Python tiers in one process (`omendb._native.use_tier`).";
  return { table, note };
}

mkdirSync(out, { recursive: true });
execFileSync(process.execPath, ["bin/omendb-bindgen.mjs", "include/omendb_ffi.h", "--lib", "native/target/release/libomendb.so", "--out", out, "--targets", "napi,cpython"], { cwd: root, stdio: "pipe" });
const python = execFileSync("bash", [join(root, "scripts", "ensure-venv.sh")], { encoding: "utf8" }).trim();
for (const r of [buildNapi(out, "omendb_ffi", { includeDirs: [join(root, "include")] }), buildCpython(out, "omendb_ffi", { includeDirs: [join(root, "include")], python })]) {
  if (!r.ok) throw new Error(r.diagnostic);
}

type AbiLib = { omendb_abi_hash(): bigint };
const napi = ((await import(pathToFileURL(join(out, "omendb_ffi.napi.js")).href)) as { load(p?: string): AbiLib }).load(libPath);
const generatedKoffi = ((await import(pathToFileURL(join(root, "bindings", "node", "omendb_ffi.koffi.ts")).href)) as { load(p?: string): AbiLib }).load(libPath);
const rawKoffi = koffi.load(libPath).func("omendb_abi_hash", "uint64_t", []) as () => number | bigint;

const node = {
  napi: nsPerCall(() => napi.omendb_abi_hash()),
  koffi: nsPerCall(() => generatedKoffi.omendb_abi_hash()),
  rawKoffi: nsPerCall(() => rawKoffi()),
};

const pyScript = String.raw`
import ctypes, sys, timeit, json
sys.path[:0] = [sys.argv[1], sys.argv[2]]
import omendb_ffi_cpython as comp
import omendb_ffi as gen
lib = sys.argv[3]
c = comp.load(lib)
g = gen.load(lib, backend="ctypes")
raw = ctypes.CDLL(lib).omendb_abi_hash
raw.restype = ctypes.c_uint64
raw.argtypes = []
def best(f, n=500000):
    return min(timeit.repeat(f, number=n, repeat=5)) / n * 1e9
print(json.dumps({"cpython": best(c.omendb_abi_hash), "ctypes": best(g.omendb_abi_hash), "rawCtypes": best(raw)}))
`;
const py = JSON.parse(execFileSync(python, ["-c", pyScript, out, join(root, "bindings", "python"), libPath], { encoding: "utf8" })) as Record<string, number>;

const getRows = packageGetRows();

const f = (n: number | undefined): string => (n ?? NaN).toFixed(1);
const rows = [
  ["Node", "napi addon (generated)", f(node.napi), "1.00"],
  ["Node", "koffi (generated wrapper)", f(node.koffi), (node.koffi / node.napi).toFixed(2)],
  ["Node", "koffi (raw lib.func)", f(node.rawKoffi), (node.rawKoffi / node.napi).toFixed(2)],
  ["Python", "cpython extension (generated)", f(py.cpython), "1.00"],
  ["Python", "ctypes (generated wrapper)", f(py.ctypes), ((py.ctypes ?? NaN) / (py.cpython ?? NaN)).toFixed(2)],
  ["Python", "ctypes (raw CDLL)", f(py.rawCtypes), ((py.rawCtypes ?? NaN) / (py.cpython ?? NaN)).toFixed(2)],
];
const table = ["| runtime | layer | ns/call | × compiled |", "|---|---|---:|---:|", ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
console.log(table);
console.log();
console.log(getRows.table);
writeFileSync(
  join(root, "bench", "ffi-ladder", "REPORT.md"),
  `# FFI ladder: per-call cost through each binding layer\n\nOne run of \`npx tsx bench/ffi-ladder/run.ts\` (best of ${ROUNDS} rounds; Node ${process.version}). ` +
    `"× compiled" is the ratio to the compiled tier of the same runtime.\n\n## Trivial call: \`omendb_abi_hash()\`\n\n${table}\n\n` +
    `## \`db.get(hotKey)\` through the packages\n\n${getRows.note}\n\n${getRows.table}\n`,
);
