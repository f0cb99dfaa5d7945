// Constants whose value has no 64-bit form (a literal beyond UINT64_MAX, a shift by 64, a signed
// overflow below INT64_MIN, an __int128 value): gcc truncates them with only a warning, so they
// used to be emitted with the truncated value and the layout probe then failed under -Werror.
// They are now skipped with W0303 at their #define; the diagnostics snapshot is
// fixtures/errors/constant-beyond-64-bits.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DiagnosticSink } from "../diag.js";
import { BACKENDS } from "../emit/registry.js";
import type { ConstDecl } from "../ir/types.js";
import { parseHeaders } from "../parse/index.js";
import { runProbe } from "../parse/probe.js";
import { FIXTURES_DIR } from "./support/fixtures.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bindgen-wide-const-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const fixtureHeader = path.join(FIXTURES_DIR, "errors", "constant-beyond-64-bits", "input.h");
const compiler = { cc: process.env.CC ?? "cc", includeDirs: [], defines: [] };

describe("constants probe: values the compiler truncates", () => {
  it("reports each truncated macro with the compiler's warning and keeps the exact 64-bit limits", () => {
    const names = ["WIDE_OK", "WIDE_LITERAL", "WIDE_SHIFT", "WIDE_NEGATIVE", "WIDE_INT128", "WIDE_MIN"];
    const result = runProbe(fixtureHeader, compiler, [], names);
    expect(result.fatal).toBeUndefined();
    expect(result.macros.get(0)).toEqual({ kind: "int", value: 2n ** 64n - 1n, size: 8, signed: false });
    expect(result.macros.get(5)).toEqual({ kind: "int", value: -(2n ** 63n), size: 8, signed: true });
    expect([...result.unrepresentableMacros.keys()].sort()).toEqual([1, 2, 3, 4]);
    expect(result.unrepresentableMacros.get(1)).toBe("the compiler warns: integer constant is too large for its type");
    expect(result.unrepresentableMacros.get(2)).toBe("the compiler warns: left shift count >= width of type");
    expect(result.unrepresentableMacros.get(3)).toMatch(/^the compiler warns: integer overflow in expression/);
    expect(result.unrepresentableMacros.get(4)).toMatch(/^its type is 128 bits wide/);
    for (const i of [1, 2, 3, 4]) expect(result.macros.has(i)).toBe(false);
  });

  it("a needed integer (an enumerator) beyond 64 bits is an error at the literal, not a silent 0", () => {
    const file = path.join(tmp, "enum.h");
    fs.writeFileSync(file, "enum Wide { WIDE_A = 1, WIDE_B = 18446744073709551616 };\nvoid use(enum Wide w);\n");
    const diag = new DiagnosticSink();
    return parseHeaders({ header: file, outDir: tmp }, diag).then(({ ir }) => {
      expect(ir).toBeUndefined();
      const e = diag.items.find((d) => d.code === "E0303");
      expect(e?.message).toBe("cannot evaluate 'WIDE_B': its value does not fit in 64 bits (the compiler warns: integer constant is too large for its type)");
      expect(e?.loc).toEqual({ file, line: 1, column: 34 });
    });
  });

  it("the header's other constants are emitted and the generated layout probe compiles with -Werror", async () => {
    const diag = new DiagnosticSink();
    const { ir } = await parseHeaders({ header: fixtureHeader, outDir: tmp }, diag);
    if (!ir) throw new Error(diag.items.map((d) => d.message).join("\n"));
    const consts = ir.decls.filter((d): d is ConstDecl => d.kind === "const");
    expect(consts.map((c) => [c.name, c.value.kind === "int" ? c.value.value : null])).toEqual([
      ["WIDE_MIN", "-9223372036854775808"],
      ["WIDE_OK", "18446744073709551615"],
    ]);
    const skipped = diag.items.filter((d) => d.code === "W0303").map((d) => [d.item, d.loc?.line, d.loc?.column]);
    expect(skipped.sort()).toEqual([
      ["WIDE_FROM_MACRO", 7, 9],
      ["WIDE_HEX", 4, 9],
      ["WIDE_INT128", 8, 9],
      ["WIDE_LITERAL", 3, 9],
      ["WIDE_NEGATIVE", 6, 9],
      ["WIDE_SHIFT", 5, 9],
    ]);
    const files = BACKENDS.probe.emit(ir, { name: "wide", lib: "./x.so", inputs: ir.inputs, toolVersion: "0" }, diag);
    for (const f of files) fs.writeFileSync(path.join(tmp, f.path), f.contents);
    const probe = files.find((f) => f.path.endsWith(".c"));
    if (!probe) throw new Error("no probe source emitted");
    const exe = path.join(tmp, "wide_probe");
    execFileSync("cc", ["-std=c11", "-Wall", "-Wextra", "-Werror", `-I${path.dirname(fixtureHeader)}`, "-o", exe, path.join(tmp, probe.path)], { stdio: "pipe" });
    expect(JSON.parse(execFileSync(exe, { encoding: "utf8" })).consts).toEqual({ WIDE_MIN: "-9223372036854775808", WIDE_OK: "18446744073709551615" });
  });
});
