// Method wrappers of the CPython extension's Library type: METH_NOARGS / METH_O / METH_FASTCALL
// by arity; each checks the count, converts arguments by role (buffers zero-copy via the buffer
// protocol), calls the C function (GIL released per gil.ts), and returns the value or a result
// structseq (owned byte/string data copied and freed, owned numeric arrays shared zero-copy).

import type { CompiledFn, CompiledModule, NumericElem, ParamPlan } from "../common/compiled-plan.js";
import { cElemType, paramNamed, recordPlanOf } from "../common/compiled-plan.js";
import { isOutRole } from "../common/node-signature.js";
import { nullableByModuleRule } from "../common/nullability.js";
import { pointeeOf } from "../common/resolve.js";
import { CodeWriter } from "../common/writer.js";
import { elemCodes, emitGetValue, newValue } from "./convert.js";
import { releasesGil } from "./gil.js";
import type { CpyNames } from "./names.js";

/** Parameters the Python caller passes: inputs, plus caller-provided out arrays (as ctypes takes them). */
export function visibleParams(f: CompiledFn): ParamPlan[] {
  return f.params.filter((p) => !isOutRole(p.role) || p.role.role === "outCallerArray");
}

/** Parameters returned in the result tuple. */
export function returnedParams(f: CompiledFn): ParamPlan[] {
  return f.params.filter((p) => isOutRole(p.role) && p.role.role !== "outCallerArray");
}

export function returnsVoid(f: CompiledFn): boolean {
  return f.returns.kind === "value" && f.returns.shape.kind === "void";
}

/** METH_ flag of a wrapper, by visible arity. */
export function methFlag(f: CompiledFn): string {
  const n = visibleParams(f).length;
  return n === 0 ? "METH_NOARGS" : n === 1 ? "METH_O" : "METH_FASTCALL";
}

function callee(mod: CompiledModule, names: CpyNames, cName: string): string {
  return mod.index.functionNamed(cName)?.inline ? cName : `L->${names.member(cName)}`;
}

/** Owned arrays of wider-than-byte elements are shared zero-copy; byte buffers become `bytes` copies. */
export function sharesOwned(elem: NumericElem | "string"): elem is NumericElem {
  return elem !== "string" && elem.type.size > 1;
}

/** Free functions of the arrays handed out as OwnedArray, by name. */
function sharedFreeFunctions(mod: CompiledModule): string[] {
  const out = new Set<string>();
  for (const f of mod.functions) {
    for (const p of f.params) if (p.role.role === "outOwned" && sharesOwned(p.role.elem)) out.add(p.role.freeWith);
  }
  return [...out].sort();
}

/** One `omb_release_fn` per free function of an OwnedArray: calls it through the Library it came from. */
function emitReleasers(w: CodeWriter, mod: CompiledModule, names: CpyNames): void {
  for (const free of sharedFreeFunctions(mod)) {
    const inline = mod.index.functionNamed(free)?.inline === true;
    const args = (mod.index.functionNamed(free)?.params.length ?? 1) >= 2 ? "ptr, count" : "ptr";
    w.blank();
    w.block(`static void ${names.releaser(free)}(PyObject *lib, void *ptr, size_t count) {`, "}", () => {
      w.line("omb_library *L = (omb_library *)lib;");
      w.line("(void)L;");
      w.line("(void)count;");
      w.line(inline ? `${free}(${args});` : `if (L->${names.member(free)} != NULL) L->${names.member(free)}(${args});`);
    });
  }
}

export function emitWrappers(w: CodeWriter, mod: CompiledModule, names: CpyNames): void {
  emitReleasers(w, mod, names);
  for (const f of mod.functions) {
    w.blank();
    const flag = methFlag(f);
    const sig =
      flag === "METH_FASTCALL" ? "PyObject *self, PyObject *const *args, Py_ssize_t nargs" : flag === "METH_O" ? "PyObject *self, PyObject *arg0" : "PyObject *self, PyObject *unused";
    w.block(`static PyObject *${names.wrapper(f.fn.name)}(${sig}) {`, "}", () => emitBody(w, f, mod, names, flag));
  }
}

