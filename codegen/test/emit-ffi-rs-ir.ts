// IR for the ffi-rs emitter tests: the shared sink module (emit-koffi-ir.ts) with the layouts the
// parser's computeLayouts pass would add (ffi-rs codecs read records at the IR's offsets), plus a
// few functions taking records by pointer and a status struct returned by value (like OmenResult).

import type { Decl, IrModule, RecordDecl } from "../ir/types.js";
import { bool, char, cchar, field, fn, i32, param, ptr, record, ref, SINK_C, sinkIr, voidT } from "./emit-koffi-ir.js";

/** x86_64 layouts of the sink records: size, align and member offsets (checked by a C probe in the tests). */
export const SINK_LAYOUTS: Record<string, { size: number; align: number; offsets: number[] }> = {
  Pair: { size: 16, align: 8, offsets: [0, 8] },
  Packed: { size: 7, align: 1, offsets: [0, 1, 5] },
  Num: { size: 8, align: 8, offsets: [0, 0] },
  Text: { size: 56, align: 8, offsets: [0, 8, 24] },
  Aligned: { size: 8, align: 8, offsets: [0] },
  Pack2: { size: 10, align: 2, offsets: [0, 2] },
  Huge: { size: 32, align: 32, offsets: [0] },
  Status: { size: 32, align: 8, offsets: [0, 8, 16, 24] },
};

/** The status record: `{ bool ok; const char *message; void *data; int32_t code; }`. */
function statusRecord(): RecordDecl {
  return record("struct", "Status", [field("ok", bool), field("message", ptr(cchar)), field("data", ptr(voidT)), field("code", i32)]);
}

/** Extra functions exercising records by pointer and a by-value status. */
function extraDecls(): Decl[] {
  const text = ref("struct:Text");
  return [
    statusRecord(),
    fn("status_make", ref("struct:Status"), [param("code", i32)]),
    fn("status_code", i32, [param("s", ref("struct:Status"))]),
    fn("text_fill", voidT, [param("t", ptr(text))]),
    fn("text_sum", i32, [param("t", ptr({ ...text, const: true }))]),
    fn("num_read", { kind: "float", cName: "double", size: 8 }, [param("n", ptr({ ...ref("union:Num"), const: true }))]),
    fn("packed_read", i32, [param("p", ptr({ ...ref("struct:Packed"), const: true }))]),
    fn("pack2_read", { kind: "int", cName: "int64_t", size: 8, signed: true }, [param("p", ptr({ ...ref("struct:Pack2"), const: true }))]),
    fn("join_lengths", i32, [param("values", ptr({ kind: "pointer", pointee: { kind: "int", cName: "uint8_t", size: 1, signed: false, const: true } }), { lengthParam: "n" }), param("lens", ptr({ kind: "ref", id: "typedef:size_t", const: true })), param("n", ref("typedef:size_t"))]),
    fn("last_char", char, [param("s", ptr(cchar))]),
  ];
}

/** The sink IR with layouts filled in and the extra functions appended. */
export function sinkFfiRsIr(lib = "libsink.so"): IrModule {
  const ir = sinkIr(lib);
  ir.decls.push(...extraDecls());
  for (const d of ir.decls) {
    if ((d.kind !== "struct" && d.kind !== "union") || !d.complete) continue;
    const l = SINK_LAYOUTS[d.name];
    if (!l || d.fields.some((f) => f.bitWidth !== undefined)) continue;
    d.layout = { size: l.size, align: l.align };
    d.fields.forEach((f, i) => (f.offset = l.offsets[i]));
  }
  return ir;
}

/** C of the status record (after SINK_TYPES_C). */
export const STATUS_TYPE_C = "typedef struct Status { bool ok; const char *message; void *data; int32_t code; } Status;\n";

/** C of the extra functions (appended to the sink library). */
export const SINK_FFI_RS_EXTRA_C = STATUS_TYPE_C + String.raw`
Status status_make(int32_t code) { Status s = { code == 0, code == 0 ? NULL : "failed", (void *)(intptr_t)0x1000, code }; return s; }
int32_t status_code(Status s) { return s.code * 10 + (s.ok ? 1 : 0) + (s.message && s.message[0] == 'x' ? 100 : 0); }
void text_fill(Text *t) { t->nums[0] += 1; t->pairs[1].b *= 2; t->name[0] = 'Z'; }
int32_t text_sum(const Text *t) { return (int32_t)strlen(t->name) + t->nums[0] + t->nums[1] + t->nums[2] + t->pairs[0].a + (int32_t)t->pairs[1].b; }
double num_read(const Num *n) { return n->d; }
int32_t packed_read(const Packed *p) { return p->value * 10 + p->tag + (p->extra == 0x1234 ? 1 : 0); }
int64_t pack2_read(const Pack2 *p) { return p->b + p->a; }
int32_t join_lengths(const uint8_t **values, const size_t *lens, size_t n) { int32_t t = 0; for (size_t i = 0; i < n; i++) if (values[i]) t += (int32_t)lens[i] * 100 + values[i][0]; return t; }
char last_char(const char *s) { size_t n = strlen(s); return n ? s[n - 1] : 0; }
`;

/** The sink library's C with the extras. */
export const SINK_FFI_RS_C = SINK_C + SINK_FFI_RS_EXTRA_C;
