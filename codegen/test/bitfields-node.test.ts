// Bit-fields through koffi and ffi-rs, which cannot describe them: the records travel with their
// storage members (common/bitfield-storage) and the generated `<Record>Bits` accessors read and
// write each bit-field. A C library is compiled and called for real, by value and by pointer, so
// a wrong offset, storage size, shift or sign extension shows as a wrong value.

import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import koffi from "koffi";
import { beforeAll, describe, expect, it } from "vitest";
import { DiagnosticSink } from "../diag.js";
import { ffiRsBackend } from "../emit/ffi-rs/index.js";
import { koffiBackend } from "../emit/koffi/index.js";
import type { IrModule } from "../ir/types.js";
import { parseHeaders } from "../parse/index.js";
import { emitInto, generatedRoot } from "./support/sink.js";

const dir = join(generatedRoot, "bitfields-node");

const HEADER = String.raw`
#include <stdbool.h>
#include <stdint.h>
enum Mode { MODE_OFF, MODE_ON, MODE_AUTO };
/** Mixed widths and types, a zero-width break, a 40-bit field and a signed one. */
struct Flags {
    unsigned int a : 3;
    unsigned int b : 5;
    unsigned int : 0;
    unsigned int c : 30;
    unsigned int d : 4;
    unsigned char e : 1;
    uint64_t f : 40;
    int g : 7;
};
/** Bit-fields between plain members; bool and enum bit-fields. */
struct Mixed {
    uint8_t tag;
    bool on : 1;
    enum Mode mode : 2;
    int level : 5;
    uint16_t count;
};
/** Four byte-sized bit-fields in a record aligned to 1: four uint8 storage members. */
struct Bytes { unsigned char w : 8, x : 8, y : 8, z : 8; };
/** Packed: a bit-field straddling bytes right after a byte. */
struct __attribute__((packed)) Packed { uint8_t tag; unsigned int v : 12; unsigned int w : 4; };
union Either { unsigned int low : 4; uint8_t byte; };
struct Flags flags_make(int a, int b, int c, int d, int e, int64_t f, int g);
int64_t flags_sum(struct Flags f);
void flags_bump(struct Flags *f);
struct Mixed mixed_make(uint8_t tag, bool on, enum Mode mode, int level, uint16_t count);
int64_t mixed_sum(struct Mixed m);
int64_t flags_sum_ptr(const struct Flags *f);
int64_t mixed_sum_ptr(const struct Mixed *m);
int bytes_sum(struct Bytes b);
int packed_sum(struct Packed p);
int either_low(union Either e);
`;

const SOURCE = String.raw`#include "bits.h"
struct Flags flags_make(int a, int b, int c, int d, int e, int64_t f, int g) {
    struct Flags x = {0};
    x.a = a; x.b = b; x.c = c; x.d = d; x.e = e; x.f = (uint64_t)f; x.g = g;
    return x;
}
int64_t flags_sum(struct Flags x) { return (int64_t)x.a + x.b + x.c + x.d + x.e + (int64_t)x.f + x.g; }
void flags_bump(struct Flags *x) { x->a += 1; x->g -= 1; x->f += 1; }
struct Mixed mixed_make(uint8_t tag, bool on, enum Mode mode, int level, uint16_t count) {
    struct Mixed m = {0};
    m.tag = tag; m.on = on; m.mode = mode; m.level = level; m.count = count;
    return m;
}
int64_t mixed_sum(struct Mixed m) { return m.tag * 1000000 + m.on * 100000 + (int)m.mode * 10000 + m.level * 100 + m.count; }
int64_t flags_sum_ptr(const struct Flags *x) { return flags_sum(*x); }
int64_t mixed_sum_ptr(const struct Mixed *m) { return mixed_sum(*m); }
int bytes_sum(struct Bytes b) { return b.w + (b.x << 8) + (b.y << 16) + (b.z << 24); }
int packed_sum(struct Packed p) { return p.tag * 100000 + p.v * 16 + p.w; }
int either_low(union Either e) { return e.low; }
`;

type Bits = Record<string, { get(r: object): unknown; set(r: object, v: unknown): void }>;
type Fns = Record<string, (...args: unknown[]) => unknown>;

let ir: IrModule;

