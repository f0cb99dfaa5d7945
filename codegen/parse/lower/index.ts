// Walks the top level of the translation unit and dispatches each declaration to its lowerer
// (typedef, function, var, record, enum). A declaration with a syntax error or an unsupported
// construct is recorded as broken under the ids it would have declared; the caller decides
// whether that matters (an error if the kept set needs it, ignored otherwise).

import { errorAnchor, firstSyntaxError, namedChildren, type CstNode, type CstTree } from "../cst.js";
import type { LowerContext } from "./context.js";
import { lowerEnumSpecifier } from "./enum.js";
import { lowerFunction, storageClasses } from "./function.js";
import { lowerRecordSpecifier } from "./record.js";
import { lowerTypedef } from "./typedef.js";
import { declaratorName, lowerDeclarator, lowerSpecifier, UnsupportedConstruct } from "./types.js";
import { lowerVar } from "./var.js";

/** A top-level declaration that could not be lowered. */
export interface SkippedDecl {
  /** Names it declares (best effort), for matching against what the kept set needs. */
  names: string[];
  node: CstNode;
  reason: string;
  /** Position of the problem (ERROR node or unsupported construct). */
  problem: CstNode;
}

/** Lowers every top-level declaration into ctx.decls; returns what had to be skipped. */
export function lowerTranslationUnit(tree: CstTree, ctx: LowerContext): SkippedDecl[] {
  const skipped: SkippedDecl[] = [];
  for (const node of namedChildren(tree.rootNode)) {
    const found = firstSyntaxError(node);
    if (found) {
      const error = errorAnchor(found);
      const what = error.isMissing ? `missing '${error.type}'` : `unexpected '${error.text.split("\n")[0].slice(0, 40)}'`;
      skipped.push({ names: declaredNames(node), node, reason: `syntax error: ${what}`, problem: error });
      continue;
    }
    try {
      lowerTopLevel(node, ctx);
    } catch (e) {
      if (!(e instanceof UnsupportedConstruct)) throw e;
      skipped.push({ names: declaredNames(node), node, reason: e.message, problem: e.node });
    } finally {
      ctx.owner = "";
    }
  }
  return skipped;
}

function lowerTopLevel(node: CstNode, ctx: LowerContext): void {
  switch (node.type) {
    case "type_definition":
      lowerTypedef(node, ctx);
      return;
    case "declaration":
    case "function_definition":
      lowerDeclaration(node, ctx);
      return;
    case "struct_specifier":
    case "union_specifier":
      lowerRecordSpecifier(node, ctx, `anon_${node.startPosition.row}`);
      return;
    case "enum_specifier":
      lowerEnumSpecifier(node, ctx, "");
      return;
    default:
      return;
  }
}

function lowerDeclaration(node: CstNode, ctx: LowerContext): void {
  const declarators = node.childrenForFieldName("declarator").filter((c): c is CstNode => c !== null);
  const first = declaratorName(declarators[0] ?? null);
  ctx.owner = first ? `function:${first}` : "";
  const base = lowerSpecifier(node, ctx, first);
  const isDefinition = node.type === "function_definition";
  for (const raw of declarators) {
    const d = raw.type === "init_declarator" ? raw.childForFieldName("declarator") : raw;
    if (!d) continue;
    const declared = lowerDeclarator(d, base, ctx);
    if (declared.type.kind === "function") {
      ctx.owner = `function:${declared.name}`;
      lowerFunction(node, declared, ctx, isDefinition);
    } else if (!storageClasses(node).has("static") && declared.name) {
      ctx.owner = `var:${declared.name}`;
      lowerVar(node, declared, ctx);
    }
  }
}

/** Best-effort names a (possibly broken) top-level node declares: identifiers of declarators and tags. */
function declaredNames(node: CstNode): string[] {
  const names = new Set<string>();
  for (const d of node.childrenForFieldName("declarator")) {
    const n = d ? declaratorName(d) : "";
    if (n) names.add(n);
  }
  const type = node.childForFieldName("type") ?? node;
  const tag = type.childForFieldName("name")?.text;
  if (tag) names.add(tag);
  return [...names];
}
