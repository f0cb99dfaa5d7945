// Hand-built IR of test/python/generator/sample/sample.h, shared by the ctypes, cffi and probe
// emitter tests (no parser, no cc). Layouts are those of x86_64-linux-gnu (gcc), which the
// probe test checks against the compiler.

import type { Decl, FieldDecl, FunctionDecl, IrModule, ParamDecl, RecordDecl, TypeRef } from "../ir/types.js";

const loc = { file: "test/python/generator/sample/sample.h", line: 1, column: 1 };
const int = (size: 1 | 2 | 4 | 8, signed: boolean, cName: string): TypeRef => ({ kind: "int", cName, size, signed });
export const i32 = int(4, true, "int32_t");
const u32 = int(4, false, "uint32_t");
const u8 = int(1, false, "uint8_t");
const u16 = int(2, false, "uint16_t");
const i64 = int(8, true, "int64_t");
const u64 = int(8, false, "uint64_t");
const size_t = int(8, false, "size_t");
const cint = int(4, true, "int");
const char: TypeRef = { kind: "int", cName: "char", size: 1, signed: true, isChar: true };
const cchar: TypeRef = { ...char, const: true } as TypeRef;
const dbl: TypeRef = { kind: "float", cName: "double", size: 8 };
const voidT: TypeRef = { kind: "void" };
const ptr = (pointee: TypeRef): TypeRef => ({ kind: "pointer", pointee });
const ref = (id: string, isConst = false): TypeRef => (isConst ? { kind: "ref", id, const: true } : { kind: "ref", id });
const constOf = (t: TypeRef): TypeRef => ({ ...t, const: true }) as TypeRef;

const field = (name: string, type: TypeRef, offset: number, extra: Partial<FieldDecl> = {}): FieldDecl => ({ name, type, offset, loc, ...extra });
const record = (kind: "struct" | "union", name: string, fields: FieldDecl[], size: number, align: number, extra: Partial<RecordDecl> = {}): RecordDecl => ({
  kind, id: `${kind}:${name}`, name, loc, complete: true, anonymous: false, fields, layout: { size, align }, ...extra,
});
const p = (name: string, type: TypeRef, extra: Partial<ParamDecl> = {}): ParamDecl => ({ name, type, ...extra });
const fn = (name: string, returns: TypeRef, params: ParamDecl[], extra: Partial<FunctionDecl> = {}): FunctionDecl => ({
  kind: "function", id: `function:${name}`, name, loc, returns, params, variadic: false, inline: false, ...extra,
});
const intConst = (name: string, value: string, size: number, signed: boolean): Decl => ({
  kind: "const", id: `const:${name}`, name, loc, value: { kind: "int", value, size, signed }, expr: value,
});

