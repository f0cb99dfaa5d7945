#!/usr/bin/env node
// `npm start`: the end-to-end demo. Builds the library and the bindings if missing, then
// shares one database file between a Node, a Python and a C process in turn (each closes
// before the next opens), and finishes with a 1M-key learned index built from Node.
// Exit status 0 only if every cross-language check matched.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const libDir = join(root, "native", "target", "release");
const library = join(libDir, "libomendb.so");
const results = [];

/** Runs a command from the repo root with inherited output; returns true on exit status 0. */
function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (r.error) console.error(`  could not run ${cmd}: ${r.error.message}`);
  return r.status === 0;
}

/** Runs a command and returns its trimmed stdout (null on failure). */
function capture(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  return r.status === 0 ? r.stdout.trim() : null;
}

function step(title, fn) {
  console.log(`\n▶ ${title}`);
  const ok = fn();
  results.push({ title, ok });
  if (!ok) console.log(`  ✗ ${title} failed`);
  return ok;
}

function prepare() {
  if (!existsSync(library)) {
    const script = join(root, "scripts", "build-native.mjs");
    const built = existsSync(script)
      ? run(process.execPath, [script])
      : run("cargo", ["build", "--release", "--manifest-path", join(root, "native", "Cargo.toml")]);
    if (!built || !existsSync(library)) return false;
  }
  const nodeBindings = join(root, "bindings", "node", "omendb_ffi.koffi.ts");
  const pyBindings = join(root, "bindings", "python", "omendb_ffi.py");
  if (!existsSync(nodeBindings) || !existsSync(pyBindings)) {
    if (!run(process.execPath, [join(root, "scripts", "generate-bindings.mjs")])) return false;
  }
  console.log("  library and bindings ready");
  return true;
}

const tsx = (script, ...args) => run(process.execPath, ["--import", "tsx", join("demo", script), ...args]);

console.log("OmenDB bridge demo: one database file, three languages, then a learned index");
if (!step("prepare: native library and generated bindings", prepare)) process.exit(1);

const work = mkdtempSync(join(tmpdir(), "omendb-demo-"));
const db = join(work, "shared.omendb");
try {
  step("node writes keys 1..1000", () => tsx("node-step.ts", "write", db));
  step("python reads them and writes 1001..2000", () => {
    const python = capture("bash", [join("scripts", "ensure-venv.sh")]);
    if (!python) return false;
    const pythonPath = [join(root, "python"), join(root, "bindings", "python")].join(":");
    return run(python, [join("demo", "python_step.py"), db], { PYTHONPATH: pythonPath });
  });
  step("c reads all 2000 and writes a marker", () => {
    const exe = join(work, "reader");
    const compiled = run("gcc", ["-Wall", "-Wextra", "-Werror", "-O2", "-I", join(root, "include"), join("demo", "reader.c"),
      "-o", exe, "-L", libDir, "-lomendb", `-Wl,-rpath,${libDir}`]);
    return compiled && run(exe, [db]);
  });
  step("node reads the marker", () => tsx("node-step.ts", "marker", db));
  step("learned index over 1M keys (node)", () => tsx("index-step.ts"));
} finally {
  rmSync(work, { recursive: true, force: true });
}

const failed = results.filter((r) => !r.ok);
console.log(`\n${results.length - failed.length}/${results.length} steps passed${failed.length ? `; failed: ${failed.map((r) => r.title).join(", ")}` : ""}`);
process.exit(failed.length ? 1 : 0);