function emitBody(w: CodeWriter, f: CompiledFn, mod: CompiledModule, names: CpyNames, flag: string): void {
  const fnLit = JSON.stringify(f.fn.name);
  const visible = visibleParams(f);
  const argIndex = new Map(visible.map((p, j) => [p.index, j]));
  const cleanup: string[] = [];
  const after: string[] = [];
  w.line("omb_library *L = (omb_library *)self;");
  w.line("PyObject *ret = NULL;");
  w.line("(void)L;");
  if (flag === "METH_O") w.line("PyObject *const args[1] = { arg0 };");
  if (flag === "METH_NOARGS") w.line("(void)unused;");
  for (const p of f.params) {
    w.line(mod.cLocal(f.fn.params[p.index]?.type ?? { kind: "void" }, `a${p.index}`));
    const r = p.role;
    if (r.role === "bytes" || r.role === "array" || r.role === "outCallerArray") {
      w.line(`Py_buffer view${p.index};`);
      w.line(`view${p.index}.obj = NULL;`);
      cleanup.push(`omb_release(&view${p.index});`);
    } else if (r.role === "bufferList") {
      w.line(`Py_buffer *views${p.index} = NULL;`);
      w.line(`const void **list${p.index} = NULL;`);
      w.line(`Py_ssize_t count${p.index} = 0;`);
      cleanup.push(`for (Py_ssize_t k = 0; views${p.index} != NULL && k < count${p.index}; k++) omb_release(&views${p.index}[k]);`);
      cleanup.push(`PyMem_Free(views${p.index});`, `PyMem_Free(list${p.index});`);
    } else if (r.role === "recordRef") {
      w.line(`${recordPlanOf(mod, r.rec).cType} r${p.index};`);
    } else if (r.role === "slot") {
      w.line(`void *slot${p.index} = NULL;`);
      w.line(`int hasSlot${p.index} = 0;`);
    } else if (isOutRole(r)) {
      w.line(`__typeof__(*a${p.index}) o${p.index};`);
      w.line(`memset(&o${p.index}, 0, sizeof o${p.index});`);
    }
  }
  if (f.closes !== undefined) w.line("omb_handle *box0 = NULL;");
  if (flag === "METH_FASTCALL") w.line(`if (nargs != ${visible.length}) { omb_nargs(${fnLit}, ${visible.length}, nargs); return NULL; }`);
  if (!f.fn.inline) w.line(`if (L->${names.member(f.fn.name)} == NULL) { omb_missing_symbol(${fnLit}); return NULL; }`);

  const body = new CodeWriter("  ");
  // Caller arrays last: their size check reads the (converted) length argument.
  const late = (p: ParamPlan): boolean => p.role.role === "outCallerArray";
  for (const p of [...f.params.filter((q) => !late(q)), ...f.params.filter(late)]) {
    const j = argIndex.get(p.index);
    if (j !== undefined) emitInput(body, f, p, `args[${j}]`, fnLit, mod, names, after);
    else if (isOutRole(p.role)) body.line(`a${p.index} = &o${p.index};`);
  }
  const call = `${callee(mod, names, f.fn.name)}(${f.params.map((p) => `a${p.index}`).join(", ")})`;
  // A closing call marks its handle closed first: a concurrent call (the GIL may be released
  // below) then sees a closed handle instead of a pointer being freed.
  if (f.closes !== undefined) body.line("if (box0 != NULL) box0->ptr = NULL;");
  emitCall(body, call, returnsVoid(f), releasesGil(f));
  for (const a of after) body.line(a);
  emitResult(body, f, mod, names);
  const text = body.toString().trimEnd();
  w.lines(text);
  if (text.includes("goto done;")) w.line("done:");
  for (const c of cleanup) w.line(c);
  w.line("return ret;");
}

/** The C call, between Py_BEGIN/END_ALLOW_THREADS when the function releases the GIL (gil.ts). */
function emitCall(w: CodeWriter, call: string, isVoid: boolean, release: boolean): void {
  if (!release) {
    w.line(isVoid ? `${call};` : `__typeof__(${call}) r = ${call};`);
    return;
  }
  if (!isVoid) w.line(`__typeof__(${call}) r;`);
  w.line("Py_BEGIN_ALLOW_THREADS");
  w.line(isVoid ? `${call};` : `r = ${call};`);
  w.line("Py_END_ALLOW_THREADS");
}

