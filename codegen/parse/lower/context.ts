// Shared state of one lowering run: the declaration pool keyed by id, where each declaration
// came from, integer expressions left for the compiler probe, and small helpers to turn CST
// positions into original source locations.

import type { DiagnosticSink } from "../../diag.js";
import type { AbiTable } from "../../ir/abi.js";
import type { Decl, DeclId, DocComment, SourceLoc } from "../../ir/types.js";
import type { CstNode } from "../cst.js";
import { DocReader } from "../doc-comments.js";
import { originOf, type Preprocessed } from "../preprocess.js";

/** Where a declaration came from in the preprocessed text. */
export interface DeclOrigin {
  /** 0-based row in the preprocessed text. */
  row: number;
  /** Original file as the preprocessor printed it. */
  file: string;
  system: boolean;
}

/** An integer constant expression the compiler must evaluate (array size, bit width, aligned(N), enumerator). */
export interface PendingInt {
  expr: string;
  loc: SourceLoc;
  /** Declaration the value belongs to (for diagnostics and for dropping it on failure). */
  owner: DeclId;
  apply(value: bigint): void;
}

/** A symbol name given with `__asm__("name")`, differing from the C name. */
export type AsmNames = Map<string, string>;

/** Mutable state of one lowering run. */
export class LowerContext {
  readonly decls = new Map<DeclId, Decl>();
  readonly origins = new Map<DeclId, DeclOrigin>();
  readonly pending: PendingInt[] = [];
  readonly asmNames: AsmNames = new Map();
  /** Ids whose declaration could not be lowered (syntax error), with the position of the problem. */
  readonly broken = new Map<DeclId, SourceLoc>();
  /** Id of the top-level declaration being lowered (owner of new pending expressions). */
  owner: DeclId = "";

  constructor(
    readonly pp: Preprocessed,
    readonly abi: AbiTable,
    readonly diag: DiagnosticSink,
    readonly docs: DocReader = new DocReader(),
  ) {}

  /** The doc comment above (or trailing) a node, read from the original file. */
  docFor(node: CstNode): DocComment | undefined {
    const start = this.pp.rows[node.startPosition.row];
    const end = this.pp.rows[node.endPosition.row];
    if (!start || start.file.startsWith("<")) return undefined;
    const endLine = end && end.file === start.file ? end.line : start.line;
    return this.docs.docFor(start.file, start.line, endLine);
  }

  /** Original location of a node's start. */
  loc(node: CstNode): SourceLoc {
    return originOf(this.pp, node.startPosition.row, node.startPosition.column);
  }

  origin(node: CstNode): DeclOrigin {
    const r = this.pp.rows[node.startPosition.row];
    return { row: node.startPosition.row, file: r?.file ?? "", system: r?.system ?? false };
  }

  /** Adds a declaration; a complete definition replaces an earlier forward declaration, never the reverse. */
  define(decl: Decl, node: CstNode): void {
    const prev = this.decls.get(decl.id);
    if (prev && (prev.kind === "struct" || prev.kind === "union") && prev.complete) {
      if (decl.kind === prev.kind && !decl.complete) return;
    }
    if (prev && prev.kind === "function" && decl.kind === "function" && prev.doc && !decl.doc) decl.doc = prev.doc;
    this.decls.set(decl.id, decl);
    this.origins.set(decl.id, this.origin(node));
  }
}

/** Parses a C integer literal (decimal, hex, octal, binary, with u/l suffixes); undefined if not a plain literal. */
export function parseIntLiteral(text: string): bigint | undefined {
  const t = text.trim();
  const m = /^(-)?\s*(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)(?:[uU]?(?:ll|LL|l|L)?|(?:ll|LL|l|L)[uU])$/.exec(t);
  if (!m) return undefined;
  const digits = m[2];
  let v: bigint;
  if (/^0[0-7]+$/.test(digits)) v = BigInt("0o" + digits.slice(1));
  else v = BigInt(digits);
  return m[1] ? -v : v;
}
