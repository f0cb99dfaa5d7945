// The front end on real headers we did not write: zlib.h (--lib z) and sqlite3.h (--lib
// sqlite3) must give IR without errors and with known declarations, values and layouts; and
// include/omendb_ffi.h (symbol check only when the library has been built). Prints timings.

import fs from "node:fs";
import { describe, expect, it } from "vitest";
import type { ConstDecl, Decl, FunctionDecl, RecordDecl } from "../ir/types.js";
import { validateIr } from "../ir/validate.js";
import { parseHeaders } from "../parse/index.js";

async function parseTimed(header: string, lib: string | undefined, checkSymbols = true) {
  const started = performance.now();
  const result = await parseHeaders({ header, lib, outDir: ".", checkSymbols });
  const ms = performance.now() - started;
  console.log(`${header}: ${result.ir?.decls.length ?? 0} declarations, ${result.diag.warnings.length} warnings, parse+IR ${ms.toFixed(0)} ms`);
  expect(result.diag.items.filter((d) => d.severity === "error")).toEqual([]);
  expect(validateIr(result.ir)).toEqual([]);
  return new Map<string, Decl>(result.ir!.decls.map((d) => [d.id, d]));
}

describe.skipIf(!fs.existsSync("/usr/include/zlib.h"))("zlib.h", () => {
  it("has deflate, crc32, z_stream (112 bytes) and the version macros", async () => {
    const decls = await parseTimed("/usr/include/zlib.h", "z");
    expect(decls.has("function:deflate")).toBe(true);
    expect((decls.get("function:crc32") as FunctionDecl).params.map((p) => p.name)).toEqual(["crc", "buf", "len"]);
    expect((decls.get("struct:z_stream_s") as RecordDecl).layout).toEqual({ size: 112, align: 8 });
    expect((decls.get("const:Z_OK") as ConstDecl).value).toEqual({ kind: "int", value: "0", size: 4, signed: true });
    expect((decls.get("const:Z_NEED_DICT") as ConstDecl).value.kind).toBe("int");
    expect((decls.get("const:ZLIB_VERSION") as ConstDecl).value.kind).toBe("string");
    expect(decls.get("typedef:uLong")?.system).toBeUndefined();
    expect(decls.get("typedef:size_t")?.system).toBe(true);
    expect([...decls.values()].filter((d) => d.kind === "function").length).toBeGreaterThan(70);
  });
});

describe.skipIf(!fs.existsSync("/usr/include/sqlite3.h"))("sqlite3.h", () => {
  it("has sqlite3_open, sqlite3_prepare_v2 and SQLITE_OK = 0, with a variadic sqlite3_mprintf", async () => {
    const decls = await parseTimed("/usr/include/sqlite3.h", "sqlite3");
    expect(decls.has("function:sqlite3_open")).toBe(true);
    expect((decls.get("function:sqlite3_prepare_v2") as FunctionDecl).params).toHaveLength(5);
    expect((decls.get("const:SQLITE_OK") as ConstDecl).value).toMatchObject({ kind: "int", value: "0" });
    expect((decls.get("const:SQLITE_IOERR_READ") as ConstDecl).value).toMatchObject({ value: String(10 | (1 << 8)) });
    expect((decls.get("function:sqlite3_mprintf") as FunctionDecl).variadic).toBe(true);
    expect(decls.get("struct:sqlite3")).toMatchObject({ complete: false });
    expect(decls.has("const:SQLITE_TRANSIENT")).toBe(false);
  });
});

describe("include/omendb_ffi.h", () => {
  const lib = "native/target/release/libomendb.so";
  const built = fs.existsSync(lib);
  if (!built) console.log(`${lib} not built: parsing omendb_ffi.h without the exported-symbol check`);
  it("keeps every documented function with its ownership notes", async () => {
    const decls = await parseTimed("include/omendb_ffi.h", lib, built);
    const get = decls.get("function:omendb_storage_get") as FunctionDecl;
    expect(get.params.find((p) => p.name === "value")).toMatchObject({ direction: "out", freeWith: "omendb_buffer_free", lengthParam: "len" });
    expect((decls.get("function:omendb_abi_hash") as FunctionDecl).abiCheck).toBe("OMENDB_ABI_HASH");
    expect((decls.get("struct:OmenResult") as RecordDecl).layout).toEqual({ size: 32, align: 8 });
    expect((decls.get("const:OMENDB_VERSION") as ConstDecl).value.kind).toBe("string");
    expect(decls.get("struct:OmenDB")).toMatchObject({ complete: false });
  });
});
