// Differential test of the bit-field storage rewrite (common/bitfield-storage) on random structs:
// for each, the C compiler fills an instance (bit-fields and plain members) and dumps its bytes;
// koffi must give the same size and alignment, the generated `<S>Bits` getters must read the
// compiler's values from those bytes, and setting them on a zeroed record must give the same bytes.
// The generated layout probe, compiled with -Werror, must also agree with the IR on every bit position.
// Layouts: natural, packed, aligned(8) and #pragma pack(1/2/4/8), with zero-width bit-fields in all
// of them (support/random-bitfield-records). Fixed seeds, so a failure reproduces; the struct text
// is in the failure message. The ctypes side of the same structs: bitfields-random-ctypes.

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
import { assign, declare, randomRecords, REGRESSIONS } from "./support/random-bitfield-records.js";
import { generatedRoot } from "./support/sink.js";

const dir = join(generatedRoot, "bitfields-random");
const STRUCTS = 60;

describe.each([1, 2, 3])("random bit-field structs through koffi (seed %i)", async (seed) => {
  const structs = [...randomRecords(seed, STRUCTS), ...REGRESSIONS];
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
