// The cbindgen drift test, on our own parser: cbindgen's header (written by native/build.rs
// from the Rust `ffi` layer) and the hand-written include/omendb_ffi.h must give the same
// functions, records (with layouts) and enums when both go through omendb-bindgen's IR.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import type { Decl, IrModule, TypeRef } from "../ir/types.js";
import { parseHeaders } from "../parse/index.js";

const root = join(import.meta.dirname, "..", "..");

/** The newest cbindgen output of a release build (`node scripts/build-native.mjs` writes it). */
function cbindgenHeader(): string {
  const build = join(root, "native", "target", "release", "build");
  const candidates = readdirSync(build)
    .filter((d) => d.startsWith("omendb-"))
    .map((d) => join(build, d, "out", "omendb_cbindgen.h"))
    .filter((f) => {
      try {
        return statSync(f).isFile();
      } catch {
        return false;
      }
    })
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (candidates.length === 0) throw new Error("no cbindgen output: run `node scripts/build-native.mjs` first");
  return candidates[0];
}

async function irOf(header: string): Promise<IrModule> {
  const { ir, diag } = await parseHeaders({ header, outDir: root });
  const errors = diag.items.filter((d) => d.severity === "error");
  expect(errors, `${header} parses without errors`).toEqual([]);
  if (!ir) throw new Error(`no IR for ${header}`);
  return ir;
}

/** `typedef struct X X;` names the record itself: C code may spell it either way. */
function sameNamedRecordAlias(d: Decl): string | undefined {
  if (d.kind !== "typedef" || d.type.kind !== "ref") return undefined;
  const target = d.type.id;
  return target.endsWith(`:${d.name}`) && !target.startsWith("typedef:") ? target : undefined;
}

let aliases = new Map<string, string>();

/** Canonical text of a type: typedef names kept (they are part of the contract), no positions. */
function typeText(t: TypeRef): string {
  switch (t.kind) {
    case "int":
    case "float":
      return `${t.const ? "const " : ""}${t.cName}`;
    case "bool":
    case "void":
      return `${t.const ? "const " : ""}${t.kind}`;
    case "pointer":
      return `${typeText(t.pointee)}*${t.const ? "const" : ""}`;
    case "array":
      return `${typeText(t.element)}[${t.length ?? ""}]`;
    case "ref":
      return `${t.const ? "const " : ""}${aliases.get(t.id) ?? t.id}`;
    case "function":
      return `fn(${t.params.map((p) => typeText(p.type)).join(",")})->${typeText(t.returns)}`;
  }
}

/** The contract part of the IR: what both headers must agree on. */
function contract(ir: IrModule): Record<string, string> {
  aliases = new Map();
  for (const d of ir.decls) {
    const target = sameNamedRecordAlias(d);
    if (target) aliases.set(d.id, target);
  }
  const out: Record<string, string> = {};
  for (const d of ir.decls as Decl[]) {
    if (d.system || aliases.has(d.id)) continue;
    if (d.kind === "function") out[d.id] = `(${d.params.map((p) => typeText(p.type)).join(", ")}) -> ${typeText(d.returns)}`;
    if (d.kind === "struct" || d.kind === "union") {
      out[d.id] = d.complete
        ? `size ${d.layout?.size} align ${d.layout?.align}: ${d.fields.map((f) => `${typeText(f.type)} ${f.name}@${f.offset}`).join("; ")}`
        : "opaque";
    }
    if (d.kind === "enum") out[d.id] = d.constants.map((c) => `${c.name}=${c.value}`).join(", ");
    if (d.kind === "typedef") out[d.id] = typeText(d.type);
  }
  return out;
}

it("cbindgen's header and include/omendb_ffi.h give the same functions, records and enums", async () => {
  const ours = contract(await irOf(join(root, "include", "omendb_ffi.h")));
  const theirs = contract(await irOf(cbindgenHeader()));
  expect(Object.keys(ours).filter((k) => k.startsWith("function:")).length).toBeGreaterThanOrEqual(30);
  expect(theirs).toEqual(ours);
}, 120_000);
