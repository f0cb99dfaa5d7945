// Fills every compiler-evaluated value in one probe run: integer expressions of kept
// declarations (array sizes, bit widths, aligned(N), enumerators, enum sizes) and object-like
// macros of library files, which become ConstDecls. Failures: E0303 for needed integers,
// W0301/W0302 for macros (skipped), W0303 for macros whose value does not fit in 64 bits
// (skipped). Also settles anonymous enums' underlying type (gcc's rule).

import type { ConstDecl, EnumDecl, IntType, IrModule } from "../types.js";
import { matchesPrefix, type Evaluation, type IntRequest, type PassContext } from "./context.js";

export function evaluateConstants(ir: IrModule, ctx: PassContext): IrModule {
  const kept = new Set(ir.decls.map((d) => d.id));
  const requests = ctx.intRequests.filter((r) => kept.has(r.owner));
  const macros = ctx.macros.filter((m) => matchesPrefix(m.name, ctx.prefixes) && !kept.has(`const:${m.name}`));
  const result = ctx.evaluate(
    requests.map((r) => r.expr),
    macros.map((m) => m.name),
  );
  if (result.fatal) {
    const located = result.headerErrors ?? [];
    for (const e of located) ctx.diag.error("E0004", `the header does not compile: ${e.message}`, { file: e.file, line: e.line, column: e.column });
    if (located.length === 0) ctx.diag.error("E0004", `the constants probe failed: ${result.fatal}`);
    return ir;
  }
  const truncatedBy = truncationsByRequest(requests, result.truncatedInHeaders);
  requests.forEach((r, i) => {
    const v = result.ints.get(i);
    const truncated = truncatedBy.get(i);
    if (v !== undefined && truncated) {
      const why = `its value does not fit in 64 bits (the compiler warns: ${truncated.message.replace(/ \[-W[\w=-]+\]$/, "")})`;
      ctx.diag.error("E0303", `cannot evaluate '${r.expr}': ${why}`, { file: truncated.file, line: truncated.line, column: truncated.column }, r.owner);
    } else if (v !== undefined) r.apply(v);
    else ctx.diag.error("E0303", `cannot evaluate '${r.expr}': ${result.failedInts.get(i) ?? "no value"}`, r.loc, r.owner);
  });
  const consts: ConstDecl[] = [];
  macros.forEach((m, i) => {
    const v = result.macros.get(i);
    const base = { kind: "const" as const, id: `const:${m.name}`, name: m.name, loc: m.loc, expr: m.body };
    const unrepresentable = result.unrepresentableMacros.get(i);
    if (unrepresentable !== undefined) {
      ctx.diag.warning("W0303", `macro '${m.name}' skipped: '${m.body}' does not fit in 64 bits (${unrepresentable})`, m.loc, m.name);
    } else if (!v) {
      ctx.diag.warning("W0301", `macro '${m.name}' skipped: the compiler cannot evaluate '${m.body}' as a value (${result.failedMacros.get(i) ?? "no value"})`, m.loc, m.name);
    } else if (v.kind === "unsupported") {
      ctx.diag.warning("W0302", `macro '${m.name}' skipped: ${v.reason}`, m.loc, m.name);
    } else if (v.kind === "int") {
      consts.push({ ...base, value: { kind: "int", value: v.value.toString(), size: v.size, signed: v.signed } });
    } else {
      consts.push({ ...base, value: v });
    }
  });
  const decls = ir.decls.map((d) => (d.kind === "enum" ? settleEnum(d) : d));
  return { ...ir, decls: [...decls, ...consts] };
}

/**
 * Request index → the truncation warning inside it: the request starting last on the warning's
 * line before its column (enumerators are evaluated by name, so gcc blames the header).
 */
function truncationsByRequest(requests: IntRequest[], warnings: Evaluation["truncatedInHeaders"]): Map<number, Evaluation["truncatedInHeaders"][number]> {
  const found = new Map<number, Evaluation["truncatedInHeaders"][number]>();
  for (const w of warnings) {
    let best = -1;
    requests.forEach((r, i) => {
      if (r.loc.file !== w.file || r.loc.line !== w.line || r.loc.column > w.column) return;
      if (best < 0 || r.loc.column > requests[best].loc.column) best = i;
    });
    if (best >= 0 && !found.has(best)) found.set(best, w);
  }
  return found;
}

/** Sets the underlying type's spelling; anonymous enums follow gcc: unsigned int if no value is negative, else int, widened to 64 bits when needed. */
function settleEnum(e: EnumDecl): EnumDecl {
  let underlying: IntType = e.underlying;
  if (e.anonymous || e.constants.length === 0) {
    const values = e.constants.map((c) => BigInt(c.value));
    const negative = values.some((v) => v < 0n);
    const wide = negative ? values.some((v) => v < -(2n ** 31n) || v >= 2n ** 31n) : values.some((v) => v >= 2n ** 32n);
    underlying = { kind: "int", cName: "", size: wide ? 8 : 4, signed: negative };
  }
  const cName = `${underlying.signed ? "" : "unsigned "}${underlying.size === 8 ? "long" : underlying.size === 2 ? "short" : underlying.size === 1 ? "char" : "int"}`;
  return { ...e, underlying: { ...underlying, cName: underlying.size === 1 && underlying.signed ? "signed char" : cName } };
}
