// Declarations every Node TS emitter writes the same way, whatever the FFI library: branded
// handle types, typedef aliases, enums (const object + union type) and macro constants.
// Input: the IR plus the target's naming; output: lines on a CodeWriter. (Used by koffi, ffi-rs
// and the napi .d.ts.)

import type { ConstDecl, EnumDecl, IrModule, TypedefDecl } from "../../ir/types.js";
import { declDocLines, tsDocBlock } from "./doc.js";
import { shapeOf, UnsupportedType } from "./node-signature.js";
import { type TsNaming, tsValueType } from "./node-types.js";
import { type DeclIndex, intLiteral, pointeeOf, resolveType } from "./resolve.js";
import { fmtPropertyKey, type Scope } from "./ts-names.js";
import type { CodeWriter } from "./writer.js";

/** What these writers need from a target's emit context. */
export interface TsDeclContext {
  readonly ir: IrModule;
  readonly index: DeclIndex;
  readonly names: TsNaming & { readonly exports: Scope };
  /** Ids of complete records the target declares (aliases of the others are left out). */
  readonly emittedRecords: ReadonlySet<string>;
}

/** Writes the branded handle type of every opaque record. */
export function emitHandleTypes(w: CodeWriter, ctx: TsDeclContext): void {
  for (const d of ctx.ir.decls) {
    if ((d.kind !== "struct" && d.kind !== "union") || d.complete) continue;
    w.blank();
    const doc = declDocLines(d.doc);
    doc.push(`Opaque handle: a \`${d.name} *\` from the library, branded so handles of different types do not mix.`);
    w.lines(tsDocBlock(doc));
    w.line(`export type ${ctx.names.handle(d.name)} = ${ctx.names.pointer} & { readonly __brand: ${JSON.stringify(d.name)} };`);
  }
}

/** True when a typedef names a function pointer (or a function type). */
export function isCallbackTypedef(d: TypedefDecl, index: DeclIndex): boolean {
  const r = resolveType(d.type, index);
  return r.kind === "function" || pointeeOf(r, index)?.kind === "function";
}

/** Writes a TS alias for each typedef not already carried by an enum, record, handle or callback. */
export function emitTypedefAliases(w: CodeWriter, ctx: TsDeclContext): void {
  for (const d of ctx.ir.decls) {
    if (d.kind !== "typedef" || d.system || isCallbackTypedef(d, ctx.index)) continue;
    if (ctx.index.enumNamed(d.name)) continue;
    const r = resolveType(d.type, ctx.index);
    if (r.kind === "ref") {
      const rec = ctx.index.record(r.id);
      if (rec && rec.name === d.name) continue;
      if (rec && rec.complete && !ctx.emittedRecords.has(rec.id)) continue;
    }
    let text: string;
    try {
      const shape = shapeOf(d.type, ctx.index);
      if (shape.kind === "handle" && shape.name === d.name) continue;
      text = shape.kind === "handle" ? ctx.names.handle(shape.name) : tsValueType(shape, false, ctx.names);
    } catch (e) {
      if (e instanceof UnsupportedType) continue;
      throw e;
    }
    w.blank();
    w.lines(tsDocBlock(declDocLines(d.doc)));
    w.line(`export type ${ctx.names.exports.claim(d.id, d.name)} = ${text};`);
  }
}

/** Writes every enum: named ones as a const object plus a union type, anonymous ones as constants. */
export function emitEnumDecls(w: CodeWriter, ctx: TsDeclContext): void {
  for (const d of ctx.ir.decls) if (d.kind === "enum") emitEnum(w, d, ctx);
}

function emitEnum(w: CodeWriter, d: EnumDecl, ctx: TsDeclContext): void {
  const wide = d.underlying.size === 8;
  w.blank();
  if (d.anonymous) {
    for (const c of d.constants) {
      w.lines(tsDocBlock(declDocLines(c.doc)));
      w.line(`export const ${ctx.names.exports.claim(`const:${c.name}`, c.name)} = ${intLiteral(c.value, wide)};`);
    }
    // `typedef enum {…} T;`: signatures name T, so it needs a type (the typedef alias is skipped).
    if (ctx.ir.decls.some((t) => t.kind === "typedef" && t.name === d.name)) {
      w.lines(tsDocBlock([`A value of the anonymous enum named by \`typedef ${d.name}\`.`]));
      w.line(`export type ${ctx.names.enumType(d.name)} = ${wide ? "bigint" : "number"};`);
    }
    return;
  }
  const name = ctx.names.enumType(d.name);
  w.lines(tsDocBlock(declDocLines(d.doc)));
  if (d.constants.length === 0) {
    w.line(`export const ${name} = {} as const;`);
    w.line(`export type ${name} = ${wide ? "bigint" : "number"};`);
    return;
  }
  w.block(`export const ${name} = {`, "} as const;", () => {
    for (const c of d.constants) {
      w.lines(tsDocBlock(declDocLines(c.doc)));
      w.line(`${fmtPropertyKey(c.name)}: ${intLiteral(c.value, wide)},`);
    }
  });
  w.lines(tsDocBlock([`A value of \`${name}\`.`]));
  w.line(`export type ${name} = (typeof ${name})[keyof typeof ${name}];`);
}

/** JS literal of a constant's value (64-bit integers as bigint). */
export function constValueLiteral(d: ConstDecl): string {
  const v = d.value;
  switch (v.kind) {
    case "int":
      return intLiteral(v.value, v.size >= 8);
    case "float":
      if (Number.isNaN(v.value)) return "Number.NaN";
      if (!Number.isFinite(v.value)) return v.value > 0 ? "Number.POSITIVE_INFINITY" : "Number.NEGATIVE_INFINITY";
      return Object.is(v.value, -0) ? "-0" : String(v.value);
    case "string":
      return JSON.stringify(v.value);
  }
}

/** Writes every macro constant. */
export function emitConstDecls(w: CodeWriter, ctx: TsDeclContext): void {
  let first = true;
  for (const d of ctx.ir.decls) {
    if (d.kind !== "const") continue;
    if (first) w.blank();
    first = false;
    w.lines(tsDocBlock(declDocLines(d.doc)));
    w.line(`export const ${ctx.names.exports.claim(`const:${d.name}`, d.name)} = ${constValueLiteral(d)};`);
  }
}
