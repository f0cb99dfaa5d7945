// Lowers struct and union specifiers: tag or derived name (typedef name, or parent_field for
// anonymous members), fields with bit widths and docs, `packed` / `aligned(N)` attributes and
// the `#pragma pack` in effect. Nested records become their own declarations referenced by id.

import type { FieldDecl, RecordDecl, RefType } from "../../ir/types.js";
import { allChildren, namedChildren, type CstNode } from "../cst.js";
import { packAt } from "../preprocess.js";
import { parseIntLiteral, type LowerContext } from "./context.js";
import { declaratorName, lowerDeclarator, lowerSpecifier } from "./types.js";

/** Attributes of a record read from its `__attribute__((...))` specifiers. */
interface RecordAttributes {
  packed: boolean;
  /** The aligned(...) argument: a literal value or an expression for the compiler. */
  aligned?: { literal?: number; expr?: string; node: CstNode };
}

/** Reads packed/aligned from the attribute_specifier children of a node. */
export function readRecordAttributes(node: CstNode): RecordAttributes {
  const attrs: RecordAttributes = { packed: false };
  for (const spec of allChildren(node).filter((c) => c.type === "attribute_specifier")) {
    const list = namedChildren(spec).find((c) => c.type === "argument_list");
    for (const item of list ? namedChildren(list) : []) {
      const name = (item.type === "call_expression" ? item.childForFieldName("function")?.text : item.text)?.replace(/^__(.*)__$/, "$1");
      if (name === "packed") attrs.packed = true;
      if (name !== "aligned") continue;
      const args = item.type === "call_expression" ? item.childForFieldName("arguments") : null;
      const arg = args ? namedChildren(args)[0] : undefined;
      if (!arg) attrs.aligned = { literal: 16, node: item };
      else {
        const lit = parseIntLiteral(arg.text);
        attrs.aligned = lit !== undefined ? { literal: Number(lit), node: arg } : { expr: arg.text, node: arg };
      }
    }
  }
  return attrs;
}

/** Lowers a struct_specifier/union_specifier; returns a ref to the (possibly new) declaration. */
export function lowerRecordSpecifier(spec: CstNode, ctx: LowerContext, nameHint: string): RefType {
  const kind = spec.type === "union_specifier" ? "union" : "struct";
  const tag = spec.childForFieldName("name")?.text;
  const body = spec.childForFieldName("body");
  const name = tag ?? nameHint;
  const id = `${kind}:${name}`;
  if (!body) {
    if (!ctx.decls.has(id)) {
      const fwd: RecordDecl = { kind, id, name, loc: ctx.loc(spec), complete: false, anonymous: false, fields: [] };
      const doc = ctx.docFor(spec.parent ?? spec);
      if (doc) fwd.doc = doc;
      ctx.define(fwd, spec);
    }
    return { kind: "ref", id };
  }
  const decl: RecordDecl = { kind, id, name, loc: ctx.loc(spec), complete: true, anonymous: tag === undefined, fields: [] };
  const doc = ctx.docFor(spec.parent?.type === "translation_unit" ? spec : (spec.parent ?? spec));
  if (doc) decl.doc = doc;
  const attrs = readRecordAttributes(spec);
  const pack = packAt(ctx.pp, spec.startPosition.row);
  if (attrs.packed || pack === 1) decl.packed = true;
  else if (pack !== undefined && pack > 1) decl.maxFieldAlign = pack;
  if (attrs.aligned?.literal !== undefined) decl.alignAttr = attrs.aligned.literal;
  else if (attrs.aligned?.expr) {
    const expr = attrs.aligned.expr;
    ctx.pending.push({ expr, loc: ctx.loc(attrs.aligned.node), owner: id, apply: (v) => (decl.alignAttr = Number(v)) });
  }
  const previousOwner = ctx.owner;
  ctx.owner = id;
  for (const member of namedChildren(body)) {
    if (member.type !== "field_declaration") continue;
    lowerFieldDeclaration(member, decl, ctx);
  }
  ctx.owner = previousOwner;
  ctx.define(decl, spec);
  return { kind: "ref", id };
}

/** Lowers one field_declaration (possibly several declarators) into fields of `parent`. */
function lowerFieldDeclaration(member: CstNode, parent: RecordDecl, ctx: LowerContext): void {
  const declarators = member.childrenForFieldName("declarator").filter((c): c is CstNode => c !== null && !c.isMissing);
  const first = declaratorName(declarators[0] ?? null);
  const hint = `${parent.name}_${first || `anon${parent.fields.length}`}`;
  const base = lowerSpecifier(member, ctx, hint);
  const bitfield = allChildren(member).find((c) => c.type === "bitfield_clause");
  const doc = ctx.docFor(member);
  if (declarators.length === 0) {
    const typeNode = member.childForFieldName("type");
    const isAnonymousRecord = typeNode?.childForFieldName("body") && !typeNode.childForFieldName("name");
    if (!isAnonymousRecord && !bitfield) return;
    const field: FieldDecl = { name: "", type: base, loc: ctx.loc(member) };
    if (doc) field.doc = doc;
    if (bitfield) setBitWidth(field, bitfield, ctx);
    parent.fields.push(field);
    return;
  }
  for (const d of declarators) {
    const lowered = lowerDeclarator(d, base, ctx);
    const field: FieldDecl = { name: lowered.name, type: lowered.type, loc: ctx.loc(d) };
    if (doc) field.doc = doc;
    if (bitfield) setBitWidth(field, bitfield, ctx);
    parent.fields.push(field);
  }
}

function setBitWidth(field: FieldDecl, clause: CstNode, ctx: LowerContext): void {
  const expr = namedChildren(clause)[0];
  const lit = expr ? parseIntLiteral(expr.text) : undefined;
  if (lit !== undefined) field.bitWidth = Number(lit);
  else if (expr) {
    field.bitWidth = 0;
    ctx.pending.push({ expr: expr.text, loc: ctx.loc(expr), owner: ctx.owner, apply: (v) => (field.bitWidth = Number(v)) });
  }
}
