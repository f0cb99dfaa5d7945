// Lowers function declarations and `static inline` definitions into FunctionDecls (parameter
// notes are filled later by the readDocNotes pass). An `__asm__("name")` label is recorded as
// the function's link name for the symbol check.

import type { FunctionDecl, ParamDecl } from "../../ir/types.js";
import { allChildren, namedChildren, type CstNode } from "../cst.js";
import type { LowerContext } from "./context.js";
import type { Declared } from "./types.js";

/** True when a declaration-like node carries `static` and/or `inline`. */
export function storageClasses(node: CstNode): Set<string> {
  return new Set(allChildren(node).filter((c) => c.type === "storage_class_specifier").map((c) => c.text));
}

/** Builds the FunctionDecl for a declarator already lowered to a function type. */
export function lowerFunction(node: CstNode, declared: Declared, ctx: LowerContext, isDefinition: boolean): void {
  if (declared.type.kind !== "function") return;
  const classes = storageClasses(node);
  const isInline = classes.has("inline") || classes.has("__inline") || classes.has("__inline__");
  if (isDefinition && !isInline) return;
  if (classes.has("static") && !isInline) return;
  const fn = declared.type;
  const params: ParamDecl[] = fn.params.map((p) => ({ name: p.name, type: p.type }));
  const decl: FunctionDecl = {
    kind: "function",
    id: `function:${declared.name}`,
    name: declared.name,
    loc: ctx.loc(declared.functionDeclarator ?? node),
    returns: fn.returns,
    params,
    variadic: fn.variadic,
    inline: isInline && isDefinition,
  };
  const doc = ctx.docFor(node);
  if (doc) decl.doc = doc;
  const asm = declared.functionDeclarator ? namedChildren(declared.functionDeclarator).find((c) => c.type === "gnu_asm_expression") : undefined;
  const label = asm?.childForFieldName("assembly_code")?.text.replace(/^"|"$/g, "");
  if (label && label !== declared.name) ctx.asmNames.set(declared.name, label);
  const existing = ctx.decls.get(decl.id);
  if (existing?.kind === "function" && existing.inline && !decl.inline) return;
  ctx.define(decl, node);
}
