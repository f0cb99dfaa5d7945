// The cffi `cdef` text: declarations rendered with the C declarator model (common/cdecl.ts):
// typedefs (system integer typedefs as `int...`), records (anonymous ones inlined where C
// declares them, `...;` where packing or alignment make the compiler the authority), enums,
// functions (inline and variadic included: API mode compiles real C calls) and variables.

import type { DiagnosticSink } from "../../diag.js";
import type { RecordDecl, TypeRef } from "../../ir/types.js";
import { type DeclIndex, defaultRefSpeller, renderDecl, renderPrototype, type RefSpeller } from "../common/cdecl.js";
import { dependencyOrder, dependents } from "../common/c-order.js";
import { CodeWriter } from "../common/writer.js";

/** Compiler-builtin va_list machinery: cffi cannot declare it, so users of it are left out. */
const VA_LIST_NAMES = new Set(["__va_list_tag", "__builtin_va_list", "__gnuc_va_list", "va_list"]);

/** Type names cffi already knows (cffi.commontypes + primitive types); never redeclared. */
const CFFI_KNOWN = new Set([
  "FILE", "_Bool", "bool", "char", "char16_t", "char32_t", "double", "float", "int", "int16_t", "int32_t", "int64_t",
  "int8_t", "int_fast16_t", "int_fast32_t", "int_fast64_t", "int_fast8_t", "int_least16_t", "int_least32_t",
  "int_least64_t", "int_least8_t", "intmax_t", "intptr_t", "long", "ptrdiff_t", "short", "size_t", "ssize_t",
  "uint16_t", "uint32_t", "uint64_t", "uint8_t", "uint_fast16_t", "uint_fast32_t", "uint_fast64_t", "uint_fast8_t",
  "uint_least16_t", "uint_least32_t", "uint_least64_t", "uint_least8_t", "uintmax_t", "uintptr_t", "wchar_t",
]);

/** Ids of anonymous records, rendered inline where they are used rather than on their own. */
function inlineRecords(index: DeclIndex): Set<string> {
  return new Set(index.ir.decls.filter((d) => (d.kind === "struct" || d.kind === "union") && d.anonymous).map((d) => d.id));
}

/** Spells refs, inlining anonymous record bodies (`struct { ... }`). */
function speller(index: DeclIndex, inline: Set<string>): RefSpeller {
  const base = defaultRefSpeller(index);
  const spell: RefSpeller = (id) => {
    const td = index.typedefFor(id);
    if (inline.has(id) && !td) {
      const rec = index.record(id) as RecordDecl;
      return `${rec.kind} { ${recordBody(rec, index, spell).join(" ")} }`;
    }
    return base(id);
  };
  return spell;
}

function recordBody(rec: RecordDecl, index: DeclIndex, spell: RefSpeller): string[] {
  const lines = rec.fields.map((f) => {
    const decl = renderDecl(f.type, f.name, spell);
    return f.bitWidth !== undefined ? `${decl} : ${f.bitWidth};` : `${decl};`;
  });
  if (rec.packed || rec.alignAttr || rec.maxFieldAlign) lines.push("...;");
  return lines;
}

/** True for a typedef of an integer type in a system header: declared `typedef int... name;`. */
function systemIntTypedef(t: TypeRef, index: DeclIndex): boolean {
  const r = index.resolve(t);
  return r.kind === "int" || (r.kind === "ref" && index.enumDecl(r.id) !== undefined);
}

/** Renders the whole cdef; items cffi cannot declare are reported (W0510) and left out. */
export function renderCdef(index: DeclIndex, diag: DiagnosticSink): string {
  const inline = inlineRecords(index);
  const spell = speller(index, inline);
  const w = new CodeWriter("    ");
  const vaRoots = new Set(index.ir.decls.filter((d) => VA_LIST_NAMES.has(d.name) && d.kind !== "function").map((d) => d.id));
  const vaUsers = dependents(index, vaRoots);
  for (const d of dependencyOrder(index)) {
    if (vaUsers.has(d.id)) {
      if (d.kind === "function") diag.warning("W0510", `function ${d.name} left out of the cffi cdef: it takes a va_list, which cffi cannot declare`, d.loc, d.name);
      continue;
    }
    switch (d.kind) {
      case "typedef": {
        if (CFFI_KNOWN.has(d.name)) break;
        if (d.system && systemIntTypedef(d.type, index)) {
          w.line(`typedef int... ${d.name};`);
          break;
        }
        const anonEnum = d.type.kind === "ref" ? index.enumDecl(d.type.id) : undefined;
        if (anonEnum?.anonymous && index.typedefFor(anonEnum.id) === d) {
          w.line(`typedef enum { ${anonEnum.constants.map((c) => `${c.name} = ${c.value}`).join(", ")} } ${d.name};`);
          break;
        }
        if (d.type.kind === "ref" && inline.has(d.type.id) && index.typedefFor(d.type.id) === d) {
          const rec = index.record(d.type.id) as RecordDecl;
          w.line(`typedef ${rec.kind} { ${recordBody(rec, index, spell).join(" ")} } ${d.name};`);
          break;
        }
        if (d.type.kind === "ref" && d.type.id.startsWith("typedef:") && index.get(d.type.id)?.name === d.name) break;
        if (index.resolve(d.type).kind === "int" && d.type.kind === "int" && d.type.size === 16) {
          diag.warning("W0510", `typedef ${d.name} skipped: cffi has no 128-bit integer type`, d.loc, d.name);
          break;
        }
        w.line(`typedef ${renderDecl(d.type, d.name, spell)};`);
        break;
      }
      case "struct":
      case "union":
        if (inline.has(d.id)) break;
        if (!d.complete) {
          w.line(`${d.kind} ${d.name};`);
          break;
        }
        w.block(`${d.kind} ${d.name} {`, "};", () => {
          for (const l of recordBody(d, index, spell)) w.line(l);
        });
        break;
      case "enum": {
        if (d.anonymous && index.typedefFor(d.id)) break;
        const body = d.constants.map((c) => `${c.name} = ${c.value}`).join(", ");
        w.line(`enum${d.anonymous ? "" : ` ${d.name}`} { ${body} };`);
        break;
      }
      case "function":
        w.line(`${renderPrototype(d.name, d.returns, d.params, d.variadic, spell)};`);
        break;
      case "var":
        w.line(`${renderDecl(d.type, d.name, spell)};`);
        break;
      default:
        break;
    }
  }
  return w.toString();
}
