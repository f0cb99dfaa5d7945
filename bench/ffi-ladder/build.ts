// Builds every layer of the FFI overhead ladder into bench/.scratch/ffi-ladder/: libadd1.so and
// the C floor program; omendb-bindgen's koffi, ffi-rs, ctypes, cffi, napi and cpython targets for
// add1.h (the compiled ones built with the system cc, no node-gyp); the hand-written Node-API and
// METH_O baselines; and SWIG's Node wrapper and Python -builtin module (Debian's swig, installed
// when missing). A layer that cannot be built is reported with its reason, not fatal.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { buildCpython, buildNapi, nodeIncludeDir, pythonBuildInfo } from "../../codegen/build/compile.js";
import { ensureDebPackage, repoRoot, scratchDir, venvPython } from "../lib/env.js";

/** Where the sources live. */
export const sourceDir = join(repoRoot, "bench", "ffi-ladder", "add1");

/** Paths of the built layers; `missing` maps a layer to why it is unavailable. */
export interface LadderBuild {
  dir: string;
  library: string;
  cDirect: string;
  /** omendb-bindgen's output folder (add1.koffi.ts, add1.ffi-rs.ts, add1.napi.js, add1.py, …). */
  generated: string;
  /** Folder holding the Python modules: hand_add1, swig_add1 (generated ones live in `generated`). */
  pythonDir: string;
  handNapi: string;
  swigNode: string;
  python: string;
  swigVersion: string | null;
  missing: Record<string, string>;
}

const CFLAGS = ["-O2", "-Wall", "-Wextra", "-Werror", "-std=c11"];

