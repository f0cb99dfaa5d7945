// Sets `layout` on every complete record and `offset` / `bitOffset` on its fields, from the
// target ABI table (see ../layout.ts). A complete record with a member of incomplete type is
// an error (E0304). The layout probe verifies these numbers against the real compiler.

import { LayoutEngine } from "../layout.js";
import type { Decl, IrModule } from "../types.js";
import type { PassContext } from "./context.js";

export function computeLayouts(ir: IrModule, ctx: PassContext): IrModule {
  const engine = new LayoutEngine(ctx.abi, new Map(ir.decls.map((d) => [d.id, d])));
  const decls = ir.decls.map((d): Decl => {
    if ((d.kind !== "struct" && d.kind !== "union") || !d.complete) return d;
    const placed = engine.place(d);
    if (!placed) {
      ctx.diag.error("E0304", `cannot lay out ${d.kind} '${d.name}': a member has an incomplete type`, d.loc, d.name);
      return d;
    }
    return { ...d, fields: placed.fields, layout: placed.layout };
  });
  return { ...ir, decls };
}
