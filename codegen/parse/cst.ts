// tree-sitter-c through web-tree-sitter: loads the grammar's wasm once per process and
// parses preprocessed C text into a concrete syntax tree. Nothing here knows the IR.

import { createRequire } from "node:module";
import { Language, Parser, type Node, type Tree } from "web-tree-sitter";

export type { Node as CstNode, Tree as CstTree };

let parserPromise: Promise<Parser> | undefined;

async function loadParser(): Promise<Parser> {
  const require = createRequire(import.meta.url);
  await Parser.init();
  const wasm = require.resolve("tree-sitter-c/tree-sitter-c.wasm");
  const language = await Language.load(wasm);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** Parses C text; the grammar is loaded on the first call and reused. */
export async function parseC(text: string): Promise<Tree> {
  parserPromise ??= loadParser();
  const parser = await parserPromise;
  const tree = parser.parse(text);
  if (!tree) throw new Error("tree-sitter returned no tree");
  return tree;
}

/** Named children of a node (non-null). */
export function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null);
}

/** All children of a node (non-null). */
export function allChildren(node: Node): Node[] {
  return node.children.filter((c): c is Node => c !== null);
}

/** tree-sitter-c has no rule for `int : 3;` and reports a MISSING field name: that is valid C (an unnamed bit-field). */
export function isUnnamedBitfieldName(node: Node): boolean {
  const parent = node.parent;
  return node.isMissing && node.type === "field_identifier" && parent?.type === "field_declaration" && parent.children.some((c) => c?.type === "bitfield_clause");
}

/** The first ERROR or MISSING node under `node`, if any (unnamed bit-fields excepted). */
export function firstSyntaxError(node: Node): Node | undefined {
  if (!node.hasError) return undefined;
  if (node.isMissing && isUnnamedBitfieldName(node)) return undefined;
  if (node.isError || node.isMissing) return node;
  for (const c of allChildren(node)) {
    const e = firstSyntaxError(c);
    if (e) return e;
  }
  return node.isError ? node : undefined;
}

/**
 * The token a syntax error should be reported at: the first leaf of an ERROR node that spans
 * text (an ERROR may start with zero-width MISSING leaves or blank rows, e.g. at row 0, which
 * is a preprocessor line marker); a MISSING node stays where the token was expected.
 */
export function errorAnchor(node: Node): Node {
  if (node.isMissing) return node;
  const stack: Node[] = [node];
  while (stack.length) {
    const cur = stack.pop() as Node;
    if (cur.childCount === 0 && cur.endIndex > cur.startIndex && cur.text.trim() !== "") return cur;
    stack.push(...allChildren(cur).reverse());
  }
  return node;
}
