// Structs and unions for koffi: decides which records can be expressed (no bit-fields, alignment
// koffi can state), then writes their TS interfaces (output and, when 64-bit fields differ, input),
// their koffi definitions (forward opaque, then struct/pack/union) and bigint-normalising decoders.

import type { RecordDecl } from "../../ir/types.js";
import { declDocLines, tsDocBlock } from "../common/doc.js";
import { shapeOf, UnsupportedType } from "../common/node-signature.js";
import { type FieldShape, fieldShape, recordHasWideInts, tsFieldType } from "../common/node-types.js";
import { hasBitfields, resolveType } from "../common/resolve.js";
import { fmtPropertyKey } from "../common/ts-names.js";
import type { CodeWriter } from "../common/writer.js";
import { type KoffiContext, W } from "./context.js";
import { koffiType } from "./types.js";

/** Largest member alignment koffi accepts in a `[align, type]` member spec. */
const KOFFI_MAX_ALIGN = 8;

/** A record accepted for emission, with its fields classified. */
export interface RecordPlan {
  rec: RecordDecl;
  fields: { key: string; cName: string; shape: FieldShape; field: RecordDecl["fields"][number] }[];
  hasInput: boolean;
  needsDecoder: boolean;
}

/** Field key in koffi and TS: the C name, or `_anonN` for an anonymous member. */
function fieldKey(name: string, i: number): string {
  return name === "" ? `_anon${i}` : name;
}

/** Selects the records koffi can express, in IR order; warns for the others. */
export function planRecords(ctx: KoffiContext): RecordPlan[] {
  const plans: RecordPlan[] = [];
  for (const d of ctx.ir.decls) {
    if ((d.kind !== "struct" && d.kind !== "union") || !d.complete) continue;
    const why = unsupportedReason(d, ctx);
    if (why !== undefined) {
      ctx.skip(W.unsupportedRecord, d, d.kind, why);
      continue;
    }
    try {
      const fields = d.fields.map((f, i) => ({ key: fieldKey(f.name, i), cName: f.name, shape: fieldShape(f.type, ctx.index, shapeOf), field: f }));
      ctx.emittedRecords.add(d.id);
      const wide = d.kind === "struct" && recordHasWideInts(d, ctx.index);
      plans.push({ rec: d, fields, hasInput: wide, needsDecoder: wide });
    } catch (e) {
      if (!(e instanceof UnsupportedType)) throw e;
      ctx.skip(W.unsupportedRecord, d, d.kind, e.message);
    }
  }
  for (const p of plans) if (p.hasInput) ctx.names.claimRecordInput(p.rec);
  return plans;
}

/** Why koffi cannot express `rec`, or undefined. */
function unsupportedReason(rec: RecordDecl, ctx: KoffiContext): string | undefined {
  if (hasBitfields(rec, ctx.index)) return "bit-fields cannot be described to koffi";
  if ((rec.alignAttr ?? 0) > KOFFI_MAX_ALIGN) return `aligned(${rec.alignAttr}) exceeds koffi's largest member alignment (${KOFFI_MAX_ALIGN})`;
  for (const f of rec.fields) {
    let t = resolveType(f.type, ctx.index);
    while (t.kind === "array") t = resolveType(t.element, ctx.index);
    if (t.kind === "ref" && ctx.index.record(t.id)?.complete && !ctx.emittedRecords.has(t.id)) {
      return `member \`${f.name}\` has a type that was skipped`;
    }
  }
  return undefined;
}

/** Writes the TS interfaces of the planned records. */
export function emitRecordInterfaces(w: CodeWriter, plans: readonly RecordPlan[], ctx: KoffiContext): void {
  for (const p of plans) {
    for (const input of p.hasInput ? [false, true] : [false]) {
      w.blank();
      const doc = declDocLines(p.rec.doc);
      if (input) doc.push(`Input shape of \`${ctx.names.record(p.rec, false)}\`: 64-bit members accept number or bigint.`);
      if (p.rec.kind === "union") doc.push("A C union: set exactly one member.");
      w.lines(tsDocBlock(doc));
      w.block(`export interface ${ctx.names.record(p.rec, input)} {`, "}", () => {
        for (const f of p.fields) {
          w.lines(tsDocBlock(declDocLines(f.field.doc)));
          const optional = p.rec.kind === "union" ? "?" : "";
          w.line(`${fmtPropertyKey(f.key)}${optional}: ${tsFieldType(f.shape, input, ctx.names)};`);
        }
      });
    }
  }
}

