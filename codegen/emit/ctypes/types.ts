// C type → ctypes mapping: the ctypes expression used in `_fields_`, `argtypes` and `restype`,
// and the Python annotation of a struct field's value. Typedef chains are resolved; opaque
// records become handle classes, function pointers CFUNCTYPE types.

import type { IntType, TypeRef } from "../../ir/types.js";
import type { DeclIndex } from "../common/cdecl.js";
import type { PyNames } from "./names.js";

/** Thrown (and caught by the item's emitter) when a type has no ctypes form; the item is skipped. */
export class UnsupportedType extends Error {}

export function intCtype(t: IntType): string {
  if (t.isChar && t.size === 1) return "ctypes.c_char";
  if (t.cName === "size_t") return "ctypes.c_size_t";
  if (t.cName === "ssize_t") return "ctypes.c_ssize_t";
  if (t.size === 16) throw new UnsupportedType(`${t.cName} (128-bit integer) has no ctypes type`);
  return `ctypes.c_${t.signed ? "" : "u"}int${t.size * 8}`;
}

/** Context for mapping: index for resolution, names for classes. */
export interface TypeCtx {
  index: DeclIndex;
  names: PyNames;
}

/** The declaration id of an opaque record behind `t` (after typedefs), if `t` is one. */
export function opaqueRecordId(t: TypeRef, ctx: TypeCtx): string | undefined {
  const r = ctx.index.resolve(t);
  if (r.kind !== "ref") return undefined;
  const rec = ctx.index.record(r.id);
  return rec && !rec.complete ? rec.id : undefined;
}

/** The callback typedef naming `t` (a typedef of a function pointer), if any. */
function callbackTypedefId(t: TypeRef, ctx: TypeCtx): string | undefined {
  let cur = t;
  for (let guard = 0; guard < 64 && cur.kind === "ref"; guard++) {
    if (ctx.names.hasType(cur.id) && ctx.index.get(cur.id)?.kind === "typedef") return cur.id;
    const d = ctx.index.get(cur.id);
    if (!d || d.kind !== "typedef") return undefined;
    cur = d.type;
  }
  return undefined;
}

/** ctypes expression of a function type as a CFUNCTYPE. */
export function cfunctype(fn: TypeRef, ctx: TypeCtx): string {
  const f = ctx.index.resolve(fn);
  if (f.kind !== "function") throw new Error("internal: not a function type");
  if (f.variadic) throw new UnsupportedType("variadic callbacks have no ctypes type");
  const ret = ctypeOf(f.returns, ctx);
  const args = f.params.map((p) => ctypeOf(p.type, ctx));
  return `ctypes.CFUNCTYPE(${[ret, ...args].join(", ")})`;
}

/** The ctypes expression for `t` (`None` for void). */
export function ctypeOf(t: TypeRef, ctx: TypeCtx): string {
  const cb = callbackTypedefId(t, ctx);
  if (cb) return ctx.names.type(cb);
  const r = ctx.index.resolve(t);
  switch (r.kind) {
    case "int":
      return intCtype(r);
    case "float":
      if (r.size === 4) return "ctypes.c_float";
      if (r.size === 8) return "ctypes.c_double";
      return "ctypes.c_longdouble";
    case "bool":
      return "ctypes.c_bool";
    case "void":
      return "None";
    case "array":
      if (r.length === null) return `${ctypeOf(r.element, ctx)} * 0`;
      return `${ctypeOf(r.element, ctx)} * ${r.length}`;
    case "function":
      throw new UnsupportedType("a bare function type has no ctypes value type");
    case "ref": {
      const d = ctx.index.get(r.id);
      if (d?.kind === "enum") return intCtype(d.underlying);
      if (d?.kind === "struct" || d?.kind === "union") {
        if (!d.complete) throw new UnsupportedType(`incomplete ${d.kind} ${d.name} used by value`);
        return ctx.names.type(d.id);
      }
      throw new UnsupportedType(`unknown type ${r.id}`);
    }
    case "pointer": {
      const cbInner = callbackTypedefId(r.pointee, ctx);
      if (cbInner) return `ctypes.POINTER(${ctx.names.type(cbInner)})`;
      const p = ctx.index.resolve(r.pointee);
      if (p.kind === "void") return "ctypes.c_void_p";
      if (p.kind === "function") return cfunctype(p, ctx);
      if (p.kind === "int" && p.isChar && p.size === 1) return "ctypes.c_char_p";
      const opaque = opaqueRecordId(r.pointee, ctx);
      if (opaque) return ctx.names.type(opaque);
      if (p.kind === "array" && p.length === null) return `ctypes.POINTER(${ctypeOf(p.element, ctx)})`;
      return `ctypes.POINTER(${ctypeOf(r.pointee, ctx)})`;
    }
  }
}

/** The annotation of the Python value ctypes gives for a struct field (or a raw return) of type `t`. */
export function valueAnnotation(t: TypeRef, ctx: TypeCtx): string {
  const cb = callbackTypedefId(t, ctx);
  if (cb) return "ctypes._FuncPointer";
  const r = ctx.index.resolve(t);
  switch (r.kind) {
    case "int":
      return r.isChar && r.size === 1 ? "bytes" : "int";
    case "float":
      return "float";
    case "bool":
      return "bool";
    case "void":
      return "None";
    case "array": {
      const e = ctx.index.resolve(r.element);
      if (e.kind === "int" && e.isChar && e.size === 1) return "bytes";
      return annotateCtype(ctypeOf(r, ctx));
    }
    case "function":
      return "ctypes._FuncPointer";
    case "ref": {
      const d = ctx.index.get(r.id);
      return d?.kind === "enum" ? "int" : ctx.names.type(r.id);
    }
    case "pointer": {
      const expr = ctypeOf(r, ctx);
      if (expr === "ctypes.c_void_p") return "int | None";
      if (expr === "ctypes.c_char_p") return "bytes | None";
      return annotateCtype(expr);
    }
  }
}

/** Turns a ctypes expression into a type annotation (`ctypes.POINTER(X)` → `ctypes._Pointer[X]`, `X * 4` → `ctypes.Array[X]`). */
export function annotateCtype(expr: string): string {
  if (expr.startsWith("ctypes.CFUNCTYPE(")) return "ctypes._FuncPointer";
  if (expr.startsWith("ctypes.POINTER(") && expr.endsWith(")")) return `ctypes._Pointer[${annotateCtype(expr.slice(15, -1))}]`;
  const star = expr.lastIndexOf(" * ");
  if (star > 0 && !expr.slice(star).includes(")")) return `ctypes.Array[${annotateCtype(expr.slice(0, star))}]`;
  return expr;
}
