// `union __attribute__((…)) U { … }`: the rewrite that lets tree-sitter-c read it, and the IR
// the generator makes from it (packing and layout as gcc computes them).

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RecordDecl } from "../ir/types.js";
import { parseHeaders } from "../parse/index.js";
import { hoistUnionAttributes } from "../parse/union-attributes.js";

describe("hoistUnionAttributes", () => {
  it("moves attributes between `union` and the tag behind the closing brace, keeping rows", () => {
    const text = "union __attribute__((packed)) U {\n  char a;\n  int b;\n};";
    const out = hoistUnionAttributes(text);
    expect(out).toBe("union                         U {\n  char a;\n  int b;\n} __attribute__((packed));");
    expect(out.split("\n").length).toBe(text.split("\n").length);
  });

  it("handles several specifiers, nested parentheses, anonymous and nested unions", () => {
    const text = "typedef union __attribute__((packed)) __attribute__((aligned(2))) { union { char c; } in; int x; } T;";
    const out = hoistUnionAttributes(text);
    expect(out.indexOf("{")).toBe(text.indexOf("{"));
    expect(out.replace(/ +/g, " ")).toBe("typedef union { union { char c; } in; int x; } __attribute__((packed)) __attribute__((aligned(2))) T;");
  });

  it("drops the attribute of a union without a body and leaves other text alone", () => {
    expect(hoistUnionAttributes("union __attribute__((packed)) U *p; struct __attribute__((packed)) S { int a; };")).toBe(
      "union                         U *p; struct __attribute__((packed)) S { int a; };",
    );
    const plain = "union U { int a; } __attribute__((packed)); int reunion; union V v;";
    expect(hoistUnionAttributes(plain)).toBe(plain);
  });
});

describe("a packed union written with the attribute before its tag", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bindgen-union-attr-"));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("parses without errors and gets gcc's layout (size 5, alignment 1)", async () => {
    const header = path.join(tmp, "u.h");
    fs.writeFileSync(header, "union __attribute__((packed)) U {\n  char a[5];\n  int b;\n};\nint use_u(union U *u);\n");
    const { ir, diag } = await parseHeaders({ header, outDir: tmp });
    expect(diag.items.filter((d) => d.severity === "error")).toEqual([]);
    const u = ir!.decls.find((d) => d.id === "union:U") as RecordDecl;
    expect(u.packed).toBe(true);
    expect(u.loc.line).toBe(1);
    expect(u.layout?.size).toBe(5);
    expect(u.layout?.align).toBe(1);
  });
});
