// Lowers enum specifiers. Enumerator values are left to the compiler probe (they may use
// sizeof, casts or earlier enumerators); a tagged enum's underlying type is asked from the
// compiler too, an anonymous one's follows gcc's rule from the values (see evaluateConstants).

import type { EnumConstant, EnumDecl, RefType } from "../../ir/types.js";
import { namedChildren, type CstNode } from "../cst.js";
import type { LowerContext } from "./context.js";

/** Lowers an enum_specifier; returns a ref to its declaration. */
export function lowerEnumSpecifier(spec: CstNode, ctx: LowerContext, nameHint: string): RefType {
  const tag = spec.childForFieldName("name")?.text;
  const body = spec.childForFieldName("body");
  const enumerators = body ? namedChildren(body).filter((c) => c.type === "enumerator") : [];
  const name = tag ?? (nameHint.startsWith("anon") || nameHint === "" ? `anon_${enumerators[0]?.childForFieldName("name")?.text ?? "enum"}` : nameHint);
  const id = `enum:${name}`;
  if (!body) {
    if (!ctx.decls.has(id)) {
      ctx.define({ kind: "enum", id, name, loc: ctx.loc(spec), anonymous: false, constants: [], underlying: { kind: "int", cName: "unsigned int", size: 4, signed: false } }, spec);
    }
    return { kind: "ref", id };
  }
  const decl: EnumDecl = {
    kind: "enum",
    id,
    name,
    loc: ctx.loc(spec),
    anonymous: tag === undefined,
    constants: [],
    underlying: { kind: "int", cName: "unsigned int", size: 4, signed: false },
  };
  const doc = ctx.docFor(spec.parent?.type === "translation_unit" ? spec : (spec.parent ?? spec));
  if (doc) decl.doc = doc;
  const previousOwner = ctx.owner;
  ctx.owner = id;
  for (const e of enumerators) {
    const ename = e.childForFieldName("name")?.text ?? "";
    const constant: EnumConstant = { name: ename, value: "0" };
    const edoc = ctx.docFor(e);
    if (edoc) constant.doc = edoc;
    decl.constants.push(constant);
    ctx.pending.push({ expr: ename, loc: ctx.loc(e), owner: ctx.owner, apply: (v) => (constant.value = v.toString()) });
  }
  if (tag) {
    ctx.pending.push({ expr: `sizeof(enum ${tag})`, loc: decl.loc, owner: ctx.owner, apply: (v) => (decl.underlying.size = Number(v) as 4) });
    ctx.pending.push({
      expr: `((enum ${tag})-1 < 0)`,
      loc: decl.loc,
      owner: ctx.owner,
      apply: (v) => (decl.underlying.signed = v !== 0n),
    });
  }
  ctx.owner = previousOwner;
  ctx.define(decl, spec);
  return { kind: "ref", id };
}
