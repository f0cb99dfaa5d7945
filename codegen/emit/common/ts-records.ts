// Records as every Node TS target declares them (koffi, ffi-rs, the napi .d.ts): which complete
// structs/unions get a TS interface (in IR order, members classified by shape, an `Input` variant
// when 64-bit members accept number | bigint) and the interfaces themselves. Targets add their
// own reasons to refuse a record and their own per-record facts.

import type { IrModule, RecordDecl } from "../../ir/types.js";
import { declDocLines, tsDocBlock } from "./doc.js";
import { shapeOf, UnsupportedType } from "./node-signature.js";
import { type FieldShape, fieldShape, recordHasWideInts, tsFieldType } from "./node-types.js";
import { type DeclIndex, resolveType } from "./resolve.js";
import type { TsExportNames } from "./ts-export-names.js";
import { fmtPropertyKey } from "./ts-names.js";
import type { CodeWriter } from "./writer.js";

/** A member of a declared record: its TS key, its classified shape and its IR field. */
export interface TsRecordField {
  key: string;
  shape: FieldShape;
  field: RecordDecl["fields"][number];
}

/** A record given a TS interface. */
export interface TsRecordPlan {
  rec: RecordDecl;
  fields: TsRecordField[];
  /** True when 64-bit members make the accepted (input) shape differ from the returned one. */
  hasInput: boolean;
}

/** What planning needs from the target's emit state. */
export interface TsRecordContext {
  readonly ir: IrModule;
  readonly index: DeclIndex;
  readonly names: TsExportNames;
  /** Filled with the ids of the records planned (read back by `skippedMemberReason`). */
  readonly emittedRecords: Set<string>;
}

/** How a target refuses and completes records. */
export interface TsRecordPlanning<P extends TsRecordPlan> {
  /** Why the target cannot declare `rec` at all, or undefined. */
  reject(rec: RecordDecl): string | undefined;
  /** Reports a record left out, with the reason. */
  skip(rec: RecordDecl, why: string): void;
  /** The target's plan, from the common one. */
  complete(plan: TsRecordPlan): P;
}

/** Member key in TS (and in the FFI description): the C name, or `_anonN` for an anonymous member. */
export function fieldKey(name: string, i: number): string {
  return name === "" ? `_anon${i}` : name;
}

/** `obj.key`, or `obj["key"]` when the key is not an identifier. */
export function tsMemberAccess(obj: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${obj}.${key}` : `${obj}[${JSON.stringify(key)}]`;
}

/** "member `x` has a type that was skipped" when a member (or array element) is a complete record not declared. */
export function skippedMemberReason(rec: RecordDecl, ctx: TsRecordContext): string | undefined {
  for (const f of rec.fields) {
    let t = resolveType(f.type, ctx.index);
    while (t.kind === "array") t = resolveType(t.element, ctx.index);
    if (t.kind === "ref" && ctx.index.record(t.id)?.complete && !ctx.emittedRecords.has(t.id)) return `member \`${f.name}\` has a type that was skipped`;
  }
  return undefined;
}

/** Plans the complete records the target can declare, in IR order, and claims their input names. */
export function planTsRecords<P extends TsRecordPlan>(ctx: TsRecordContext, planning: TsRecordPlanning<P>): P[] {
  const plans: P[] = [];
  for (const d of ctx.ir.decls) {
    if ((d.kind !== "struct" && d.kind !== "union") || !d.complete) continue;
    const why = planning.reject(d);
    if (why !== undefined) {
      planning.skip(d, why);
      continue;
    }
    try {
      const fields = d.fields.map((f, i) => ({ key: fieldKey(f.name, i), shape: fieldShape(f.type, ctx.index, shapeOf), field: f }));
      const plan = planning.complete({ rec: d, fields, hasInput: d.kind === "struct" && recordHasWideInts(d, ctx.index) });
      ctx.emittedRecords.add(d.id);
      plans.push(plan);
    } catch (e) {
      if (!(e instanceof UnsupportedType)) throw e;
      planning.skip(d, e.message);
    }
  }
  for (const p of plans) if (p.hasInput) ctx.names.claimRecordInput(p.rec);
  return plans;
}

/** Writes the TS interface of each planned record (and its `Input` variant when it has one). */
export function emitRecordInterfaces(w: CodeWriter, plans: readonly TsRecordPlan[], names: TsExportNames): void {
  for (const p of plans) {
    for (const input of p.hasInput ? [false, true] : [false]) {
      w.blank();
      const doc = declDocLines(p.rec.doc);
      if (input) doc.push(`Input shape of \`${names.record(p.rec, false)}\`: 64-bit members accept number or bigint.`);
      if (p.rec.kind === "union") doc.push("A C union: set exactly one member.");
      w.lines(tsDocBlock(doc));
      w.block(`export interface ${names.record(p.rec, input)} {`, "}", () => {
        for (const f of p.fields) {
          w.lines(tsDocBlock(declDocLines(f.field.doc)));
          w.line(`${fmtPropertyKey(f.key)}${p.rec.kind === "union" ? "?" : ""}: ${tsFieldType(f.shape, input, names)};`);
        }
      });
    }
  }
}
