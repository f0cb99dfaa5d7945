// Test support for the sink library (emit-koffi-ir.ts, extended by emit-ffi-rs-ir.ts): compiles a
// sink C source into a scratch folder under codegen/test/generated and emits a backend for a sink
// IR next to it. The calls every generated Node module must get right are in sink-calls.ts.

import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DiagnosticSink } from "../../diag.js";
import type { Backend } from "../../emit/backend.js";
import type { IrModule } from "../../ir/types.js";

/** Scratch root of the generated test outputs (git-ignored). */
export const generatedRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "generated");

/** Writes `source` as `dir`/sink.c and compiles `dir`/libsink.so with -Wall -Wextra -Werror. */
export function compileSink(dir: string, source: string, ccArgs: readonly string[] = []): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "sink.c"), source);
  const so = join(dir, "libsink.so");
  execFileSync("cc", ["-shared", "-fPIC", "-Wall", "-Wextra", "-Werror", ...ccArgs, "-o", so, join(dir, "sink.c")]);
  return so;
}

/** Emits `backend` for `ir` into `dir` (module name, lib and inputs from the IR); returns the diagnostics. */
export function emitInto(dir: string, backend: Backend, ir: IrModule): DiagnosticSink {
  const diag = new DiagnosticSink();
  const files = backend.emit(ir, { name: ir.name, lib: ir.lib, inputs: ir.inputs, toolVersion: "0.0.0" }, diag);
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f.path), f.contents);
  return diag;
}

/** A standalone strict tsconfig for one generated folder two levels below codegen/test. */
export function strictTsconfig(skipLibCheck: boolean): object {
  return {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noEmit: true,
      skipLibCheck,
      types: ["node"],
      typeRoots: ["../../../../node_modules/@types"],
    },
    include: ["*.ts"],
  };
}

/** Changes SINK_ABI to 0x1235 so the module's ABI check disagrees with the library (0x1234). */
export function withWrongAbi(ir: IrModule): void {
  const c = ir.decls.find((d) => d.name === "SINK_ABI");
  if (c?.kind === "const") c.value = { kind: "int", value: "4661", size: 8, signed: false };
}
