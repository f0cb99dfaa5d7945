// Structs and unions for koffi: decides which records can be expressed (common/ts-records, plus an
// alignment koffi can state; bit-fields arrive as storage members, see common/bitfield-storage),
// then writes their koffi definitions (forward opaque, then struct/pack/union) and
// bigint-normalising decoders. Interfaces: common/ts-records.

import type { RecordDecl } from "../../ir/types.js";
import { hasBitfields } from "../common/resolve.js";
import { planTsRecords, skippedMemberReason, tsMemberAccess, type TsRecordPlan } from "../common/ts-records.js";
import { fmtPropertyKey } from "../common/ts-names.js";
import type { CodeWriter } from "../common/writer.js";
import { type KoffiContext, W } from "./context.js";
import { koffiType } from "./types.js";

/** Largest member alignment koffi accepts in a `[align, type]` member spec. */
const KOFFI_MAX_ALIGN = 8;

/** A record accepted for emission: the common plan, plus whether koffi's values need a decoder. */
export interface RecordPlan extends TsRecordPlan {
  /** 64-bit members come back from koffi as `number | bigint`: a decoder makes them bigint. */
  needsDecoder: boolean;
}

/** Selects the records koffi can express, in IR order; warns for the others. */
export function planRecords(ctx: KoffiContext): RecordPlan[] {
  return planTsRecords(ctx, {
    reject: (rec) => unsupportedReason(rec, ctx),
    skip: (rec, why) => ctx.skip(W.unsupportedRecord, rec, rec.kind, why),
    complete: (plan) => ({ ...plan, needsDecoder: plan.hasInput }),
  });
}

/** Why koffi cannot express `rec`, or undefined. */
function unsupportedReason(rec: RecordDecl, ctx: KoffiContext): string | undefined {
  if (hasBitfields(rec, ctx.index)) return "its bit-fields have no computed layout to store them by";
  if ((rec.alignAttr ?? 0) > KOFFI_MAX_ALIGN) return `aligned(${rec.alignAttr}) exceeds koffi's largest member alignment (${KOFFI_MAX_ALIGN})`;
  return skippedMemberReason(rec, ctx);
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
        const key = tsMemberAccess("raw", f.key);
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
