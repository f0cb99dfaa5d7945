// Function selection every Node TS emitter (koffi, ffi-rs) does the same way: in IR order, skip
// `static inline` functions and those the shared signature model cannot plan, then the target's
// own refusals, each with a warning; and the fallback of owned results whose free function is not
// callable to raw pointers.

import type { FunctionDecl } from "../../ir/types.js";
import { W } from "./node-context.js";
import type { NodeEmitContext } from "./node-context.js";
import { type FunctionPlan, planFunction } from "./node-signature.js";
import type { TsExportNames } from "./ts-export-names.js";

/** Why a target refuses a function: the warning code and the reason. */
export interface Refusal {
  code: string;
  why: string;
}

/** How a target refuses and names functions. */
export interface FunctionPlanning<P extends FunctionPlan> {
  /** Refusal before planning (from the declaration alone), or undefined. */
  refuseDecl?(d: FunctionDecl): Refusal | undefined;
  /** Refusal of a planned function, or undefined. */
  refusePlan(plan: FunctionPlan): Refusal | undefined;
  /** The target's plan (host names assigned). */
  complete(plan: FunctionPlan): P;
}

/** Plans the functions the target can bind, in IR order; warns for the others. */
export function planNodeFunctions<P extends FunctionPlan>(ctx: NodeEmitContext<TsExportNames>, planning: FunctionPlanning<P>): P[] {
  const plans: P[] = [];
  for (const d of ctx.ir.decls) {
    if (d.kind !== "function") continue;
    const refusal = d.inline ? { code: W.inlineFunction, why: "`static inline` has no symbol in the library (use the compiled tier)" } : planning.refuseDecl?.(d);
    if (refusal !== undefined) {
      ctx.skip(refusal.code, d, "function", refusal.why);
      continue;
    }
    const plan = planFunction(d, ctx.index);
    if ("skip" in plan) {
      ctx.skip(W.unsupportedFunction, d, "function", plan.skip);
      continue;
    }
    const problem = planning.refusePlan(plan);
    if (problem !== undefined) {
      ctx.skip(problem.code, d, "function", problem.why);
      continue;
    }
    plans.push(planning.complete(plan));
  }
  return plans;
}

/** Owned results and out-parameters whose free function fails `canFree` become raw pointers, with `warn(free)`. */
export function downgradeMissingFrees(plan: FunctionPlan, canFree: (free: string) => boolean, warn: (free: string) => void): void {
  if (plan.returns.kind === "ownedString" && !canFree(plan.returns.freeWith)) {
    warn(plan.returns.freeWith);
    plan.returns = { kind: "value", shape: { kind: "pointer" } };
  }
  for (const p of plan.params) {
    if (p.role.role === "outOwned" && !canFree(p.role.freeWith)) {
      warn(p.role.freeWith);
      p.role = { role: "outPointer" };
    }
  }
}

/** `downgradeMissingFrees` with the Node emitters' W0406 warning ("is not bound"). */
export function downgradeUnboundFrees(ctx: NodeEmitContext<TsExportNames>, plan: FunctionPlan, canFree: (free: string) => boolean): void {
  downgradeMissingFrees(plan, canFree, (free) =>
    ctx.diag.warning(W.missingFreeFunction, `\`${plan.fn.name}\`: free function \`${free}\` is not bound; the raw pointer is returned instead`, plan.fn.loc, plan.fn.name),
  );
}
