// The signature model: one description per C function (inputs with their conversions, outs
// returned in a NamedTuple, return conversion, annotations). The `.py` wrappers and the `.pyi`
// stubs are both rendered from it, so they cannot drift.

import type { FunctionDecl, ParamDecl, TypeRef } from "../../ir/types.js";
import { assignNames } from "../common/python-names.js";
import { unsafeByValue } from "./records.js";
import { annotateCtype, ctypeOf, opaqueRecordId, type TypeCtx, UnsupportedType } from "./types.js";

/** How a Python argument becomes a C argument. */
export type InKind = "value" | "callback" | "cstring" | "bytes" | "bytes_array" | "num_array" | "wbuf" | "handle" | "pointer";

export interface InParam {
  pyName: string;
  cName: string;
  kind: InKind;
  annotation: string;
  /** For num_array: the element ctype. */
  elem?: string;
}

/** How an out-parameter is allocated and what the caller gets back. */
export type OutKind = "scalar" | "handle" | "struct" | "owned_bytes" | "owned_array" | "owned_string" | "object";

export interface OutParam {
  pyName: string;
  cName: string;
  kind: OutKind;
  /** ctype allocated for the C side to fill. */
  alloc: string;
  annotation: string;
  /** Owned outs: name of the out (or in) param holding the element count. */
  lengthOf?: string;
  /** Owned outs: the freeing function and whether it also takes the count. */
  freeWith?: string;
  freeTakesLength?: boolean;
  /** owned_array: ctype and `array` typecode of an element. */
  elem?: string;
  typecode?: string;
}

export type ReturnKind = "void" | "value" | "cstring" | "bytes_cstring" | "owned_cstring" | "handle" | "raw";

export interface PyFunction {
  decl: FunctionDecl;
  name: string;
  /** One entry per C parameter in order: an input or an out. */
  slots: ({ in: InParam } | { out: OutParam })[];
  argtypes: string[];
  restype: string;
  returnKind: ReturnKind;
  returnAnnotation: string;
  /** Annotation of the C return value (first tuple field when outs exist). */
  resultAnnotation: string;
  /** Free function for owned_cstring returns. */
  returnFreeWith?: string;
  tupleName?: string;
  doc: string;
}

/** A parameter whose type resolves to an array (e.g. through `va_list`) is a pointer in C. */
function decayParam(p: ParamDecl, ctx: TypeCtx): ParamDecl {
  const t = ctx.index.resolve(p.type);
  return t.kind === "array" ? { ...p, type: { kind: "pointer", pointee: t.element } } : p;
}

/** TypeCtx plus whether packed records by value are admitted. */
type PlanCtx = TypeCtx & { allowPacked: boolean };

const BYTE_BUFFER = "bytes | bytearray | memoryview";
const VOID_PTR = "int | bytes | ctypes.c_void_p | ctypes.Array[Any] | ctypes._Pointer[Any] | ctypes._CArgObject";

function isByte(t: TypeRef): boolean {
  return (t.kind === "int" && t.size === 1) || t.kind === "void";
}

function typecodeOf(t: TypeRef): string | undefined {
  if (t.kind === "float") return t.size === 4 ? "f" : t.size === 8 ? "d" : undefined;
  if (t.kind !== "int") return undefined;
  const codes: Record<number, string> = { 1: "b", 2: "h", 4: "i", 8: "q" };
  const c = codes[t.size];
  return c ? (t.signed ? c : c.toUpperCase()) : undefined;
}

/** True when the header annotates this function at all; unannotated pointers then stay nullable. */
function annotated(fn: FunctionDecl): boolean {
  return fn.params.some((p) => p.direction || p.nullable || p.lengthParam || p.freeWith) || fn.returnFreeWith !== undefined;
}

function scalarAnnotation(t: TypeRef): string {
  if (t.kind === "float") return "float";
  if (t.kind === "bool") return "bool";
  return "int";
}

