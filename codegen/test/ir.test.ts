// IR-level tests on hand-built modules (no cc, no tree-sitter): the committed schema equals a
// fresh typescript-json-schema generation, validation catches broken invariants, serialisation
// is stable, sortDecls orders by dependency then name, and the layout engine follows gcc.

import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../diag.js";
import { abiFor } from "../ir/abi.js";
import { generateSchemaText, SCHEMA_PATH } from "../ir/gen-schema.js";
import { LayoutEngine } from "../ir/layout.js";
import type { PassContext } from "../ir/passes/context.js";
import { readDocNotes } from "../ir/passes/readDocNotes.js";
import { sortDecls } from "../ir/passes/sortDecls.js";
import { serializeIr } from "../ir/serialize.js";
import { IR_VERSION, type Decl, type FieldDecl, type IrModule, type RecordDecl, type TypeRef } from "../ir/types.js";
import { irInvariantProblems, validateIr } from "../ir/validate.js";

const abi = abiFor("x86_64-linux-gnu")!;
const loc = { file: "t.h", line: 1, column: 1 };
const int = (size: 1 | 2 | 4 | 8, signed = true): TypeRef => ({ kind: "int", cName: "x", size, signed });
const field = (name: string, type: TypeRef, bitWidth?: number): FieldDecl => (bitWidth === undefined ? { name, type, loc } : { name, type, loc, bitWidth });
const record = (name: string, fields: FieldDecl[], extra: Partial<RecordDecl> = {}): RecordDecl => ({ kind: "struct", id: `struct:${name}`, name, loc, complete: true, anonymous: false, fields, ...extra });
const module = (decls: Decl[]): IrModule => ({ irVersion: IR_VERSION, name: "t", inputs: ["t.h"], lib: "libt.so.1", target: abi.info, decls });
const ctx = (): PassContext => ({ diag: new DiagnosticSink(), abi, prefixes: [], asmNames: new Map(), provenance: new Map(), intRequests: [], macros: [], broken: [], evaluate: () => ({ ints: new Map(), macros: new Map(), failedInts: new Map(), failedMacros: new Map(), unrepresentableMacros: new Map(), truncatedInHeaders: [] }), roots: new Set() });

it("the committed schema.json equals a fresh generation from types.ts", () => {
  expect(fs.readFileSync(SCHEMA_PATH, "utf8")).toBe(generateSchemaText());
}, 60_000);

describe("validateIr", () => {
  it("accepts a well-formed module", () => {
    expect(validateIr(module([record("A", [field("x", int(4))], { layout: { size: 4, align: 4 } })]))).toEqual([]);
  });
  it("rejects schema violations", () => {
    const bad = { ...module([]), decls: [{ kind: "struct", id: "struct:A" }] };
    expect(validateIr(bad).length).toBeGreaterThan(0);
  });
  it("rejects duplicate ids, dangling refs and offsets beyond the size", () => {
    const a = record("A", [{ ...field("x", { kind: "ref", id: "typedef:missing" }), offset: 9 }], { layout: { size: 4, align: 4 } });
    expect(validateIr(module([a, a]))).toEqual(expect.arrayContaining(["duplicate id struct:A", "struct:A refers to unknown typedef:missing", "struct:A.x: offset 9 beyond size 4"]));
  });
  it("irInvariantProblems (every run, no schema) finds the same invariant violations", () => {
    const a = record("A", [{ ...field("x", { kind: "ref", id: "typedef:missing" }), offset: 9 }], { layout: { size: 4, align: 3 } });
    expect(irInvariantProblems(module([a, a]))).toEqual([
      "duplicate id struct:A",
      "struct:A refers to unknown typedef:missing",
      "struct:A.x: offset 9 beyond size 4",
      "struct:A: alignment 3 is not a power of two",
      "struct:A refers to unknown typedef:missing",
      "struct:A.x: offset 9 beyond size 4",
      "struct:A: alignment 3 is not a power of two",
    ]);
    expect(irInvariantProblems(module([record("A", [field("x", int(4))], { layout: { size: 4, align: 4 } })]))).toEqual([]);
  });
});

it("serializes with sorted keys, 2-space indent and one trailing newline", () => {
  const text = serializeIr(module([]));
  expect(text).toBe(`{\n  "decls": [],\n  "inputs": [\n    "t.h"\n  ],\n  "irVersion": ${IR_VERSION},\n  "lib": "libt.so.1",\n  "name": "t",\n  "target": {\n    "charSigned": true,\n    "longSize": 8,\n    "pointerSize": 8,\n    "triple": "x86_64-linux-gnu"\n  }\n}\n`);
});

