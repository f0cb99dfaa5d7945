// The one rule deciding which pointer parameters accept null in the generated surfaces (koffi,
// ffi-rs, napi, cpython plans): a module that documents nullability (`@nullable` anywhere) keeps
// untagged pointers non-null; a module with no such documentation lets every pointer take null.
// Input: the IR module and a parameter; output: booleans.

import type { IrModule, ParamDecl } from "../../ir/types.js";

const documentedCache = new WeakMap<IrModule, boolean>();

/** True when any function of the module carries a `@nullable` tag (on a parameter or its return). */
export function documentsNullability(ir: IrModule): boolean {
  const known = documentedCache.get(ir);
  if (known !== undefined) return known;
  const documented = ir.decls.some((d) => d.kind === "function" && (d.returnNullable === true || d.params.some((p) => p.nullable === true)));
  documentedCache.set(ir, documented);
  return documented;
}

/**
 * Whether the caller may pass null for pointer parameter `p` of a module: always when tagged
 * `@nullable`; otherwise only when the module documents no nullability at all (as C headers such as
 * zlib.h, sqlite3.h and lmdb.h do not), matching what the koffi and ctypes loaders accept.
 */
export function pointerAcceptsNull(p: ParamDecl, ir: IrModule): boolean {
  return p.nullable === true || !documentsNullability(ir);
}

/** Whether `p` accepts null only through the module rule (no `@nullable` tag of its own). */
export function nullableByModuleRule(p: ParamDecl, ir: IrModule): boolean {
  return p.nullable !== true && !documentsNullability(ir);
}
