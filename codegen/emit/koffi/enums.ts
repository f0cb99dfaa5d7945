// Enums for koffi: a named enum becomes a const object plus the union type of its values; an
// anonymous enum's enumerators become plain constants. 64-bit enums use bigint literals.

import type { EnumDecl } from "../../ir/types.js";
import { declDocLines, tsDocBlock } from "../common/doc.js";
import { intLiteral } from "../common/resolve.js";
import { fmtPropertyKey } from "../common/ts-names.js";
import type { CodeWriter } from "../common/writer.js";
import type { KoffiContext } from "./context.js";

/** Writes every enum of the IR. */
export function emitEnums(w: CodeWriter, ctx: KoffiContext): void {
  for (const d of ctx.ir.decls) if (d.kind === "enum") emitEnum(w, d, ctx);
}

function emitEnum(w: CodeWriter, d: EnumDecl, ctx: KoffiContext): void {
  const wide = d.underlying.size === 8;
  w.blank();
  if (d.anonymous) {
    for (const c of d.constants) {
      w.lines(tsDocBlock(declDocLines(c.doc)));
      w.line(`export const ${ctx.names.exports.claim(`const:${c.name}`, c.name)} = ${intLiteral(c.value, wide)};`);
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
