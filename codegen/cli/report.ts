// Prints diagnostics for humans (gcc style with the source line and a caret) or as JSON, and
// the one-line summary of a run. Pure string building; the caller writes to stderr.

import fs from "node:fs";
import { formatDiagnostic, type Diagnostic } from "../diag.js";
import type { IrModule } from "../ir/types.js";

/** gcc-style text: `file:line:col: severity[CODE]: message`, then the source line and a caret. */
export function formatDiagnosticsText(items: Diagnostic[]): string {
  const cache = new Map<string, string[] | null>();
  const sourceLine = (file: string, line: number): string | undefined => {
    if (!cache.has(file)) {
      try {
        cache.set(file, fs.readFileSync(file, "utf8").split("\n"));
      } catch {
        cache.set(file, null);
      }
    }
    return cache.get(file)?.[line - 1];
  };
  return items
    .map((d) => {
      const text = formatDiagnostic(d);
      const src = d.loc ? sourceLine(d.loc.file, d.loc.line) : undefined;
      if (src === undefined || !d.loc) return text;
      const caretPad = src.slice(0, Math.max(0, d.loc.column - 1)).replace(/[^\t]/g, " ");
      return `${text}\n ${src}\n ${caretPad}^`;
    })
    .map((t) => `${t}\n`)
    .join("");
}

/** One JSON document: `{ "diagnostics": [...] }`. */
export function formatDiagnosticsJson(items: Diagnostic[]): string {
  return `${JSON.stringify({ diagnostics: items }, null, 2)}\n`;
}

/** `omendb-bindgen: 12 functions, 5 structs, 3 enums, 8 constants, 2 skipped (warnings) → 7 files in 143 ms`. */
export function summaryLine(ir: IrModule, warnings: number, files: number, ms: number, verb = "files"): string {
  const own = ir.decls.filter((d) => !d.system);
  const count = (kinds: string[]) => own.filter((d) => kinds.includes(d.kind)).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const parts = [
    plural(count(["function"]), "function"),
    plural(count(["struct", "union"]), "struct"),
    plural(count(["enum"]), "enum"),
    plural(count(["const"]), "constant"),
    `${warnings} skipped (warnings)`,
  ];
  return `omendb-bindgen: ${parts.join(", ")} → ${files} ${files === 1 ? verb.replace(/s$/, "") : verb} in ${Math.round(ms)} ms\n`;
}
