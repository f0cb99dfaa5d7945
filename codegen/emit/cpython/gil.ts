// GIL policy of the CPython extension: which wrappers release the GIL around the C call.
// Input: one planned function; output: yes/no. The wrapper converts and pins every argument first
// (buffers held by the buffer protocol, strings kept by the caller's references), releases the GIL
// for the call only, and converts results after taking it back.

import type { CompiledFn, ParamPlan } from "../common/compiled-plan.js";
import { isOutRole } from "../common/node-signature.js";

/**
 * True when an argument hands the callee something to work on: a handle, a buffer or array, a
 * string, a record by reference, a raw pointer or callback. Plain scalars and records by value
 * are not: a call taking only those (or nothing) is a trivial computation in practice.
 */
function isWorkArgument(p: ParamPlan): boolean {
  const r = p.role;
  if (isOutRole(r)) return r.role === "outCallerArray";
  if (r.role !== "value") return true;
  const kind = r.shape.kind;
  return kind === "handle" || kind === "string" || kind === "pointer" || kind === "callback";
}

/**
 * The rule: release the GIL for every call that takes at least one work argument (see above);
 * keep it for scalar-only and argument-less calls, where releasing and re-taking it (~40–80 ns)
 * would cost more than the call itself and no other thread could gain anything.
 */
export function releasesGil(f: CompiledFn): boolean {
  return f.params.some(isWorkArgument);
}
