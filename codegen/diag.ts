// Diagnostics: the one sink every stage (parse, passes, emit, cli) reports into.
// User mistakes become diagnostics; `throw` is kept for broken internal invariants.

import type { SourceLoc } from "./ir/types.js";

/** How bad a diagnostic is: errors stop output, warnings skip an item, notes inform. */
export type Severity = "error" | "warning" | "note";

/** One report, printed gcc-style as `file:line:col: severity[CODE]: message`. */
export interface Diagnostic {
  severity: Severity;
  /** Stable code, documented in docs/errors.md (E#### errors, W#### warnings). */
  code: string;
  message: string;
  loc?: SourceLoc;
  /** Name of the declaration concerned, if any. */
  item?: string;
  /** Extra lines printed after the message. */
  notes?: string[];
}

/** Collects diagnostics in order; `hasErrors` decides whether anything may be written. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];

  report(d: Diagnostic): void {
    this.items.push(d);
  }
  error(code: string, message: string, loc?: SourceLoc, item?: string): void {
    this.report({ severity: "error", code, message, loc, item });
  }
  warning(code: string, message: string, loc?: SourceLoc, item?: string): void {
    this.report({ severity: "warning", code, message, loc, item });
  }
  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === "error");
  }
  get warnings(): Diagnostic[] {
    return this.items.filter((d) => d.severity === "warning");
  }
}

/** Formats one diagnostic in gcc style (no stack, no colours). */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.loc ? `${d.loc.file}:${d.loc.line}:${d.loc.column}: ` : "";
  const lines = [`${where}${d.severity}[${d.code}]: ${d.message}`];
  for (const n of d.notes ?? []) lines.push(`  note: ${n}`);
  return lines.join("\n");
}
