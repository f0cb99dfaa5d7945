// Layout conformance of the koffi definitions: a C probe (compiled with cc) prints sizeof, alignof
// and offsetof of each sink record; the generated module's koffiTypes must agree. A mismatch names
// the declaration and field. (Uses its own probe until the probe backend's output is wired in.)

import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import koffi from "koffi";
import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../diag.js";
import { koffiBackend } from "../emit/koffi/index.js";
import { SINK_TYPES_C, sinkIr } from "./emit-koffi-ir.js";

const dir = join(dirname(fileURLToPath(import.meta.url)), "generated", "layout-koffi");

/** C program printing one JSON object: record → { size, align, fields: { name: offset } }. */
function probeSource(records: { name: string; tag: string; fields: string[] }[]): string {
  const body = records.map((r, i) => {
    const fields = r.fields.map((f, j) => `printf("%s\\"${f}\\": %zu", ${j === 0 ? '""' : '", "'}, offsetof(${r.tag}, ${f}));`).join("\n  ");
    return `printf("%s\\"${r.name}\\": {\\"size\\": %zu, \\"align\\": %zu, \\"fields\\": {", ${i === 0 ? '""' : '", "'}, sizeof(${r.tag}), _Alignof(${r.tag}));\n  ${fields}\n  printf("}}");`;
  });
  return `${SINK_TYPES_C}\n#include <stdio.h>\nint main(void) {\n  printf("{");\n  ${body.join("\n  ")}\n  printf("}\\n");\n  return 0;\n}\n`;
}

/** offsetof for structs; union members (koffi.offsetof refuses unions) from the type's member table. */
function memberOffset(t: Parameters<typeof koffi.sizeof>[0], field: string): number | undefined {
  return koffi.type(t).primitive === "Union" ? koffi.type(t).members?.[field]?.offset : koffi.offsetof(t, field);
}

describe("koffi layouts match the C compiler", async () => {
  mkdirSync(dir, { recursive: true });
  const ir = sinkIr("./libsink.so");
  const files = koffiBackend.emit(ir, { name: "sink", lib: "./libsink.so", inputs: ["sink.h"], toolVersion: "0.0.0" }, new DiagnosticSink());
  for (const f of files) writeFileSync(join(dir, f.path), f.contents);
  const mod = await import(pathToFileURL(join(dir, "sink.koffi.ts")).href);
  const types = mod.koffiTypes as Record<string, Parameters<typeof koffi.sizeof>[0]>;
  const records = ir.decls.flatMap((d) =>
    (d.kind === "struct" || d.kind === "union") && d.name in types ? [{ name: d.name, tag: `${d.kind === "union" ? "union" : "struct"} ${d.name}`, fields: d.fields.map((f) => f.name) }] : [],
  );
  writeFileSync(join(dir, "probe.c"), probeSource(records));
  execFileSync("cc", ["-std=c11", "-Wall", "-Wextra", "-Werror", "-o", join(dir, "probe"), join(dir, "probe.c")]);
  const probed = JSON.parse(execFileSync(join(dir, "probe"), { encoding: "utf8" })) as Record<string, { size: number; align: number; fields: Record<string, number> }>;

  it("probes every record koffi defines", () => {
    expect(Object.keys(probed).sort()).toEqual(["Aligned", "Num", "Pack2", "Packed", "Pair", "Text"]);
  });

  for (const r of records) {
    it(`${r.name}: sizeof, alignof and every offsetof`, () => {
      const c = probed[r.name];
      const t = types[r.name];
      expect(c).toBeDefined();
      expect({ decl: r.name, size: koffi.sizeof(t), align: koffi.alignof(t) }).toEqual({ decl: r.name, size: c?.size, align: c?.align });
      for (const f of r.fields) {
        expect({ decl: r.name, field: f, offset: memberOffset(t, f) }).toEqual({ decl: r.name, field: f, offset: c?.fields[f] });
      }
    });
  }
});
