// Real public headers through the generated koffi bindings: generate zlib.h and sqlite3.h
// with the CLI, import the generated modules, and call the real libraries.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import koffi from "koffi";
import { beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const outRoot = join(root, "codegen", "test", "generated", "realheaders-koffi");

function generate(header: string, lib: string, out: string): void {
  mkdirSync(out, { recursive: true });
  const run = spawnSync(process.execPath, [join(root, "bin", "omendb-bindgen.mjs"), header, "--lib", lib, "--out", out, "--targets", "koffi"], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`omendb-bindgen ${header} failed (${run.status}):\n${run.stderr}`);
}

const haveZlib = existsSync("/usr/include/zlib.h");
const haveSqlite = existsSync("/usr/include/sqlite3.h");
if (!haveZlib || !haveSqlite) console.warn("SKIP real-header koffi tests: install zlib1g-dev and libsqlite3-dev (.ci/run does)");

describe.skipIf(!haveZlib)("zlib.h via koffi", () => {
  // Loaded lazily: the module exists only after generation.
  let z: { compressBound(n: number | bigint): bigint; crc32(c: number | bigint, b: Uint8Array | null, n: number): bigint; compress(...a: unknown[]): number; uncompress(...a: unknown[]): number; zlibVersion(): string | null };
  let Z_OK: number;
  beforeAll(async () => {
    const out = join(outRoot, "zlib");
    generate("/usr/include/zlib.h", "z", out);
    const mod = await import(pathToFileURL(join(out, "zlib.koffi.ts")).href);
    z = mod.load();
    Z_OK = mod.Z_OK;
  }, 120_000);

  it("computes crc32 of a known string", () => {
    expect(z.crc32(0, new TextEncoder().encode("hello"), 5)).toBe(0x3610a686n);
  });

  it("round-trips compress and uncompress", () => {
    const input = new TextEncoder().encode("omendb ".repeat(500));
    const bound = Number(z.compressBound(input.length));
    expect(bound).toBeGreaterThan(input.length);
    const packed = new Uint8Array(bound);
    const packedLen = new BigUint64Array([BigInt(bound)]);
    expect(z.compress(packed, packedLen, input, input.length)).toBe(Z_OK);
    expect(Number(packedLen[0])).toBeLessThan(input.length / 10);
    const back = new Uint8Array(input.length);
    const backLen = new BigUint64Array([BigInt(input.length)]);
    expect(z.uncompress(back, backLen, packed, packedLen[0])).toBe(Z_OK);
    expect(Number(backLen[0])).toBe(input.length);
    expect(Buffer.from(back).equals(Buffer.from(input))).toBe(true);
    expect(z.zlibVersion()).toMatch(/^1\.\d+/);
  });
});

describe.skipIf(!haveSqlite)("sqlite3.h via koffi", () => {
  type Handle = bigint & { readonly __brand: string };
  let s: Record<string, (...a: never[]) => unknown>;
  let C: Record<string, number>;
  beforeAll(async () => {
    const out = join(outRoot, "sqlite3");
    generate("/usr/include/sqlite3.h", "sqlite3", out);
    const mod = await import(pathToFileURL(join(out, "sqlite3.koffi.ts")).href);
    s = mod.load();
    C = { OK: mod.SQLITE_OK, ROW: mod.SQLITE_ROW, DONE: mod.SQLITE_DONE };
  }, 120_000);

  it("creates a table, inserts and reads back with a prepared statement", () => {
    const call = (name: string, ...args: unknown[]): unknown => (s[name] as (...a: unknown[]) => unknown)(...args);
    const dbOut: [Handle | null] = [null];
    expect(call("sqlite3_open", ":memory:", dbOut)).toBe(C.OK);
    const db = dbOut[0];
    expect(db).not.toBeNull();
    expect(call("sqlite3_exec", db, "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t VALUES (7, 'seven'), (8, 'eight');", null, null, null)).toBe(C.OK);
    const stmtOut: [Handle | null] = [null];
    expect(call("sqlite3_prepare_v2", db, "SELECT id, name FROM t WHERE id >= ? ORDER BY id", -1, stmtOut, null)).toBe(C.OK);
    const stmt = stmtOut[0];
    expect(call("sqlite3_bind_int64", stmt, 1, 8n)).toBe(C.OK);
    expect(call("sqlite3_step", stmt)).toBe(C.ROW);
    expect(call("sqlite3_column_int", stmt, 0)).toBe(8);
    const text = call("sqlite3_column_text", stmt, 1);
    expect(koffi.decode(text, "char", -1)).toBe("eight");
    expect(call("sqlite3_step", stmt)).toBe(C.DONE);
    expect(call("sqlite3_finalize", stmt)).toBe(C.OK);
    expect(call("sqlite3_errmsg", db)).toBe("not an error");
    expect(call("sqlite3_close", db)).toBe(C.OK);
  });
});
