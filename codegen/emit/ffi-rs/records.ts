// Structs and unions for ffi-rs: decides which records can be expressed (common/ts-records, plus a
// computed layout; bit-fields arrive as storage members, see common/bitfield-storage), writes their
// byte codecs over a DataView at the IR's offsets (used for pointers to records and out-records)
// and, for plain structs, ffi-rs StackStruct descriptions.

import type { RecordDecl } from "../../ir/types.js";
import { tsDocBlock } from "../common/doc.js";
import type { FieldShape } from "../common/node-types.js";
import { hasBitfields } from "../common/resolve.js";
import { fmtPropertyKey } from "../common/ts-names.js";
import { planTsRecords, skippedMemberReason, tsMemberAccess, type TsRecordField, type TsRecordPlan } from "../common/ts-records.js";
import type { CodeWriter } from "../common/writer.js";
import { type FfiRsContext, W } from "./context.js";
import { ffiScalarType, fromFfi, viewAccessor } from "./types.js";

/** A record accepted for emission: the common plan, plus its byte layout and by-value status. */
export interface RecordPlan extends TsRecordPlan {
  size: number;
  fields: (TsRecordField & { offset: number })[];
  /** Why the record cannot travel by value through ffi-rs, or undefined when it can. */
  notByValue?: string;
}

/** Selects the records ffi-rs can express, in IR order; warns for the others. */
export function planRecords(ctx: FfiRsContext): RecordPlan[] {
  return planTsRecords(ctx, {
    reject: (rec) => unsupportedReason(rec, ctx),
    skip: (rec, why) => ctx.skip(W.unsupportedRecord, rec, rec.kind, why),
    complete: (common) => {
      const plan: RecordPlan = { ...common, size: common.rec.layout?.size ?? 0, fields: common.fields.map((f) => ({ ...f, offset: f.field.offset ?? 0 })) };
      plan.notByValue = byValueReason(plan);
      if (plan.notByValue === undefined) ctx.byValueRecords.add(plan.rec.id);
      return plan;
    },
  });
}

/** Why the record cannot be described at all, or undefined. */
function unsupportedReason(rec: RecordDecl, ctx: FfiRsContext): string | undefined {
  if (hasBitfields(rec, ctx.index)) return "its bit-fields have no computed layout to store them by";
  if (rec.layout === undefined || rec.fields.some((f) => f.offset === undefined)) return "no layout was computed for it";
  return skippedMemberReason(rec, ctx);
}

/** Why ffi-rs (libffi) cannot pass or return the record by value, or undefined when it can. */
function byValueReason(p: RecordPlan): string | undefined {
  const rec = p.rec;
  if (rec.kind === "union") return "ffi-rs describes only structs by value";
  if (rec.packed || rec.maxFieldAlign !== undefined || rec.alignAttr !== undefined) return "its packing or alignment cannot be stated to libffi";
  for (const f of p.fields) {
    const s = f.shape;
    if (s.kind === "fieldPointer") continue;
    if (s.kind !== "value" || s.shape.kind === "record") return `member \`${f.key}\` (array or nested record) cannot be described by value`;
  }
  return undefined;
}

/** Writes `recordLayouts` (size, align, offsets by C name) and the byte codecs of every record. */
export function emitRecordCodecs(w: CodeWriter, plans: readonly RecordPlan[], ctx: FfiRsContext): void {
  w.blank();
  w.lines(tsDocBlock(["Layouts the byte codecs use (from the IR), by C name: size, alignment and member offsets."]));
  w.block("export const recordLayouts = {", "} as const;", () => {
    for (const p of plans) {
      const offsets = p.fields.map((f) => `${fmtPropertyKey(f.key)}: ${f.offset}`).join(", ");
      w.line(`${JSON.stringify(p.rec.name)}: { size: ${p.size}, align: ${p.rec.layout?.align ?? 1}, offsets: { ${offsets} } },`);
    }
  });
  for (const p of plans) {
    emitDecoder(w, p, ctx);
    emitEncoder(w, p, ctx);
  }
}

