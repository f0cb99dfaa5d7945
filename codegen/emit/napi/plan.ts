// The napi target's plan: the compiled-tier plan of the module plus what this target adds, i.e.
// which functions return through the scratch slots (slots.ts) and which get `<name>Async` forms
// (async.ts). The addon C, the loader JS and the `.d.ts` are all emitted from this one plan.

import type { DiagnosticSink } from "../../diag.js";
import type { IrModule } from "../../ir/types.js";
import { type CompiledFn, type CompiledModule, planCompiled } from "../common/compiled-plan.js";
import { asyncFunctions } from "./async.js";
import type { NapiNames } from "./names.js";
import { planSlots, type SlotPlan } from "./slots.js";

/** What the three files are emitted from. */
export interface AddonPlan {
  mod: CompiledModule;
  /** Functions whose results travel through the scratch slots, by C name. */
  slots: Map<string, SlotPlan>;
  /** Functions with an `<name>Async` form. */
  asyncFns: CompiledFn[];
}

/** Plans the module for the napi target (skipped functions reported to `diag`). */
export function planAddon(ir: IrModule, diag: DiagnosticSink, names: NapiNames): AddonPlan {
  const mod = planCompiled(ir, diag);
  return { mod, slots: planSlots(mod, names), asyncFns: asyncFunctions(mod) };
}
