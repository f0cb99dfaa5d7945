// Bit-field layouts under packing, checked against gcc: a header of small records (bit-fields under
// `#pragma pack(N)`, `__attribute__((packed))`, zero-width bit-fields in packed records, a 64-bit-wide
// bit-field) goes through the parser and computeLayouts; the IR must equal the positions written
// below (each read back from gcc on x86_64), the generated probe must compile with -Werror and agree,
// and ctypes' view of the generated Python module must give the same sizes, alignments and bit
// positions for every record, unions included.

import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../diag.js";
import type { RecordDecl } from "../ir/types.js";
import { ctypesBackend, pythonStem } from "../emit/ctypes/index.js";
import { probeBackend } from "../emit/probe/index.js";
import { parseHeaders } from "../parse/index.js";
import { compareCtypesWithProbe, compareProbeWithIr, runProbe } from "./layout-support.js";
import { generatedRoot } from "./support/sink.js";

const dir = join(generatedRoot, "layout-packed-bitfields");
const root = resolve(import.meta.dirname, "../..");

/** A record and gcc's layout of it: size, align and `name → bit offset` of each named bit-field. */
interface Case {
  /** Lines before the record (a `#pragma pack`), reset with `#pragma pack()` after it. */
  pragma?: string;
  decl: string;
  size: number;
  align: number;
  bits: Record<string, number>;
}

const CASES: Record<string, Case> = {
  // The three reported bugs.
  pack2_straddles: { pragma: "#pragma pack(2)", decl: "struct pack2_straddles { long long b0:44; unsigned char b1:5; };", size: 8, align: 2, bits: { b0: 0, b1: 44 } },
  packed_zero_width: { decl: "struct __attribute__((packed)) packed_zero_width { _Bool b0:1; short :0; };", size: 2, align: 1, bits: { b0: 0 } },
  full_width: { decl: "struct full_width { unsigned long long all:64; long long neg:64; unsigned char tail:8; };", size: 24, align: 8, bits: { all: 0, neg: 64, tail: 128 } },
  // Any #pragma pack, even one above every alignment, lays bit-fields back to back.
  pack8_back_to_back: { pragma: "#pragma pack(8)", decl: "struct pack8_back_to_back { char a:4; int b:30; };", size: 8, align: 4, bits: { a: 0, b: 4 } },
  pack16_back_to_back: { pragma: "#pragma pack(16)", decl: "struct pack16_back_to_back { char a:4; long long b:62; };", size: 16, align: 8, bits: { a: 0, b: 4 } },
  unpacked_moves_to_unit: { decl: "struct unpacked_moves_to_unit { char a:4; int b:30; };", size: 8, align: 4, bits: { a: 0, b: 32 } },
  pack2_full_unit: { pragma: "#pragma pack(2)", decl: "struct pack2_full_unit { char a:8; int b:32; };", size: 6, align: 2, bits: { a: 0, b: 8 } },
  pack2_unnamed: { pragma: "#pragma pack(2)", decl: "struct pack2_unnamed { int a:3; int :5; int c:30; };", size: 6, align: 2, bits: { a: 0, c: 8 } },
  pack1_bool_int: { pragma: "#pragma pack(1)", decl: "struct pack1_bool_int { _Bool a:1; int b:7; short c; };", size: 3, align: 1, bits: { a: 0, b: 1 } },
  packed_char_straddles: { decl: "struct __attribute__((packed)) packed_char_straddles { unsigned int a:5; unsigned char b:6; };", size: 2, align: 1, bits: { a: 0, b: 5 } },
  // Zero-width bit-fields align to their own type whatever the packing, and leave the record's alignment alone.
  pack1_zero_width: { pragma: "#pragma pack(1)", decl: "struct pack1_zero_width { _Bool b0:1; short :0; };", size: 2, align: 1, bits: { b0: 0 } },
  pack2_zero_int: { pragma: "#pragma pack(2)", decl: "struct pack2_zero_int { char a:3; int :0; char c; };", size: 5, align: 1, bits: { a: 0 } },
  pack2_zero_long: { pragma: "#pragma pack(2)", decl: "struct pack2_zero_long { char a:3; long long :0; char c:2; };", size: 9, align: 1, bits: { a: 0, c: 64 } },
  pack4_zero_long: { pragma: "#pragma pack(4)", decl: "struct pack4_zero_long { char a:7; long long :0; int b:3; };", size: 12, align: 4, bits: { a: 0, b: 64 } },
  pack8_zero_char: { pragma: "#pragma pack(8)", decl: "struct pack8_zero_char { short a:9; unsigned char :0; unsigned char c:8; };", size: 4, align: 2, bits: { a: 0, c: 16 } },
  packed_zero_long: { decl: "struct __attribute__((packed)) packed_zero_long { char a:3; long long :0; char c:2; };", size: 9, align: 1, bits: { a: 0, c: 64 } },
  // A plain member after a bit-field under pack(4): the byte after the bits, aligned to min(natural, 4).
  pack4_plain_after_bits: { pragma: "#pragma pack(4)", decl: "struct pack4_plain_after_bits { char a; long long b:3; char c; };", size: 4, align: 4, bits: { b: 8 } },
  // Unions: every member at 0; a zero-width bit-field adds neither size nor alignment.
  packed_union_zero: { decl: "union packed_union_zero { char a; long long :0; } __attribute__((packed));", size: 1, align: 1, bits: {} },
  pack2_union_bits: { pragma: "#pragma pack(2)", decl: "union pack2_union_bits { char a; long long b:33; int :0; };", size: 6, align: 2, bits: { b: 0 } },
  union_zero_width: { decl: "union union_zero_width { char a:3; long long :0; };", size: 1, align: 1, bits: { a: 0 } },
  // Records holding bit-field records by value (ctypes: the inner classes' storage form and alignment).
  holds_bit_records: { decl: "struct holds_bit_records { char tag; struct unpacked_moves_to_unit inner; struct pack4_plain_after_bits p[2]; short tail:5; };", size: 24, align: 4, bits: { tail: 160 } },
  holds_bit_struct: { decl: "union holds_bit_struct { struct pack4_plain_after_bits s; char c:2; };", size: 4, align: 4, bits: { c: 0 } },
};

