// Real public headers through the napi target: generate zlib.h and sqlite3.h with the CLI
// (`--targets napi`), build the addons with cc -Wall -Wextra -Werror, import the generated loader
// and call the real libraries; what the compiled tier cannot express must be the expected skip list.

import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { generatedRoot } from "./support/sink.js";
import { EXPECTED_SKIPS, generateAndBuild, installed, type RealBuild, SQLITE3, typeCheckNapi, ZLIB } from "./support/realheaders-compiled.js";

const outRoot = join(generatedRoot, "realheaders-napi");
type Fn = (...args: unknown[]) => unknown;

/** Generates, builds and loads one header's addon through its generated loader. */
async function loadAddon(built: RealBuild, name: string): Promise<{ lib: Record<string, Fn>; mod: Record<string, unknown> }> {
  if (!built.build.ok) throw new Error(built.build.diagnostic);
  const mod = (await import(pathToFileURL(join(built.dir, `${name}.napi.js`)).href)) as Record<string, unknown> & { load(): Record<string, Fn> };
  return { lib: mod.load(), mod };
}

if (!installed(ZLIB) || !installed(SQLITE3)) console.warn("SKIP real-header napi tests: install zlib1g-dev and libsqlite3-dev (.ci/run does)");

describe.skipIf(!installed(ZLIB))("zlib.h via the napi target", () => {
  let built: RealBuild;
  let z: Record<string, Fn>;
  let Z_OK: number;
  let Z_DATA_ERROR: number;
  beforeAll(async () => {
    built = generateAndBuild(ZLIB, "napi", outRoot);
    const { lib, mod } = await loadAddon(built, "zlib");
    z = lib;
    Z_OK = mod.Z_OK as number;
    Z_DATA_ERROR = mod.Z_DATA_ERROR as number;
  }, 120_000);

  it("builds with -Wall -Wextra -Werror and skips only variadics, callbacks and va_list", () => {
    expect(built.build).toMatchObject({ ok: true });
    expect(built.skips).toEqual(EXPECTED_SKIPS.zlib);
    expect(built.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("answers zlibVersion, compressBound, crc32, adler32 and zError with zlib's values", () => {
    expect(z.zlibVersion?.()).toMatch(/^1\.\d+\.\d+/);
    expect(z.compressBound?.(100)).toBe(113n);
    const hello = new TextEncoder().encode("hello");
    expect(z.crc32?.(0, hello, 5)).toBe(0x3610a686n);
    expect(z.adler32?.(1, hello, 5)).toBe(0x062c0215n);
    expect(z.zError?.(Z_DATA_ERROR)).toBe("data error");
  });

  it("round-trips compress2 and uncompress through caller buffers", () => {
    const input = new TextEncoder().encode("omendb ".repeat(500));
    const bound = Number(z.compressBound?.(input.length));
    const packed = new Uint8Array(bound);
    const packedLen = new BigUint64Array([BigInt(bound)]);
    expect(z.compress2?.(packed, packedLen, input, input.length, 9)).toBe(Z_OK);
    expect(Number(packedLen[0])).toBeGreaterThan(0);
    expect(Number(packedLen[0])).toBeLessThan(input.length / 10);
    const back = new Uint8Array(input.length);
    const backLen = new BigUint64Array([BigInt(input.length)]);
    expect(z.uncompress?.(back, backLen, packed, packedLen[0])).toBe(Z_OK);
    expect(backLen[0]).toBe(BigInt(input.length));
    expect(Buffer.from(back).equals(Buffer.from(input))).toBe(true);
  });

  it("declares a typed surface that tsc --strict accepts in use", () => {
    const use = [
      'import { load, Z_OK } from "./zlib.napi.js";',
      "const z = load();",
      "const bound: bigint = z.compressBound(100);",
      "const dest = new Uint8Array(Number(bound));",
      "const destLen = new BigUint64Array([bound]);",
      "const ok: boolean = z.compress2(dest, destLen, new Uint8Array(4), 4, 9) === Z_OK;",
      "const version: string | null = z.zlibVersion();",
      "export { ok, version };",
      "",
    ].join("\n");
    expect(typeCheckNapi(built.dir, use)).toBe("");
  });

  it("passes null as NULL for a buffer of this unannotated header (crc32 → 0, adler32 → 1 per zlib's docs)", () => {
    expect(z.crc32?.(12345, null, 0)).toBe(0n);
    expect(z.adler32?.(7, undefined, 0)).toBe(1n);
  });

  it("refuses wrong argument types and counts with TypeError, not a crash", () => {
    expect(() => z.crc32?.(0, "hello", 5)).toThrow(TypeError);
    expect(() => z.compressBound?.()).toThrow(TypeError);
    expect(() => z.compressBound?.(-1)).toThrow(RangeError);
  });
});

describe.skipIf(!installed(SQLITE3))("sqlite3.h via the napi target", () => {
  let built: RealBuild;
  let s: Record<string, Fn>;
  let C: Record<string, number>;
  beforeAll(async () => {
    built = generateAndBuild(SQLITE3, "napi", outRoot);
    const { lib, mod } = await loadAddon(built, "sqlite3");
    s = lib;
    C = { OK: mod.SQLITE_OK as number, ERROR: mod.SQLITE_ERROR as number, ROW: mod.SQLITE_ROW as number, DONE: mod.SQLITE_DONE as number, OPEN_READWRITE: mod.SQLITE_OPEN_READWRITE as number, OPEN_CREATE: mod.SQLITE_OPEN_CREATE as number };
  }, 120_000);

  const call = (name: string, ...args: unknown[]): unknown => {
    const f = s[name];
    if (f === undefined) throw new Error(`${name} is not bound`);
    return f(...args);
  };
  /** Prepares `sql`, steps it to the end and finalizes; returns the last step's code. */
  const run = (db: unknown, sql: string): unknown => {
    const stmt: [unknown] = [null];
    expect(call("sqlite3_prepare_v2", db, sql, -1, stmt, null)).toBe(C.OK);
    const code = call("sqlite3_step", stmt[0]);
    expect(call("sqlite3_finalize", stmt[0])).toBe(C.OK);
    return code;
  };

  it("builds with -Wall -Wextra -Werror and skips only variadics, callbacks (sqlite3_exec among them) and va_list", () => {
    expect(built.build).toMatchObject({ ok: true });
    expect(built.skips).toEqual(EXPECTED_SKIPS.sqlite3);
    expect(Object.keys(s)).not.toContain("sqlite3_exec");
  });

  it("declares a typed surface (branded handles in slots) that tsc --strict accepts in use", () => {
    const use = [
      'import { load, SQLITE_OK, type sqlite3, type sqlite3_stmt } from "./sqlite3.napi.js";',
      "const s = load();",
      "const slot: [sqlite3 | null] = [null];",
      'const opened: boolean = s.sqlite3_open(":memory:", slot) === SQLITE_OK;',
      "const db = slot[0];",
      "const message: string | null = db === null ? null : s.sqlite3_errmsg(db);",
      "const stmt: [sqlite3_stmt | null] = [null];",
      'const prepared = db !== null && s.sqlite3_prepare_v2(db, "SELECT 1", -1, stmt, null) === SQLITE_OK;',
      "const one: bigint | null = prepared && stmt[0] !== null ? s.sqlite3_column_int64(stmt[0], 0) : null;",
      "const v2: [sqlite3 | null] = [null];",
      'const openedV2: boolean = s.sqlite3_open_v2(":memory:", v2, 6, null) === SQLITE_OK;',
      "const closedNull: number = s.sqlite3_close(null);",
      "export { opened, message, one, openedV2, closedNull };",
      "",
    ].join("\n");
    expect(typeCheckNapi(built.dir, use)).toBe("");
  });

  it("reports the library version", () => {
    expect(call("sqlite3_libversion")).toMatch(/^3\.\d+\.\d+/);
    expect(call("sqlite3_libversion_number")).toBeGreaterThan(3_000_000);
  });

  it("opens :memory:, creates, inserts with bound values, reads back and closes", () => {
    const dbOut: [unknown] = [null];
    expect(call("sqlite3_open", ":memory:", dbOut)).toBe(C.OK);
    const db = dbOut[0];
    expect(db).not.toBeNull();
    expect(run(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, x REAL, name TEXT)")).toBe(C.DONE);
    expect(run(db, "INSERT INTO t VALUES (7, 0.5, 'seven'), (8, 2.25, 'eight')")).toBe(C.DONE);
    expect(call("sqlite3_changes", db)).toBe(2);

    const stmtOut: [unknown] = [null];
    expect(call("sqlite3_prepare_v2", db, "SELECT id, x, name FROM t WHERE id >= ? AND x < ? ORDER BY id", -1, stmtOut, null)).toBe(C.OK);
    const stmt = stmtOut[0];
    expect(call("sqlite3_bind_int64", stmt, 1, 8n)).toBe(C.OK);
    expect(call("sqlite3_bind_double", stmt, 2, 3.0)).toBe(C.OK);
    expect(call("sqlite3_column_count", stmt)).toBe(3);
    expect(call("sqlite3_column_name", stmt, 2)).toBe("name");
    expect(call("sqlite3_step", stmt)).toBe(C.ROW);
    expect(call("sqlite3_column_int64", stmt, 0)).toBe(8n);
    expect(call("sqlite3_column_double", stmt, 1)).toBe(2.25);
    expect(call("sqlite3_column_bytes", stmt, 2)).toBe("eight".length);
    expect(call("sqlite3_step", stmt)).toBe(C.DONE);
    expect(call("sqlite3_finalize", stmt)).toBe(C.OK);
    expect(call("sqlite3_errmsg", db)).toBe("not an error");
    expect(call("sqlite3_close", db)).toBe(C.OK);
  });

  it("returns SQLITE_ERROR and the message for bad SQL", () => {
    const dbOut: [unknown] = [null];
    expect(call("sqlite3_open", ":memory:", dbOut)).toBe(C.OK);
    const stmtOut: [unknown] = [null];
    expect(call("sqlite3_prepare_v2", dbOut[0], "SELEC 1", -1, stmtOut, null)).toBe(C.ERROR);
    expect(stmtOut[0]).toBeNull();
    expect(call("sqlite3_errmsg", dbOut[0])).toMatch(/syntax error/);
    expect(call("sqlite3_close", dbOut[0])).toBe(C.OK);
  });

  it("passes null as NULL for strings and handles of this unannotated header (zVfs, close/finalize of NULL)", () => {
    const dbOut: [unknown] = [null];
    const flags = (C.OPEN_READWRITE ?? 0) | (C.OPEN_CREATE ?? 0);
    expect(flags).toBe(6);
    expect(call("sqlite3_open_v2", ":memory:", dbOut, flags, null)).toBe(C.OK);
    expect(dbOut[0]).not.toBeNull();
    expect(run(dbOut[0], "SELECT 1")).toBe(C.ROW);
    expect(call("sqlite3_close", dbOut[0])).toBe(C.OK);
    expect(call("sqlite3_close", null)).toBe(C.OK);
    expect(call("sqlite3_finalize", undefined)).toBe(C.OK);
  });

  it("refuses a handle of the wrong type with TypeError", () => {
    const dbOut: [unknown] = [null];
    expect(call("sqlite3_open", ":memory:", dbOut)).toBe(C.OK);
    expect(() => call("sqlite3_step", dbOut[0])).toThrow(TypeError);
    expect(() => call("sqlite3_close", 42)).toThrow(TypeError);
    expect(call("sqlite3_close", dbOut[0])).toBe(C.OK);
  });
});
