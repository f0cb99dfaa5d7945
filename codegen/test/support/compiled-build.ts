// Test support for the compiled tier (napi, cpython) on generated headers: emits a target into a
// scratch folder, builds it with codegen/build/compile.ts (-Wall -Wextra -Werror), and loads the
// result (the `.node` addon via require, the extension by running the venv's Python).

import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { buildCpython, buildNapi, type BuildResult } from "../../build/compile.js";
import { DiagnosticSink } from "../../diag.js";
import type { EmittedFile } from "../../emit/backend.js";
import { BACKENDS } from "../../emit/registry.js";
import type { IrModule } from "../../ir/types.js";
import { generatedRoot } from "./sink.js";

/** The two compiled targets. */
export type CompiledTarget = "napi" | "cpython";
export const COMPILED_TARGETS: readonly CompiledTarget[] = ["napi", "cpython"];

/** The repository root. */
export const repoRoot = join(generatedRoot, "..", "..", "..");

/** The venv's Python (created on first use by scripts/ensure-venv.sh). */
export function venvPython(): string {
  return execFileSync("bash", [join(repoRoot, "scripts", "ensure-venv.sh")], { encoding: "utf8" }).trim();
}

/** What one emit + build produced. */
export interface CompiledBuild {
  files: EmittedFile[];
  diag: DiagnosticSink;
  /** Stem the build step expects: `<stem>_napi.c` or `<stem>_cpython.c`. */
  stem: string;
  result: BuildResult;
}

/** The stem of the emitted C source (`zlib_napi.c` → `zlib`, `zlib_c_cpython.c` → `zlib_c`). */
export function compiledStem(target: CompiledTarget, files: readonly EmittedFile[]): string {
  const suffix = `_${target}.c`;
  const source = files.find((f) => f.path.endsWith(suffix));
  if (source === undefined) throw new Error(`the ${target} backend emitted no *${suffix}`);
  return source.path.slice(0, -suffix.length);
}

/** Emits `target` for `ir` into `dir` and builds it; `includeDirs` hold the input headers. */
export function emitAndBuild(target: CompiledTarget, ir: IrModule, dir: string, includeDirs: string[], python?: string): CompiledBuild {
  const diag = new DiagnosticSink();
  const files = BACKENDS[target].emit(ir, { name: ir.name, lib: ir.lib, inputs: ir.inputs, toolVersion: "0.0.0-test" }, diag);
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f.path), f.contents);
  const stem = compiledStem(target, files);
  const result = target === "napi" ? buildNapi(dir, stem, { includeDirs }) : buildCpython(dir, stem, { includeDirs, python });
  return { files, diag, stem, result };
}

/** The built file, or an Error carrying the compiler's output (so a failing test prints it). */
export function builtOrThrow(build: CompiledBuild): string {
  if (!build.result.ok) throw new Error(build.result.diagnostic);
  return build.result.output;
}

/** Loads a built `.node` addon (its only export is `open(libraryPath)`). */
export function requireAddon(file: string): { open(path: string): Record<string, (...args: unknown[]) => unknown> } {
  return createRequire(import.meta.url)(file) as { open(path: string): Record<string, (...args: unknown[]) => unknown> };
}

/** The warnings of a run as `CODE item`, sorted (skip lists in assertions). */
export function skipList(diag: DiagnosticSink): string[] {
  return diag.warnings.map((d) => `${d.code} ${d.item ?? "?"}`).sort();
}

/** Runs a Python script (text) with `dir` on sys.path and JSON `input` as argv[1]; parses its JSON stdout. */
export function runPythonJson<T>(python: string, dir: string, script: string, input: unknown): T {
  const file = join(dir, "_check.py");
  writeFileSync(file, script);
  return JSON.parse(execFileSync(python, [file, JSON.stringify(input)], { cwd: dir, encoding: "utf8", stdio: "pipe" })) as T;
}
