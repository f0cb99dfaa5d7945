// Probe section for values: prints every enumerator and every evaluated macro as the compiler
// sees them (`"enums": {...}`, `"consts": {...}`), integers as decimal strings so 64-bit
// values survive JSON, floats with 17 significant digits, strings JSON-escaped at run time.

import type { ConstDecl, EnumDecl } from "../../ir/types.js";
import type { DeclIndex } from "../common/cdecl.js";
import type { CodeWriter } from "../common/writer.js";

function intPrint(expr: string, signed: boolean): string {
  return signed ? `printf("\\"%lld\\"", (long long)(${expr}));` : `printf("\\"%llu\\"", (unsigned long long)(${expr}));`;
}

/** Writes the statements printing the `"enums": {...}` member (one entry per enumerator). */
export function emitEnumProbes(w: CodeWriter, index: DeclIndex): void {
  const enums = index.ir.decls.filter((d): d is EnumDecl => d.kind === "enum");
  const all = enums.flatMap((e) => e.constants.map((c) => ({ name: c.name, signed: e.underlying.signed })));
  w.line('fputs("\\"enums\\": {", stdout);');
  all.forEach((c, i) => {
    w.line(`fputs("\\"${c.name}\\": ", stdout);`);
    w.line(intPrint(c.name, c.signed));
    if (i + 1 < all.length) w.line('fputs(", ", stdout);');
  });
  w.line('fputs("}", stdout);');
}

/** Macros whose value depends on where they are expanded (`__FILE__`, `__LINE__`, …): not probed. */
export function locationDependent(c: ConstDecl): boolean {
  return /\b__(FILE|LINE|DATE|TIME|COUNTER|BASE_FILE|FILE_NAME)__\b/.test(c.expr);
}

/** Macros the probe prints. */
export function probedConsts(index: DeclIndex): ConstDecl[] {
  return index.ir.decls.filter((d): d is ConstDecl => d.kind === "const" && !locationDependent(d));
}

/** Writes the statements printing the `"consts": {...}` member (one entry per macro). */
export function emitConstProbes(w: CodeWriter, index: DeclIndex): void {
  const consts = probedConsts(index);
  w.line('fputs("\\"consts\\": {", stdout);');
  consts.forEach((c, i) => {
    w.line(`fputs("\\"${c.name}\\": ", stdout);`);
    if (c.value.kind === "int") w.line(intPrint(c.name, c.value.signed));
    else if (c.value.kind === "float") w.line(`probe_print_double((double)(${c.name}));`);
    else w.line(`probe_print_string(${c.name});`);
    if (i + 1 < consts.length) w.line('fputs(", ", stdout);');
  });
  w.line('fputs("}", stdout);');
}

/** Which run-time helpers the value section needs. */
export function valueHelpersNeeded(index: DeclIndex): { double: boolean; string: boolean } {
  const consts = probedConsts(index);
  return { double: consts.some((c) => c.value.kind === "float"), string: consts.some((c) => c.value.kind === "string") };
}
