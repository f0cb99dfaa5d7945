// C value shapes → ffi-rs: the DataType each scalar travels as, and the expressions converting a
// TS value into what ffi-rs expects and ffi-rs's result back into the typed surface. ffi-rs has
// no int8/uint16/uint64 result types, so those travel widened or signed and are masked here.

import type { ValueShape } from "../common/node-signature.js";
import type { FfiRsContext } from "./context.js";

/** Shapes carried in one register as a plain scalar (everything but records and void). */
export type ScalarShape = Exclude<ValueShape, { kind: "record" } | { kind: "void" }>;

/** `DataType.X` text of a scalar; pointers of every kind travel as 64-bit integers. */
export function ffiScalarType(s: ScalarShape): string {
  switch (s.kind) {
    case "bool":
      return "DataType.Boolean";
    case "float":
      return s.float.size === 4 ? "DataType.Float" : "DataType.Double";
    case "int":
      if (s.int.size === 1) return "DataType.U8";
      if (s.int.size === 2) return "DataType.I16";
      if (s.int.size === 4) return s.int.signed ? "DataType.I32" : "DataType.U32";
      return "DataType.BigInt";
    case "string":
    case "handle":
    case "callback":
    case "pointer":
      return "DataType.BigInt";
  }
}

/** Expression turning a TS argument into the value ffi-rs passes (strings are handled by the caller). */
export function toFfi(expr: string, s: ScalarShape): string {
  if (s.kind === "int") {
    if (s.int.size === 1) return `${expr} & 0xff`;
    if (s.int.size === 2 && !s.int.signed) return `(${expr} << 16) >> 16`;
    if (s.int.size === 8) return s.int.signed ? `BigInt(${expr})` : `BigInt.asIntN(64, BigInt(${expr}))`;
    return expr;
  }
  if (s.kind === "handle" || s.kind === "pointer" || s.kind === "callback") return `${expr} ?? 0n`;
  return expr;
}

/** TS type of what ffi-rs returns for a scalar. */
function rawType(s: ScalarShape): string {
  if (s.kind === "bool") return "boolean";
  if (s.kind === "int" && s.int.size === 8) return "bigint";
  if (s.kind === "int" || s.kind === "float") return "number";
  return "bigint";
}

/** Expression turning ffi-rs's raw result `expr` (type unknown) into the typed surface's value. */
export function fromFfi(expr: string, s: ScalarShape, ctx: FfiRsContext): string {
  const raw = `(${expr} as ${rawType(s)})`;
  switch (s.kind) {
    case "bool":
    case "float":
      return raw;
    case "int": {
      const cast = s.enumName !== undefined ? ` as ${ctx.names.enumType(s.enumName)}` : "";
      if (s.int.size === 1 && s.int.signed) return `((${raw} << 24) >> 24)${cast}`;
      if (s.int.size === 2 && !s.int.signed) return `(${raw} & 0xffff)${cast}`;
      if (s.int.size === 8 && !s.int.signed) return `BigInt.asUintN(64, ${raw})${cast}`;
      return `${raw}${cast}`;
    }
    case "string":
      return `${ctx.use("_readString")}${raw}`;
    case "handle":
      return `${ctx.use("_ptr")}${raw} as ${ctx.names.handle(s.name)} | null`;
    case "callback":
    case "pointer":
      return `${ctx.use("_ptr")}${raw}`;
  }
}

/** DataView getter/setter suffix and byte size of an integer or float member. */
export function viewAccessor(s: Extract<ValueShape, { kind: "int" } | { kind: "float" }>): { name: string; size: number; big: boolean } {
  if (s.kind === "float") return { name: s.float.size === 4 ? "Float32" : "Float64", size: s.float.size, big: false };
  const bits = s.int.size * 8;
  if (s.int.size === 8) return { name: s.int.signed ? "BigInt64" : "BigUint64", size: 8, big: true };
  return { name: `${s.int.signed ? "Int" : "Uint"}${bits}`, size: s.int.size, big: false };
}
