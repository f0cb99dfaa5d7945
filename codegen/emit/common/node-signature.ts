// The signature model shared by the Node emitters (koffi, ffi-rs): classifies each C type,
// parameter and return into a "shape" and a "role" (passed through, buffer, out-param returned,
// owned buffer copied then freed, ...). Input: IR function + DeclIndex; output: plans or a reason to skip.

import type { FloatType, FunctionDecl, FunctionType, IntType, ParamDecl, RecordDecl, TypeRef } from "../../ir/types.js";
import { pointerAcceptsNull } from "./nullability.js";
import { DeclIndex, hasBitfields, isCharType, pointeeOf, resolveType, typedefName } from "./resolve.js";

/** An integer or float element of a typed array. */
export interface NumericElem {
  type: IntType | FloatType;
  /** JS typed array class name (Uint8Array, BigInt64Array, Float64Array, ...). */
  typedArray: string;
  /** Whether elements are bigint in JS. */
  wide: boolean;
}

/** What a C value looks like on the JS side. */
export type ValueShape =
  | { kind: "void" }
  | { kind: "bool" }
  | { kind: "int"; int: IntType; wide: boolean; enumName?: string }
  | { kind: "float"; float: FloatType }
  | { kind: "string" }
  | { kind: "handle"; name: string }
  | { kind: "record"; rec: RecordDecl }
  | { kind: "callback"; fn: FunctionType; typedef?: string }
  | { kind: "pointer" };

/** How one C parameter is exposed. Roles starting with `out` are removed from the arguments and returned. */
export type ParamRole =
  | { role: "value"; shape: ValueShape }
  | { role: "bytes" }
  | { role: "array"; elem: NumericElem }
  | { role: "bufferList" }
  | { role: "recordRef"; rec: RecordDecl; writable: boolean }
  | { role: "slot"; inner: ValueShape }
  | { role: "outScalar"; shape: ValueShape }
  | { role: "outHandle"; name: string }
  | { role: "outPointer" }
  | { role: "outRecord"; rec: RecordDecl }
  | { role: "outOwned"; elem: NumericElem | "string"; lengthParam?: string; freeWith: string }
  | { role: "outCallerArray"; elem: NumericElem; lengthParam: string };

export interface ParamPlan {
  param: ParamDecl;
  /** Position in the C parameter list. */
  index: number;
  role: ParamRole;
  /** The JS argument may be null. */
  nullable: boolean;
}

export type ReturnPlan = { kind: "value"; shape: ValueShape } | { kind: "ownedString"; freeWith: string };

export interface FunctionPlan {
  fn: FunctionDecl;
  params: ParamPlan[];
  returns: ReturnPlan;
}

/** True for roles that are returned instead of passed. */
export function isOutRole(r: ParamRole): boolean {
  return r.role.startsWith("out");
}

/** Thrown inside planning to skip a function with a reason; caught by planFunction. */
class Unsupported extends Error {}

/** Typed array class for an element type, or undefined (long double, int128). */
export function numericElem(t: TypeRef): NumericElem | undefined {
  if (t.kind === "float") {
    if (t.size === 4) return { type: t, typedArray: "Float32Array", wide: false };
    if (t.size === 8) return { type: t, typedArray: "Float64Array", wide: false };
    return undefined;
  }
  if (t.kind !== "int") return undefined;
  const names: Record<number, [string, string]> = {
    1: ["Int8Array", "Uint8Array"],
    2: ["Int16Array", "Uint16Array"],
    4: ["Int32Array", "Uint32Array"],
    8: ["BigInt64Array", "BigUint64Array"],
  };
  const pair = names[t.size];
  if (!pair) return undefined;
  return { type: t, typedArray: t.signed ? pair[0] : pair[1], wide: t.size === 8 };
}

/** The enum giving its name to an int type: a ref to an enum, or a typedef named like an enum. */
function enumNameOf(t: TypeRef, index: DeclIndex): string | undefined {
  if (t.kind !== "ref") return undefined;
  const direct = index.enumDecl(t.id);
  if (direct) return direct.name;
  const td = typedefName(t, index);
  return td !== undefined && index.enumNamed(td) ? td : undefined;
}