function emitDecoder(w: CodeWriter, p: RecordPlan, ctx: FfiRsContext): void {
  const type = ctx.names.record(p.rec, false);
  w.blank();
  w.block(`function ${ctx.names.decoder(p.rec)}(v: DataView, o: number): ${type} {`, "}", () => {
    w.block("return {", "};", () => {
      for (const f of p.fields) w.line(`${fmtPropertyKey(f.key)}: ${decodeField(f.shape, `o + ${f.offset}`, ctx)},`);
    });
  });
}

/** Expression reading a member of shape `s` at byte offset `at` of DataView `v`. */
function decodeField(s: FieldShape, at: string, ctx: FfiRsContext): string {
  switch (s.kind) {
    case "value": {
      const v = s.shape;
      if (v.kind === "bool") return `v.getUint8(${at}) !== 0`;
      if (v.kind === "int" || v.kind === "float") {
        const cast = v.kind === "int" && v.enumName !== undefined ? ` as ${ctx.names.enumType(v.enumName)}` : "";
        const acc = viewAccessor(v);
        return `v.get${acc.name}(${at}${acc.size > 1 ? ", true" : ""})${cast}`;
      }
      if (v.kind === "record") return `${ctx.names.decoder(v.rec)}(v, ${at})`;
      if (v.kind === "handle") return `${ctx.use("_ptr")}(v.getBigUint64(${at}, true)) as ${ctx.names.handle(v.name)} | null`;
      return `${ctx.use("_ptr")}(v.getBigUint64(${at}, true))`;
    }
    case "text":
      return `${ctx.use("_getText")}(v, ${at}, ${s.length})`;
    case "numericArray": {
      const bytes = s.length * (s.elem.type.size as number);
      return `new ${s.elem.typedArray}(v.buffer.slice(v.byteOffset + ${at}, v.byteOffset + ${at} + ${bytes}))`;
    }
    case "recordArray":
      return `Array.from({ length: ${s.length} }, (_, i) => ${ctx.names.decoder(s.rec)}(v, ${at} + i * ${s.rec.layout?.size ?? 0}))`;
    case "pointerArray":
      return `Array.from({ length: ${s.length} }, (_, i) => ${ctx.use("_ptr")}(v.getBigUint64(${at} + i * 8, true)))`;
    case "fieldPointer":
      return s.text ? `${ctx.use("_readString")}(v.getBigUint64(${at}, true))` : `${ctx.use("_ptr")}(v.getBigUint64(${at}, true))`;
  }
}

function emitEncoder(w: CodeWriter, p: RecordPlan, ctx: FfiRsContext): void {
  const type = ctx.names.record(p.rec, true);
  w.blank();
  w.block(`function ${ctx.names.encoder(p.rec)}(v: DataView, o: number, x: ${type}, keep: Uint8Array[]): void {`, "}", () => {
    for (const f of p.fields) {
      const value = tsMemberAccess("x", f.key);
      const stmt = encodeField(f.shape, `o + ${f.offset}`, value, ctx);
      if (p.rec.kind === "union") w.line(`if (${value} !== undefined) ${stmt}`);
      else w.line(stmt);
    }
  });
}

