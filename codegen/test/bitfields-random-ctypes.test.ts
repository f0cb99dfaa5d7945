// Differential test of the ctypes emitter's bit-field records on random structs and unions (every
// packing, zero-width and unnamed bit-fields; support/random-bitfield-records) against gcc: the
// compiler fills each record and dumps its bytes and bit-field values; a compiled library offers,
// per record, fill (by pointer), make (returned by value) and checks (by pointer, by value) of the
// same values. Through the generated ctypes module (support/bitfield_records_ctypes.py): sizes and
// alignments equal gcc's, members set from Python give gcc's bytes, bit-fields read what C wrote,
// C accepts what Python wrote by pointer and by value. The module also passes mypy --strict.

import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../diag.js";
import { ctypesBackend, pythonStem } from "../emit/ctypes/index.js";
import { probeBackend } from "../emit/probe/index.js";
import { parseHeaders } from "../parse/index.js";
import { compareCtypesWithProbe, runProbe } from "./layout-support.js";
import { assign, CTYPES_REGRESSIONS, declare, type RandomRecord, randomRecords, REGRESSIONS } from "./support/random-bitfield-records.js";
import { generatedRoot } from "./support/sink.js";

const root = resolve(import.meta.dirname, "../..");
const dir = join(generatedRoot, "bitfields-random-ctypes");
const python = execFileSync("bash", [join(root, "scripts/ensure-venv.sh")], { encoding: "utf8" }).trim();

/** The C side: fill/make/check functions of one record, comparing every named member. */
function cFunctions(r: RandomRecord): { decl: string; body: string } {
  const t = `${r.kind} ${r.name}`;
  const named = r.members.filter((m) => m.name !== "");
  const same = named.map((m) => (m.bits === undefined ? `memcmp(&v->${m.name}, &x.${m.name}, sizeof x.${m.name}) == 0` : `v->${m.name} == x.${m.name}`));
  return {
    decl: `void ${r.name}_fill(${t} *p); ${t} ${r.name}_make(void); int ${r.name}_check(${t} v); int ${r.name}_check_ptr(const ${t} *p);`,
    body: [
      `void ${r.name}_fill(${t} *p) { ${t} x; memset(&x, 0, sizeof x); ${named.map(assign).join(" ")} memcpy(p, &x, sizeof x); }`,
      `${t} ${r.name}_make(void) { ${t} x; ${r.name}_fill(&x); return x; }`,
      `static int ${r.name}_same(const ${t} *v) { ${t} x; ${r.name}_fill(&x); return ${[...same, "1"].join(" && ")}; }`,
      `int ${r.name}_check_ptr(const ${t} *p) { return ${r.name}_same(p); }`,
      `int ${r.name}_check(${t} v) { return ${r.name}_same(&v); }`,
    ].join("\n"),
  };
}

/** The value `assign` stores in a plain member, as Python sets it (`char` members take one byte). */
function plainValue(type: string, i: number): number {
  return type === "double" || type === "float" ? 1.5 : i + 1;
}

/** Records passed by value only through cffi: packed, pragma-packed, over-aligned, or unions. */
const refusedByValue = (r: RandomRecord): boolean => r.kind === "union" || r.layout.attribute !== "" || r.layout.pragma !== undefined;

