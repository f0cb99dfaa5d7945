// Function wrappers of the Node-API addon: one napi callback per C function that checks the
// argument count, converts each argument by its role (scalars, strings, buffers, handles, records,
// slots), calls the C function, and returns the value or `{ result, ...outs }` with owned buffers copied then freed.

import type { CompiledFn, CompiledModule, ParamPlan } from "../common/compiled-plan.js";
import { cElemType, paramNamed, recordPlanOf } from "../common/compiled-plan.js";
import { isOutRole } from "../common/node-signature.js";
import { CodeWriter } from "../common/writer.js";
import type { NapiNames } from "./names.js";
import { emitGetValue, newTypedArray, newValue, typedArrayConst } from "./types.js";

/** Strips a top-level const so a local of the type can be assigned. */
function local(mod: CompiledModule, f: CompiledFn, i: number, name: string): string {
  const t = f.fn.params[i]?.type;
  if (!t) throw new Error("internal: parameter index");
  return mod.cLocal(t, name);
}

/** The expression calling C function `cName` (inline functions directly, others through the library struct). */
export function callee(mod: CompiledModule, names: NapiNames, cName: string): string {
  const fn = mod.index.functionNamed(cName);
  return fn?.inline ? cName : `L->${names.member(cName)}`;
}

/** Writes every wrapper. */
export function emitWrappers(w: CodeWriter, mod: CompiledModule, names: NapiNames): void {
  for (const f of mod.functions) {
    w.blank();
    w.block(`static napi_value ${names.wrapper(f.fn.name)}(napi_env env, napi_callback_info info) {`, "}", () => emitWrapperBody(w, f, mod, names));
  }
}

function emitWrapperBody(w: CodeWriter, f: CompiledFn, mod: CompiledModule, names: NapiNames): void {
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
    w.line(local(mod, f, p.index, `a${p.index}`));
    const r = p.role;
    if (r.role === "value" && r.shape.kind === "string") {
      w.line(`omb_str s${p.index};`);
      w.line(`s${p.index}.heap = false;`);
      cleanup.push(`omb_str_free(&s${p.index});`);
    } else if (r.role === "bufferList") {
      w.line(`void **list${p.index} = NULL;`);
      cleanup.push(`free(list${p.index});`);
    } else if (r.role === "recordRef") {
      w.line(`${recordPlanOf(mod, r.rec).cType} r${p.index};`);
      w.line(`bool byObject${p.index} = false;`);
      w.line(`(void)byObject${p.index};`);
    } else if (r.role === "slot") {
      w.line(`void *slot${p.index} = NULL;`);
      w.line(`bool hasSlot${p.index} = false;`);
    } else if (isOutRole(r) && r.role !== "outCallerArray") {
      w.line(`__typeof__(*a${p.index}) o${p.index};`);
      w.line(`memset(&o${p.index}, 0, sizeof o${p.index});`);
    } else if (r.role === "outCallerArray") {
      w.line(`napi_value arr${p.index} = NULL;`);
    }
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
    emitInput(body, f, p, `argv[${argIndex.get(p.index)}]`, fnLit, mod, names, after);
  }
  for (const p of f.params) {
    const r = p.role;
    if (r.role === "outCallerArray") {
      const len = paramNamed(f, r.lengthParam);
      const count = len ? `(size_t)a${len.index}` : "0";
      body.line(`arr${p.index} = omb_new_array(env, ${typedArrayConst(r.elem)}, NULL, ${count}, sizeof(${cElemType(r.elem)}));`);
      body.line(`if (arr${p.index} == NULL) goto done;`);
      body.line(`{ void *t; napi_get_typedarray_info(env, arr${p.index}, NULL, NULL, &t, NULL, NULL); a${p.index} = (__typeof__(a${p.index}))t; }`);
    } else if (isOutRole(r)) {
      body.line(`a${p.index} = &o${p.index};`);
    }
  }
  const call = `${callee(mod, names, f.fn.name)}(${f.params.map((p) => `a${p.index}`).join(", ")})`;
  const returnsVoid = f.returns.kind === "value" && f.returns.shape.kind === "void";
  if (returnsVoid) body.line(`${call};`);
  else body.line(`__typeof__(${call}) r = ${call};`);
  if (f.closes !== undefined) body.line("if (box0 != NULL) box0->ptr = NULL;");
  for (const a of after) body.line(a);
  emitResult(body, f, mod, names, returnsVoid);

  const text = body.toString().trimEnd();
  w.lines(text);
  if (text.includes("goto done;")) w.line("done:");
  for (const c of cleanup) w.line(c);
  w.line("return ret;");
}

