// Maps each target id the CLI accepts to its backend. Adding a target: one folder under
// codegen/emit/ exporting a Backend, and one line here.

import type { Backend, TargetId } from "./backend.js";
import { cffiBackend } from "./cffi/index.js";
import { cpythonBackend } from "./cpython/index.js";
import { ctypesBackend } from "./ctypes/index.js";
import { ffiRsBackend } from "./ffi-rs/index.js";
import { irBackend } from "./ir/index.js";
import { koffiBackend } from "./koffi/index.js";
import { napiBackend } from "./napi/index.js";
import { probeBackend } from "./probe/index.js";

/** Every backend, in the default `--targets` order. */
export const BACKENDS: Readonly<Record<TargetId, Backend>> = {
  koffi: koffiBackend,
  "ffi-rs": ffiRsBackend,
  ctypes: ctypesBackend,
  cffi: cffiBackend,
  probe: probeBackend,
  ir: irBackend,
  napi: napiBackend,
  cpython: cpythonBackend,
};

/** The compiled tier: in the default set only when a C compiler is present (cli/default-targets.ts). */
export const COMPILED_TARGET_IDS: readonly TargetId[] = ["napi", "cpython"];

/** Every registered target id, in order. */
export const ALL_TARGET_IDS = Object.keys(BACKENDS) as TargetId[];

/** The targets that need no C compiler, in order: the default set when none is found. */
export const TARGET_IDS = ALL_TARGET_IDS.filter((id) => !COMPILED_TARGET_IDS.includes(id));

/** The default `--targets`: TARGET_IDS, then the compiled tier when a C compiler is present. */
export function defaultTargets(hasCCompiler: boolean): TargetId[] {
  return hasCCompiler ? [...TARGET_IDS, ...COMPILED_TARGET_IDS] : [...TARGET_IDS];
}

/** True when `id` names a registered target. */
export function isTargetId(id: string): id is TargetId {
  return Object.prototype.hasOwnProperty.call(BACKENDS, id);
}
