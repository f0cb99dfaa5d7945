// Builds the compiled tier with the system C compiler, no node-gyp or setuptools: a generated
// `<name>_napi.c` against Node's bundled headers into `<name>.node`, and `<name>_cpython.c`
// against CPython's headers into `<name>_cpython<EXT_SUFFIX>`. Returns the output path or why not.

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fmtPyModuleStem } from "../emit/common/python-names.js";

export interface BuildOptions {
  /** Folders holding the input headers (the generated C includes them by file name). */
  includeDirs?: readonly string[];
  /** C compiler; default $CC, else `cc`. */
  cc?: string;
  /** Python interpreter whose headers and extension suffix are used (cpython only); default `python3`. */
  python?: string;
  /** Warnings are errors (default true: generated code must compile cleanly). */
  werror?: boolean;
}

/** The built file, or a diagnostic saying why the compiled tier is unavailable. */
export type BuildResult = { ok: true; output: string } | { ok: false; diagnostic: string };

const unavailable = (why: string, fallback: string): BuildResult => ({
  ok: false,
  diagnostic: `compiled tier unavailable: ${why}; falling back to ${fallback}`,
});

/** Node's own headers: `include/node` beside the running Node installation. */
export function nodeIncludeDir(): string | undefined {
  const dir = join(dirname(process.execPath), "..", "include", "node");
  return existsSync(join(dir, "node_api.h")) ? dir : undefined;
}

/** CPython's include folder and extension suffix, asked from the interpreter itself. */
export function pythonBuildInfo(python = "python3"): { include: string; suffix: string } | undefined {
  const r = spawnSync(python, ["-c", "import sysconfig; print(sysconfig.get_paths()['include']); print(sysconfig.get_config_var('EXT_SUFFIX'))"], {
    encoding: "utf8",
  });
  if (r.status !== 0) return undefined;
  const [include, suffix] = r.stdout.trim().split("\n");
  if (!include || !suffix || !existsSync(join(include, "Python.h"))) return undefined;
  return { include, suffix };
}

function compilerOf(opts: BuildOptions): string {
  return opts.cc ?? process.env.CC ?? "cc";
}

function hasCompiler(cc: string): boolean {
  return spawnSync(cc, ["--version"], { encoding: "utf8" }).status === 0;
}

/** Runs the compiler; a failure becomes a diagnostic with its stderr. */
function compile(cc: string, args: string[], output: string, fallback: string): BuildResult {
  try {
    execFileSync(cc, args, { encoding: "utf8", stdio: "pipe" });
    return { ok: true, output };
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    return unavailable(`${cc} failed:\n${(err.stderr ?? err.message).trim()}`, fallback);
  }
}

function commonFlags(opts: BuildOptions): string[] {
  const flags = ["-shared", "-fPIC", "-O2", "-Wall", "-Wextra"];
  if (opts.werror !== false) flags.push("-Werror");
  for (const d of opts.includeDirs ?? []) flags.push(`-I${d}`);
  return flags;
}

/**
 * Compiles `<dir>/<name>_napi.c` into `<dir>/<name>.node`. Node-API symbols stay undefined in the
 * shared object and resolve from the node binary when it is loaded (the Linux default).
 */
export function buildNapi(dir: string, name: string, opts: BuildOptions = {}): BuildResult {
  const cc = compilerOf(opts);
  if (!hasCompiler(cc)) return unavailable(`no C compiler (\`${cc}\`)`, "koffi");
  const include = nodeIncludeDir();
  if (include === undefined) return unavailable("Node's headers (include/node/node_api.h) are not installed beside node", "koffi");
  const source = join(dir, `${name}_napi.c`);
  if (!existsSync(source)) return unavailable(`${source} does not exist (generate with --targets napi)`, "koffi");
  const output = join(dir, `${name}.node`);
  return compile(cc, [...commonFlags(opts), `-I${include}`, "-o", output, source, "-ldl"], output, "koffi");
}

/**
 * Compiles `<dir>/<stem>_cpython.c` into the extension module `<dir>/<stem>_cpython<EXT_SUFFIX>`,
 * where `<stem>` is the emitter's Python module stem of `name` (`zlib` → `zlib_c`, so the module
 * does not shadow the standard library's).
 */
export function buildCpython(dir: string, name: string, opts: BuildOptions = {}): BuildResult {
  const cc = compilerOf(opts);
  if (!hasCompiler(cc)) return unavailable(`no C compiler (\`${cc}\`)`, "ctypes");
  const info = pythonBuildInfo(opts.python);
  if (info === undefined) return unavailable(`${opts.python ?? "python3"} has no development headers (Python.h)`, "ctypes");
  const stem = fmtPyModuleStem(name);
  const source = join(dir, `${stem}_cpython.c`);
  if (!existsSync(source)) return unavailable(`${source} does not exist (generate with --targets cpython)`, "ctypes");
  const output = join(dir, `${stem}_cpython${info.suffix}`);
  return compile(cc, [...commonFlags(opts), `-I${info.include}`, "-o", output, source, "-ldl"], output, "ctypes");
}
