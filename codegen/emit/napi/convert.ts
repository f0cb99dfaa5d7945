// Argument and result conversion code of the Node-API wrappers, shared by the sync wrappers
// (functions.ts, locals on the stack) and the async ones (async.ts, locals in a heap job struct):
// JS argument → C local `a<i>` by parameter role, and C results → `ret` (value or `{ result, ...outs }`).

import type { CompiledFn, CompiledModule, ParamPlan } from "../common/compiled-plan.js";
import { cElemType, paramNamed, recordPlanOf } from "../common/compiled-plan.js";
import { isOutRole } from "../common/node-signature.js";
import { nullableByModuleRule } from "../common/nullability.js";
import type { CodeWriter } from "../common/writer.js";
import type { NapiNames } from "./names.js";
import { emitGetValue, newTypedArray, newValue, typedArrayConst } from "./types.js";

/** Spells a wrapper local: itself on the stack (sync), `J->name` in a job struct (async). */
export type Locals = (name: string) => string;

/** Locals of a sync wrapper: plain C locals. */
export const stackLocals: Locals = (name) => name;

/** The expression calling C function `cName` (inline functions directly, others through the library struct). */
export function callee(mod: CompiledModule, names: NapiNames, cName: string): string {
  const fn = mod.index.functionNamed(cName);
  return fn?.inline ? cName : `L->${names.member(cName)}`;
}

/** Declaration of local `a<i>`'s C type under `name` (top-level const stripped so it can be assigned). */
export function argLocal(mod: CompiledModule, f: CompiledFn, i: number, name: string): string {
  const t = f.fn.params[i]?.type;
  if (!t) throw new Error("internal: parameter index");
  return mod.cLocal(t, name);
}

/**
 * C declarations of the locals one parameter needs besides `a<i>` (string copy, buffer list, record,
 * slot, out value), their initialisers (all zero: a calloc'd job needs none) and cleanup statements
 * (named through `at`).
 */
export function paramLocals(f: CompiledFn, p: ParamPlan, mod: CompiledModule, at: Locals): { decls: string[]; init: string[]; cleanup: string[] } {
  const i = p.index;
  const r = p.role;
  const decls: string[] = [];
  const init: string[] = [];
  const cleanup: string[] = [];
  if (r.role === "value" && r.shape.kind === "string") {
    decls.push(`omb_str s${i};`);
    init.push(`s${i}.heap = false;`);
    cleanup.push(`omb_str_free(&${at(`s${i}`)});`);
  } else if (r.role === "bufferList") {
    decls.push(`void **list${i};`);
    init.push(`list${i} = NULL;`);
    cleanup.push(`free(${at(`list${i}`)});`);
  } else if (r.role === "recordRef") {
    decls.push(`${recordPlanOf(mod, r.rec).cType} r${i};`, `bool byObject${i};`);
    init.push(`byObject${i} = false;`, `(void)byObject${i};`);
  } else if (r.role === "slot") {
    decls.push(`void *slot${i};`, `bool hasSlot${i};`);
    init.push(`slot${i} = NULL;`, `hasSlot${i} = false;`);
  } else if (isOutRole(r) && r.role !== "outCallerArray") {
    const t = f.fn.params[i]?.type;
    if (!t) throw new Error("internal: parameter index");
    decls.push(`__typeof__(*(${mod.cType({ ...t, const: false })})0) o${i};`);
    init.push(`memset(&o${i}, 0, sizeof o${i});`);
  } else if (r.role === "outCallerArray") {
    decls.push(`napi_value arr${i};`);
    init.push(`arr${i} = NULL;`);
  }
  return { decls, init, cleanup };
}

