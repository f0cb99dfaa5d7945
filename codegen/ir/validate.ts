// Validates IR: against ir/schema.json with ajv, then the invariants the schema cannot say:
// unique ids, ids matching `<kind>:<name>` prefixes, no dangling refs, field offsets within size.
// Returns the problems as strings (empty when valid); callers turn them into diagnostics. ajv is
// loaded and the schema compiled on first use only (~0.15 s), so runs that skip it never pay.

import fs from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { ValidateFunction } from "ajv";
import type { Decl, IrModule } from "./types.js";
import { declRefs } from "./walk.js";

let compiled: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (!compiled) {
    // Relative to any codegen/<dir>/, so it also holds in the CLI's bundle (codegen/cli/main.js).
    const schema = JSON.parse(fs.readFileSync(fileURLToPath(new URL("../ir/schema.json", import.meta.url)), "utf8")) as object;
    const { Ajv } = createRequire(import.meta.url)("ajv") as typeof import("ajv");
    compiled = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return compiled;
}

/** All problems of `value` as IR (schema errors first, then invariant violations). */
export function validateIr(value: unknown): string[] {
  const validate = schemaValidator();
  if (!validate(value)) {
    return (validate.errors ?? []).slice(0, 20).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
  }
  return irInvariantProblems(value as IrModule);
}

/** The invariants alone, for IR already typed as IrModule (cheap: no schema). */
export function irInvariantProblems(ir: IrModule): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const d of ir.decls) {
    if (ids.has(d.id)) problems.push(`duplicate id ${d.id}`);
    ids.add(d.id);
    const prefix = d.kind === "union" ? "union:" : `${d.kind}:`;
    if (!d.id.startsWith(prefix)) problems.push(`id ${d.id} does not start with ${prefix}`);
  }
  for (const d of ir.decls) {
    for (const ref of declRefs(d)) if (!ids.has(ref.id)) problems.push(`${d.id} refers to unknown ${ref.id}`);
    problems.push(...layoutProblems(d));
  }
  return problems;
}

function layoutProblems(d: Decl): string[] {
  if ((d.kind !== "struct" && d.kind !== "union") || !d.layout) return [];
  const problems: string[] = [];
  for (const f of d.fields) {
    if (f.offset !== undefined && f.offset > d.layout.size) problems.push(`${d.id}.${f.name}: offset ${f.offset} beyond size ${d.layout.size}`);
    if (f.bitOffset !== undefined && f.bitWidth !== undefined && f.bitOffset + f.bitWidth > d.layout.size * 8) {
      problems.push(`${d.id}.${f.name}: bits ${f.bitOffset}+${f.bitWidth} beyond size ${d.layout.size}`);
    }
  }
  if (d.layout.align < 1 || (d.layout.align & (d.layout.align - 1)) !== 0) problems.push(`${d.id}: alignment ${d.layout.align} is not a power of two`);
  return problems;
}
