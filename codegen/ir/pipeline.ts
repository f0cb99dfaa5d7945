// The IR passes, listed once and run in this order. Each is a `(ir, ctx) → ir` function named
// as a verb; `runPipeline` can stop after a named pass (for `--after <pass>` IR dumps).

import { applySymbolFilter } from "./passes/applySymbolFilter.js";
import { computeLayouts } from "./passes/computeLayouts.js";
import type { PassContext } from "./passes/context.js";
import { evaluateConstants } from "./passes/evaluateConstants.js";
import { keepDependencyClosure } from "./passes/keepDependencyClosure.js";
import { readDocNotes } from "./passes/readDocNotes.js";
import { sortDecls } from "./passes/sortDecls.js";
import type { IrModule } from "./types.js";

/** One pass. */
export type Pass = (ir: IrModule, ctx: PassContext) => IrModule;

/** The passes in order. */
export const PASSES: readonly { name: string; run: Pass }[] = [
  { name: "applySymbolFilter", run: applySymbolFilter },
  { name: "keepDependencyClosure", run: keepDependencyClosure },
  { name: "evaluateConstants", run: evaluateConstants },
  { name: "readDocNotes", run: readDocNotes },
  { name: "computeLayouts", run: computeLayouts },
  { name: "sortDecls", run: sortDecls },
];

/** Runs the passes in order, stopping early after `after` (a pass name) or at the first error. */
export function runPipeline(ir: IrModule, ctx: PassContext, after?: string): IrModule {
  let cur = ir;
  for (const pass of PASSES) {
    cur = pass.run(cur, ctx);
    if (pass.name === after || ctx.diag.hasErrors) break;
  }
  return cur;
}
