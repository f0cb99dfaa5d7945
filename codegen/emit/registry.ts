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

/** Compiled-tier targets: selectable with --targets, not in the default set. */
const OPT_IN_TARGETS: readonly string[] = ["napi", "cpython"];

/** The default target ids, in order (the compiled tier is opt-in). */
export const TARGET_IDS = (Object.keys(BACKENDS) as TargetId[]).filter((id) => !OPT_IN_TARGETS.includes(id));

/** True when `id` names a registered target. */
export function isTargetId(id: string): id is TargetId {
  return Object.prototype.hasOwnProperty.call(BACKENDS, id);
}
