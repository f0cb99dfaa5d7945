// Probe emitter and the shared C/Python naming helpers: key lines of the generated probe
// (hand-built IR), the C declarator renderer on the shapes where concatenation goes wrong,
// and the embedded standard-library module list against the venv's live interpreter.

import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../diag.js";
import type { TypeRef } from "../ir/types.js";
import { DeclIndex, defaultRefSpeller, renderDecl } from "../emit/common/cdecl.js";
import { assignNames, fmtLibraryEnvVar, fmtPyGlobal, fmtPyIdent, fmtPyModuleStem } from "../emit/common/python-names.js";
import { PYTHON_STDLIB_MODULES } from "../emit/common/python-stdlib.js";
import { probeBackend } from "../emit/probe/index.js";
import { i32, sampleIr, sampleOptions } from "./emit-ctypes-sample-ir.js";

const root = resolve(import.meta.dirname, "../..");

describe("probe emitter (hand-built IR)", () => {
  const files = probeBackend.emit(sampleIr(), sampleOptions, new DiagnosticSink());
  const c = files[0].contents;

  it("writes one C file including the header by name", () => {
    expect(files.map((f) => f.path)).toEqual(["sample_probe.c"]);
    expect(c).toContain('#include "sample.h"');
    expect(c).not.toMatch(/\/(work|tmp|home)\//);
  });

  it("prints sizes, alignments and offsets, walking into anonymous members", () => {
    expect(c).toContain("sizeof(struct Tagged), (size_t)_Alignof(struct Tagged)");
    expect(c).toContain('offsetof(struct Tagged, i)');
    expect(c).toContain("sizeof(Range), (size_t)_Alignof(Range)");
    expect(c).not.toContain("Tagged_anon0");
  });

  it("finds bit-field positions at run time with all-ones values of the right signedness", () => {
    expect(c).toContain("struct Flags probe_Flags_a;");
    expect(c).toContain("probe_Flags_a.a = (1ULL << 3) - 1;");
    expect(c).toContain("probe_Flags_c.c = -1;");
  });

  it("prints enumerators and macros with their signedness", () => {
    expect(c).toContain('printf("\\"%lld\\"", (long long)(COLOR_BLUE));');
    expect(c).toContain('printf("\\"%llu\\"", (unsigned long long)(SAMPLE_BIG));');
    expect(c).toContain("probe_print_double((double)(SAMPLE_PI));");
    expect(c).toContain("probe_print_string(SAMPLE_NAME);");
  });
});

describe("C declarators", () => {
  const index = new DeclIndex(sampleIr());
  const spell = defaultRefSpeller(index);
  const ptr = (pointee: TypeRef, isConst = false): TypeRef => ({ kind: "pointer", pointee, ...(isConst ? { const: true } : {}) });
  const fn: TypeRef = { kind: "function", returns: i32, params: [{ name: "", type: ptr({ kind: "void" }) }, { name: "v", type: i32 }], variadic: false };

  it("renders pointers to functions and arrays with parentheses", () => {
    expect(renderDecl(ptr(fn), "cb", spell)).toBe("int32_t (*cb)(void *, int32_t v)");
    expect(renderDecl(ptr({ kind: "array", element: i32, length: 4 }), "rows", spell)).toBe("int32_t (*rows)[4]");
    expect(renderDecl({ kind: "array", element: ptr(fn), length: 2 }, "table", spell)).toBe("int32_t (*table[2])(void *, int32_t v)");
  });

  it("keeps const on the pointee and on the pointer", () => {
    const cchar: TypeRef = { kind: "int", cName: "char", size: 1, signed: true, isChar: true, const: true };
    expect(renderDecl(ptr(cchar, true), "p", spell)).toBe("const char *const p");
    expect(renderDecl(ptr(cchar), "", spell)).toBe("const char *");
  });

  it("spells records by tag, anonymous ones by their typedef", () => {
    expect(renderDecl({ kind: "ref", id: "struct:Node" }, "n", spell)).toBe("struct Node n");
    expect(renderDecl({ kind: "ref", id: "struct:Range::anon" }, "r", spell)).toBe("Range r");
  });
});

describe("Python names", () => {
  it("escapes keywords and builtins, and assigns collisions in sorted order", () => {
    expect(fmtPyIdent("class")).toBe("class_");
    expect(fmtPyIdent("len")).toBe("len_");
    const a = assignNames([{ key: "b", wanted: "x" }, { key: "a", wanted: "x" }]);
    expect([a.get("a"), a.get("b")]).toEqual(["x", "x_"]);
    const reversed = assignNames([{ key: "a", wanted: "x" }, { key: "b", wanted: "x" }]);
    expect(reversed).toEqual(a);
    expect(assignNames([{ key: "t", wanted: "__va_list_tag" }], [], fmtPyGlobal).get("t")).toBe("C__va_list_tag");
    expect(assignNames([{ key: "f", wanted: "__count" }]).get("f")).toBe("__count");
  });

  it("renames modules that shadow the standard library and derives the env variable", () => {
    expect(fmtPyModuleStem("zlib")).toBe("zlib_c");
    expect(fmtPyModuleStem("sqlite3")).toBe("sqlite3_c");
    expect(fmtPyModuleStem("omendb_ffi")).toBe("omendb_ffi");
    expect(fmtLibraryEnvVar("omendb-ffi")).toBe("OMENDB_FFI_LIBRARY_PATH");
  });

  it("the embedded stdlib list equals the venv interpreter's sys.stdlib_module_names", () => {
    const python = execFileSync("bash", [join(root, "scripts/ensure-venv.sh")], { encoding: "utf8" }).trim();
    const live = JSON.parse(execFileSync(python, ["-c", "import json, sys; print(json.dumps(sorted(sys.stdlib_module_names)))"], { encoding: "utf8" }));
    expect([...PYTHON_STDLIB_MODULES]).toEqual(live);
  });
});