it("sortDecls puts value dependencies first, pointer cycles allowed, ties by kind then name", () => {
  const node = record("Node", [field("next", { kind: "pointer", pointee: { kind: "ref", id: "struct:Node" } }), field("v", { kind: "ref", id: "struct:Val" })]);
  const val = record("Val", [field("x", int(4))]);
  const alias: Decl = { kind: "typedef", id: "typedef:Alias", name: "Alias", loc, type: { kind: "ref", id: "struct:Node" } };
  const fn: Decl = { kind: "function", id: "function:a", name: "a", loc, returns: { kind: "void" }, params: [], variadic: false, inline: false };
  const out = sortDecls(module([fn, alias, node, val]), ctx());
  expect(out.decls.map((d) => d.id)).toEqual(["struct:Val", "struct:Node", "typedef:Alias", "function:a"]);
});

describe("LayoutEngine (x86_64 SysV, as gcc)", () => {
  const place = (r: RecordDecl, others: Decl[] = []) => new LayoutEngine(abi, new Map([r, ...others].map((d) => [d.id, d]))).place(r)!;
  it("pads to natural alignment", () => {
    const p = place(record("S", [field("a", int(1)), field("b", int(8)), field("c", int(2))]));
    expect(p.fields.map((f) => f.offset)).toEqual([0, 8, 16]);
    expect(p.layout).toEqual({ size: 24, align: 8 });
  });
  it("packs bit-fields into storage units and starts a new unit instead of straddling", () => {
    const p = place(record("B", [field("a", int(4, false), 3), field("b", int(4, false), 30), field("c", int(1, false), 1)]));
    expect(p.fields.map((f) => [f.offset, f.bitOffset])).toEqual([
      [0, 0],
      [4, 32],
      [7, 62],
    ]);
    expect(p.layout).toEqual({ size: 8, align: 4 });
  });
  it("honours packed, #pragma pack and aligned(N)", () => {
    expect(place(record("P", [field("a", int(1)), field("b", int(4))], { packed: true })).layout).toEqual({ size: 5, align: 1 });
    expect(place(record("Q", [field("a", int(1)), field("b", int(8))], { maxFieldAlign: 2 })).layout).toEqual({ size: 10, align: 2 });
    expect(place(record("R", [field("a", int(4))], { alignAttr: 16 })).layout).toEqual({ size: 16, align: 16 });
  });
  it("gives a flexible array member size 0 and unions the largest member", () => {
    expect(place(record("F", [field("n", int(4)), field("d", { kind: "array", element: int(8), length: null })])).layout).toEqual({ size: 8, align: 8 });
    const u: RecordDecl = { ...record("U", [field("a", int(1)), field("b", { kind: "array", element: int(2), length: 5 })]), kind: "union", id: "union:U" };
    expect(place(u).layout).toEqual({ size: 10, align: 2 });
  });
});

it("readDocNotes fills parameter and function notes from tags", () => {
  const fn: Decl = {
    kind: "function",
    id: "function:get",
    name: "get",
    loc,
    returns: { kind: "pointer", pointee: { kind: "void" } },
    params: [
      { name: "buf", type: { kind: "pointer", pointee: int(1) } },
      { name: "len", type: int(8) },
    ],
    variadic: false,
    inline: false,
    doc: {
      text: "Gets.",
      tags: [
        { tag: "param", arg: "out", text: "buf Where to write." },
        { tag: "length", text: "buf=len" },
        { tag: "nullable", text: "buf" },
        { tag: "owned", text: "return my_free" },
        { tag: "abi-check", text: "MY_HASH" },
        { tag: "errors", text: "E_A, E_B" },
        { tag: "param", text: "nosuch text" },
      ],
    },
  };
  const c = ctx();
  const out = readDocNotes(module([fn]), c).decls[0];
  expect(out).toMatchObject({ returnFreeWith: "my_free", abiCheck: "MY_HASH", errors: ["E_A", "E_B"], params: [{ name: "buf", direction: "out", docText: "Where to write.", lengthParam: "len", nullable: true }, { name: "len" }] });
  expect(c.diag.items.map((d) => d.code)).toEqual(["W0305"]);
});