/** Classifies a value type (return, by-value parameter, pointee of an out-param). */
export function shapeOf(t: TypeRef, index: DeclIndex): ValueShape {
  const r = resolveType(t, index);
  switch (r.kind) {
    case "void":
      return { kind: "void" };
    case "bool":
      return { kind: "bool" };
    case "int":
      if (r.size > 8) throw new Unsupported(`${r.size * 8}-bit integer`);
      return { kind: "int", int: r, wide: r.size === 8, enumName: enumNameOf(t, index) };
    case "float":
      if (r.size !== 4 && r.size !== 8) throw new Unsupported(`\`${r.cName}\``);
      return { kind: "float", float: r };
    case "array":
      throw new Unsupported("array type outside a record");
    case "function":
      throw new Unsupported("function type by value");
    case "ref": {
      const en = index.enumDecl(r.id);
      if (en) return { kind: "int", int: en.underlying, wide: en.underlying.size === 8, enumName: en.name };
      const rec = index.record(r.id);
      if (!rec) throw new Error(`dangling type id ${r.id}`);
      if (!rec.complete) throw new Unsupported(`incomplete type \`${rec.name}\` by value`);
      if (hasBitfields(rec, index)) throw new Unsupported(`\`${rec.name}\` has bit-fields`);
      return { kind: "record", rec };
    }
    case "pointer":
      return pointerShape(t, index);
  }
}

/** Classifies a pointer type that is passed or returned as is. */
function pointerShape(t: TypeRef, index: DeclIndex): ValueShape {
  const pointee = pointeeOf(t, index);
  if (!pointee) throw new Error("pointerShape on a non-pointer");
  if (pointee.kind === "int" && pointee.isChar && pointee.const) return { kind: "string" };
  if (pointee.kind === "function") return { kind: "callback", fn: pointee, typedef: callbackTypedef(t, index) };
  if (pointee.kind === "ref") {
    const rec = index.record(pointee.id);
    if (rec && !rec.complete) return { kind: "handle", name: rec.name };
  }
  return { kind: "pointer" };
}

/** Name of the typedef naming a function pointer (`typedef int (*cb)(int)` or `typedef int cb(int); cb *`). */
function callbackTypedef(t: TypeRef, index: DeclIndex): string | undefined {
  if (t.kind === "ref") {
    const td = index.typedef(t.id);
    if (td && resolveType(td.type, index).kind === "pointer") return td.name;
  }
  const r = resolveType(t, index);
  if (r.kind === "pointer" && r.pointee.kind === "ref") return typedefName(r.pointee, index);
  return undefined;
}

/** Plans one parameter (see ParamRole). */
function planParam(fn: FunctionDecl, p: ParamDecl, i: number, index: DeclIndex): ParamPlan {
  const r = resolveType(p.type, index);
  if (r.kind !== "pointer") return { param: p, index: i, role: { role: "value", shape: shapeOf(p.type, index) }, nullable: false };
  const nullable = pointerAcceptsNull(p, index.ir);
  const plan = (role: ParamRole, canBeNull = nullable): ParamPlan => ({ param: p, index: i, role, nullable: canBeNull });

  const pointee = resolveType(r.pointee, index);
  const direction = p.direction;
  if (direction === "out") return planOut(fn, p, i, pointee, index);

  const elem = numericElem(pointee);
  const isConst = pointee.const === true;
  // Text: `const char *` without a length is a string.
  if (pointee.kind === "int" && pointee.isChar && isConst && p.lengthParam === undefined) {
    return plan({ role: "value", shape: { kind: "string" } });
  }
  // Byte buffers: void/uint8_t/char (const or not; written in place when not const).
  if (pointee.kind === "void" || (pointee.kind === "int" && pointee.size === 1)) {
    return plan({ role: "bytes" }, true);
  }
  if (elem) return plan({ role: "array", elem }, true);
  if (pointee.kind === "bool") return plan({ role: "value", shape: { kind: "pointer" } }, true);
  if (pointee.kind === "function") return plan({ role: "value", shape: pointerShape(p.type, index) }, true);
  if (pointee.kind === "ref") {
    const rec = index.record(pointee.id);
    if (rec && !rec.complete) return plan({ role: "value", shape: { kind: "handle", name: rec.name } });
    if (rec && !hasBitfields(rec, index)) return plan({ role: "recordRef", rec, writable: !isConst }, true);
    return plan({ role: "value", shape: { kind: "pointer" } }, true);
  }
  if (pointee.kind === "pointer") {
    const inner = resolveType(pointee.pointee, index);
    if (pointee.pointee.const && inner.kind === "int" && inner.size === 1 && p.lengthParam !== undefined) {
      return plan({ role: "bufferList" }, nullable);
    }
    if (inner.kind === "int" && inner.size === 1 && inner.const && isConst) return plan({ role: "bufferList" }, true);
    // Raw pointer-to-pointer (e.g. `sqlite3 **ppDb` without notes): a one-element slot array.
    const innerShape = pointerShape(pointee, index);
    return plan({ role: "slot", inner: innerShape.kind === "string" ? { kind: "pointer" } : innerShape }, true);
  }
  return plan({ role: "value", shape: { kind: "pointer" } }, true);
}