/** Builds the model; `allowPacked` admits packed records by value (for the cffi-only path). */
export function buildPyFunction(fn: FunctionDecl, ctx: TypeCtx, freeArity: (fn: string) => number | undefined, allowPacked = false): PyFunction {
  const pctx = { ...ctx, allowPacked };
  const byName = new Map(fn.params.map((p) => [p.name, p]));
  const nameMap = assignNames(fn.params.map((p, i) => ({ key: String(i), wanted: p.name || `arg${i}` })), ["self", "result"]);
  const loose = !annotated(fn);
  const slots: PyFunction["slots"] = [];
  const argtypes: string[] = [];
  fn.params.forEach((declared, i) => {
    const p = decayParam(declared, ctx);
    const pyName = nameMap.get(String(i)) as string;
    const out = p.direction === "out" ? planOut(p, pyName, ctx, byName, freeArity) : undefined;
    if (out) {
      slots.push({ out: out.out });
      argtypes.push(out.argtype);
      return;
    }
    const inp = planIn(p, pyName, pctx, loose);
    slots.push({ in: inp.in });
    argtypes.push(inp.argtype);
  });
  const ret = planReturn(fn, pctx);
  const outs = slots.filter((s): s is { out: OutParam } => "out" in s);
  const pf: PyFunction = {
    decl: fn,
    name: fn.name,
    slots,
    argtypes,
    restype: ret.restype,
    returnKind: ret.kind,
    resultAnnotation: ret.annotation,
    returnAnnotation: ret.annotation,
    doc: docText(fn, slots),
  };
  if (fn.returnFreeWith && ret.kind === "owned_cstring") pf.returnFreeWith = fn.returnFreeWith;
  if (outs.length > 0) {
    pf.tupleName = ctx.names.resultTuple(fn.name);
    pf.returnAnnotation = pf.tupleName;
  }
  return pf;
}

function planIn(p: ParamDecl, pyName: string, ctx: PlanCtx, loose: boolean): { in: InParam; argtype: string } {
  const natural = ctypeOf(p.type, ctx);
  const t = ctx.index.resolve(p.type);
  const opt = (ann: string) => (p.nullable || loose ? `${ann} | None` : ann);
  const mk = (kind: InKind, annotation: string, argtype = natural, elem?: string) => ({
    in: { pyName, cName: p.name, kind, annotation, ...(elem ? { elem } : {}) },
    argtype,
  });
  if (t.kind !== "pointer") {
    if (t.kind === "ref") {
      const d = ctx.index.get(t.id);
      packedByValue(t, ctx);
      return mk("value", d?.kind === "enum" ? "int" : natural);
    }
    return mk("value", scalarAnnotation(t));
  }
  if (ctx.index.resolve(t.pointee).kind === "function") {
    return mk("callback", opt("ctypes._FuncPointer"), natural, natural);
  }
  const opaque = opaqueRecordId(t.pointee, ctx);
  if (opaque) return mk("handle", opt(ctx.names.type(opaque)));
  const pointee = ctx.index.resolve(t.pointee);
  const constPointee = pointee.const === true || (t.pointee.kind !== "pointer" && t.pointee.const === true);
  if (pointee.kind === "int" && pointee.isChar && pointee.size === 1 && constPointee && !p.lengthParam) {
    return mk("cstring", opt("str | bytes"), "ctypes.c_char_p");
  }
  if (isByte(pointee) && constPointee) return mk("bytes", opt(BYTE_BUFFER), "ctypes.c_void_p");
  if (p.lengthParam && pointee.kind === "pointer" && isByte(ctx.index.resolve(pointee.pointee))) {
    return mk("bytes_array", opt(`Sequence[${BYTE_BUFFER} | None]`), "ctypes.POINTER(ctypes.c_void_p)");
  }
  if (p.lengthParam && constPointee && (pointee.kind === "int" || pointee.kind === "float")) {
    return mk("num_array", opt(`Sequence[${scalarAnnotation(pointee)}] | ctypes.Array[Any] | memoryview`), "ctypes.c_void_p", ctypeOf(t.pointee, ctx));
  }
  if (p.lengthParam && (pointee.kind === "int" || pointee.kind === "float")) {
    return mk("wbuf", opt("bytearray | memoryview | ctypes.Array[Any]"), "ctypes.c_void_p");
  }
  if (pointee.kind === "void") return mk("pointer", `${VOID_PTR} | None`);
  if (pointee.kind === "ref" && ctx.index.record(pointee.id)) {
    const cls = ctx.names.type(pointee.id);
    return mk("pointer", opt(`${cls} | ctypes._Pointer[${cls}] | ctypes._CArgObject`));
  }
  if (natural === "ctypes.c_char_p") return mk("pointer", "bytes | ctypes.Array[ctypes.c_char] | ctypes._CArgObject | None");
  const inner = annotateCtype(natural.slice("ctypes.POINTER(".length, -1));
  return mk("pointer", `ctypes._Pointer[${inner}] | ctypes.Array[${inner}] | ctypes._CArgObject | None`);
}

