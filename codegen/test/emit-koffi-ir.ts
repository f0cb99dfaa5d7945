// Hand-built IR for the Node emitter tests (no cc, no tree-sitter): the "sink" module covering
// every construct, and the C source of a library implementing it so generated bindings can be
// called for real. Shared by emit-koffi*, emit-ffi-rs*, layout-koffi* and node-realheaders* tests.

import type { Decl, FieldDecl, FunctionDecl, IntType, IrModule, ParamDecl, RecordDecl, TypeRef } from "../ir/types.js";

const loc = { file: "sink.h", line: 1, column: 1 };
export const int = (size: 1 | 2 | 4 | 8, signed: boolean, cName = `${signed ? "" : "u"}int${size * 8}_t`): IntType => ({ kind: "int", cName, size, signed });
export const i8 = int(1, true);
export const u8 = int(1, false);
export const u16 = int(2, false);
export const i32 = int(4, true);
export const u32 = int(4, false);
export const i64 = int(8, true);
export const u64 = int(8, false);
export const sizeT: TypeRef = { kind: "ref", id: "typedef:size_t" };
export const char: IntType = { kind: "int", cName: "char", size: 1, signed: true, isChar: true };
export const cchar: IntType = { ...char, const: true };
export const dbl: TypeRef = { kind: "float", cName: "double", size: 8 };
export const flt: TypeRef = { kind: "float", cName: "float", size: 4 };
export const bool: TypeRef = { kind: "bool" };
export const voidT: TypeRef = { kind: "void" };
export const ptr = (pointee: TypeRef): TypeRef => ({ kind: "pointer", pointee });
export const ref = (id: string, isConst = false): TypeRef => (isConst ? { kind: "ref", id, const: true } : { kind: "ref", id });

export function field(name: string, type: TypeRef, extra: Partial<FieldDecl> = {}): FieldDecl {
  return { name, type, loc, ...extra };
}

export function record(kind: "struct" | "union", name: string, fields: FieldDecl[], extra: Partial<RecordDecl> = {}): RecordDecl {
  return { kind, id: `${kind}:${name}`, name, loc, complete: true, anonymous: false, fields, ...extra };
}

export function param(name: string, type: TypeRef, extra: Partial<ParamDecl> = {}): ParamDecl {
  return { name, type, ...extra };
}

export function fn(name: string, returns: TypeRef, params: ParamDecl[], extra: Partial<FunctionDecl> = {}): FunctionDecl {
  return { kind: "function", id: `function:${name}`, name, loc, returns, params, variadic: false, inline: false, ...extra };
}

const doc = (text: string) => ({ text, tags: [] });