/** Statement writing `value` (a member of shape `s`) at byte offset `at` of DataView `v`. */
function encodeField(s: FieldShape, at: string, value: string, ctx: FfiRsContext): string {
  switch (s.kind) {
    case "value": {
      const v = s.shape;
      if (v.kind === "bool") return `v.setUint8(${at}, ${value} ? 1 : 0);`;
      if (v.kind === "int" || v.kind === "float") {
        const acc = viewAccessor(v);
        return `v.set${acc.name}(${at}, ${acc.big ? `BigInt(${value})` : value}${acc.size > 1 ? ", true" : ""});`;
      }
      if (v.kind === "record") return `${ctx.names.encoder(v.rec)}(v, ${at}, ${value}, keep);`;
      return `v.setBigUint64(${at}, ${value} ?? 0n, true);`;
    }
    case "text":
      return `${ctx.use("_setText")}(v, ${at}, ${s.length}, ${value});`;
    case "numericArray": {
      const bytes = s.length * (s.elem.type.size as number);
      return `new Uint8Array(v.buffer, v.byteOffset + ${at}, ${bytes}).set(new Uint8Array(${value}.buffer, ${value}.byteOffset, Math.min(${value}.byteLength, ${bytes})));`;
    }
    case "recordArray":
      return `${value}.slice(0, ${s.length}).forEach((e, i) => ${ctx.names.encoder(s.rec)}(v, ${at} + i * ${s.rec.layout?.size ?? 0}, e, keep));`;
    case "pointerArray":
      return `${value}.slice(0, ${s.length}).forEach((e, i) => v.setBigUint64(${at} + i * 8, e ?? 0n, true));`;
    case "fieldPointer":
      return s.text ? `v.setBigUint64(${at}, ${ctx.use("_keepString")}(${value}, keep), true);` : `v.setBigUint64(${at}, ${value} ?? 0n, true);`;
  }
}

/** Writes the StackStruct descriptions and by-value converters of the records that can travel by value. */
export function emitByValue(w: CodeWriter, plans: readonly RecordPlan[], ctx: FfiRsContext): void {
  for (const p of plans) {
    if (p.notByValue !== undefined) continue;
    w.blank();
    w.block(`const ${ctx.names.structType(p.rec)}: FieldType = {`, "};", () => {
      for (const f of p.fields) w.line(`${fmtPropertyKey(f.key)}: ${f.shape.kind === "value" && f.shape.shape.kind !== "record" && f.shape.shape.kind !== "void" ? ffiScalarType(f.shape.shape) : "DataType.BigInt"},`);
      w.line("ffiTypeTag: FFITypeTag.StackStruct as unknown as DataType,");
    });
    w.blank();
    w.block(`function ${ctx.names.fromValue(p.rec)}(raw: unknown): ${ctx.names.record(p.rec, false)} {`, "}", () => {
      w.line("const r = raw as Record<string, unknown>;");
      w.block("return {", "};", () => {
        for (const f of p.fields) {
          const at = tsMemberAccess("r", f.key);
          const s = f.shape;
          const text = s.kind === "fieldPointer" ? (s.text ? `${ctx.use("_readString")}(${at} as bigint)` : `${ctx.use("_ptr")}(${at} as bigint)`) : s.kind === "value" && s.shape.kind !== "record" && s.shape.kind !== "void" ? fromFfi(at, s.shape, ctx) : at;
          w.line(`${fmtPropertyKey(f.key)}: ${text},`);
        }
      });
    });
    w.blank();
    w.block(`function ${ctx.names.toValue(p.rec)}(x: ${ctx.names.record(p.rec, true)}, keep: Uint8Array[]): Record<string, unknown> {`, "}", () => {
      w.block("return {", "};", () => {
        for (const f of p.fields) w.line(`${fmtPropertyKey(f.key)}: ${toValueField(f.shape, tsMemberAccess("x", f.key), ctx)},`);
      });
    });
  }
}

/** ffi-rs by-value member: 64-bit integers and pointers travel as JS numbers (ffi-rs 1.3.7). */
function toValueField(s: FieldShape, value: string, ctx: FfiRsContext): string {
  if (s.kind === "fieldPointer") return s.text ? `Number(${ctx.use("_keepString")}(${value}, keep))` : `Number(${value} ?? 0n)`;
  if (s.kind !== "value") throw new Error("toValueField on an array member");
  const v = s.shape;
  if (v.kind === "int") {
    if (v.int.size === 8) return `${ctx.use("_num64")}(${value})`;
    if (v.int.size === 1) return `${value} & 0xff`;
    if (v.int.size === 2 && !v.int.signed) return `(${value} << 16) >> 16`;
    return value;
  }
  if (v.kind === "handle" || v.kind === "pointer" || v.kind === "callback") return `Number(${value} ?? 0n)`;
  return value;
}
