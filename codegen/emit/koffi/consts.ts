// Macros for koffi: each object-like macro the compiler evaluated becomes an exported constant
// (integers of 64-bit type as bigint, other integers as number, floats as number, strings as string).

import type { ConstDecl } from "../../ir/types.js";
import { declDocLines, tsDocBlock } from "../common/doc.js";
import { intLiteral } from "../common/resolve.js";
import type { CodeWriter } from "../common/writer.js";
import type { KoffiContext } from "./context.js";

/** JS literal of a constant's value. */
export function constLiteral(d: ConstDecl): string {
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

/** Exported name of a constant. */
export function constName(d: ConstDecl, ctx: KoffiContext): string {
  return ctx.names.exports.claim(`const:${d.name}`, d.name);
}

/** Writes every constant of the IR. */
export function emitConsts(w: CodeWriter, ctx: KoffiContext): void {
  let first = true;
  for (const d of ctx.ir.decls) {
    if (d.kind !== "const") continue;
    if (first) w.blank();
    first = false;
    w.lines(tsDocBlock(declDocLines(d.doc)));
    w.line(`export const ${constName(d, ctx)} = ${constLiteral(d)};`);
  }
}