function planOut(
  p: ParamDecl,
  pyName: string,
  ctx: TypeCtx,
  byName: Map<string, ParamDecl>,
  freeArity: (fn: string) => number | undefined,
): { out: OutParam; argtype: string } | undefined {
  const t = ctx.index.resolve(p.type);
  if (t.kind !== "pointer") return undefined;
  const pointee = ctx.index.resolve(t.pointee);
  const base = { pyName, cName: p.name };
  const lengthParam = p.lengthParam ? byName.get(p.lengthParam) : undefined;
  // A caller-provided buffer sized by an input parameter stays an argument (wbuf).
  if (lengthParam && lengthParam.direction !== "out" && pointee.kind !== "pointer") return undefined;
  if (pointee.kind === "pointer") {
    const inner = ctx.index.resolve(pointee.pointee);
    const arity = p.freeWith ? freeArity(p.freeWith) : undefined;
    const owned = p.freeWith && arity !== undefined && lengthParam?.direction === "out";
    if (owned && isByte(inner)) {
      return {
        out: { ...base, kind: "owned_bytes", alloc: "ctypes.c_void_p", annotation: "bytes | None", lengthOf: p.lengthParam, freeWith: p.freeWith, freeTakesLength: arity === 2 },
        argtype: "ctypes.POINTER(ctypes.c_void_p)",
      };
    }
    const code = typecodeOf(inner);
    if (owned && code) {
      return {
        out: {
          ...base, kind: "owned_array", alloc: "ctypes.c_void_p", annotation: code === "f" || code === "d" ? "array.array[float]" : "array.array[int]",
          lengthOf: p.lengthParam, freeWith: p.freeWith, freeTakesLength: arity === 2, elem: ctypeOf(pointee.pointee, ctx), typecode: code,
        },
        argtype: "ctypes.POINTER(ctypes.c_void_p)",
      };
    }
    if (p.freeWith && arity === 1 && inner.kind === "int" && inner.isChar) {
      return { out: { ...base, kind: "owned_string", alloc: "ctypes.c_void_p", annotation: "str | None", freeWith: p.freeWith }, argtype: "ctypes.POINTER(ctypes.c_void_p)" };
    }
    const opaque = opaqueRecordId(pointee, ctx);
    if (opaque) {
      const cls = ctx.names.type(opaque);
      return { out: { ...base, kind: "handle", alloc: cls, annotation: `${cls} | None` }, argtype: `ctypes.POINTER(${cls})` };
    }
  }
  if (pointee.kind === "ref") {
    const rec = ctx.index.record(pointee.id);
    if (rec?.complete) {
      const cls = ctx.names.type(rec.id);
      return { out: { ...base, kind: "struct", alloc: cls, annotation: cls }, argtype: `ctypes.POINTER(${cls})` };
    }
  }
  const alloc = ctypeOf(t.pointee, ctx);
  if (pointee.kind === "int" || pointee.kind === "float" || pointee.kind === "bool" || (pointee.kind === "ref" && ctx.index.enumDecl(pointee.id))) {
    const ann = pointee.kind === "int" && pointee.isChar && pointee.size === 1 ? "bytes" : scalarAnnotation(pointee);
    return { out: { ...base, kind: "scalar", alloc, annotation: ann }, argtype: `ctypes.POINTER(${alloc})` };
  }
  if (alloc === "ctypes.c_void_p" || alloc === "ctypes.c_char_p") {
    return { out: { ...base, kind: "scalar", alloc, annotation: alloc === "ctypes.c_void_p" ? "int | None" : "bytes | None" }, argtype: `ctypes.POINTER(${alloc})` };
  }
  if (alloc === "None") return undefined;
  const ann = annotateCtype(alloc);
  return { out: { ...base, kind: "object", alloc, annotation: ann }, argtype: `ctypes.POINTER(${alloc})` };
}