function emitInput(w: CodeWriter, f: CompiledFn, p: ParamPlan, py: string, fnLit: string, mod: CompiledModule, names: CpyNames, after: string[]): void {
  const i = p.index;
  const a = `a${i}`;
  const argLit = JSON.stringify(f.names[i] ?? p.param.name);
  const site = { fn: fnLit, arg: argLit, fail: "goto done;" };
  const nullable = p.nullable ? 1 : 0;
  // None allowed only by the module rule (no `@nullable` tag): a closed handle is still an error.
  const rejectClosed = p.nullable && nullableByModuleRule(p.param, mod.index.ir);
  const r = p.role;
  switch (r.role) {
    case "value":
      if (r.shape.kind === "handle" && f.closes !== undefined && i === 0) {
        const expect = JSON.stringify(`must be ${names.pyType(`struct:${r.shape.name}`)}${p.nullable ? " or None" : ""}`);
        const guard = rejectClosed ? ` if (box0 != NULL && t == NULL) { omb_fail(PyExc_ValueError, ${fnLit}, ${argLit}, "is a closed handle"); goto done; }` : "";
        w.line(`{ void *t; if (!omb_get_handle(${py}, ${names.handleType(r.shape.name)}, ${nullable}, &box0, &t, ${fnLit}, ${argLit}, ${expect})) goto done;${guard} ${a} = (__typeof__(${a}))t; }`);
      } else {
        emitGetValue(w, r.shape, py, a, site, names, p.nullable, rejectClosed);
      }
      return;
    case "bytes": {
      const pointee = pointeeOf(f.fn.params[i]?.type ?? { kind: "void" }, mod.index);
      const writable = pointee?.const === true ? 0 : 1;
      const expect = writable ? "must be a writable buffer (bytearray, memoryview) or int address" : "must be bytes, bytearray, memoryview or an int address";
      w.line(`{ void *t; if (!omb_get_view(${py}, ${nullable}, ${writable}, "", 1, &view${i}, &t, ${fnLit}, ${argLit}, "${expect}")) goto done; ${a} = (__typeof__(${a}))t; }`);
      return;
    }
    case "array":
    case "outCallerArray": {
      const codes = elemCodes(r.elem);
      const writable = r.role === "outCallerArray" ? 1 : 0;
      const expect = JSON.stringify(`must be a buffer of ${cElemType(r.elem)} (array('${codes.typecode}'), numpy, memoryview)${writable ? ", writable" : ""}`);
      w.line(
        `{ void *t; if (!omb_get_view(${py}, ${r.role === "array" ? nullable : 0}, ${writable}, "${codes.formats}", sizeof(${cElemType(r.elem)}), &view${i}, &t, ${fnLit}, ${argLit}, ${expect})) goto done; ${a} = (__typeof__(${a}))t; }`,
      );
      if (r.role === "outCallerArray") {
        const len = paramNamed(f, r.lengthParam);
        if (len) {
          w.line(`if (view${i}.obj != NULL && (size_t)view${i}.len < (size_t)a${len.index} * sizeof(${cElemType(r.elem)})) { omb_fail(PyExc_ValueError, ${fnLit}, ${argLit}, "is smaller than the length argument"); goto done; }`);
        }
      }
      return;
    }
    case "bufferList":
      w.block("{", "}", () => {
        w.line(`if (${py} == Py_None && ${nullable}) { ${a} = NULL; } else {`);
        w.line(`  PyObject *seq = PySequence_Fast(${py}, ${JSON.stringify(`${f.fn.name}(): ${f.names[i]} must be a sequence of buffers`)});`);
        w.line("  if (seq == NULL) goto done;");
        w.line("  Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);");
        w.line(`  views${i} = PyMem_Calloc((size_t)(n > 0 ? n : 1), sizeof(Py_buffer));`);
        w.line(`  list${i} = PyMem_Calloc((size_t)(n > 0 ? n : 1), sizeof(void *));`);
        w.line(`  if (views${i} == NULL || list${i} == NULL) { Py_DECREF(seq); PyErr_NoMemory(); goto done; }`);
        w.line("  for (Py_ssize_t k = 0; k < n; k++) {");
        w.line(`    void *t; count${i} = k + 1;`);
        w.line(`    if (!omb_get_view(PySequence_Fast_GET_ITEM(seq, k), 1, 0, "", 1, &views${i}[k], &t, ${fnLit}, ${argLit}, "must hold bytes-like items or None")) { Py_DECREF(seq); goto done; }`);
        w.line(`    list${i}[k] = t;`);
        w.line("  }");
        w.line("  Py_DECREF(seq);");
        w.line(`  ${a} = (__typeof__(${a}))list${i};`);
        w.line("}");
      });
      return;
    case "recordRef":
      w.block("{", "}", () => {
        w.line(`if (${py} == Py_None || PyLong_Check(${py})) { void *q; if (!omb_get_ptr(${py}, &q, ${fnLit}, ${argLit})) goto done; ${a} = (__typeof__(${a}))q; }`);
        w.line(`else { if (!${recordFrom(names, r.rec)}(${py}, &r${i}, ${fnLit}, ${argLit})) goto done; ${a} = &r${i}; }`);
      });
      return;
    case "slot":
      w.line(`if (PyList_Check(${py}) && PyList_GET_SIZE(${py}) == 1) { ${a} = (__typeof__(${a}))&slot${i}; hasSlot${i} = 1; }`);
      w.line(`else if (${py} == Py_None) ${a} = NULL;`);
      w.line(`else { omb_fail(PyExc_TypeError, ${fnLit}, ${argLit}, "must be a one-element list or None"); goto done; }`);
      after.push(`if (hasSlot${i}) { PyObject *v = ${newValue(r.inner, `slot${i}`, names)}; if (v == NULL || PyList_SetItem(${py}, 0, v) != 0) goto done; }`);
      return;
    default:
      throw new Error(`internal: emitInput on ${r.role}`);
  }
}