/** Writes the koffi definitions: every record forward-declared, then defined in dependency order. */
export function emitRecordDefinitions(w: CodeWriter, plans: readonly RecordPlan[], ctx: KoffiContext): void {
  if (plans.length === 0) return;
  w.blank();
  w.line("// koffi layouts: forward declarations first, so pointers between records resolve.");
  for (const p of plans) w.line(`const ${ctx.names.recordVar(p.rec)} = koffi.opaque();`);
  for (const p of plans) {
    const rec = p.rec;
    const fn = rec.kind === "union" ? "union" : rec.packed ? "pack" : "struct";
    w.block(`koffi.${fn}(${ctx.names.recordVar(rec)}, {`, "});", () => {
      p.fields.forEach((f, i) => {
        const type = koffiType(f.field.type, ctx);
        w.line(`${fmtPropertyKey(f.key)}: ${memberSpec(type, rec, i === 0)},`);
      });
    });
  }
}

/** A member spec, with an explicit alignment for `#pragma pack(N)` or `aligned(N)` on the record. */
function memberSpec(type: string, rec: RecordDecl, first: boolean): string {
  const packTo = rec.packed ? undefined : rec.maxFieldAlign;
  const raiseTo = first ? rec.alignAttr : undefined;
  if (packTo === undefined && raiseTo === undefined) return type;
  let align = `koffi.alignof(${type})`;
  if (rec.packed) align = "1";
  if (packTo !== undefined) align = `Math.min(${align}, ${packTo})`;
  if (raiseTo !== undefined) align = `Math.max(${align}, ${raiseTo})`;
  return `[${align}, ${type}]`;
}

/** Writes the decoders turning koffi's `number | bigint` 64-bit members into bigint. */
export function emitRecordDecoders(w: CodeWriter, plans: readonly RecordPlan[], ctx: KoffiContext): void {
  const byId = new Map(plans.map((p) => [p.rec.id, p]));
  for (const p of plans) {
    if (!p.needsDecoder) continue;
    const type = ctx.names.record(p.rec, false);
    w.blank();
    w.block(`function ${ctx.names.decoderFn(p.rec)}(raw: ${type}): ${type} {`, "}", () => {
      for (const f of p.fields) {
        const key = `raw${/^[A-Za-z_$][\w$]*$/.test(f.key) ? `.${f.key}` : `[${JSON.stringify(f.key)}]`}`;
        const s = f.shape;
        if (s.kind === "value" && s.shape.kind === "int" && s.shape.wide) {
          w.line(`${key} = BigInt(${key})${s.shape.enumName !== undefined ? ` as typeof ${key}` : ""};`);
        } else if (s.kind === "value" && s.shape.kind === "record" && byId.get(s.shape.rec.id)?.needsDecoder) {
          w.line(`${key} = ${ctx.names.decoderFn(s.shape.rec)}(${key});`);
        } else if (s.kind === "recordArray" && byId.get(s.rec.id)?.needsDecoder) {
          w.line(`${key} = ${key}.map(${ctx.names.decoderFn(s.rec)});`);
        }
      }
      w.line("return raw;");
    });
  }
}

/** Expression decoding a koffi value of record type `rec` (identity when no decoder is needed). */
export function decodeRecordExpr(expr: string, rec: RecordDecl, plans: ReadonlyMap<string, RecordPlan>, ctx: KoffiContext): string {
  return plans.get(rec.id)?.needsDecoder ? `${ctx.names.decoderFn(rec)}(${expr})` : expr;
}
