// Lowers `typedef` definitions (one TypedefDecl per declarator). An anonymous record or enum
// defined inside takes the typedef's name (`typedef struct { ... } Point;` gives struct:Point).

import type { TypedefDecl } from "../../ir/types.js";
import type { CstNode } from "../cst.js";
import type { LowerContext } from "./context.js";
import { declaratorName, lowerDeclarator, lowerSpecifier } from "./types.js";

/** Lowers a type_definition node. */
export function lowerTypedef(node: CstNode, ctx: LowerContext): void {
  const declarators = node.childrenForFieldName("declarator").filter((c): c is CstNode => c !== null);
  const first = declaratorName(declarators[0] ?? null);
  ctx.owner = `typedef:${first}`;
  const base = lowerSpecifier(node, ctx, first);
  const doc = ctx.docFor(node);
  for (const d of declarators) {
    const lowered = lowerDeclarator(d, base, ctx);
    const id = `typedef:${lowered.name}`;
    if (lowered.type.kind === "ref" && lowered.type.id === id) continue;
    const decl: TypedefDecl = { kind: "typedef", id, name: lowered.name, loc: ctx.loc(d), type: lowered.type };
    if (doc) decl.doc = doc;
    ctx.define(decl, node);
  }
}