function recordFrom(names: CpyNames, rec: Parameters<CpyNames["fromRecord"]>[0]): string {
  return names.fromRecord(rec);
}

/** `ret`: the converted value, or the result structseq of `result` and the outs. */
function emitResult(w: CodeWriter, f: CompiledFn, mod: CompiledModule, names: CpyNames): void {
  const outs = returnedParams(f);
  const isVoid = returnsVoid(f);
  const value = (): string => (f.returns.kind === "ownedString" ? "omb_new_str(r)" : newValue(f.returns.shape, "r", names));
  const freeReturn = (): void => {
    if (f.returns.kind === "ownedString") w.line(`if (r != NULL) ${callee(mod, names, f.returns.freeWith)}(r);`);
  };
  if (outs.length === 0) {
    w.line(`ret = ${isVoid ? newValue({ kind: "void" }, "", names) : value()};`);
    freeReturn();
    return;
  }
  const n = outs.length + (isVoid ? 0 : 1);
  w.line(`PyObject *vals[${n}];`);
  let k = 0;
  if (!isVoid) {
    w.line(`vals[${k++}] = ${value()};`);
    freeReturn();
  }
  for (const p of outs) {
    const r = p.role;
    const o = `o${p.index}`;
    const slot = `vals[${k++}]`;
    switch (r.role) {
      case "outScalar":
        w.line(`${slot} = ${newValue(r.shape, o, names)};`);
        break;
      case "outHandle":
        w.line(`${slot} = ${newValue({ kind: "handle", name: r.name }, o, names)};`);
        break;
      case "outPointer":
        w.line(`${slot} = omb_new_ptr((const void *)${o});`);
        break;
      case "outRecord":
        w.line(`${slot} = ${names.toRecord(r.rec)}(&${o});`);
        break;
      case "outOwned": {
        const free = callee(mod, names, r.freeWith);
        if (r.elem === "string") {
          w.line(`${slot} = omb_new_str(${o});`);
          w.line(`if (${o} != NULL) ${free}(${o});`);
          break;
        }
        const len = paramNamed(f, r.lengthParam);
        const count = len ? `(size_t)o${len.index}` : "0";
        if (sharesOwned(r.elem)) {
          // Zero-copy: the OwnedArray takes the pointer and frees it when collected.
          const owned = `omb_new_owned((void *)${o}, ${count}, sizeof(${cElemType(r.elem)}), "${elemCodes(r.elem).typecode}", ${names.releaser(r.freeWith)}, self)`;
          w.line(`${slot} = ${o} != NULL ? ${owned} : omb_new_ptr(NULL);`);
          break;
        }
        const bytes = `${count} * sizeof(${cElemType(r.elem)})`;
        const copy = `PyBytes_FromStringAndSize((const char *)${o}, (Py_ssize_t)(${bytes}))`;
        const freeArgs = (mod.index.functionNamed(r.freeWith)?.params.length ?? 1) >= 2 ? `${o}, ${len ? `o${len.index}` : "0"}` : o;
        w.line(`${slot} = ${o} != NULL ? ${copy} : omb_new_ptr(NULL);`);
        w.line(`if (${o} != NULL) ${free}(${freeArgs});`);
        break;
      }
      default:
        throw new Error(`internal: emitResult on ${r.role}`);
    }
  }
  w.line(`ret = omb_new_struct(${names.resultType(f.fn.name)}, vals, ${n});`);
}
