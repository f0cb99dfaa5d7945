// The nullability rule (emit/common/nullability.ts) on hand-built IR, both branches: a module with
// no `@nullable` anywhere lets pointer parameters take null in the plans, the napi/cpython C and
// their .d.ts/.pyi; a module that documents nullability keeps untagged pointers non-null.

import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../diag.js";
import { planFunction } from "../emit/common/node-signature.js";
import { documentsNullability, pointerAcceptsNull } from "../emit/common/nullability.js";
import { DeclIndex } from "../emit/common/resolve.js";
import { cpythonBackend } from "../emit/cpython/index.js";
import { napiBackend } from "../emit/napi/index.js";
import type { Decl, FunctionDecl, IrModule } from "../ir/types.js";
import { cchar, fn, int, param, ptr, ref } from "./emit-koffi-ir.js";

const loc = { file: "t.h", line: 1, column: 1 };
const i32 = int(4, true, "int");
const handle = ptr(ref("struct:db"));

/** `db_open(const char *name, int n)`, `db_use(db *h, const char *key)`, `db_close(db *h)`; `documented` tags `key` and `db_close.h`. */
function module(documented: boolean): IrModule {
  const tag = documented ? { nullable: true } : {};
  const decls: Decl[] = [
    { kind: "struct", id: "struct:db", name: "db", loc, complete: false, anonymous: false, fields: [] },
    fn("db_open", i32, [param("name", ptr(cchar)), param("n", i32)]),
    fn("db_use", i32, [param("h", handle), param("key", ptr(cchar), tag)]),
    fn("db_close", i32, [param("h", handle, tag)]),
  ];
  return { irVersion: 1, name: "t", inputs: ["t.h"], lib: "./libt.so", target: { triple: "x86_64-linux-gnu", pointerSize: 8, longSize: 8, charSigned: true }, decls };
}

const opts = { name: "t", lib: "./libt.so", inputs: ["t.h"], toolVersion: "9.9.9" };

function emitted(ir: IrModule): Map<string, string> {
  const files = [...napiBackend.emit(ir, opts, new DiagnosticSink()), ...cpythonBackend.emit(ir, opts, new DiagnosticSink())];
  return new Map(files.map((f) => [f.path, f.contents]));
}

/** The lines of `text` that mention `needle`. */
const linesWith = (text: string | undefined, needle: string): string[] => (text ?? "").split("\n").filter((l) => l.includes(needle));

/** Per function, per parameter: whether the plan lets the caller pass null. */
function planned(ir: IrModule): Record<string, boolean[]> {
  const index = new DeclIndex(ir);
  const out: Record<string, boolean[]> = {};
  for (const d of ir.decls.filter((x): x is FunctionDecl => x.kind === "function")) {
    const plan = planFunction(d, index);
    if ("skip" in plan) throw new Error(plan.skip);
    out[d.name] = plan.params.map((p) => p.nullable);
  }
  return out;
}

describe("nullability rule: module without @nullable (zlib.h, sqlite3.h, lmdb.h style)", () => {
  const ir = module(false);
  const files = emitted(ir);

  it("finds no documentation and lets every pointer parameter (never an int) take null", () => {
    expect(documentsNullability(ir)).toBe(false);
    expect(pointerAcceptsNull(param("x", handle), ir)).toBe(true);
    expect(planned(ir)).toEqual({ db_open: [true, false], db_use: [true, true], db_close: [true] });
  });

  it("napi: strings and handles accept null/undefined, a closed handle is still refused, the .d.ts says | null", () => {
    const c = files.get("t_napi.c");
    expect(linesWith(c, 'omb_get_str(env, argv[0], true, &s0, "db_open", "name")')).toHaveLength(1);
    const use = linesWith(c, 'omb_get_handle(env, argv[0], &omb_tag_db, true, &b, &t, "db_use", "h", "must be a db handle or null")');
    expect(use.length).toBeGreaterThan(0);
    expect(use.every((l) => l.includes('if (b != NULL && t == NULL) { omb_fail(env, OMB_ERROR, "db_use", "h", "is a closed handle"); goto done; }'))).toBe(true);
    const dts = files.get("t.napi.d.ts");
    expect(linesWith(dts, "  db_open(")).toEqual(["  db_open(name: string | null, n: number): number;"]);
    expect(linesWith(dts, "  db_use(")).toEqual(["  db_use(h: db | null, key: string | null): number;"]);
  });

  it("cpython: strings and handles accept None, a closed handle is still refused, the .pyi says | None", () => {
    const c = files.get("t_cpython.c");
    expect(linesWith(c, 'omb_get_str(args[0], 1, &t, "db_open", "name")')).toHaveLength(1);
    const use = linesWith(c, 'omb_get_handle(args[0], omb_handle_db, 1, &b, &t, "db_use", "h", "must be db or None")');
    expect(use).toHaveLength(1);
    expect(use[0]).toContain('if (b != NULL && t == NULL) { omb_fail(PyExc_ValueError, "db_use", "h", "is a closed handle"); goto done; }');
    const pyi = files.get("t_cpython.pyi");
    expect(linesWith(pyi, "def db_open(")).toEqual(["    def db_open(self, name: str | bytes | None, n: int, /) -> int: ..."]);
    expect(linesWith(pyi, "def db_use(")).toEqual(["    def db_use(self, h: db | None, key: str | bytes | None, /) -> int: ..."]);
  });
});

