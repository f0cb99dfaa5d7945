// Differential test of the bit-field storage rewrite (common/bitfield-storage) on random structs:
// for each, the C compiler fills an instance (bit-fields and plain members) and dumps its bytes;
// koffi must give the same size and alignment, the generated `<S>Bits` getters must read the
// compiler's values from those bytes, and setting them on a zeroed record must give the same bytes.
// The generated layout probe, compiled with -Werror, must also agree with the IR on every bit position.
// Layouts: natural, packed, aligned(8) and #pragma pack(1/2/4/8), with zero-width bit-fields in all
// of them. Fixed seeds, so a failure reproduces; the struct text is in the failure message.

import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import koffi from "koffi";
import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../diag.js";
import { koffiBackend } from "../emit/koffi/index.js";
import { probeBackend } from "../emit/probe/index.js";
import { parseHeaders } from "../parse/index.js";
import { compareProbeWithIr, runProbe } from "./layout-support.js";
import { generatedRoot } from "./support/sink.js";

const dir = join(generatedRoot, "bitfields-random");
const STRUCTS = 60;

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * n | 0;
  };
}

interface Member {
  name: string;
  type: string;
  bits?: number;
  signed: boolean;
}

const BIT_TYPES: [string, number, boolean][] = [
  ["unsigned char", 8, false], ["signed char", 8, true], ["unsigned short", 16, false], ["short", 16, true],
  ["unsigned int", 32, false], ["int", 32, true], ["unsigned long long", 64, false], ["long long", 64, true], ["_Bool", 1, false],
];
const PLAIN_TYPES = ["char", "short", "int", "long long", "double", "float"];
/** How a struct is packed: an attribute after `struct`, or a `#pragma pack` around it. */
interface Packing {
  attribute: string;
  pragma?: number;
}
const LAYOUTS: Packing[] = [
  { attribute: "" }, { attribute: "__attribute__((packed)) " }, { attribute: "__attribute__((aligned(8))) " },
  { attribute: "", pragma: 1 }, { attribute: "", pragma: 2 }, { attribute: "", pragma: 4 }, { attribute: "", pragma: 8 },
];

const bit = (name: string, type: string, bits: number, signed = false): Member => ({ name, type, bits, signed });
const plain = (name: string, type: string): Member => ({ name, type, signed: true });

interface RandomStruct {
  name: string;
  members: Member[];
  layout: Packing;
}

/**
 * Structs that once failed: a trailing `long long : 0` rounding the size past the alignment; a zero-width
 * bit-field between plain members; under pack(2) a bit-field moved to the next unit where gcc keeps it at
 * bit 44; a packed zero-width `short : 0` that gcc aligns to 2 bytes; 64-bit-wide bit-fields.
 */
const REGRESSIONS: RandomStruct[] = [
  { name: "R0", layout: LAYOUTS[0] ?? { attribute: "" }, members: [plain("p0", "char"), bit("b1", "unsigned char", 7), bit("", "short", 11), bit("", "unsigned long long", 53), bit("b4", "_Bool", 1), bit("b5", "int", 8, true), plain("p6", "char"), bit("", "long long", 0)] },
  { name: "R1", layout: { attribute: "" }, members: [plain("a", "char"), bit("", "int", 0), plain("b", "char"), bit("c", "unsigned int", 3)] },
  { name: "R2", layout: { attribute: "", pragma: 2 }, members: [bit("b0", "long long", 44, true), bit("b1", "unsigned char", 5)] },
  { name: "R3", layout: { attribute: "__attribute__((packed)) " }, members: [bit("b0", "_Bool", 1), bit("", "short", 0)] },
  { name: "R4", layout: { attribute: "" }, members: [bit("b0", "unsigned long long", 64), bit("b1", "long long", 64, true), bit("b2", "unsigned char", 3)] },
];

function randomStructs(seed: number): RandomStruct[] {
  const rnd = prng(seed);
  return Array.from({ length: STRUCTS }, (_, s) => {
    const members: Member[] = [];
    const layout = LAYOUTS[rnd(LAYOUTS.length)] ?? { attribute: "" };
    for (let i = 0, n = 1 + rnd(8); i < n; i++) {
      if (rnd(3) === 0) {
        members.push({ name: `p${i}`, type: PLAIN_TYPES[rnd(PLAIN_TYPES.length)] ?? "int", signed: true });
        continue;
      }
      const [type, width, signed] = BIT_TYPES[rnd(BIT_TYPES.length)] ?? ["int", 32, true];
      const unnamed = rnd(6) === 0; // padding, or a zero-width break
      const bits = unnamed ? rnd(2) * (1 + rnd(width)) : 1 + rnd(width);
      members.push({ name: unnamed || bits === 0 ? "" : `b${i}`, type, bits, signed });
    }
    if (!members.some((m) => m.name !== "" && m.bits)) members.push({ name: "bz", type: "unsigned int", bits: 3, signed: false });
    return { name: `S${s}`, members, layout };
  });
}

function declare(s: RandomStruct): string {
  const body = s.members.map((m) => `${m.type} ${m.name}${m.bits !== undefined ? ` : ${m.bits}` : ""};`).join(" ");
  const struct = `struct ${s.layout.attribute}${s.name} { ${body} };`;
  return s.layout.pragma === undefined ? struct : `#pragma pack(${s.layout.pragma})\n${struct}\n#pragma pack()`;
}