const header = Object.values(CASES)
  .map((c) => (c.pragma ? `${c.pragma}\n${c.decl}\n#pragma pack()` : c.decl))
  .join("\n");

describe("bit-field layouts under packing match gcc", async () => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "packbits.h"), `${header}\n`);
  const diag = new DiagnosticSink();
  const { ir } = await parseHeaders({ header: join(dir, "packbits.h"), outDir: dir }, diag);
  if (!ir) throw new Error(diag.items.map((d) => d.message).join("\n"));
  const records = new Map(ir.decls.filter((d): d is RecordDecl => d.kind === "struct" || d.kind === "union").map((d) => [d.name, d]));

  for (const [name, want] of Object.entries(CASES)) {
    it(`${name}: IR size, align and bit offsets — ${want.pragma ?? ""} ${want.decl}`, () => {
      const rec = records.get(name);
      const named = Object.fromEntries((rec?.fields ?? []).filter((f) => f.name !== "" && f.bitWidth !== undefined).map((f) => [f.name, f.bitOffset]));
      expect({ size: rec?.layout?.size, align: rec?.layout?.align, bits: named }).toEqual({ size: want.size, align: want.align, bits: want.bits });
    });
  }

  const module = { ...ir, name: "packbits", lib: "./none.so" };
  const options = { name: "packbits", lib: "./none.so", inputs: ["packbits.h"], toolVersion: "0" };
  const [probe] = probeBackend.emit(module, options, new DiagnosticSink());
  if (!probe) throw new Error("no probe emitted");
  writeFileSync(join(dir, probe.path), probe.contents);

  it("the generated probe compiles with -Wall -Wextra -Werror and agrees with the IR", () => {
    expect(probe.contents).toContain("probe_full_width_all.all = ~0ULL;");
    const report = runProbe(dir, probe.path, [dir]);
    expect(report.records["struct:pack2_straddles"]?.bitfields.b1).toEqual({ bitOffset: 44, bitWidth: 5 });
    expect(compareProbeWithIr(report, module)).toEqual([]);
  });

  it("ctypes lays out every generated class (structs and unions) as the compiler does: size, alignment, bit positions", () => {
    const python = execFileSync("bash", [join(root, "scripts/ensure-venv.sh")], { encoding: "utf8" }).trim();
    const report = runProbe(dir, probe.path, [dir]);
    const diag = new DiagnosticSink();
    for (const f of ctypesBackend.emit(module, options, diag)) writeFileSync(join(dir, f.path), f.contents);
    expect(diag.warnings.filter((w) => w.code === "W0501").map((w) => w.message)).toEqual([]);
    expect(compareCtypesWithProbe(python, dir, pythonStem(options), module, report)).toEqual([]);
  });
});