/** Converts one JS argument into the C local `a<i>` (named through `at`); failures `goto done`. */
export function emitInput(w: CodeWriter, f: CompiledFn, p: ParamPlan, js: string, mod: CompiledModule, names: NapiNames, after: string[], at: Locals): void {
  const fnLit = JSON.stringify(f.fn.name);
  const i = p.index;
  const a = at(`a${i}`);
  const argLit = JSON.stringify(f.names[i] ?? p.param.name);
  const site = { fn: fnLit, arg: argLit, fail: "goto done;" };
  const r = p.role;
  switch (r.role) {
    case "value":
      if (r.shape.kind === "string") {
        w.line(`if (!omb_get_str(env, ${js}, ${p.nullable}, &${at(`s${i}`)}, ${fnLit}, ${argLit})) goto done;`);
        w.line(`${a} = ${at(`s${i}`)}.ptr;`);
      } else if (r.shape.kind === "handle" && f.closes !== undefined && i === 0) {
        const expect = JSON.stringify(`must be a ${r.shape.name} handle${p.nullable ? " or null" : ""}`);
        const guard = rejectsClosed(p, mod) ? ` if (box0 != NULL && t == NULL) { omb_fail(env, OMB_ERROR, ${fnLit}, ${argLit}, "is a closed handle"); goto done; }` : "";
        w.line(`{ void *t; if (!omb_get_handle(env, ${js}, &${names.handleTag(r.shape.name)}, ${p.nullable}, &box0, &t, ${fnLit}, ${argLit}, ${expect})) goto done;${guard} ${a} = (__typeof__(${a}))t; }`);
      } else {
        emitGetValue(w, r.shape, js, a, site, names, p.nullable, rejectsClosed(p, mod));
      }
      return;
    case "bytes":
      w.line(`{ void *t; if (!omb_get_view(env, ${js}, -1, ${p.nullable}, &t, NULL, ${fnLit}, ${argLit}, "must be a Uint8Array, Buffer, ArrayBuffer or pointer")) goto done; ${a} = (__typeof__(${a}))t; }`);
      return;
    case "array": {
      const expect = JSON.stringify(`must be a ${r.elem.typedArray} or pointer`);
      w.line(`{ void *t; if (!omb_get_view(env, ${js}, ${typedArrayConst(r.elem)}, ${p.nullable}, &t, NULL, ${fnLit}, ${argLit}, ${expect})) goto done; ${a} = (__typeof__(${a}))t; }`);
      return;
    }
    case "bufferList": {
      const list = at(`list${i}`);
      w.block("{", "}", () => {
        w.line("bool isArray = false;");
        w.line("uint32_t n = 0;");
        w.line(`if (napi_is_array(env, ${js}, &isArray) != napi_ok || !isArray) {`);
        w.line(`  if (!(${p.nullable} && omb_is_nullish(env, ${js}))) { omb_fail(env, OMB_TYPE, ${fnLit}, ${argLit}, "must be an array of Uint8Array or null"); goto done; }`);
        w.line(`  ${a} = NULL;`);
        w.line("} else {");
        w.line(`  napi_get_array_length(env, ${js}, &n);`);
        w.line(`  ${list} = calloc(n > 0 ? n : 1, sizeof(void *));`);
        w.line(`  if (${list} == NULL) { omb_fail(env, OMB_ERROR, ${fnLit}, ${argLit}, "does not fit in memory"); goto done; }`);
        w.line("  for (uint32_t k = 0; k < n; k++) {");
        w.line("    napi_value e;");
        w.line(`    if (napi_get_element(env, ${js}, k, &e) != napi_ok) goto done;`);
        w.line(`    if (!omb_get_view(env, e, -1, true, &${list}[k], NULL, ${fnLit}, ${argLit}, "must hold Uint8Array or null elements")) goto done;`);
        w.line("  }");
        w.line(`  ${a} = (__typeof__(${a}))${list};`);
        w.line("}");
      });
      return;
    }
    case "recordRef": {
      const rec = at(`r${i}`);
      w.block("{", "}", () => {
        w.line("napi_valuetype t;");
        w.line(`napi_typeof(env, ${js}, &t);`);
        w.line("if (t == napi_object) {");
        w.line(`  if (!${names.fromRecord(r.rec)}(env, ${js}, &${rec}, ${fnLit}, ${argLit})) goto done;`);
        w.line(`  ${a} = &${rec};`);
        w.line(`  ${at(`byObject${i}`)} = true;`);
        w.line("} else {");
        w.line(`  void *q; if (!omb_get_ptr(env, ${js}, &q, ${fnLit}, ${argLit})) goto done; ${a} = (__typeof__(${a}))q;`);
        w.line("}");
      });
      if (r.writable) after.push(`if (${at(`byObject${i}`)} && !${names.fillRecord(r.rec)}(env, ${js}, &${rec})) goto done;`);
      return;
    }
    case "slot":
      w.block("{", "}", () => {
        w.line("bool isArray = false;");
        w.line(`if (napi_is_array(env, ${js}, &isArray) == napi_ok && isArray) { ${a} = (__typeof__(${a}))&${at(`slot${i}`)}; ${at(`hasSlot${i}`)} = true; }`);
        w.line(`else if (omb_is_nullish(env, ${js})) ${a} = NULL;`);
        w.line(`else { omb_fail(env, OMB_TYPE, ${fnLit}, ${argLit}, "must be a one-element array or null"); goto done; }`);
      });
      after.push(`if (${at(`hasSlot${i}`)}) { napi_value v = ${newValue(r.inner, at(`slot${i}`), names)}; if (v == NULL || napi_set_element(env, ${js}, 0, v) != napi_ok) goto done; }`);
      return;
    default:
      throw new Error(`internal: emitInput on ${r.role}`);
  }
}

