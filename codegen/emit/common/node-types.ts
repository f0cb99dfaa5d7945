// TypeScript type text for the Node emitters (koffi, ffi-rs): renders value shapes, parameter
// roles and record fields as TS types, given the target's own names (pointer type, handles,
// records, enums, callbacks). Input: shapes from node-signature.ts; output: type strings.

import type { RecordDecl, TypeRef } from "../../ir/types.js";
import type { NumericElem, ParamPlan, ValueShape } from "./node-signature.js";
import { numericElem } from "./node-signature.js";
import { DeclIndex, hasBitfields, pointeeOf, resolveType } from "./resolve.js";

/** Names a target gives to the types it declares. */
export interface TsNaming {
  /** The raw pointer type (`Pointer`). */
  pointer: string;
  /** Branded handle type of an opaque record. */
  handle(cName: string): string;
  /** Interface of a record; `input` selects the shape accepted from the caller. */
  record(rec: RecordDecl, input: boolean): string;
  /** Union type of an enum. */
  enumType(cName: string): string;
  /** JS function type of a callback, or undefined when the target cannot take JS functions. */
  callback(shape: Extract<ValueShape, { kind: "callback" }>): string | undefined;
}

/** TS type of a value; `input` types accept more (number | bigint for 64-bit). */
export function tsValueType(shape: ValueShape, input: boolean, n: TsNaming): string {
  switch (shape.kind) {
    case "void":
      return "void";
    case "bool":
      return "boolean";
    case "int":
      if (shape.enumName !== undefined) return n.enumType(shape.enumName);
      return shape.wide ? (input ? "number | bigint" : "bigint") : "number";
    case "float":
      return "number";
    case "string":
      return input ? "string" : "string | null";
    case "handle":
      return input ? n.handle(shape.name) : `${n.handle(shape.name)} | null`;
    case "record":
      return n.record(shape.rec, input);
    case "callback": {
      const fnType = n.callback(shape);
      return fnType === undefined ? `${n.pointer} | null` : `${fnType} | ${n.pointer} | null`;
    }
    case "pointer":
      return `${n.pointer} | null`;
  }
}

/** Adds `| null` unless already there. */
function orNull(t: string): string {
  return t.endsWith("| null") ? t : `${t} | null`;
}

/** TS type of a parameter the caller passes (roles that are not out-params). */
export function tsParamType(p: ParamPlan, n: TsNaming): string {
  const r = p.role;
  const withNull = (t: string): string => (p.nullable ? orNull(t) : t);
  switch (r.role) {
    case "value":
      return withNull(tsValueType(r.shape, true, n));
    case "bytes":
      return withNull(`Uint8Array | ${n.pointer}`);
    case "array":
      return withNull(`${r.elem.typedArray} | ${n.pointer}`);
    case "bufferList":
      return withNull("readonly (Uint8Array | null)[]");
    case "recordRef":
      return withNull(`${n.record(r.rec, true)} | ${n.pointer}`);
    case "slot":
      return withNull(`[${tsValueType(r.inner, false, n)}]`);
    default:
      throw new Error(`tsParamType on out role ${r.role}`);
  }
}

/** TS type of what an out-parameter returns. */
export function tsOutType(p: ParamPlan, n: TsNaming): string {
  const r = p.role;
  switch (r.role) {
    case "outScalar":
      return tsValueType(r.shape, false, n);
    case "outHandle":
      return `${n.handle(r.name)} | null`;
    case "outPointer":
      return `${n.pointer} | null`;
    case "outRecord":
      return n.record(r.rec, false);
    case "outOwned":
      return r.elem === "string" ? "string | null" : `${r.elem.typedArray} | null`;
    case "outCallerArray":
      return r.elem.typedArray;
    default:
      throw new Error(`tsOutType on role ${r.role}`);
  }
}

/** How a record field is represented (shared by interface rendering and layout definitions). */
export type FieldShape =
  | { kind: "value"; shape: ValueShape }
  | { kind: "text"; length: number }
  | { kind: "numericArray"; elem: NumericElem; length: number }
  | { kind: "recordArray"; rec: RecordDecl; length: number }
  | { kind: "pointerArray"; length: number }
  | { kind: "fieldPointer"; text: boolean };

/** Classifies a field type; throws (via shapeOf) for what cannot be represented. */
export function fieldShape(t: TypeRef, index: DeclIndex, shapeOf: (t: TypeRef, index: DeclIndex) => ValueShape): FieldShape {
  const r = resolveType(t, index);
  if (r.kind === "array") {
    const el = resolveType(r.element, index);
    const length = r.length ?? 0;
    if (el.kind === "int" && el.isChar) return { kind: "text", length };
    const ne = numericElem(el);
    if (ne) return { kind: "numericArray", elem: ne, length };
    if (el.kind === "pointer") return { kind: "pointerArray", length };
    const s = shapeOf(el, index);
    if (s.kind === "record") return { kind: "recordArray", rec: s.rec, length };
    throw new Error(`array field of ${el.kind}`);
  }
  if (r.kind === "pointer") {
    const p = pointeeOf(r, index);
    const text = p !== undefined && p.kind === "int" && p.isChar === true && p.const === true;
    const s = text ? undefined : shapeOf(r, index);
    if (s && s.kind === "handle") return { kind: "value", shape: s };
    return { kind: "fieldPointer", text };
  }
  return { kind: "value", shape: shapeOf(t, index) };
}

/** TS type of a record field. */
export function tsFieldType(f: FieldShape, input: boolean, n: TsNaming): string {
  switch (f.kind) {
    case "value":
      return tsValueType(f.shape, input, n);
    case "text":
      return "string";
    case "numericArray":
      return f.elem.typedArray;
    case "recordArray":
      return `${n.record(f.rec, input)}[]`;
    case "pointerArray":
      return `(${n.pointer} | null)[]`;
    case "fieldPointer":
      return f.text ? "string | null" : `${n.pointer} | null`;
  }
}

/** True when a record holds a 64-bit integer (directly or in nested records): its input shape differs. */
export function recordHasWideInts(rec: RecordDecl, index: DeclIndex, seen = new Set<string>()): boolean {
  if (seen.has(rec.id) || hasBitfields(rec, index)) return false;
  seen.add(rec.id);
  return rec.fields.some((f) => {
    let t = resolveType(f.type, index);
    while (t.kind === "array") t = resolveType(t.element, index);
    if (t.kind === "int") return t.size === 8;
    if (t.kind !== "ref") return false;
    const en = index.enumDecl(t.id);
    if (en) return en.underlying.size === 8;
    const inner = index.record(t.id);
    return inner !== undefined && inner.complete && recordHasWideInts(inner, index, seen);
  });
}
