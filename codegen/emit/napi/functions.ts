// Sync function wrappers of the Node-API addon: one napi callback per C function that checks the
// argument count, converts each argument by its role (convert.ts), calls the C function, and
// returns its results: written into the scratch slots when the function has a slot plan (slots.ts,
// the object is assembled in the loader), else as a value or `{ result, ...outs }` built here.

import type { CompiledFn, CompiledModule } from "../common/compiled-plan.js";
import { isOutRole } from "../common/node-signature.js";
import { CodeWriter } from "../common/writer.js";
import { argLocal, callee, emitInput, emitOutSlots, emitResult, paramLocals, returnsVoid, stackLocals } from "./convert.js";
import type { NapiNames } from "./names.js";
import { emitSlotResult, type SlotPlan } from "./slots.js";

/** Writes every sync wrapper; `slotPlans` holds the functions whose results go through the scratch slots. */
export function emitWrappers(w: CodeWriter, mod: CompiledModule, names: NapiNames, slotPlans: ReadonlyMap<string, SlotPlan>): void {
  for (const f of mod.functions) {
    w.blank();
    w.block(`static napi_value ${names.wrapper(f.fn.name)}(napi_env env, napi_callback_info info) {`, "}", () => emitWrapperBody(w, f, mod, names, slotPlans.get(f.fn.name)));
  }
}

function emitWrapperBody(w: CodeWriter, f: CompiledFn, mod: CompiledModule, names: NapiNames, slots: SlotPlan | undefined): void {
  const fnLit = JSON.stringify(f.fn.name);
  const visible = f.params.filter((p) => !isOutRole(p.role));
  const argc = visible.length;
  const argIndex = new Map(visible.map((p, j) => [p.index, j]));
  const body = new CodeWriter("  ");
  const cleanup: string[] = [];
  const after: string[] = [];

  w.line(`size_t argc = ${argc};`);
  w.line(`napi_value argv[${Math.max(argc, 1)}];`);
  w.line("void *data = NULL;");
  w.line("napi_value ret = NULL;");
  for (const p of f.params) {
    w.line(argLocal(mod, f, p.index, `a${p.index}`));
    const locals = paramLocals(f, p, mod, stackLocals);
    for (const d of locals.decls) w.line(d);
    for (const s of locals.init) w.line(s);
    cleanup.push(...locals.cleanup);
    if (f.closes !== undefined && p.index === 0) w.line("omb_box *box0 = NULL;");
  }
  w.line("if (napi_get_cb_info(env, info, &argc, argv, NULL, &data) != napi_ok) return NULL;");
  w.line("const omb_lib *L = data;");
  w.line("(void)L;");
  w.line(`if (argc != ${argc}) { omb_argc(env, ${fnLit}, ${argc}, argc); return NULL; }`);
  if (!f.fn.inline) w.line(`if (L->${names.member(f.fn.name)} == NULL) { omb_missing_symbol(env, ${fnLit}); return NULL; }`);

  // Inputs first (lengths of caller arrays come from them), then out slots.
  for (const p of f.params) {
    if (isOutRole(p.role)) continue;
    emitInput(body, f, p, `argv[${argIndex.get(p.index)}]`, mod, names, after, stackLocals);
  }
  emitOutSlots(body, f, stackLocals);
  const call = `${callee(mod, names, f.fn.name)}(${f.params.map((p) => `a${p.index}`).join(", ")})`;
  if (returnsVoid(f)) body.line(`${call};`);
  else body.line(`__typeof__(${call}) r = ${call};`);
  if (f.closes !== undefined) body.line("if (box0 != NULL) box0->ptr = NULL;");
  for (const a of after) body.line(a);
  if (slots === undefined) emitResult(body, f, mod, names, stackLocals);
  else emitSlotResult(body, slots, () => emitResult(body, f, mod, names, stackLocals));

  const text = body.toString().trimEnd();
  w.lines(text);
  if (text.includes("goto done;")) w.line("done:");
  for (const c of cleanup) w.line(c);
  w.line("return ret;");
}