function planReturn(fn: FunctionDecl, ctx: PlanCtx): { kind: ReturnKind; restype: string; annotation: string } {
  const t = ctx.index.resolve(fn.returns);
  if (t.kind === "void") return { kind: "void", restype: "None", annotation: "None" };
  if (t.kind === "pointer") {
    const pointee = ctx.index.resolve(t.pointee);
    if (pointee.kind === "int" && pointee.size === 1 && !(ctypeOf(fn.returns, ctx).startsWith("ctypes.CFUNCTYPE"))) {
      if (pointee.isChar && fn.returnFreeWith) return { kind: "owned_cstring", restype: "ctypes.c_void_p", annotation: "str | None" };
      if (pointee.isChar) return { kind: "cstring", restype: "ctypes.c_char_p", annotation: "str | None" };
      if (pointee.const) return { kind: "bytes_cstring", restype: "ctypes.c_char_p", annotation: "bytes | None" };
    }
    const opaque = opaqueRecordId(t.pointee, ctx);
    if (opaque) {
      const cls = ctx.names.type(opaque);
      return { kind: "handle", restype: cls, annotation: `${cls} | None` };
    }
  }
  const restype = ctypeOf(fn.returns, ctx);
  packedByValue(t, ctx);
  if (t.kind === "int" || t.kind === "float" || t.kind === "bool") return { kind: "value", restype, annotation: scalarAnnotation(t) };
  if (t.kind === "ref" && ctx.index.enumDecl(t.id)) return { kind: "value", restype, annotation: "int" };
  const ann =
    restype === "ctypes.c_void_p" ? "int | None"
    : restype === "ctypes.c_char_p" ? "bytes | None"
    : annotateCtype(restype);
  return { kind: "raw", restype, annotation: ann };
}

/**
 * Packed records by value: gcc passes one with unaligned members in memory (SysV class MEMORY),
 * libffi classifies it by its members as if unpacked, so the call is silently wrong (measured on
 * sample.h). Such functions are refused; the compiled cffi extension calls them correctly.
 */
function packedByValue(t: TypeRef, ctx: PlanCtx): boolean {
  if (t.kind !== "ref") return false;
  const rec = ctx.index.record(t.id);
  if (!rec || !rec.complete || !unsafeByValue(rec, ctx) || ctx.allowPacked) return false;
  throw new UnsupportedType(
    `${rec.kind} ${rec.name} passed by value: it is packed, over-aligned or has bit-fields ctypes cannot place, and libffi would classify it unlike gcc (a silently wrong call)`,
  );
}

function docText(fn: FunctionDecl, slots: PyFunction["slots"]): string {
  const parts: string[] = [];
  if (fn.doc?.text) parts.push(fn.doc.text);
  const outs = slots.filter((s): s is { out: OutParam } => "out" in s).map((s) => s.out.pyName);
  if (outs.length > 0) parts.push(`Returns (result, ${outs.join(", ")}); out-parameters are not passed.`);
  for (const p of fn.params) if (p.docText) parts.push(`${p.name}: ${p.docText}`);
  if (fn.threadSafety) parts.push(`Thread safety: ${fn.threadSafety}`);
  if (fn.errors && fn.errors.length > 0) parts.push(`Errors: ${fn.errors.join(", ")}`);
  return parts.length > 0 ? parts.join("\n\n") : `C function ${fn.name}.`;
}