/** The sink module: one of everything. */
export function sinkIr(lib = "libsink.so"): IrModule {
  const pair = ref("typedef:Pair");
  const handle = ref("typedef:Handle");
  const decls: Decl[] = [
    { kind: "typedef", id: "typedef:size_t", name: "size_t", loc, system: true, type: int(8, false, "unsigned long") },
    { kind: "const", id: "const:SINK_ABI", name: "SINK_ABI", loc, value: { kind: "int", value: "4660", size: 8, signed: false }, expr: "0x1234ULL" },
    { kind: "const", id: "const:SINK_NAME", name: "SINK_NAME", loc, value: { kind: "string", value: "sink" }, expr: '"sink"', doc: doc("Module name.") },
    { kind: "const", id: "const:SINK_BIG", name: "SINK_BIG", loc, value: { kind: "int", value: "18446744073709551615", size: 8, signed: false }, expr: "0xffffffffffffffffULL" },
    { kind: "const", id: "const:SINK_PI", name: "SINK_PI", loc, value: { kind: "float", value: 3.5 }, expr: "3.5" },
    { kind: "const", id: "const:SINK_NEG", name: "SINK_NEG", loc, value: { kind: "int", value: "-5", size: 4, signed: true }, expr: "-5" },
    {
      kind: "enum", id: "enum:Color", name: "Color", loc, anonymous: false, underlying: int(4, true, "int"), doc: doc("Colours."),
      constants: [{ name: "RED", value: "-1", doc: doc("Red.") }, { name: "GREEN", value: "0" }, { name: "BLUE", value: "7" }],
    },
    {
      kind: "enum", id: "enum:Big", name: "Big", loc, anonymous: false, underlying: int(8, false, "unsigned long"),
      constants: [{ name: "BIG_ONE", value: "1" }, { name: "BIG_HUGE", value: "9223372036854775807" }],
    },
    { ...record("struct", "Handle", []), complete: false, doc: doc("An opaque handle.") },
    { kind: "typedef", id: "typedef:Handle", name: "Handle", loc, type: ref("struct:Handle") },
    record("struct", "Pair", [field("a", i32, { offset: 0, doc: doc("First.") }), field("b", i64, { offset: 8 })], { layout: { size: 16, align: 8 }, doc: doc("Two numbers.") }),
    { kind: "typedef", id: "typedef:Pair", name: "Pair", loc, type: ref("struct:Pair") },
    record("struct", "Packed", [field("tag", u8), field("value", i32), field("extra", u16)], { packed: true, layout: { size: 7, align: 1 } }),
    record("union", "Num", [field("i", i32), field("d", dbl)], { layout: { size: 8, align: 8 } }),
    record("struct", "Text", [field("name", { kind: "array", element: char, length: 8 }), field("nums", { kind: "array", element: i32, length: 3 }), field("pairs", { kind: "array", element: pair, length: 2 })]),
    record("struct", "Aligned", [field("x", u8)], { alignAttr: 8 }),
    record("struct", "Pack2", [field("a", u8), field("b", i64)], { maxFieldAlign: 2 }),
    record("struct", "Huge", [field("x", u8)], { alignAttr: 32 }),
    record("struct", "Bits", [field("a", u32, { bitWidth: 3 }), field("b", u32, { bitWidth: 5 })]),
    { kind: "typedef", id: "typedef:binop_fn", name: "binop_fn", loc, type: ptr({ kind: "function", returns: i32, params: [{ name: "a", type: i32 }, { name: "b", type: i32 }], variadic: false }) },
    fn("add_i32", i32, [param("a", i32), param("b", i32)], { doc: { text: "Adds two ints.", tags: [{ tag: "returns", text: "The sum." }] } }),
    fn("add_u64", u64, [param("a", u64), param("b", u64)]),
    fn("neg_i8", i8, [param("x", i8)]),
    fn("scale", dbl, [param("x", dbl), param("f", flt)]),
    fn("is_even", bool, [param("x", i32)]),
    fn("text_len", sizeT, [param("s", ptr(cchar), { nullable: true })]),
    fn("greeting", ptr(cchar), []),
    fn("dup_upper", ptr(char), [param("s", ptr(cchar))], { returnFreeWith: "sink_string_free" }),
    fn("sink_string_free", voidT, [param("s", ptr(char), { nullable: true })]),
    fn("sum_bytes", u32, [param("data", ptr({ ...u8, const: true }), { lengthParam: "len" }), param("len", sizeT)]),
    fn("handle_new", ptr(handle), [param("v", i64)], { returnFreeWith: "handle_free" }),
    fn("handle_get", i64, [param("h", ptr(ref("typedef:Handle", true)))]),
    fn("handle_free", voidT, [param("h", ptr(handle), { nullable: true })]),
    fn("handle_make", i32, [param("v", i64), param("out", ptr(ptr(handle)), { direction: "out", freeWith: "handle_free" })]),
    fn("make_bytes", i32, [param("n", i32), param("data", ptr(ptr(u8)), { direction: "out", lengthParam: "len", freeWith: "sink_buffer_free" }), param("len", ptr(sizeT), { direction: "out" })]),
    fn("sink_buffer_free", voidT, [param("p", ptr(u8)), param("len", sizeT)]),
    fn("make_keys", i32, [param("start", i64), param("keys", ptr(ptr(i64)), { direction: "out", lengthParam: "count", freeWith: "sink_keys_free" }), param("count", ptr(sizeT), { direction: "out" })]),
    fn("sink_keys_free", voidT, [param("k", ptr(i64))]),
    fn("fill_pair", i32, [param("a", i32), param("out", ptr(pair), { direction: "out" })]),
    fn("pair_sum", i64, [param("p", pair)]),
    fn("pair_make", pair, [param("a", i32), param("b", i64)]),
    fn("packed_make", ref("struct:Packed"), [param("tag", u8), param("value", i32)]),
    fn("packed_value", i32, [param("p", ref("struct:Packed"))]),
    fn("apply", i32, [param("f", ref("typedef:binop_fn")), param("a", i32), param("b", i32)]),
    fn("count_ones", i32, [param("keys", ptr({ ...i64, const: true }), { lengthParam: "n" }), param("n", sizeT), param("flags", ptr(u8), { direction: "out", lengthParam: "n" })]),
    fn("sum_ints", i32, [param("n", i32)], { variadic: true }),
    fn("twice", i32, [param("x", i32)], { inline: true }),
    fn("open_slot", i32, [param("v", i64), param("pp", ptr(ptr(handle)))]),
    fn("bits_get", i32, [param("b", ref("struct:Bits"))]),
    fn("color_next", ref("enum:Color"), [param("c", ref("enum:Color"))]),
    fn("num_d", dbl, [param("n", ref("union:Num"))]),
    fn("abi_hash", u64, [], { abiCheck: "SINK_ABI" }),
    fn("last_error", ptr(char), [], { returnFreeWith: "sink_string_free" }),
  ];
  return { irVersion: 1, name: "sink", inputs: ["sink.h"], lib, target: { triple: "x86_64-linux-gnu", pointerSize: 8, longSize: 8, charSigned: true }, decls };
}

