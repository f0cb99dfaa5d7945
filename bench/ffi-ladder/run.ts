// Per-call cost of one trivial C function (`omendb_abi_hash`, no arguments, uint64 result) through
// each binding layer, in one process run each: Node (napi addon vs generated koffi vs raw koffi) and
// Python (cpython extension vs generated ctypes vs raw ctypes); prints ratios and writes REPORT.md.
// Run: npx tsx bench/ffi-ladder/run.ts   (needs native/target/release/libomendb.so and cc)

import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import koffi from "koffi";
import { buildCpython, buildNapi } from "../../codegen/build/compile.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
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
writeFileSync(
  join(root, "bench", "ffi-ladder", "REPORT.md"),
  `# FFI ladder: per-call cost of \`omendb_abi_hash()\`\n\nOne run of \`npx tsx bench/ffi-ladder/run.ts\` (best of ${ROUNDS} rounds; Node ${process.version}). ` +
    `"× compiled" is the ratio to the compiled tier of the same runtime.\n\n${table}\n`,
);
