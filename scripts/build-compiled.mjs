#!/usr/bin/env node
// Builds the compiled tiers from the generated sources in bindings/: the Node-API addon
// (bindings/node/build/omendb_ffi.node plus a copy of its loader), the CPython extension and the cffi
// extension (bindings/python/*.so). All outputs are git-ignored; a build newer than its sources is
// kept. Without a compiler or headers, one line says so and the packages use koffi/ctypes (exit 0).
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register();
const { buildCpython, buildNapi, nodeIncludeDir, pythonBuildInfo } = await import("../codegen/build/compile.ts");

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const NAME = "omendb_ffi";
const includeDir = join(root, "include");
const header = join(includeDir, "omendb_ffi.h");
const nodeDir = join(root, "bindings", "node");
const nodeBuildDir = join(nodeDir, "build");
const pythonDir = join(root, "bindings", "python");
const force = process.argv.includes("--force");

/** True when `output` exists and is newer than every input (so rebuilding would change nothing). */
function upToDate(output, inputs) {
  if (force || !existsSync(output)) return false;
  const built = statSync(output).mtimeMs;
  return inputs.every((input) => statSync(input).mtimeMs <= built);
}

/** The repo's venv python (scripts/ensure-venv.sh), else python3. */
function venvPython() {
  const r = spawnSync("bash", [join(root, "scripts", "ensure-venv.sh")], { cwd: root, encoding: "utf8" });
  const path = r.status === 0 ? r.stdout.trim().split("\n").pop() : "";
  return path || "python3";
}

/** Why no compiled tier can be built here at all (no compiler), or undefined. */
function missingCompiler() {
  const cc = process.env.CC ?? "cc";
  return spawnSync(cc, ["--version"], { encoding: "utf8" }).status === 0 ? undefined : `no C compiler (\`${cc}\`)`;
}

/** The Node-API addon, built in bindings/node/build next to a copy of its generated loader. */
function buildNodeAddon() {
  if (nodeIncludeDir() === undefined) return { unavailable: "Node's headers (include/node/node_api.h) are not installed beside node" };
  const source = join(nodeDir, `${NAME}_napi.c`);
  const output = join(nodeBuildDir, `${NAME}.node`);
  const loaders = [`${NAME}.napi.js`, `${NAME}.napi.d.ts`];
  if (upToDate(output, [source, header]) && loaders.every((f) => upToDate(join(nodeBuildDir, f), [join(nodeDir, f)]))) return { output, cached: true };
  mkdirSync(nodeBuildDir, { recursive: true });
  copyFileSync(source, join(nodeBuildDir, `${NAME}_napi.c`));
  const result = buildNapi(nodeBuildDir, NAME, { includeDirs: [includeDir] });
  if (!result.ok) return { failed: result.diagnostic };
  for (const f of loaders) copyFileSync(join(nodeDir, f), join(nodeBuildDir, f));
  return { output: result.output };
}

/** The CPython extension, next to the generated modules in bindings/python. */
function buildPythonExtension(python) {
  const info = pythonBuildInfo(python);
  if (info === undefined) return { unavailable: `${python} has no development headers (Python.h)` };
  const source = join(pythonDir, `${NAME}_cpython.c`);
  const output = join(pythonDir, `${NAME}_cpython${info.suffix}`);
  if (upToDate(output, [source, header])) return { output, cached: true };
  const result = buildCpython(pythonDir, NAME, { includeDirs: [includeDir], python });
  return result.ok ? { output: result.output } : { failed: result.diagnostic };
}

/** The cffi (API mode) extension, by the generated build script run with `python`. */
function buildCffiExtension(python) {
  const script = join(pythonDir, `${NAME}_cffi_build.py`);
  const existing = readdirSync(pythonDir).find((f) => f.startsWith(`_${NAME}_cffi.`) && f.endsWith(".so"));
  if (existing !== undefined && upToDate(join(pythonDir, existing), [script, header])) return { output: join(pythonDir, existing), cached: true };
  if (spawnSync(python, ["-c", "import cffi"], { encoding: "utf8" }).status !== 0) return { unavailable: `cffi is not installed for ${python}` };
  const run = spawnSync(python, [script], { cwd: pythonDir, encoding: "utf8" });
  if (run.status !== 0) return { failed: `cffi build failed:\n${(run.stderr || run.stdout).trim()}` };
  return { output: run.stdout.trim().split("\n").pop() };
}

const noCompiler = missingCompiler();
if (noCompiler !== undefined) {
  console.log(`compiled tier unavailable: ${noCompiler}; using koffi/ctypes`);
  process.exit(0);
}

const python = venvPython();
const builds = [
  { what: "napi addon", fallback: "koffi", run: buildNodeAddon },
  { what: "CPython extension", fallback: "cffi/ctypes", run: () => buildPythonExtension(python) },
  { what: "cffi extension", fallback: "ctypes", run: () => buildCffiExtension(python) },
];
let failed = false;
for (const b of builds) {
  const r = b.run();
  if (r.unavailable !== undefined) console.log(`compiled tier unavailable: ${r.unavailable}; using ${b.fallback} for the ${b.what}`);
  else if (r.failed !== undefined) {
    console.error(`build-compiled: the ${b.what} did not build (the generated code must compile):\n${r.failed}`);
    failed = true;
  } else console.log(`build-compiled: ${b.what} ${r.cached ? "up to date" : "built"}: ${relative(root, r.output)}`);
}
process.exit(failed ? 1 : 0);