/** sizeof and _Alignof of `struct`/`union` <name> for each name, from the C compiler. */
function compilerLayouts(names: string[]): Record<string, [number, number]> {
  const tag = (n: string) => `${n === "Either" ? "union" : "struct"} ${n}`;
  const prints = names.map((n, i) => `printf(${JSON.stringify(`${i ? ", " : ""}"${n}": [%zu, %zu]`)}, sizeof(${tag(n)}), _Alignof(${tag(n)}));`);
  const main = ['printf("{");', ...prints, 'printf("}\\n");', "return 0;"].join(" ");
  writeFileSync(join(dir, "layouts.c"), `#include <stdio.h>\n#include "bits.h"\nint main(void) { ${main} }\n`);
  execFileSync("cc", ["-Wall", "-Wextra", "-Werror", "-o", join(dir, "layouts"), join(dir, "layouts.c")]);
  return JSON.parse(execFileSync(join(dir, "layouts"), { encoding: "utf8" })) as Record<string, [number, number]>;
}

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "bits.h"), HEADER);
  writeFileSync(join(dir, "bits.c"), SOURCE);
  execFileSync("cc", ["-shared", "-fPIC", "-Wall", "-Wextra", "-Werror", "-o", join(dir, "libbits.so"), join(dir, "bits.c")]);
  const diag = new DiagnosticSink();
  const parsed = await parseHeaders({ header: join(dir, "bits.h"), outDir: dir, lib: "./libbits.so" }, diag);
  if (!parsed.ir) throw new Error(diag.items.map((d) => d.message).join("\n"));
  ir = { ...parsed.ir, inputs: ["bits.h"] };
});

