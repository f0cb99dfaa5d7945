// Handles and typedefs for koffi: each opaque record becomes a branded pointer type, and each
// non-system typedef a TS alias of what it names (skipped when an enum, record or handle of the
// same name already carries it; function-pointer typedefs are the callbacks module's).

import type { TypedefDecl } from "../../ir/types.js";
import { declDocLines, tsDocBlock } from "../common/doc.js";
import { shapeOf, UnsupportedType } from "../common/node-signature.js";
import { tsValueType } from "../common/node-types.js";
import { pointeeOf, resolveType } from "../common/resolve.js";
import type { CodeWriter } from "../common/writer.js";
import type { KoffiContext } from "./context.js";

/** Writes the branded handle type of every opaque record. */
export function emitHandles(w: CodeWriter, ctx: KoffiContext): void {
  for (const d of ctx.ir.decls) {
    if ((d.kind !== "struct" && d.kind !== "union") || d.complete) continue;
    w.blank();
    const doc = declDocLines(d.doc);
    doc.push(`Opaque handle: a \`${d.name} *\` from the library, branded so handles of different types do not mix.`);
    w.lines(tsDocBlock(doc));
    const name = ctx.names.handle(d.name);
    w.line(`export type ${name} = Pointer & { readonly __brand: ${JSON.stringify(d.name)} };`);
  }
}

/** True when a typedef names a function pointer (or a function type): a callback. */
export function isCallbackTypedef(d: TypedefDecl, ctx: KoffiContext): boolean {
  const r = resolveType(d.type, ctx.index);
  return r.kind === "function" || pointeeOf(r, ctx.index)?.kind === "function";
}

/** Writes a TS alias for each typedef that is not already carried by another declaration. */
export function emitTypedefs(w: CodeWriter, ctx: KoffiContext): void {
  for (const d of ctx.ir.decls) {
    if (d.kind !== "typedef" || d.system || isCallbackTypedef(d, ctx)) continue;
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