describe.each([1, 2, 3])("random bit-field records through ctypes (seed %i)", async (seed) => {
  const records = [...randomRecords(seed, 60), ...randomRecords(seed + 100, 25, "union", "U"), ...REGRESSIONS, ...CTYPES_REGRESSIONS];
  const out = join(dir, `seed${seed}`);
  mkdirSync(out, { recursive: true });
  const fns = records.map(cFunctions);
  writeFileSync(join(out, "rand.h"), `${records.map(declare).join("\n")}\n${fns.map((f) => f.decl).join("\n")}\n`);
  writeFileSync(join(out, "rand_lib.c"), `#include <string.h>\n#include "rand.h"\n${fns.map((f) => f.body).join("\n")}\n`);
  execFileSync("cc", ["-shared", "-fPIC", "-O1", "-w", "-o", join(out, "librand.so"), join(out, "rand_lib.c")]);
  const dumps = records.map((r) => {
    const named = r.members.filter((m) => m.name !== "");
    const values = named.filter((m) => m.bits !== undefined).map((m) => `printf(" %lld", (long long)x.${m.name});`).join(" ");
    return `{ ${r.kind} ${r.name} x; memset(&x, 0, sizeof x); ${named.map(assign).join(" ")} printf("${r.name} %zu %zu ", sizeof x, _Alignof(${r.kind} ${r.name})); for (size_t i = 0; i < sizeof x; i++) printf("%02x", ((unsigned char *)&x)[i]); ${values} printf("\\n"); }`;
  });
  writeFileSync(join(out, "dump.c"), `#include <stdio.h>\n#include <string.h>\n#include "rand.h"\nint main(void) {\n${dumps.join("\n")}\nreturn 0;\n}\n`);
  execFileSync("cc", ["-w", "-o", join(out, "dump"), join(out, "dump.c")]);
  const compiled = new Map<string, { size: number; align: number; hex: string; values: string[] }>();
  for (const line of execFileSync(join(out, "dump"), { encoding: "utf8" }).trim().split("\n")) {
    const [name = "", size, align, hex = "", ...values] = line.split(" ");
    compiled.set(name, { size: Number(size), align: Number(align), hex, values });
  }

  const diag = new DiagnosticSink();
  const { ir } = await parseHeaders({ header: join(out, "rand.h"), outDir: out }, diag);
  if (!ir) throw new Error(diag.items.map((d) => d.message).join("\n"));
  const module = { ...ir, name: "rand", lib: "./librand.so" };
  const options = { name: "rand", lib: "./librand.so", inputs: ["rand.h"], toolVersion: "0" };
  const emitted = new DiagnosticSink();
  for (const f of ctypesBackend.emit(module, options, emitted)) writeFileSync(join(out, f.path), f.contents);
  const stem = pythonStem(options);
  const spec = records.map((r) => {
    const named = r.members.filter((m) => m.name !== "");
    return {
      name: r.name,
      members: named.map((m, i) => {
        const value = m.bits === undefined ? plainValue(m.type, i) : Number(compiled.get(r.name)?.values[named.filter((n) => n.bits !== undefined).indexOf(m)]);
        return { name: m.name, value, char: m.bits === undefined && m.type === "char" };
      }),
      bits: named.filter((m) => m.bits !== undefined).map((m) => m.name),
    };
  });
  writeFileSync(join(out, "spec.json"), JSON.stringify(spec));
  const run = () =>
    JSON.parse(execFileSync(python, [join(root, "codegen/test/support/bitfield_records_ctypes.py"), out, stem, join(out, "spec.json")], { encoding: "utf8" })) as Record<
      string,
      { size: number; align: number; written: string; read: string[]; byPointer: number; made: string[] | null; byValue?: number }
    >;
  const results = run();

  it("emits every record (no W0501) and every function", () => {
    expect(emitted.warnings.filter((w) => w.code === "W0501" || w.code === "W0506").map((w) => w.message)).toEqual([]);
  });

  it("ctypes' sizes, alignments and bit positions equal the generated probe's", () => {
    const [probe] = probeBackend.emit(module, options, new DiagnosticSink());
    if (!probe) throw new Error("no probe emitted");
    writeFileSync(join(out, probe.path), probe.contents);
    expect(compareCtypesWithProbe(python, out, stem, module, runProbe(out, probe.path, [out]))).toEqual([]);
  });

  it("by value: every natural struct goes through ctypes, only packed, over-aligned ones and unions are refused", () => {
    const refused = records.filter((r) => results[r.name]?.made === null).map((r) => r.name);
    expect(refused).toEqual(records.filter(refusedByValue).map((r) => r.name));
  });

  for (const r of records) {
    it(`${r.name}: size, alignment, bytes written, values read, by pointer and by value — ${declare(r).replace(/\n/g, " ")}`, () => {
      const c = compiled.get(r.name);
      const got = results[r.name];
      if (!c || !got) throw new Error(`${r.name} missing`);
      expect({ size: got.size, align: got.align, written: got.written, read: got.read, byPointer: got.byPointer }).toEqual({
        size: c.size, align: c.align, written: c.hex, read: c.values, byPointer: 1,
      });
      if (got.made !== null) expect({ made: got.made, byValue: got.byValue }).toEqual({ made: c.values, byValue: 1 });
    });
  }

  if (seed === 1) {
    it("mypy --strict accepts the generated .py and .pyi", () => {
      for (const f of [`${stem}.pyi`, `${stem}.py`]) {
        expect(execFileSync(python, ["-m", "mypy", "--strict", "--no-incremental", join(out, f)], { encoding: "utf8" }), f).toContain("Success");
      }
    });
  }
});
