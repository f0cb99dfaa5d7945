// Doc comments → comment text: turns an IR DocComment (and the notes the parser read from it)
// into the lines of a TSDoc / docstring body. Targets wrap the lines in their own comment syntax.
// Pure text; no target syntax except the `@param`/`@returns` tags TSDoc and Sphinx both read.

import type { DocComment, FunctionDecl } from "../../ir/types.js";

/** Tags already rendered from structured IR fields (not repeated as free text). */
const STRUCTURED_TAGS = new Set(["param", "returns", "return", "nullable", "length", "owned", "abi-check", "thread-safety", "errors"]);

/** Summary paragraphs of a doc comment, as lines (empty when there is none). */
export function docSummaryLines(doc: DocComment | undefined): string[] {
  const text = doc?.text.trim() ?? "";
  return text === "" ? [] : text.split("\n").map((l) => l.trimEnd());
}

/** Lines for a declaration other than a function: summary plus any unstructured tags. */
export function declDocLines(doc: DocComment | undefined): string[] {
  const lines = docSummaryLines(doc);
  for (const t of doc?.tags ?? []) {
    if (!STRUCTURED_TAGS.has(t.tag)) lines.push(`@${t.tag}${t.arg ? `[${t.arg}]` : ""} ${t.text}`.trimEnd());
  }
  return lines;
}

/** A function's parameter text from `@param`, else a note from its ownership annotations. */
function paramText(fn: FunctionDecl, name: string): string {
  const p = fn.params.find((q) => q.name === name);
  const parts: string[] = [];
  if (p?.docText) parts.push(p.docText);
  if (p?.nullable) parts.push("May be null.");
  if (p?.freeWith) parts.push(`Owned by the caller; released with \`${p.freeWith}\`.`);
  return parts.join(" ");
}

export interface FunctionDocOptions {
  /** Parameter names as they appear in the generated signature, paired with their C names. */
  params: readonly { name: string; cName: string }[];
  /** Extra lines appended to the `@returns` text (e.g. which out-parameters are returned). */
  returnsNotes?: readonly string[];
  /** Notes appended after the summary (e.g. "the returned string is copied and freed"). */
  notes?: readonly string[];
}

/**
 * Lines of a function's doc: summary, notes, thread safety and errors, `@param name text`
 * for each generated parameter, then `@returns`. Never empty: falls back to the C name.
 */
export function functionDocLines(fn: FunctionDecl, opts: FunctionDocOptions): string[] {
  const lines = docSummaryLines(fn.doc);
  if (lines.length === 0) lines.push(`Calls \`${fn.name}\`.`);
  for (const n of opts.notes ?? []) lines.push(n);
  if (fn.threadSafety) lines.push(`Thread safety: ${fn.threadSafety}`);
  if (fn.errors && fn.errors.length > 0) lines.push(`Errors: ${fn.errors.join(", ")}.`);
  for (const p of opts.params) {
    lines.push(`@param ${p.name} ${paramText(fn, p.cName)}`.trimEnd());
  }
  const returnsTag = fn.doc?.tags.find((t) => t.tag === "returns" || t.tag === "return");
  const returnParts = [returnsTag?.text ?? "", ...(opts.returnsNotes ?? [])].filter((s) => s !== "");
  if (fn.returnFreeWith) returnParts.push(`(Owned result, released with \`${fn.returnFreeWith}\`.)`);
  if (returnParts.length > 0) lines.push(`@returns ${returnParts.join(" ")}`);
  return lines;
}

/** Escapes text so it cannot close a `/* ... *\/` block comment. */
export function escapeBlockComment(line: string): string {
  return line.replace(/\*\//g, "*\\/");
}

/** Wraps lines in a JSDoc/TSDoc block (`/** ... *\/`), or returns [] for no lines. */
export function tsDocBlock(lines: readonly string[]): string[] {
  if (lines.length === 0) return [];
  if (lines.length === 1) return [`/** ${escapeBlockComment(lines[0] ?? "")} */`];
  return ["/**", ...lines.map((l) => (l === "" ? " *" : ` * ${escapeBlockComment(l)}`)), " */"];
}
