// Regression cases found by fuzzing the generator (codegen/test/fuzz, scripts/fuzz-generator.mjs)
// that are not plain error snapshots (those are in fixtures/errors/): positions past the end of
// a file, unclosed macro calls, void parameters that crashed an emitter.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DiagnosticSink } from "../diag.js";
import { BACKENDS, TARGET_IDS } from "../emit/registry.js";
import { parseHeaders } from "../parse/index.js";
import { compilerErrorLines, openMacroCall } from "../parse/preprocess.js";
import { runProbe } from "../parse/probe.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bindgen-fuzz-regress-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function header(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

describe("compiler error positions", () => {
  it("a line past the end of the file (gcc, zlib.h with an OF(( call left open) becomes the last line", () => {
    const file = header("short.h", "int a;\nint b OF((int x,\n");
    const [e] = compilerErrorLines(`${file}:439507:70: error: unterminated argument list invoking macro "OF"\n`);
    expect(e).toEqual({ file, line: 2, column: 1, message: 'unterminated argument list invoking macro "OF" (at end of file)' });
  });

  it("a directive error without a column gets column 1", () => {
    expect(compilerErrorLines("x.h:21: error: unterminated #ifdef\n")).toEqual([{ file: "x.h", line: 21, column: 1, message: "unterminated #ifdef" }]);
  });

  it("finds the macro call whose parenthesis is never closed, skipping closed calls and comments", () => {
    const text = "int a OF((int));\n/* OF(( in a comment */\nint b OF((int x,\n";
    expect(openMacroCall(text, "OF")).toBe(text.indexOf("OF((int x"));
    expect(openMacroCall("int a OF((int));\n", "OF")).toBeUndefined();
  });
});

describe("void parameters (zlib.h with 'int flush' flipped to 'void flush' crashed the ffi-rs emitter)", () => {
  it("a named void parameter (a gcc warning): the function is skipped with W0102 at its position, every emitter runs", async () => {
    const file = header("voidparam.h", "int good(void);\nint bad(int file, void flush);\n");
    const diag = new DiagnosticSink();
    const { ir } = await parseHeaders({ header: file, outDir: tmp }, diag);
    if (!ir) throw new Error(diag.items.map((d) => d.message).join("\n"));
    expect(ir.decls.filter((d) => d.kind === "function").map((d) => d.name)).toEqual(["good"]);
    const w = diag.items.find((d) => d.code === "W0102");
    expect(w?.loc?.line).toBe(2);
    expect(w?.message).toBe("'bad' skipped: parameter 'flush' has type void");
    for (const target of TARGET_IDS) expect(() => BACKENDS[target].emit(ir, { name: "voidparam", lib: "./x.so", inputs: ir.inputs, toolVersion: "0" }, diag)).not.toThrow();
  });

  it("'void' beside other parameters (a gcc error): rejected with the compiler's error at its position", async () => {
    const file = header("voidlist.h", "int good(void);\nint bad(int file, void);\n");
    const diag = new DiagnosticSink();
    const { ir } = await parseHeaders({ header: file, outDir: tmp }, diag);
    expect(ir).toBeUndefined();
    const e = diag.items.find((d) => d.severity === "error");
    expect(e?.code).toBe("E0004");
    expect(e?.loc).toMatchObject({ file, line: 2 });
    expect(diag.items.find((d) => d.code === "W0102")?.message).toBe("'bad' skipped: 'void' must be the only parameter");
  });
});

describe("constants probe (sqlite3.h with a comment left open swallowing SQLITE_CANTOPEN)", () => {
  it("drops every macro using an undeclared identifier in one round, however many there are, and evaluates the rest", () => {
    const uses = Array.from({ length: 12 }, (_, i) => `#define USES_${i} (GONE | (${i} << 8))`);
    const file = header("gone.h", ["#define KEPT 7", ...uses, ""].join("\n"));
    const names = ["KEPT", ...uses.map((_, i) => `USES_${i}`)];
    const result = runProbe(file, { cc: process.env.CC ?? "cc", includeDirs: [], defines: [] }, [], names);
    expect(result.fatal).toBeUndefined();
    expect(result.macros.get(0)).toEqual({ kind: "int", value: 7n, size: 4, signed: true });
    expect([...result.failedMacros.keys()].sort((a, b) => a - b)).toEqual(names.slice(1).map((_, i) => i + 1));
    expect(result.failedMacros.get(12)).toMatch(/'GONE' undeclared/);
  });

  it("a macro that traps when evaluated (sqlite3.h with a value replaced by (1/0)) is dropped, the others are evaluated", () => {
    const file = header("trap.h", "#define BEFORE 1\n#define TRAP (1/0)\n#define AFTER 3\n");
    const result = runProbe(file, { cc: process.env.CC ?? "cc", includeDirs: [], defines: [] }, [], ["BEFORE", "TRAP", "AFTER"]);
    expect(result.fatal).toBeUndefined();
    expect(result.failedMacros.get(1)).toMatch(/^evaluating it stops the program \(SIGFPE\)/);
    expect([result.macros.get(0), result.macros.get(2)]).toEqual([
      { kind: "int", value: 1n, size: 4, signed: true },
      { kind: "int", value: 3n, size: 4, signed: true },
    ]);
  });

  it("a macro that calls a library function (zlib's zlib_version) fails to link: only that macro is dropped", () => {
    const file = header("call.h", "const char *lib_version(void);\n#define LIB_VERSION lib_version()\n#define LIB_MAJOR 1\n");
    const result = runProbe(file, { cc: process.env.CC ?? "cc", includeDirs: [], defines: [] }, [], ["LIB_VERSION", "LIB_MAJOR"]);
    expect(result.fatal).toBeUndefined();
    expect(result.failedMacros.get(0)).toBe("undefined reference to `lib_version' (not a constant)");
    expect(result.macros.get(1)).toEqual({ kind: "int", value: 1n, size: 4, signed: true });
  });
});