/** Plans a `@param[out]` pointer parameter. */
function planOut(fn: FunctionDecl, p: ParamDecl, i: number, pointee: TypeRef, index: DeclIndex): ParamPlan {
  const plan = (role: ParamRole): ParamPlan => ({ param: p, index: i, role, nullable: false });
  const lengthParam = p.lengthParam;
  const lengthIsOut = lengthParam !== undefined && fn.params.some((q) => q.name === lengthParam && q.direction === "out");
  const elem = numericElem(pointee);
  if (elem && lengthParam !== undefined && !lengthIsOut) return plan({ role: "outCallerArray", elem, lengthParam });
  if (pointee.kind === "int" || pointee.kind === "float" || pointee.kind === "bool") {
    return plan({ role: "outScalar", shape: shapeOf(pointee, index) });
  }
  if (pointee.kind === "ref") {
    const en = index.enumDecl(pointee.id);
    if (en) return plan({ role: "outScalar", shape: shapeOf(pointee, index) });
    const rec = index.record(pointee.id);
    if (rec && rec.complete && !hasBitfields(rec, index)) return plan({ role: "outRecord", rec });
    throw new Unsupported(`out-parameter \`${p.name}\` points to \`${rec?.name ?? pointee.id}\`, which cannot be decoded`);
  }
  if (pointee.kind === "pointer") {
    const target = resolveType(pointee.pointee, index);
    if (p.freeWith !== undefined) {
      if (isCharType(pointee.pointee, index) && lengthParam === undefined) return plan({ role: "outOwned", elem: "string", freeWith: p.freeWith });
      const e = numericElem(target);
      if (e && lengthParam !== undefined) return plan({ role: "outOwned", elem: e, lengthParam, freeWith: p.freeWith });
    }
    if (target.kind === "ref") {
      const rec = index.record(target.id);
      if (rec && !rec.complete) return plan({ role: "outHandle", name: rec.name });
    }
    return plan({ role: "outPointer" });
  }
  throw new Unsupported(`out-parameter \`${p.name}\` has an unsupported pointee`);
}

/** Plans a function, or returns the reason it must be skipped. */
export function planFunction(fn: FunctionDecl, index: DeclIndex): FunctionPlan | { skip: string } {
  try {
    const params = fn.params.map((p, i) => planParam(fn, p, i, index));
    const r = resolveType(fn.returns, index);
    const returnsOwnedText =
      fn.returnFreeWith !== undefined && r.kind === "pointer" && isCharType(r.pointee, index) && resolveType(r.pointee, index).const !== true;
    const returns: ReturnPlan = returnsOwnedText
      ? { kind: "ownedString", freeWith: fn.returnFreeWith ?? "" }
      : { kind: "value", shape: returnShape(fn.returns, index) };
    return { fn, params, returns };
  } catch (e) {
    if (e instanceof Unsupported) return { skip: e.message };
    throw e;
  }
}

/** Return shape: like shapeOf, but any `char *` return reads as text. */
function returnShape(t: TypeRef, index: DeclIndex): ValueShape {
  const pointee = pointeeOf(t, index);
  if (pointee && pointee.kind === "int" && pointee.isChar) return { kind: "string" };
  return shapeOf(t, index);
}

/** Planning error type, exported for modules that classify record fields with shapeOf. */
export { Unsupported as UnsupportedType };
