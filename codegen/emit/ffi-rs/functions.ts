// Functions for ffi-rs: plans each function (shared Node signature model), writes its TSDoc'd
// method in the library interface, its call spec (built once at load) and a typed wrapper that
// converts arguments, passes out-parameters as scratch bytes, decodes them, and frees owned buffers.

import { downgradeUnboundFrees, planNodeFunctions } from "../common/node-functions.js";
import { type FunctionPlan, type ParamPlan, type ValueShape } from "../common/node-signature.js";
import { resolveType } from "../common/resolve.js";
import { assignHostNames, emitLibraryInterface as emitTsLibraryInterface, tsSignature } from "../common/ts-signature.js";
import type { CodeWriter } from "../common/writer.js";
import { type FfiRsContext, W } from "./context.js";
import type { RecordPlan } from "./records.js";
import { RUNTIME_HELPERS } from "./runtime.js";
import { emitParam, emitResults, returnType } from "./wrappers.js";

/** A function ready to emit: its plan plus the JS names of its parameters. */
export interface FunctionEmitPlan extends FunctionPlan {
  /** JS name per C parameter (same order as fn.params). */
  jsNames: string[];
  /** Keys of the returned object per out-parameter index. */
  outKeys: Map<number, string>;
}

/** Plans all functions, warning for the skipped ones. */
export function planFunctions(ctx: FfiRsContext, records: ReadonlyMap<string, RecordPlan>): FunctionEmitPlan[] {
  const plans = planNodeFunctions(ctx, {
    refuseDecl: (d) => (d.variadic ? { code: W.variadicFunction, why: "ffi-rs cannot call variadic functions" } : undefined),
    refusePlan: (plan) => byValueProblem(plan, records, ctx),
    complete: withNames,
  });
  const bound = new Map(plans.map((p) => [p.fn.name, p]));
  for (const p of plans) downgradeUnboundFrees(ctx, p, (free) => callableFree(bound.get(free), ctx));
  return plans;
}

/** Shapes a plan passes or returns by value, plus records it needs a codec for. */
function recordNeeds(plan: FunctionPlan): { byValue: ValueShape[]; byRef: string[] } {
  const byValue: ValueShape[] = plan.returns.kind === "value" ? [plan.returns.shape] : [];
  const byRef: string[] = [];
  for (const p of plan.params) {
    const r = p.role;
    if (r.role === "value") byValue.push(r.shape);
    if (r.role === "recordRef" || r.role === "outRecord") byRef.push(r.rec.id);
  }
  return { byValue, byRef };
}

/** The first reason ffi-rs cannot make this call (records by value, float return, skipped records). */
function byValueProblem(plan: FunctionPlan, records: ReadonlyMap<string, RecordPlan>, ctx: FfiRsContext): { code: string; why: string } | undefined {
  if (plan.returns.kind === "value" && plan.returns.shape.kind === "float" && plan.returns.shape.float.size === 4) {
    return { code: W.floatReturn, why: "ffi-rs reads `float` only as a parameter, not as a result" };
  }
  const needs = recordNeeds(plan);
  for (const id of needs.byRef) {
    if (!ctx.emittedRecords.has(id)) return { code: W.unsupportedFunction, why: `uses \`${ctx.index.get(id)?.name ?? id}\`, which was skipped` };
  }
  for (const s of needs.byValue) {
    if (s.kind !== "record") continue;
    const rp = records.get(s.rec.id);
    if (rp === undefined) return { code: W.unsupportedFunction, why: `uses \`${s.rec.name}\`, which was skipped` };
    if (rp.notByValue === undefined) continue;
    const code = s.rec.kind === "union" ? W.unionByValue : s.rec.packed || s.rec.maxFieldAlign !== undefined || s.rec.alignAttr !== undefined ? W.packedByValue : W.recordByValue;
    return { code, why: `passes or returns \`${s.rec.name}\` by value: ${rp.notByValue}` };
  }
  return undefined;
}

/** Whether `free` can be called as `free(pointer)` or `free(pointer, count)` from a wrapper. */
function callableFree(free: FunctionEmitPlan | undefined, ctx: FfiRsContext): boolean {
  if (free === undefined || free.fn.params.length < 1 || free.fn.params.length > 2) return false;
  const kinds = free.fn.params.map((p) => resolveType(p.type, ctx.index).kind);
  return kinds[0] === "pointer" && (kinds.length === 1 || kinds[1] === "int");
}

/** Module-level and wrapper-local names a parameter must not shadow. */
const RESERVED_LOCALS = ["_r", "_rp", "_keep", "_call", "_spec", "_process", "_load", "_none", "_utf8", "lib", "DataType", "open", ...RUNTIME_HELPERS];

/** Assigns JS parameter names and result keys (`result` is reserved for the C return value). */
function withNames(plan: FunctionPlan): FunctionEmitPlan {
  const { names, outKeys } = assignHostNames(plan, ["result", ...RESERVED_LOCALS], ["result"]);
  return { ...plan, jsNames: names, outKeys };
}

/** Writes the method signatures (with TSDoc) of the library interface. */
export function emitLibraryInterface(w: CodeWriter, plans: readonly FunctionEmitPlan[], ctx: FfiRsContext): void {
  const heading = `The functions of \`${ctx.ir.lib}\`, bound once by \`load()\`; names are the C names.`;
  emitTsLibraryInterface(w, heading, ctx.names.libraryInterface, plans, ctx.names);
}

/** Writes the call specs (inside load, after the library is opened as `lib`). */
export function emitSpecs(w: CodeWriter, plans: readonly FunctionEmitPlan[], ctx: FfiRsContext): void {
  for (const plan of plans) w.line(`const ${ctx.names.spec(plan.fn.name)} = _spec(lib, ${JSON.stringify(plan.fn.name)}, ${returnType(plan, ctx)});`);
}

/** Writes the wrapper object literal's methods (inside load). */
export function emitWrappers(w: CodeWriter, plans: readonly FunctionEmitPlan[], ctx: FfiRsContext): void {
  for (const plan of plans) {
    const sig = tsSignature(plan, ctx.names);
    w.block(`${plan.fn.name}(${sig.params}): ${sig.result} {`, "},", () => {
      const types: string[] = [];
      const values: string[] = [];
      const after: string[] = [];
      const needsKeep = plan.params.some((p) => ["recordRef", "bufferList"].includes(p.role.role) || (p.role.role === "value" && p.role.shape.kind === "record"));
      if (needsKeep) w.line("const _keep: Uint8Array[] = [];");
      for (const p of plan.params) {
        const arg = emitParam(w, plan, p, ctx);
        types.push(arg.type);
        values.push(arg.value);
        after.push(...arg.after);
      }
      const call = `_call(${ctx.names.spec(plan.fn.name)}, [${types.join(", ")}], [${values.join(", ")}])`;
      emitResults(w, plan, call, after, needsKeep, ctx);
    });
  }
}

export type { ParamPlan };
