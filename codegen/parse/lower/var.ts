// Lowers `extern` variable declarations into VarDecls; file-scope `static` variables have no
// symbol and are skipped (the caller reports them).

import type { VarDecl } from "../../ir/types.js";
import type { CstNode } from "../cst.js";
import type { LowerContext } from "./context.js";
import type { Declared } from "./types.js";

/** Builds the VarDecl for a non-function declarator. */
export function lowerVar(node: CstNode, declared: Declared, ctx: LowerContext): void {
  const decl: VarDecl = { kind: "var", id: `var:${declared.name}`, name: declared.name, loc: ctx.loc(node), type: declared.type };
  const doc = ctx.docFor(node);
  if (doc) decl.doc = doc;
  ctx.define(decl, node);
}
