// The emitter contract: a backend is a pure function IR → files. Emitters see only the IR
// (and emit/common), never the parser. Registered in registry.ts.

import type { DiagnosticSink } from "../diag.js";
import type { IrModule } from "../ir/types.js";

/** Names of the targets the CLI accepts in `--targets`. */
export type TargetId = "koffi" | "ffi-rs" | "ctypes" | "cffi" | "probe" | "ir" | "napi" | "cpython";

/** What a backend can express; anything else is skipped with a warning naming the item. */
export interface Capabilities {
  variadicFunctions: boolean;
  bitfields: boolean;
  unionsByValue: boolean;
  callbacks: boolean;
  inlineFunctions: boolean;
}

/** Options every backend receives. */
export interface EmitOptions {
  /** Module name: file stem of every output (`--name`). */
  name: string;
  /** Library to load as the user gave it to `--lib` (a name like `z` or a path). */
  lib: string;
  /** Input headers, relative paths, for the file banner. */
  inputs: string[];
  /** Version of omendb-bindgen, for the file banner. */
  toolVersion: string;
}

/** One output file, path relative to `--out`. */
export interface EmittedFile {
  path: string;
  contents: string;
}

/** A code generator for one target. */
export interface Backend {
  id: TargetId;
  capabilities: Capabilities;
  emit(ir: IrModule, opts: EmitOptions, diag: DiagnosticSink): EmittedFile[];
}