/** Points each out-parameter `a<i>` at its local (caller arrays: a new typed array of the input length). */
export function emitOutSlots(w: CodeWriter, f: CompiledFn, at: Locals): void {
  for (const p of f.params) {
    const r = p.role;
    const a = at(`a${p.index}`);
    if (r.role === "outCallerArray") {
      const len = paramNamed(f, r.lengthParam);
      const count = len ? `(size_t)${at(`a${len.index}`)}` : "0";
      const arr = at(`arr${p.index}`);
      w.line(`${arr} = omb_new_array(env, ${typedArrayConst(r.elem)}, NULL, ${count}, sizeof(${cElemType(r.elem)}));`);
      w.line(`if (${arr} == NULL) goto done;`);
      w.line(`{ void *t; napi_get_typedarray_info(env, ${arr}, NULL, NULL, &t, NULL, NULL); ${a} = (__typeof__(${a}))t; }`);
    } else if (isOutRole(r)) {
      w.line(`${a} = &${at(`o${p.index}`)};`);
    }
  }
}

/** True when the function returns nothing (C `void`). */
export function returnsVoid(f: CompiledFn): boolean {
  return f.returns.kind === "value" && f.returns.shape.kind === "void";
}

/** Builds `ret` from the C return value `r` and the outs: the value, or an object with `result` and the outs. */
export function emitResult(w: CodeWriter, f: CompiledFn, mod: CompiledModule, names: NapiNames, at: Locals): void {
  const outs = f.params.filter((p) => isOutRole(p.role));
  const rv = at("r");
  const isVoid = returnsVoid(f);
  const resultValue = (): string => (f.returns.kind === "ownedString" ? `omb_new_str(env, ${rv})` : newValue(f.returns.shape, rv, names));
  const freeReturn = (): void => {
    if (f.returns.kind === "ownedString") w.line(`if (${rv} != NULL) ${callee(mod, names, f.returns.freeWith)}(${rv});`);
  };
  if (outs.length === 0) {
    if (isVoid) {
      w.line("ret = omb_undefined(env);");
      return;
    }
    w.line(`ret = ${resultValue()};`);
    freeReturn();
    return;
  }
  if (!isVoid) {
    w.line(`napi_value vr = ${resultValue()};`);
    freeReturn();
  }
  for (const p of outs) {
    const r = p.role;
    const o = at(`o${p.index}`);
    const v = `v${p.index}`;
    switch (r.role) {
      case "outScalar":
        w.line(`napi_value ${v} = ${newValue(r.shape, o, names)};`);
        break;
      case "outHandle":
        w.line(`napi_value ${v} = ${newValue({ kind: "handle", name: r.name }, o, names)};`);
        break;
      case "outPointer":
        w.line(`napi_value ${v} = omb_new_ptr(env, (const void *)${o});`);
        break;
      case "outRecord":
        w.line(`napi_value ${v} = ${names.toRecord(r.rec)}(env, &${o});`);
        break;
      case "outCallerArray":
        w.line(`napi_value ${v} = ${at(`arr${p.index}`)};`);
        break;
      case "outOwned": {
        const free = callee(mod, names, r.freeWith);
        if (r.elem === "string") {
          w.line(`napi_value ${v} = omb_new_str(env, ${o});`);
          w.line(`if (${o} != NULL) ${free}(${o});`);
          break;
        }
        const len = paramNamed(f, r.lengthParam);
        const count = len ? `(size_t)${at(`o${len.index}`)}` : "0";
        const freeFn = mod.index.functionNamed(r.freeWith);
        const freeArgs = (freeFn?.params.length ?? 1) >= 2 ? `${o}, ${len ? at(`o${len.index}`) : "0"}` : o;
        w.line(`napi_value ${v} = ${o} != NULL ? ${newTypedArray(r.elem, o, count)} : omb_new_ptr(env, NULL);`);
        w.line(`if (${o} != NULL) ${free}(${freeArgs});`);
        break;
      }
      default:
        throw new Error(`internal: emitResult on ${r.role}`);
    }
  }
  w.line("napi_value obj;");
  w.line("if (napi_create_object(env, &obj) != napi_ok) goto done;");
  if (!isVoid) w.line('if (!omb_set(env, obj, "result", vr)) goto done;');
  for (const p of outs) w.line(`if (!omb_set(env, obj, ${JSON.stringify(f.outKeys.get(p.index) ?? "")}, v${p.index})) goto done;`);
  w.line("ret = obj;");
}

/** A handle that takes null only by the module rule (no `@nullable` tag) still refuses a closed handle. */
function rejectsClosed(p: ParamPlan, mod: CompiledModule): boolean {
  return p.nullable && nullableByModuleRule(p.param, mod.index.ir);
}