/** Converts one JS argument into the C local `a<i>`. */
function emitInput(w: CodeWriter, f: CompiledFn, p: ParamPlan, js: string, fnLit: string, mod: CompiledModule, names: NapiNames, after: string[]): void {
  const i = p.index;
  const a = `a${i}`;
  const argLit = JSON.stringify(f.names[i] ?? p.param.name);
  const site = { fn: fnLit, arg: argLit, fail: "goto done;" };
  const r = p.role;
  switch (r.role) {
    case "value":
      if (r.shape.kind === "string") {
        w.line(`if (!omb_get_str(env, ${js}, ${p.nullable}, &s${i}, ${fnLit}, ${argLit})) goto done;`);
        w.line(`${a} = s${i}.ptr;`);
      } else if (r.shape.kind === "handle" && f.closes !== undefined && i === 0) {
        const expect = JSON.stringify(`must be a ${r.shape.name} handle${p.nullable ? " or null" : ""}`);
        w.line(`{ void *t; if (!omb_get_handle(env, ${js}, &${names.handleTag(r.shape.name)}, ${p.nullable}, &box0, &t, ${fnLit}, ${argLit}, ${expect})) goto done; ${a} = (__typeof__(${a}))t; }`);
      } else {
        emitGetValue(w, r.shape, js, a, site, names, p.nullable);
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
    case "bufferList":
      w.block("{", "}", () => {
        w.line("bool isArray = false;");
        w.line("uint32_t n = 0;");
        w.line(`if (napi_is_array(env, ${js}, &isArray) != napi_ok || !isArray) {`);
        w.line(`  if (!(${p.nullable} && omb_is_nullish(env, ${js}))) { omb_fail(env, OMB_TYPE, ${fnLit}, ${argLit}, "must be an array of Uint8Array or null"); goto done; }`);
        w.line(`  ${a} = NULL;`);
        w.line("} else {");
        w.line(`  napi_get_array_length(env, ${js}, &n);`);
        w.line(`  list${i} = calloc(n > 0 ? n : 1, sizeof(void *));`);
        w.line(`  if (list${i} == NULL) { omb_fail(env, OMB_ERROR, ${fnLit}, ${argLit}, "does not fit in memory"); goto done; }`);
        w.line("  for (uint32_t k = 0; k < n; k++) {");
        w.line("    napi_value e;");
        w.line(`    if (napi_get_element(env, ${js}, k, &e) != napi_ok) goto done;`);
        w.line(`    if (!omb_get_view(env, e, -1, true, &list${i}[k], NULL, ${fnLit}, ${argLit}, "must hold Uint8Array or null elements")) goto done;`);
        w.line("  }");
        w.line(`  ${a} = (__typeof__(${a}))list${i};`);
        w.line("}");
      });
      return;
    case "recordRef":
      w.block("{", "}", () => {
        w.line("napi_valuetype t;");
        w.line(`napi_typeof(env, ${js}, &t);`);
        w.line("if (t == napi_object) {");
        w.line(`  if (!${names.fromRecord(r.rec)}(env, ${js}, &r${i}, ${fnLit}, ${argLit})) goto done;`);
        w.line(`  ${a} = &r${i};`);
        w.line(`  byObject${i} = true;`);
        w.line("} else {");
        w.line(`  void *q; if (!omb_get_ptr(env, ${js}, &q, ${fnLit}, ${argLit})) goto done; ${a} = (__typeof__(${a}))q;`);
        w.line("}");
      });
      if (r.writable) after.push(`if (byObject${i} && !${names.fillRecord(r.rec)}(env, ${js}, &r${i})) goto done;`);
      return;
    case "slot":
      w.block("{", "}", () => {
        w.line("bool isArray = false;");
        w.line(`if (napi_is_array(env, ${js}, &isArray) == napi_ok && isArray) { ${a} = (__typeof__(${a}))&slot${i}; hasSlot${i} = true; }`);
        w.line(`else if (omb_is_nullish(env, ${js})) ${a} = NULL;`);
        w.line(`else { omb_fail(env, OMB_TYPE, ${fnLit}, ${argLit}, "must be a one-element array or null"); goto done; }`);
      });
      after.push(`if (hasSlot${i}) { napi_value v = ${newValue(r.inner, `slot${i}`, names)}; if (v == NULL || napi_set_element(env, ${js}, 0, v) != napi_ok) goto done; }`);
      return;
    default:
      throw new Error(`internal: emitInput on ${r.role}`);
  }
}

/** Builds `ret`: the converted return value, or an object with `result` and the outs. */
function emitResult(w: CodeWriter, f: CompiledFn, mod: CompiledModule, names: NapiNames, returnsVoid: boolean): void {
  const outs = f.params.filter((p) => isOutRole(p.role));
  const resultValue = (): string => (f.returns.kind === "ownedString" ? "omb_new_str(env, r)" : newValue(f.returns.shape, "r", names));
  const freeReturn = (): void => {
    if (f.returns.kind === "ownedString") w.line(`if (r != NULL) ${callee(mod, names, f.returns.freeWith)}(r);`);
  };
  if (outs.length === 0) {
    if (returnsVoid) {
      w.line("ret = omb_undefined(env);");
      return;
    }
    w.line(`ret = ${resultValue()};`);
    freeReturn();
    return;
  }
  if (!returnsVoid) {
    w.line(`napi_value vr = ${resultValue()};`);
    freeReturn();
  }
  for (const p of outs) {
    const r = p.role;
    const o = `o${p.index}`;
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
        w.line(`napi_value ${v} = arr${p.index};`);
        break;
      case "outOwned": {
        const free = callee(mod, names, r.freeWith);
        if (r.elem === "string") {
          w.line(`napi_value ${v} = omb_new_str(env, ${o});`);
          w.line(`if (${o} != NULL) ${free}(${o});`);
          break;
        }
        const len = paramNamed(f, r.lengthParam);
        const count = len ? `(size_t)o${len.index}` : "0";
        const freeFn = mod.index.functionNamed(r.freeWith);
        const freeArgs = (freeFn?.params.length ?? 1) >= 2 ? `${o}, ${len ? `o${len.index}` : "0"}` : o;
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
  if (!returnsVoid) w.line('if (!omb_set(env, obj, "result", vr)) goto done;');
  for (const p of outs) w.line(`if (!omb_set(env, obj, ${JSON.stringify(f.outKeys.get(p.index) ?? "")}, v${p.index})) goto done;`);
  w.line("ret = obj;");
}