export function sampleIr(): IrModule {
  const decls: Decl[] = [
    intConst("SAMPLE_MAX", "16777216", 4, true),
    intConst("SAMPLE_BIG", "18446744073709551615", 8, false),
    { kind: "const", id: "const:SAMPLE_PI", name: "SAMPLE_PI", loc, value: { kind: "float", value: 3.25 }, expr: "3.25" },
    { kind: "const", id: "const:SAMPLE_NAME", name: "SAMPLE_NAME", loc, value: { kind: "string", value: 'sam"ple' }, expr: '"sam\\"ple"' },
    intConst("SAMPLE_ABI", "4660", 8, false),
    {
      kind: "enum", id: "enum:Color", name: "Color", loc, anonymous: false, underlying: { kind: "int", cName: "int", size: 4, signed: true },
      constants: [{ name: "COLOR_RED", value: "0" }, { name: "COLOR_GREEN", value: "5" }, { name: "COLOR_BLUE", value: "-1" }],
      doc: { text: "Colours.", tags: [] },
    },
    { kind: "struct", id: "struct:Handle", name: "Handle", loc, complete: false, anonymous: false, fields: [] },
    { kind: "typedef", id: "typedef:Handle", name: "Handle", loc, type: ref("struct:Handle") },
    {
      kind: "typedef", id: "typedef:sample_cb", name: "sample_cb", loc,
      type: ptr({ kind: "function", returns: i32, params: [{ name: "user", type: ptr(voidT) }, { name: "value", type: i32 }], variadic: false }),
    },
    record("struct", "Point", [field("x", i32, 0), field("y", i32, 4)], 8, 4, { doc: { text: "A point.", tags: [] } }),
    { kind: "typedef", id: "typedef:Point", name: "Point", loc, type: ref("struct:Point") },
    record("struct", "Flags", [
      field("a", u32, 0, { bitWidth: 3, bitOffset: 0 }),
      field("b", u32, 0, { bitWidth: 5, bitOffset: 3 }),
      field("c", i32, 0, { bitWidth: 4, bitOffset: 8 }),
      field("tail", u8, 2),
    ], 4, 4),
    record("struct", "Packed", [field("tag", u8, 0), field("value", u32, 1), field("small", u16, 5)], 7, 1, { packed: true }),
    { ...record("union", "Tagged_anon0", [field("i", i64, 0), field("d", dbl, 0)], 8, 8), id: "union:Tagged::0", anonymous: true },
    record("struct", "Tagged", [
      field("kind", i32, 0), field("", ref("union:Tagged::0"), 8), field("name", { kind: "array", element: char, length: 8 }, 16),
    ], 24, 8),
    record("struct", "Node", [field("value", i32, 0), field("next", ptr(ref("struct:Node")), 8), field("cb", ref("typedef:sample_cb"), 16)], 24, 8),
    { ...record("struct", "Range", [field("lo", dbl, 0), field("hi", dbl, 8)], 16, 8), id: "struct:Range::anon", anonymous: true },
    { kind: "typedef", id: "typedef:Range", name: "Range", loc, type: ref("struct:Range::anon") },
    record("struct", "Aligned", [field("v", i32, 0)], 16, 16, { alignAttr: 16 }),
    fn("sample_add", i32, [p("a", i32), p("b", i32)], { doc: { text: "Adds two numbers.", tags: [] } }),
    fn("sample_abi", u64, [], { abiCheck: "SAMPLE_ABI" }),
    fn("sample_name", ptr(cchar), []),
    fn("sample_dup", ptr(char), [p("s", ptr(cchar), { direction: "in" })], { returnFreeWith: "sample_free" }),
    fn("sample_free", voidT, [p("s", ptr(char), { direction: "in", nullable: true })]),
    fn("sample_open", ptr(ref("typedef:Handle")), [p("name", ptr(cchar), { nullable: true })], { returnFreeWith: "sample_close" }),
    fn("sample_close", voidT, [p("h", ptr(ref("typedef:Handle")), { nullable: true })]),
    fn("sample_sum", i32, [p("data", ptr(constOf(u8)), { lengthParam: "len" }), p("len", size_t)]),
    fn("sample_get", i32, [
      p("h", ptr(ref("typedef:Handle"))),
      p("out", ptr(ptr(u8)), { direction: "out", lengthParam: "out_len", freeWith: "sample_buffer_free" }),
      p("out_len", ptr(size_t), { direction: "out" }),
    ]),
    fn("sample_buffer_free", voidT, [p("p", ptr(u8), { nullable: true }), p("len", size_t)]),
    fn("sample_keys", i32, [
      p("h", ptr(ref("typedef:Handle"))),
      p("keys", ptr(ptr(i64)), { direction: "out", lengthParam: "count", freeWith: "sample_keys_free" }),
      p("count", ptr(size_t), { direction: "out" }),
    ]),
    fn("sample_keys_free", voidT, [p("keys", ptr(i64), { nullable: true }), p("count", size_t)]),
    fn("sample_mid", ref("typedef:Point"), [p("a", ref("typedef:Point")), p("b", ref("typedef:Point"))]),
    fn("sample_point_len", i32, [p("p", ptr(ref("typedef:Point", true)), { nullable: true })]),
    fn("sample_call", i32, [p("cb", ref("typedef:sample_cb")), p("user", ptr(voidT), { nullable: true })]),
    fn("sample_packed_sum", i32, [p("p", ref("struct:Packed"))]),
    fn("sample_range", i32, [p("h", ptr(ref("typedef:Handle"))), p("out", ptr(ref("typedef:Range")), { direction: "out" })]),
    fn("sample_total", i64, [p("keys", ptr(constOf(i64)), { lengthParam: "count" }), p("count", size_t)]),
    fn("sample_fill", i32, [p("found", ptr(u8), { direction: "out", lengthParam: "count" }), p("count", size_t)]),
    fn("sample_join", i32, [
      p("values", ptr(ptr(constOf(u8))), { lengthParam: "count" }),
      p("lens", ptr(constOf(size_t)), { lengthParam: "count" }),
      p("count", size_t),
    ]),
    fn("sample_twice", i32, [p("x", i32)], { inline: true }),
    fn("sample_printf", cint, [p("fmt", ptr(cchar))], { variadic: true }),
  ];
  return {
    irVersion: 1,
    name: "sample",
    inputs: ["test/python/generator/sample/sample.h"],
    lib: "libsample.so",
    target: { triple: "x86_64-linux-gnu", pointerSize: 8, longSize: 8, charSigned: true },
    decls,
  };
}

export const sampleOptions = { name: "sample", lib: "libsample.so", inputs: ["test/python/generator/sample/sample.h"], toolVersion: "0.1.0" };
