// Probe section for records: for every complete struct/union reachable by a C type expression,
// prints sizeof, _Alignof, the offsetof of each named field (walking into anonymous members)
// and each named bit-field's bit offset, found at run time by setting it to all ones.

import type { FieldDecl, RecordDecl } from "../../ir/types.js";
import { type DeclIndex, cStringLiteral, defaultRefSpeller, renderDecl } from "../common/cdecl.js";
import type { CodeWriter } from "../common/writer.js";

/** A named field as C reaches it from the record (anonymous members flattened). */
export interface ProbedField {
  /** Member designator valid in `offsetof` and `.` access. */
  path: string;
  field: FieldDecl;
  /** Offset of the enclosing anonymous member chain, from the IR (0 at top level). */
  baseOffset: number;
}

/** Named fields of `rec`, descending into anonymous struct/union members like C does. */
export function probedFields(rec: RecordDecl, index: DeclIndex, baseOffset = 0): ProbedField[] {
  const out: ProbedField[] = [];
  for (const f of rec.fields) {
    if (f.name === "") {
      const inner = f.type.kind === "ref" ? index.record(f.type.id) : undefined;
      if (inner && f.bitWidth === undefined) out.push(...probedFields(inner, index, baseOffset + (f.offset ?? 0)));
      continue;
    }
    out.push({ path: f.name, field: f, baseOffset });
  }
  return out;
}

/** True for records that exist only as anonymous members of another record (no C name reaches them). */
function isAnonymousMember(rec: RecordDecl, index: DeclIndex): boolean {
  if (!rec.anonymous) return false;
  return index.ir.decls.some(
    (d) => (d.kind === "struct" || d.kind === "union") && d.fields.some((f) => f.name === "" && f.type.kind === "ref" && f.type.id === rec.id),
  );
}

/** A C type name for the record, or undefined when C cannot name it. */
export function recordTypeExpr(rec: RecordDecl, index: DeclIndex, depth = 0): string | undefined {
  if (!rec.anonymous) return `${rec.kind} ${rec.name}`;
  const td = index.typedefFor(rec.id);
  if (td) return td.name;
  if (depth > 16 || isAnonymousMember(rec, index)) return undefined;
  for (const d of index.ir.decls) {
    if (d.kind !== "struct" && d.kind !== "union") continue;
    const holder = d.fields.find((f) => f.name !== "" && f.type.kind === "ref" && f.type.id === rec.id);
    if (!holder) continue;
    const parent = recordTypeExpr(d, index, depth + 1);
    if (parent) return `__typeof__(((${parent} *)0)->${holder.name})`;
  }
  return undefined;
}

/** The value that sets every bit of a bit-field of this type and width. */
function allOnes(field: FieldDecl, index: DeclIndex): string {
  const t = index.resolve(field.type);
  if (t.kind === "bool") return "1";
  let signed = false;
  if (t.kind === "int") signed = t.signed;
  if (t.kind === "ref") signed = index.enumDecl(t.id)?.underlying.signed ?? false;
  if (signed) return "-1";
  // A 64-bit shift of a 64-bit constant is undefined (and -Werror rejects it): spell that mask directly.
  return field.bitWidth !== undefined && field.bitWidth >= 64 ? "~0ULL" : `(1ULL << ${field.bitWidth}) - 1`;
}

/** Types the compiler provides without a declaration (e.g. `va_list`'s tag): sizeof of them does not compile. */
const COMPILER_BUILTIN_RECORDS = new Set(["__va_list_tag"]);

/** Records the probe reports, in IR order. */
export function probedRecords(index: DeclIndex): { rec: RecordDecl; typeExpr: string }[] {
  const out: { rec: RecordDecl; typeExpr: string }[] = [];
  for (const d of index.ir.decls) {
    if ((d.kind !== "struct" && d.kind !== "union") || !d.complete || COMPILER_BUILTIN_RECORDS.has(d.name)) continue;
    const typeExpr = recordTypeExpr(d, index);
    if (typeExpr) out.push({ rec: d, typeExpr });
  }
  return out;
}

/** Writes the statements printing the `"records": {...}` member. */
export function emitRecordProbes(w: CodeWriter, index: DeclIndex): void {
  const records = probedRecords(index);
  w.line('fputs("\\"records\\": {", stdout);');
  records.forEach(({ rec, typeExpr }, i) => {
    const key = cStringLiteral(`${JSON.stringify(rec.id)}: `);
    w.line(`fputs(${key}, stdout);`);
    w.line(`printf("{\\"size\\": %zu, \\"align\\": %zu, \\"fields\\": {", sizeof(${typeExpr}), (size_t)_Alignof(${typeExpr}));`);
    const fields = probedFields(rec, index);
    const plain = fields.filter((f) => f.field.bitWidth === undefined);
    const bits = fields.filter((f) => f.field.bitWidth !== undefined);
    plain.forEach((f, j) => {
      const sep = j + 1 < plain.length ? ", " : "";
      w.line(`printf("\\"${f.path}\\": %zu${sep}", offsetof(${typeExpr}, ${f.path}));`);
    });
    w.line('fputs("}, \\"bitfields\\": {", stdout);');
    bits.forEach((f, j) => {
      const obj = `probe_${rec.name.replace(/\W/g, "_")}_${f.path}`;
      w.block("{", "}", () => {
        w.line(`${renderDecl({ kind: "ref", id: rec.id }, obj, anonymousAware(index, rec, typeExpr))};`);
        w.line(`memset(&${obj}, 0, sizeof ${obj});`);
        w.line(`${obj}.${f.path} = ${allOnes(f.field, index)};`);
        w.line(`fputs("\\"${f.path}\\": ", stdout);`);
        w.line(`probe_print_bits((const unsigned char *)&${obj}, sizeof ${obj});`);
        if (j + 1 < bits.length) w.line('fputs(", ", stdout);');
      });
    });
    w.line(`fputs("}}${i + 1 < records.length ? ", " : ""}", stdout);`);
  });
  w.line('fputs("}", stdout);');
}

function anonymousAware(index: DeclIndex, rec: RecordDecl, typeExpr: string) {
  const base = defaultRefSpeller(index);
  return (id: string) => (id === rec.id ? typeExpr : base(id));
}