function run(command: string, args: readonly string[], cwd?: string): string {
  return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function why(error: unknown): string {
  const e = error as { stderr?: string; message?: string };
  return (e.stderr || e.message || String(error)).trim().split("\n").slice(-3).join(" | ");
}

/** True when `output` exists and is newer than every input (the slow C++ and SWIG builds are skipped then). */
function upToDate(output: string, inputs: readonly string[]): boolean {
  if (!existsSync(output)) return false;
  const built = statSync(output).mtimeMs;
  return inputs.every((input) => statSync(input).mtimeMs <= built);
}

/** Runs `step`; a failure is recorded under `layer` instead of thrown. */
function attempt(missing: Record<string, string>, layer: string, step: () => void): void {
  try {
    step();
  } catch (error) {
    missing[layer] = why(error);
    console.error(`ffi ladder: ${layer} unavailable: ${missing[layer]}`);
  }
}

function buildSwig(build: LadderBuild, nodeInclude: string | undefined, pyInfo: { include: string; suffix: string } | undefined): void {
  attempt(build.missing, "swig", () => ensureDebPackage("/usr/bin/swig", "swig"));
  if (build.missing.swig) {
    build.missing.swig_node = build.missing.swig_python = build.missing.swig;
    return;
  }
  build.swigVersion = /SWIG Version (\S+)/.exec(run("swig", ["-version"]))?.[1] ?? null;
  const linkAdd1 = ["-L", build.dir, `-Wl,-rpath,${build.dir}`, "-ladd1"];
  // SWIG 4.1's JavaScript module targets V8's C++ API (-node); Node-API output (-napi) came with SWIG 4.2.
  attempt(build.missing, "swig_node", () => {
    if (nodeInclude === undefined) throw new Error("Node's headers (include/node) are not installed beside node");
    if (upToDate(build.swigNode, [join(sourceDir, "add1.i"), join(sourceDir, "add1.h")])) return;
    const wrapper = join(build.dir, "swig_add1_node.cxx");
    run("swig", ["-javascript", "-node", "-c++", "-o", wrapper, join(sourceDir, "add1.i")]);
    run("g++", ["-O2", "-shared", "-fPIC", "-std=c++17", "-DBUILDING_NODE_EXTENSION", "-DNODE_GYP_MODULE_NAME=swig_add1", `-I${nodeInclude}`, `-I${sourceDir}`, wrapper, "-o", build.swigNode, ...linkAdd1]);
  });
  attempt(build.missing, "swig_python", () => {
    if (pyInfo === undefined) throw new Error("the venv python has no Python.h");
    const module = join(build.pythonDir, `_swig_add1${pyInfo.suffix}`);
    if (upToDate(module, [join(sourceDir, "add1.i"), join(sourceDir, "add1.h")])) return;
    const wrapper = join(build.dir, "swig_add1_py.c");
    run("swig", ["-python", "-builtin", "-outdir", build.pythonDir, "-o", wrapper, join(sourceDir, "add1.i")]);
    run("gcc", ["-O2", "-shared", "-fPIC", `-I${pyInfo.include}`, `-I${sourceDir}`, wrapper, "-o", module, ...linkAdd1]);
  });
}

/** The layers omendb-bindgen generates; all of them are missing when the generator fails. */
const GENERATED_LAYERS = ["napi_generated", "cpython_generated", "koffi_generated", "ffi_rs_generated", "ctypes_generated", "cffi_generated"];

/** Runs omendb-bindgen on add1.h (six targets), then builds its napi, cpython and cffi modules. */
function buildGenerated(build: LadderBuild, header: string): void {
  rmSync(build.generated, { recursive: true, force: true });
  try {
    run(process.execPath, [join(repoRoot, "bin", "omendb-bindgen.mjs"), header, "--lib", build.library, "--out", build.generated,
      "--targets", "koffi,ffi-rs,ctypes,cffi,napi,cpython"], repoRoot);
  } catch (error) {
    for (const layer of GENERATED_LAYERS) build.missing[layer] = `omendb-bindgen failed: ${why(error)}`;
    console.error(`ffi ladder: omendb-bindgen failed on add1.h: ${why(error)}`);
    return;
  }
  const napi = buildNapi(build.generated, "add1", { includeDirs: [sourceDir] });
  if (!napi.ok) build.missing.napi_generated = napi.diagnostic;
  const cpython = buildCpython(build.generated, "add1", { includeDirs: [sourceDir], python: build.python });
  if (!cpython.ok) build.missing.cpython_generated = cpython.diagnostic;
  attempt(build.missing, "cffi_generated", () => run(build.python, [join(build.generated, "add1_cffi_build.py")], build.generated));
}

/** Builds (or rebuilds) every layer; returns their paths and the layers that are missing. */
export function buildLadder(): LadderBuild {
  const dir = scratchDir("ffi-ladder");
  const build: LadderBuild = {
    dir,
    library: join(dir, "libadd1.so"),
    cDirect: join(dir, "c_direct"),
    generated: join(dir, "gen"),
    pythonDir: join(dir, "py"),
    handNapi: join(dir, "hand_add1.node"),
    swigNode: join(dir, "swig_add1.node"),
    python: venvPython(),
    swigVersion: null,
    missing: {},
  };
  mkdirSync(build.pythonDir, { recursive: true });
  const header = join(sourceDir, "add1.h");
  run("gcc", [...CFLAGS, "-shared", "-fPIC", join(sourceDir, "add1.c"), "-o", build.library]);
  run("gcc", [...CFLAGS, "-D_POSIX_C_SOURCE=200809L", `-I${sourceDir}`, join(sourceDir, "c_direct.c"), "-o", build.cDirect, "-L", dir, `-Wl,-rpath,${dir}`, "-ladd1"]);

  const nodeInclude = nodeIncludeDir();
  const pyInfo = pythonBuildInfo(build.python);
  buildGenerated(build, header);

  const linkAdd1 = ["-L", dir, `-Wl,-rpath,${dir}`, "-ladd1"];
  attempt(build.missing, "napi_hand", () => {
    if (nodeInclude === undefined) throw new Error("Node's headers (include/node) are not installed beside node");
    run("gcc", [...CFLAGS, "-shared", "-fPIC", "-DNODE_GYP_MODULE_NAME=hand_add1", `-I${nodeInclude}`, `-I${sourceDir}`, join(sourceDir, "hand_napi.c"), "-o", build.handNapi, ...linkAdd1]);
  });
  attempt(build.missing, "cpython_hand", () => {
    if (pyInfo === undefined) throw new Error("the venv python has no Python.h");
    run("gcc", [...CFLAGS, "-shared", "-fPIC", `-I${pyInfo.include}`, `-I${sourceDir}`, join(sourceDir, "hand_cpython.c"), "-o", join(build.pythonDir, `hand_add1${pyInfo.suffix}`), ...linkAdd1]);
  });
  buildSwig(build, nodeInclude, pyInfo);
  return build;
}