describe.each([
  ["koffi", koffiBackend, "bits.koffi.ts"],
  ["ffi-rs", ffiRsBackend, "bits.ffi-rs.ts"],
] as const)("bit-fields through %s", (target, backend, file) => {
  let mod: Record<string, unknown>;
  let lib: Fns;
  const bits = (name: string) => mod[`${name}Bits`] as Bits;

  beforeAll(async () => {
    const diag = emitInto(join(dir, target), backend, { ...ir, name: "bits", lib: "../libbits.so" });
    // Packed records by value are refused by both (W0409); ffi-rs also refuses a union by value
    // (W0408) and a record whose storage aligns less than C's (Mixed: libffi cannot be told).
    const refused = target === "koffi" ? ["W0409 packed_sum"] : ["W0409 mixed_make", "W0409 mixed_sum", "W0409 packed_sum", "W0408 either_low"];
    expect(diag.warnings.map((d) => `${d.code} ${d.item}`).sort()).toEqual(refused.sort());
    mod = await import(pathToFileURL(join(dir, target, file)).href);
    lib = (mod.load as () => Fns)();
  });

  it("emits every bit-field record with accessors (no W0403)", () => {
    for (const name of ["Flags", "Mixed", "Bytes", "Packed", "Either"]) expect(Object.keys(bits(name)).length).toBeGreaterThan(0);
  });

  it("reads a record built by C (returned by value), with sign extension and a 40-bit field", () => {
    const f = lib.flags_make(5, 17, 0x3fffffff, 9, 1, 0xfedcba9876, -40) as object;
    const b = bits("Flags");
    expect(["a", "b", "c", "d", "e", "f", "g"].map((k) => b[k]?.get(f))).toEqual([5, 17, 0x3fffffff, 9, 1, 0xfedcba9876n, -40]);
  });

  it("round-trips values written by the accessors through C by value", () => {
    const f = lib.flags_make(0, 0, 0, 0, 0, 0, 0) as object;
    const b = bits("Flags");
    b.a?.set(f, 7);
    b.b?.set(f, 31);
    b.c?.set(f, 123456789);
    b.d?.set(f, 15);
    b.e?.set(f, 1);
    b.f?.set(f, 2n ** 40n - 2n);
    b.g?.set(f, -64);
    expect(lib.flags_sum(f)).toBe(7n + 31n + 123456789n + 15n + 1n + (2n ** 40n - 2n) - 64n);
    b.g?.set(f, 63);
    b.a?.set(f, 9); // truncated to 3 bits, as C stores it
    expect(b.a?.get(f)).toBe(1);
    expect(lib.flags_sum(f)).toBe(1n + 31n + 123456789n + 15n + 1n + (2n ** 40n - 2n) + 63n);
  });

  it.skipIf(target === "ffi-rs")("bool, enum and signed bit-fields between plain members", () => {
    const m = lib.mixed_make(7, true, 2, -9, 65535) as Record<string, unknown>;
    const b = bits("Mixed");
    expect([m.tag, b.on?.get(m), b.mode?.get(m), b.level?.get(m), m.count]).toEqual([7, true, 2, -9, 65535]);
    b.on?.set(m, false);
    b.level?.set(m, 15);
    expect(lib.mixed_sum(m)).toBe(BigInt(7 * 1000000 + 0 + 2 * 10000 + 15 * 100 + 65535));
  });

  it("records written by the accessors and passed by pointer (the target's own encoding)", () => {
    const f = lib.flags_make(0, 0, 0, 0, 0, 0, 0) as object;
    const b = bits("Flags");
    b.c?.set(f, 1000);
    b.f?.set(f, 2n ** 39n);
    b.g?.set(f, -3);
    expect(lib.flags_sum_ptr(f)).toBe(1000n + 2n ** 39n - 3n);
    const m: Record<string, unknown> = { tag: 2, _bits1: 0, count: 300 };
    const mb = bits("Mixed");
    mb.on?.set(m, true);
    mb.mode?.set(m, 1);
    mb.level?.set(m, -16);
    expect([mb.on?.get(m), mb.mode?.get(m), mb.level?.get(m)]).toEqual([true, 1, -16]);
    expect(lib.mixed_sum_ptr(m)).toBe(BigInt(2 * 1000000 + 100000 + 10000 - 16 * 100 + 300));
  });

  it("a record of byte-sized bit-fields aligned to 1 and a union", () => {
    const r = { _bits0: 0, _bits1: 0, _bits2: 0, _bits3: 0 };
    const b = bits("Bytes");
    b.w?.set(r, 1);
    b.x?.set(r, 2);
    b.y?.set(r, 3);
    b.z?.set(r, 4);
    expect(lib.bytes_sum(r)).toBe(1 + (2 << 8) + (3 << 16) + (4 << 24));
    const u: Record<string, unknown> = {};
    bits("Either").low?.set(u, 11);
    expect(lib.either_low?.(u) ?? "skipped").toBe(target === "ffi-rs" ? "skipped" : 11);
  });

  it("a packed record: accessors over bytes, passed by value where the target can", () => {
    const p: Record<string, unknown> = { tag: 3, _bits1: new Uint8Array(2) };
    const b = bits("Packed");
    b.v?.set(p, 0xabc);
    b.w?.set(p, 0x5);
    expect([b.v?.get(p), b.w?.get(p)]).toEqual([0xabc, 0x5]);
    expect(lib.packed_sum).toBeUndefined(); // packed by value: both FFIs would classify it wrongly (W0409)
  });

  if (target === "koffi") {
    it("koffi's layout of every rewritten record equals the C compiler's (size, alignment)", () => {
      const types = mod.koffiTypes as Record<string, Parameters<typeof koffi.sizeof>[0]>;
      const names = ["Flags", "Mixed", "Bytes", "Packed", "Either"];
      const fromKoffi = Object.fromEntries(names.map((n) => [n, [koffi.sizeof(types[n] as never), koffi.alignof(types[n] as never)]]));
      expect(fromKoffi).toEqual(compilerLayouts(names));
    });

    it("a record updated by C through a pointer", () => {
      const type = (mod.koffiTypes as Record<string, Parameters<typeof koffi.sizeof>[0]>).Flags as never;
      const f = lib.flags_make(1, 0, 0, 0, 0, 41, 0) as object;
      const memory = koffi.alloc(type, 1);
      koffi.encode(memory, type, f);
      const bump = koffi.load(join(dir, "libbits.so")).func("void flags_bump(void *)");
      bump(memory);
      const back = koffi.decode(memory, type) as object;
      const b = bits("Flags");
      expect([b.a?.get(back), b.f?.get(back), b.g?.get(back)]).toEqual([2, 42n, -1]);
    });
  }
});
