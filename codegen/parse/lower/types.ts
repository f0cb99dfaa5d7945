// Lowers C type syntax to IR TypeRefs: the specifier of a declaration (builtins, typedef names,
// struct/union/enum specifiers) and its declarator (pointers, arrays, function types, parentheses).
// Builtin sizes come from the target ABI table; record and enum bodies go to record.ts / enum.ts.

import type { FunctionType, IntType, ParamType, TypeRef } from "../../ir/types.js";
import { builtinFloatSize, builtinIntSize } from "../../ir/abi.js";
import { allChildren, namedChildren, type CstNode } from "../cst.js";
import { parseIntLiteral, type LowerContext } from "./context.js";
import { lowerEnumSpecifier } from "./enum.js";
import { lowerRecordSpecifier } from "./record.js";

/** A declarator resolved against its base type. */
export interface Declared {
  /** Declared name, or "" for an abstract declarator. */
  name: string;
  type: TypeRef;
  /** The function_declarator directly naming a function (`f(...)`), for asm labels and attributes. */
  functionDeclarator?: CstNode;
}

/** Thrown (and caught by the declaration lowerer) when a construct cannot be represented. */
export class UnsupportedConstruct extends Error {
  constructor(
    message: string,
    readonly node: CstNode,
  ) {
    super(message);
  }
}

const INT_WORDS = new Set(["signed", "unsigned", "short", "long", "int", "char", "__int128"]);

/** Whether any type_qualifier child of `node` is `const`. */
export function hasConstQualifier(node: CstNode): boolean {
  return allChildren(node).some((c) => c.type === "type_qualifier" && c.text === "const");
}

function withConst<T extends TypeRef>(t: T, isConst: boolean): T {
  return isConst ? { ...t, const: true } : t;
}

/** An IntType from builtin words (`unsigned long int`); undefined if they do not name an integer. */
export function intFromWords(words: string[], ctx: LowerContext): IntType | undefined {
  const unsigned = words.includes("unsigned");
  const explicitSigned = words.includes("signed");
  const longs = words.filter((w) => w === "long").length;
  let base: string;
  if (words.includes("char")) base = "char";
  else if (words.includes("short")) base = "short";
  else if (words.includes("__int128")) base = "__int128";
  else if (longs >= 2) base = "long long";
  else if (longs === 1) base = "long";
  else base = "int";
  const size = builtinIntSize(base, ctx.abi.info);
  if (size === undefined) return undefined;
  const plainChar = base === "char" && !unsigned && !explicitSigned;
  const signed = plainChar ? ctx.abi.info.charSigned : !unsigned;
  const cName = plainChar ? "char" : `${unsigned ? "unsigned " : base === "char" ? "signed " : ""}${base}`;
  const t: IntType = { kind: "int", cName, size: size as IntType["size"], signed };
  if (plainChar) t.isChar = true;
  return t;
}

/** Lowers a single builtin or typedef-name spelling. */
function lowerNamedType(text: string, ctx: LowerContext): TypeRef {
  if (text === "void") return { kind: "void" };
  if (text === "_Bool" || text === "bool") return { kind: "bool" };
  const f = builtinFloatSize(text);
  if (f !== undefined) return { kind: "float", cName: text, size: f };
  if (INT_WORDS.has(text)) return intFromWords([text], ctx)!;
  return { kind: "ref", id: `typedef:${text}` };
}

/** Lowers the type specifier of a declaration-like node (declaration, field, parameter, typedef). */
export function lowerSpecifier(owner: CstNode, ctx: LowerContext, nameHint: string): TypeRef {
  const spec = owner.childForFieldName("type");
  if (!spec) throw new UnsupportedConstruct("declaration without a type", owner);
  const isConst = hasConstQualifier(owner) || hasConstQualifier(spec);
  switch (spec.type) {
    case "primitive_type":
    case "type_identifier":
      return withConst(lowerNamedType(spec.text, ctx), isConst);
    case "sized_type_specifier": {
      const words = allChildren(spec)
        .filter((c) => c.type !== "type_qualifier")
        .flatMap((c) => c.text.split(/\s+/));
      if (words.includes("double")) return withConst({ kind: "float", cName: "long double", size: 16 }, isConst);
      const inner = spec.childForFieldName("type");
      if (inner && inner.type === "type_identifier") throw new UnsupportedConstruct(`unsupported type '${spec.text}'`, spec);
      const t = intFromWords(words, ctx);
      if (!t) throw new UnsupportedConstruct(`unsupported integer type '${spec.text}'`, spec);
      return withConst(t, isConst);
    }
    case "struct_specifier":
    case "union_specifier":
      return withConst(lowerRecordSpecifier(spec, ctx, nameHint), isConst);
    case "enum_specifier":
      return withConst(lowerEnumSpecifier(spec, ctx, nameHint), isConst);
    default:
      throw new UnsupportedConstruct(`unsupported type specifier '${spec.text.slice(0, 60)}'`, spec);
  }
}

