// Unit tests of the front end's pieces without the full pipeline: line-marker mapping, macro
// and #pragma pack reading, integer literals, doc comment parsing, and lowering of tricky
// declarators through parseHeaders on small inline headers.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Decl, FunctionDecl, RecordDecl, TypedefDecl } from "../ir/types.js";
import { parseDocComment } from "../parse/doc-comments.js";
import { parseHeaders } from "../parse/index.js";
import { parseIntLiteral } from "../parse/lower/context.js";
import { originOf, packAt, readPreprocessed } from "../parse/preprocess.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bindgen-parse-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function parseSource(source: string): Promise<Map<string, Decl>> {
  const file = path.join(tmp, `h${Math.random().toString(36).slice(2)}.h`);
  fs.writeFileSync(file, source);
  const { ir, diag } = await parseHeaders({ header: file, outDir: tmp });
  expect(diag.items.filter((d) => d.severity === "error")).toEqual([]);
  return new Map(ir!.decls.map((d) => [d.id, d]));
}

describe("readPreprocessed", () => {
  const output = ['# 0 "a.h"', '# 1 "<built-in>"', "#define __GNUC__ 12", '# 1 "a.h"', "#define A 1", "#define F(x) x", '# 1 "/usr/include/sys.h" 1 3 4', "typedef int s;", '# 3 "a.h" 2', "#pragma pack(push, 2)", "struct S { int x; };", "#pragma pack(pop)", "int f;"].join("\n");
  const pp = readPreprocessed(output);

  it("maps rows to original file:line through the line markers", () => {
    const row = pp.text.split("\n").indexOf("struct S { int x; };");
    expect(originOf(pp, row, 7)).toEqual({ file: "a.h", line: 4, column: 8 });
    const sysRow = pp.text.split("\n").indexOf("typedef int s;");
    expect(pp.rows[sysRow]).toEqual({ file: "/usr/include/sys.h", line: 1, system: true });
    expect(pp.includedBy.get("/usr/include/sys.h")).toBe("a.h");
  });

  it("keeps defines of real files only, and tells function-like ones apart", () => {
    expect(pp.macros.map((m) => [m.name, m.body, m.functionLike, m.loc.line])).toEqual([
      ["A", "1", false, 1],
      ["F", "", true, 2],
    ]);
  });

  it("tracks #pragma pack push/pop by row", () => {
    const row = pp.text.split("\n").indexOf("struct S { int x; };");
    expect(packAt(pp, row)).toBe(2);
    expect(packAt(pp, row + 2)).toBeUndefined();
  });
});

describe("parseIntLiteral", () => {
  it.each([
    ["42", 42n],
    ["0x7fffffffffffffffLL", 9223372036854775807n],
    ["0755", 493n],
    ["0b101", 5n],
    ["10u", 10n],
    ["-1", -1n],
    ["0", 0n],
  ])("%s", (text, value) => expect(parseIntLiteral(text)).toBe(value));
  it("refuses expressions", () => expect(parseIntLiteral("1 << 4")).toBeUndefined());
});

describe("parseDocComment", () => {
  it("splits prose and tags, keeping bracket arguments and continuation lines", () => {
    const doc = parseDocComment("Does a thing.\n\nMore text.\n@param[in,out] buf The buffer,\n  continued.\n@owned return free_it\n\\param n count");
    expect(doc).toEqual({
      text: "Does a thing.\n\nMore text.",
      tags: [
        { tag: "param", arg: "in,out", text: "buf The buffer, continued." },
        { tag: "owned", text: "return free_it" },
        { tag: "param", text: "n count" },
      ],
    });
  });
});

describe("lowering", () => {
  it("reads const at every level of `const char *const *`", async () => {
    const decls = await parseSource("void f(const char *const *argv);\n");
    const p = (decls.get("function:f") as FunctionDecl).params[0].type;
    expect(p).toEqual({ kind: "pointer", pointee: { kind: "pointer", const: true, pointee: { kind: "int", cName: "char", size: 1, signed: true, isChar: true, const: true } } });
  });

  it("lowers a function returning a function pointer and array parameters decaying to pointers", async () => {
    const decls = await parseSource("int (*pick(int which))(double);\nvoid g(int m[3][4]);\n");
    const pick = decls.get("function:pick") as FunctionDecl;
    expect(pick.returns).toMatchObject({ kind: "pointer", pointee: { kind: "function", params: [{ name: "", type: { kind: "float", cName: "double" } }] } });
    const g = decls.get("function:g") as FunctionDecl;
    expect(g.params[0].type).toMatchObject({ kind: "pointer", pointee: { kind: "array", length: 4 } });
  });

  it("names anonymous members after their parent and field", async () => {
    const decls = await parseSource("struct Outer { union { int a; float b; }; struct { int c; } named; };\n");
    expect(decls.has("union:Outer_anon0")).toBe(true);
    expect(decls.has("struct:Outer_named")).toBe(true);
    const outer = decls.get("struct:Outer") as RecordDecl;
    expect(outer.fields.map((f) => f.name)).toEqual(["", "named"]);
  });

  it("keeps static inline functions with inline: true and reads __asm__ labels without failing", async () => {
    const decls = await parseSource('static inline int twice(int x) { return 2 * x; }\nint real(void) __asm__("real_v2") __attribute__((nonnull));\n');
    expect((decls.get("function:twice") as FunctionDecl).inline).toBe(true);
    expect((decls.get("function:real") as FunctionDecl).inline).toBe(false);
  });

  it("evaluates array sizes given by expressions with the compiler", async () => {
    const decls = await parseSource("#define N 3\nenum { M = N * 2 };\nstruct B { char data[M + 1][sizeof(int)]; };\n");
    const b = decls.get("struct:B") as RecordDecl;
    expect(b.fields[0].type).toMatchObject({ kind: "array", length: 7, element: { kind: "array", length: 4 } });
    expect(b.layout).toEqual({ size: 28, align: 1 });
  });

  it("resolves typedef chains of <stdint.h> to builtins marked system", async () => {
    const decls = await parseSource("#include <stdint.h>\nuint16_t h(void);\n");
    const t = decls.get("typedef:uint16_t") as TypedefDecl;
    expect(t.system).toBe(true);
    expect(t.loc.file).toMatch(/^<.*stdint.*\.h>$/);
  });
});