/** C statement storing a test value in member `m` (the i-th named one), within its width. */
function assign(m: Member, i: number): string {
  if (m.bits === undefined) return m.type === "double" || m.type === "float" ? `x.${m.name} = 1.5;` : `x.${m.name} = ${i + 1};`;
  if (m.type === "_Bool") return `x.${m.name} = ${i % 2};`;
  const magnitude = Math.min(m.bits, 31);
  return m.signed ? `x.${m.name} = -${(i * 7 + 1) % 2 ** (magnitude - 1) || 1};` : `x.${m.name} = ${(i * 977 + 5) % 2 ** magnitude};`;
}

describe.each([1, 2, 3])("random bit-field structs through koffi (seed %i)", async (seed) => {
  const structs = [...randomStructs(seed), ...REGRESSIONS];
  const out = join(dir, `seed${seed}`);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "rand.h"), `${structs.map(declare).join("\n")}\n`);
  const dumps = structs.map((s) => {
    const named = s.members.filter((m) => m.name !== "");
    const values = named.filter((m) => m.bits !== undefined).map((m) => `printf(" %lld", (long long)x.${m.name});`).join(" ");
    return `{ struct ${s.name} x; memset(&x, 0, sizeof x); ${named.map(assign).join(" ")} printf("${s.name} %zu %zu ", sizeof x, _Alignof(struct ${s.name})); for (size_t i = 0; i < sizeof x; i++) printf("%02x", ((unsigned char *)&x)[i]); ${values} printf("\\n"); }`;
  });
  writeFileSync(join(out, "rand.c"), `#include <stdio.h>\n#include <string.h>\n#include "rand.h"\nint main(void) {\n${dumps.join("\n")}\nreturn 0;\n}\n`);
  execFileSync("cc", ["-w", "-o", join(out, "rand"), join(out, "rand.c")]);
  const compiled = new Map<string, { size: number; align: number; hex: string; values: string[] }>();
  for (const line of execFileSync(join(out, "rand"), { encoding: "utf8" }).trim().split("\n")) {
    const [name = "", size, align, hex = "", ...values] = line.split(" ");
    compiled.set(name, { size: Number(size), align: Number(align), hex, values });
  }
  const diag = new DiagnosticSink();
  const { ir } = await parseHeaders({ header: join(out, "rand.h"), outDir: out }, diag);
  if (!ir) throw new Error(diag.items.map((d) => d.message).join("\n"));
  const files = koffiBackend.emit({ ...ir, name: "rand", lib: "./none.so" }, { name: "rand", lib: "./none.so", inputs: ["rand.h"], toolVersion: "0" }, diag);
  for (const f of files) writeFileSync(join(out, f.path), f.contents);
  const mod = (await import(pathToFileURL(join(out, "rand.koffi.ts")).href)) as Record<string, unknown>;
  const types = mod.koffiTypes as Record<string, Parameters<typeof koffi.sizeof>[0]>;

  it("the generated probe compiles with -Werror and agrees with the IR on every size and bit position", () => {
    const module = { ...ir, name: "rand", lib: "./none.so" };
    const [probe] = probeBackend.emit(module, { name: "rand", lib: "./none.so", inputs: ["rand.h"], toolVersion: "0" }, new DiagnosticSink());
    if (!probe) throw new Error("no probe emitted");
    writeFileSync(join(out, probe.path), probe.contents);
    expect(compareProbeWithIr(runProbe(out, probe.path, [out]), module)).toEqual([]);
  });

  it("emits every struct (no W0403)", () => {
    expect(diag.items.filter((d) => d.code === "W0403").map((d) => d.message)).toEqual([]);
  });

  for (const s of structs) {
    it(`${s.name}: layout, values read and bytes written match the compiler — ${declare(s).replace(/\n/g, " ")}`, () => {
      const c = compiled.get(s.name);
      const type = types[s.name];
      if (!c || !type) throw new Error(`${s.name} missing`);
      expect([koffi.sizeof(type), koffi.alignof(type)]).toEqual([c.size, c.align]);
      const bits = mod[`${s.name}Bits`] as Record<string, { get(r: object): unknown; set(r: object, v: unknown): void }> | undefined;
      const fields = s.members.filter((m) => m.name !== "" && m.bits !== undefined);
      const read = koffi.decode(Buffer.from(c.hex, "hex"), type) as Record<string, unknown>;
      expect(fields.map((m) => String(bits?.[m.name]?.get(read) === true ? 1 : bits?.[m.name]?.get(read) === false ? 0 : bits?.[m.name]?.get(read)))).toEqual(c.values);
      const fresh = koffi.decode(Buffer.alloc(c.size), type) as Record<string, unknown>;
      for (const m of s.members) if (m.name !== "" && m.bits === undefined) fresh[m.name] = read[m.name];
      fields.forEach((m, i) => bits?.[m.name]?.set(fresh, m.type === "_Bool" ? c.values[i] === "1" : (m.bits ?? 0) > 32 ? BigInt(c.values[i] ?? 0) : Number(c.values[i])));
      const bytes = Buffer.alloc(c.size);
      koffi.encode(bytes, type, fresh);
      expect(bytes.toString("hex")).toBe(c.hex);
    });
  }
});