describe("nullability rule: module that documents nullability (include/omendb_ffi.h style)", () => {
  const ir = module(true);
  const files = emitted(ir);

  it("keeps untagged pointers non-null and tagged ones nullable", () => {
    expect(documentsNullability(ir)).toBe(true);
    expect(pointerAcceptsNull(param("x", handle), ir)).toBe(false);
    expect(pointerAcceptsNull(param("x", handle, { nullable: true }), ir)).toBe(true);
    expect(planned(ir)).toEqual({ db_open: [false, false], db_use: [false, true], db_close: [true] });
  });

  it("counts a `@nullable return` as documentation too", () => {
    const ir2 = module(false);
    ir2.decls.push(fn("db_name", ptr(cchar), [param("h", handle)], { returnNullable: true }));
    expect(documentsNullability(ir2)).toBe(true);
    expect(planned(ir2).db_use).toEqual([false, false]);
  });

  it("napi: untagged string and handle refuse null; a tagged handle takes null with no closed-handle guard", () => {
    const c = files.get("t_napi.c");
    expect(linesWith(c, 'omb_get_str(env, argv[0], false, &s0, "db_open", "name")')).toHaveLength(1);
    expect(linesWith(c, 'omb_get_handle(env, argv[0], &omb_tag_db, false, &b, &t, "db_use", "h", "must be a db handle")').length).toBeGreaterThan(0);
    expect(linesWith(c, 'omb_get_str(env, argv[1], true, &s1, "db_use", "key")')).toHaveLength(1);
    const close = linesWith(c, '&omb_tag_db, true, &b, &t, "db_close", "h"');
    expect(close.length).toBeGreaterThan(0);
    expect(close.some((l) => l.includes("is a closed handle"))).toBe(false);
    expect(linesWith(c, "is a closed handle").filter((l) => l.includes("omb_fail(env, OMB_ERROR, \"db_"))).toEqual([]);
    const dts = files.get("t.napi.d.ts");
    expect(linesWith(dts, "  db_open(")).toEqual(["  db_open(name: string, n: number): number;"]);
    expect(linesWith(dts, "  db_use(")).toEqual(["  db_use(h: db, key: string | null): number;"]);
  });

  it("cpython: untagged string and handle refuse None; the .pyi types them without | None", () => {
    const c = files.get("t_cpython.c");
    expect(linesWith(c, 'omb_get_str(args[0], 0, &t, "db_open", "name")')).toHaveLength(1);
    expect(linesWith(c, 'omb_get_handle(args[0], omb_handle_db, 0, &b, &t, "db_use", "h", "must be db")')).toHaveLength(1);
    expect(linesWith(c, "is a closed handle\"); goto done; }")).toEqual([]);
    const pyi = files.get("t_cpython.pyi");
    expect(linesWith(pyi, "def db_open(")).toEqual(["    def db_open(self, name: str | bytes, n: int, /) -> int: ..."]);
    expect(linesWith(pyi, "def db_use(")).toEqual(["    def db_use(self, h: db, key: str | bytes | None, /) -> int: ..."]);
  });
});
