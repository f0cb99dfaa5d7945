// Decides which declarations are kept for their own sake (the roots): every declaration of a
// library file, plus any function or variable the library exports, both narrowed by --prefix.
// A library-file function the library does not export is reported (W0201) and dropped.

import type { IrModule } from "../types.js";
import { matchesPrefix, type PassContext } from "./context.js";

export function applySymbolFilter(ir: IrModule, ctx: PassContext): IrModule {
  const roots = new Set<string>();
  const decls = ir.decls.filter((d) => {
    const library = ctx.provenance.get(d.id)?.library === true;
    if (d.kind === "function" || d.kind === "var") {
      const symbol = ctx.asmNames.get(d.name) ?? d.name;
      const isInline = d.kind === "function" && d.inline;
      const exported = ctx.exported ? ctx.exported.has(symbol) : library;
      if (!matchesPrefix(d.name, ctx.prefixes)) return true;
      if (library && !isInline && ctx.exported && !ctx.exported.has(symbol)) {
        ctx.diag.warning("W0201", `${d.kind === "function" ? "function" : "variable"} '${d.name}' is declared but the library does not export '${symbol}'; no binding is generated`, d.loc, d.name);
        return false;
      }
      if ((library && (isInline || exported)) || (ctx.exported?.has(symbol) && !isInline)) roots.add(d.id);
      return true;
    }
    if (library) roots.add(d.id);
    return true;
  });
  ctx.roots = roots;
  return { ...ir, decls };
}
