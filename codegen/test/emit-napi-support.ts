// Test support for the compiled tier (napi and cpython tests): writes the sink library's header
// (types from emit-koffi-ir.ts, prototypes rendered from the sink IR, a `static inline` body),
// compiles the sink library (support/sink.ts) and builds a compiled target into a scratch folder.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type BuildResult, buildCpython, buildNapi } from "../build/compile.js";
import { DeclIndex, defaultRefSpeller, renderPrototype } from "../emit/common/cdecl.js";
import type { IrModule } from "../ir/types.js";
import { SINK_C, SINK_TYPES_C, sinkIr } from "./emit-koffi-ir.js";
import { compileSink, generatedRoot, strictTsconfig as strictTsconfigFor } from "./support/sink.js";

export { emitInto, generatedRoot } from "./support/sink.js";

/** The sink header: the shared type declarations, every prototype, and `twice` as static inline. */
export function sinkHeader(ir: IrModule = sinkIr()): string {
  const index = new DeclIndex(ir);
  const spell = defaultRefSpeller(index);
  const lines = ["#ifndef SINK_H", "#define SINK_H", SINK_TYPES_C];
  lines.push("typedef struct __attribute__((aligned(32))) Huge { uint8_t x; } Huge;");
  lines.push("typedef struct Bits { uint32_t a : 3; uint32_t b : 5; } Bits;");
  lines.push("#define SINK_ABI 0x1234ULL");
  for (const d of ir.decls) {
    if (d.kind !== "function") continue;
    if (d.inline) lines.push(`static inline int32_t ${d.name}(int32_t x) { return 2 * x; }`);
    else lines.push(`${renderPrototype(d.name, d.returns, d.params, d.variadic, spell)};`);
  }
  lines.push("#endif");
  return lines.join("\n") + "\n";
}

/** Writes sink.h and builds libsink.so into `dir`. */
export function buildSinkLibrary(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "sink.h"), sinkHeader());
  return compileSink(dir, `#include "sink.h"\n${SINK_C.replace(SINK_TYPES_C, "")}int32_t bits_get(Bits b) { return (int32_t)(b.a + b.b); }\n`, ["-I", dir]);
}

/** Builds a compiled target, throwing the compiler's diagnostic on failure (tests want it printed). */
export function mustBuild(kind: "napi" | "cpython", dir: string, name: string, includeDirs: string[], python?: string): string {
  const r: BuildResult = kind === "napi" ? buildNapi(dir, name, { includeDirs }) : buildCpython(dir, name, { includeDirs, python });
  if (!r.ok) throw new Error(r.diagnostic);
  return r.output;
}

/** A standalone strict tsconfig for one generated folder (library types checked too). */
export function strictTsconfig(): object {
  return strictTsconfigFor(false);
}

/** The repository root (three levels above the generated folder). */
export const repoRoot = join(generatedRoot, "..", "..", "..");

/** Path of the native library, or undefined when it has not been built (the e2e tests then skip). */
export function omendbLibrary(): string | undefined {
  const so = join(repoRoot, "native", "target", "release", "libomendb.so");
  return existsSync(so) ? so : undefined;
}

/** Generates `targets` for include/omendb_ffi.h through the CLI into `dir` (the CLI makes --lib relative to the output). */
export function generateOmendb(dir: string, targets: string): void {
  mkdirSync(dir, { recursive: true });
  execFileSync(process.execPath, ["bin/omendb-bindgen.mjs", "include/omendb_ffi.h", "--lib", "native/target/release/libomendb.so", "--out", dir, "--targets", targets], { cwd: repoRoot, stdio: "pipe" });
}