/** Node types that are the declared name (tree-sitter-c parses `typedef X int32_t;`'s name as primitive_type). */
const NAME_NODES = new Set(["identifier", "field_identifier", "type_identifier", "primitive_type"]);

/** The name a declarator declares, without lowering it ("" when abstract). */
export function declaratorName(node: CstNode | null): string {
  if (!node) return "";
  if (NAME_NODES.has(node.type)) return node.text;
  const inner = node.childForFieldName("declarator") ?? namedChildren(node).find((c) => c.type.endsWith("declarator") || c.type.endsWith("identifier"));
  return inner ? declaratorName(inner) : "";
}

/** Applies a declarator to its base type, innermost name last (C's inside-out reading). */
export function lowerDeclarator(node: CstNode | null, base: TypeRef, ctx: LowerContext): Declared {
  if (!node) return { name: "", type: base };
  switch (node.type) {
    case "identifier":
    case "field_identifier":
    case "type_identifier":
    case "primitive_type":
      return { name: node.text, type: base };
    case "pointer_declarator":
    case "abstract_pointer_declarator": {
      const ptr: TypeRef = withConst({ kind: "pointer", pointee: base }, hasConstQualifier(node));
      return lowerDeclarator(node.childForFieldName("declarator"), ptr, ctx);
    }
    case "array_declarator":
    case "abstract_array_declarator": {
      const arr = { kind: "array" as const, element: base, length: null as number | null };
      const size = node.childForFieldName("size");
      if (size) {
        const lit = parseIntLiteral(size.text);
        if (lit !== undefined) arr.length = Number(lit);
        else ctx.pending.push({ expr: size.text, loc: ctx.loc(size), owner: ctx.owner, apply: (v) => (arr.length = Number(v)) });
      }
      return lowerDeclarator(node.childForFieldName("declarator"), arr, ctx);
    }
    case "function_declarator":
    case "abstract_function_declarator": {
      const fn = lowerParameters(node.childForFieldName("parameters"), base, ctx);
      const inner = node.childForFieldName("declarator");
      const result = lowerDeclarator(inner, fn, ctx);
      if (inner && (inner.type === "identifier" || inner.type === "field_identifier")) result.functionDeclarator = node;
      return result;
    }
    case "parenthesized_declarator":
    case "abstract_parenthesized_declarator":
    case "attributed_declarator": {
      const inner = namedChildren(node).find((c) => c.type.endsWith("declarator") || c.type.endsWith("identifier")) ?? null;
      return lowerDeclarator(inner, base, ctx);
    }
    default:
      throw new UnsupportedConstruct(`unsupported declarator '${node.text.slice(0, 60)}'`, node);
  }
}

/** Lowers a parameter_list into a FunctionType returning `returns`. */
export function lowerParameters(list: CstNode | null, returns: TypeRef, ctx: LowerContext): FunctionType {
  const params: ParamType[] = [];
  let variadic = false;
  for (const p of list ? namedChildren(list) : []) {
    if (p.type === "variadic_parameter") {
      variadic = true;
      continue;
    }
    if (p.type !== "parameter_declaration") continue;
    const base = lowerSpecifier(p, ctx, "param");
    const declarator = p.childForFieldName("declarator");
    if (!declarator && base.kind === "void") {
      const listed = namedChildren(list as CstNode).filter((c) => c.type === "parameter_declaration" || c.type === "variadic_parameter");
      if (listed.length > 1) throw new UnsupportedConstruct("'void' must be the only parameter", p);
      continue;
    }
    const d = lowerDeclarator(declarator, base, ctx);
    if (d.type.kind === "void") throw new UnsupportedConstruct(`parameter '${d.name || "(unnamed)"}' has type void`, p);
    params.push({ name: d.name, type: decayParameter(d.type) });
  }
  return { kind: "function", returns, params, variadic };
}

/** Arrays and functions as parameters become pointers (C 6.7.6.3). */
export function decayParameter(t: TypeRef): TypeRef {
  if (t.kind === "array") return withConst({ kind: "pointer", pointee: t.element }, t.const === true);
  if (t.kind === "function") return { kind: "pointer", pointee: t };
  return t;
}