/** The sink module's C type declarations (shared by the library and the layout probe). */
export const SINK_TYPES_C = String.raw`
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
typedef struct Handle { int64_t v; } Handle;
typedef struct Pair { int32_t a; int64_t b; } Pair;
typedef struct __attribute__((packed)) Packed { uint8_t tag; int32_t value; uint16_t extra; } Packed;
typedef union Num { int32_t i; double d; } Num;
typedef struct Text { char name[8]; int32_t nums[3]; Pair pairs[2]; } Text;
typedef struct __attribute__((aligned(8))) Aligned { uint8_t x; } Aligned;
#pragma pack(push, 2)
typedef struct Pack2 { uint8_t a; int64_t b; } Pack2;
#pragma pack(pop)
typedef int32_t (*binop_fn)(int32_t, int32_t);
enum Color { RED = -1, GREEN = 0, BLUE = 7 };
`;

/** C implementation of the sink module (compiled by the tests with cc -shared). */
export const SINK_C = SINK_TYPES_C + String.raw`
int32_t add_i32(int32_t a, int32_t b) { return a + b; }
uint64_t add_u64(uint64_t a, uint64_t b) { return a + b; }
int8_t neg_i8(int8_t x) { return (int8_t)-x; }
double scale(double x, float f) { return x * f; }
bool is_even(int32_t x) { return x % 2 == 0; }
size_t text_len(const char *s) { return s ? strlen(s) : 0; }
const char *greeting(void) { return "héllo"; }
char *dup_upper(const char *s) { char *d = strdup(s); for (char *p = d; *p; p++) *p = (char)toupper((unsigned char)*p); return d; }
void sink_string_free(char *s) { free(s); }
uint32_t sum_bytes(const uint8_t *data, size_t len) { uint32_t t = 0; for (size_t i = 0; i < len; i++) t += data[i]; return t; }
Handle *handle_new(int64_t v) { Handle *h = malloc(sizeof *h); h->v = v; return h; }
int64_t handle_get(const Handle *h) { return h->v; }
void handle_free(Handle *h) { free(h); }
int32_t handle_make(int64_t v, Handle **out) { *out = handle_new(v); return 0; }
int32_t make_bytes(int32_t n, uint8_t **data, size_t *len) {
  if (n < 0) { *data = NULL; *len = 0; return 3; }
  *data = malloc((size_t)n + 1); for (int32_t i = 0; i < n; i++) (*data)[i] = (uint8_t)(i * 3); *len = (size_t)n; return 0; }
static int64_t live_buffers;
void sink_buffer_free(uint8_t *p, size_t len) { (void)len; if (p) live_buffers--; free(p); }
int32_t make_keys(int64_t start, int64_t **keys, size_t *count) {
  *keys = malloc(3 * sizeof(int64_t)); for (int i = 0; i < 3; i++) (*keys)[i] = start + i * 1000000000000LL; *count = 3; return 0; }
void sink_keys_free(int64_t *k) { free(k); }
int32_t fill_pair(int32_t a, Pair *out) { out->a = a; out->b = (int64_t)a * 10000000000LL; return 1; }
int64_t pair_sum(Pair p) { return p.a + p.b; }
Pair pair_make(int32_t a, int64_t b) { Pair p = { a, b }; return p; }
Packed packed_make(uint8_t tag, int32_t value) { Packed p = { tag, value, 0xBEEF }; return p; }
int32_t packed_value(Packed p) { return p.value * 10 + p.tag + (p.extra == 0x1234 ? 1 : 0); }
int32_t apply(binop_fn f, int32_t a, int32_t b) { return f(a, b); }
int32_t count_ones(const int64_t *keys, size_t n, uint8_t *flags) { int32_t c = 0; for (size_t i = 0; i < n; i++) { flags[i] = keys[i] == 1; c += flags[i]; } return c; }
int32_t sum_ints(int32_t n, ...) { va_list ap; va_start(ap, n); int32_t t = 0; for (int32_t i = 0; i < n; i++) t += va_arg(ap, int32_t); va_end(ap); return t; }
int32_t open_slot(int64_t v, Handle **pp) { *pp = handle_new(v); return 7; }
enum Color color_next(enum Color c) { return c == RED ? GREEN : BLUE; }
double num_d(Num n) { return n.d; }
uint64_t abi_hash(void) { return 0x1234; }
char *last_error(void) { return NULL; }
`;
