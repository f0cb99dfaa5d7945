// End to end through the CLI: `omendb-bindgen <header> --targets ffi-rs` on zlib.h, sqlite3.h and
// include/omendb_ffi.h, `tsc --strict` on each generated module, then real calls: zlib crc32 and a
// compress/uncompress round trip, sqlite3 in memory, and OmenDB against native/target/release.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const outRoot = join(here, "generated", "node-realheaders-ffi-rs");
const omendbLib = join(root, "native", "target", "release", "libomendb.so");

/** Runs the CLI for one header into `generated/node-realheaders-ffi-rs/<dirName>`; returns the module path. */
function generate(dirName: string, header: string, lib: string, name: string): string {
  const out = join(outRoot, dirName);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  execFileSync(process.execPath, [join(root, "bin", "omendb-bindgen.mjs"), header, "--lib", lib, "--out", out, "--name", name, "--targets", "ffi-rs"], { cwd: root, stdio: "pipe" });
  return join(out, `${name}.ffi-rs.ts`);
}

/** `tsc --strict --noEmit` on one generated folder (throws with the compiler's output). */
function typeCheck(modulePath: string): void {
  const dir = dirname(modulePath);
  const tsconfig = {
    compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: true, types: ["node"], typeRoots: [join(root, "node_modules", "@types")] },
    include: ["*.ts"],
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  execFileSync(join(root, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", dir], { encoding: "utf8", stdio: "pipe" });
}

type Api = Record<string, (...args: unknown[]) => any>;

async function loadModule(modulePath: string): Promise<{ mod: Record<string, unknown>; api: Api }> {
  const mod = (await import(pathToFileURL(modulePath).href)) as Record<string, unknown>;
  return { mod, api: (mod.load as () => Api)() };
}

describe("zlib through the generated ffi-rs module", () => {
  let zlibPath = "";
  let z: Api;
  beforeAll(async () => {
    zlibPath = generate("zlib", "/usr/include/zlib.h", "z", "zlib");
    z = (await loadModule(zlibPath)).api;
  }, 120_000);

  it("type-checks with tsc --strict", () => {
    expect(() => typeCheck(zlibPath)).not.toThrow();
  }, 120_000);

  it("computes crc32 and reports its version", () => {
    expect(z.crc32(0, Buffer.from("hello"), 5)).toBe(0x3610a686n);
    expect(z.zlibVersion()).toMatch(/^1\.\d+/);
  });

  it("round-trips compress/uncompress with an in-out length array", () => {
    const input = Buffer.from("omendb ".repeat(200));
    const bound = Number(z.compressBound(input.length));
    const packed = new Uint8Array(bound);
    const packedLen = new BigUint64Array([BigInt(bound)]);
    expect(z.compress(packed, packedLen, input, input.length)).toBe(0);
    expect(packedLen[0]).toBeLessThan(BigInt(input.length));
    const restored = new Uint8Array(input.length);
    const restoredLen = new BigUint64Array([BigInt(input.length)]);
    expect(z.uncompress(restored, restoredLen, packed.subarray(0, Number(packedLen[0])), packedLen[0])).toBe(0);
    expect(Buffer.from(restored).toString()).toBe(input.toString());
  });
});

describe("sqlite3 through the generated ffi-rs module", () => {
  let sqlitePath = "";
  let sq: Api;
  beforeAll(async () => {
    sqlitePath = generate("sqlite3", "/usr/include/sqlite3.h", "sqlite3", "sqlite3");
    sq = (await loadModule(sqlitePath)).api;
  }, 120_000);

  it("type-checks with tsc --strict", () => {
    expect(() => typeCheck(sqlitePath)).not.toThrow();
  }, 120_000);

  it("opens :memory:, creates, inserts and selects through prepare_v2/step/column_*", () => {
    expect(sq.sqlite3_libversion()).toMatch(/^3\./);
    const dbSlot: [unknown] = [null];
    expect(sq.sqlite3_open(":memory:", dbSlot)).toBe(0);
    const db = dbSlot[0];
    expect(sq.sqlite3_exec(db, "CREATE TABLE t(k INTEGER, v TEXT); INSERT INTO t VALUES (9007199254740993, 'x'), (2, 'y');", null, null, null)).toBe(0);
    const stmtSlot: [unknown] = [null];
    expect(sq.sqlite3_prepare_v2(db, "SELECT k, v FROM t ORDER BY k", -1, stmtSlot, null)).toBe(0);
    const stmt = stmtSlot[0];
    const rows: bigint[] = [];
    while (sq.sqlite3_step(stmt) === 100) rows.push(sq.sqlite3_column_int64(stmt, 0));
    expect(rows).toEqual([2n, 9007199254740993n]);
    expect(sq.sqlite3_column_name(stmt, 1)).toBe("v");
    expect(sq.sqlite3_finalize(stmt)).toBe(0);
    expect(sq.sqlite3_exec(db, "SELECT nope", null, null, null)).toBe(1);
    expect(sq.sqlite3_errmsg(db)).toMatch(/no such column/);
    expect(sq.sqlite3_close(db)).toBe(0);
  });
});

describe.skipIf(!existsSync(omendbLib))("OmenDB through the generated ffi-rs module", () => {
  let omenPath = "";
  let om: Api;
  let mod: Record<string, unknown>;
  beforeAll(async () => {
    omenPath = generate("omendb", "include/omendb_ffi.h", "native/target/release/libomendb.so", "omendb_ffi");
    ({ mod, api: om } = await loadModule(omenPath));
  }, 120_000);

  it("type-checks with tsc --strict", () => {
    expect(() => typeCheck(omenPath)).not.toThrow();
  }, 120_000);

  it("opens in memory, round-trips put/get, reports a missing key as code 3", () => {
    const db = om.omendb_open(null, mod.OMENDB_OPEN_IN_MEMORY as number);
    expect(db).not.toBeNull();
    const put = om.omendb_storage_put(db, 42n, Buffer.from("hello"), 5);
    expect(put).toMatchObject({ success: true, code: 0, error_msg: null });
    const got = om.omendb_storage_get(db, 42);
    expect(got.result.code).toBe(0);
    expect(Buffer.from(got.value as Uint8Array).toString()).toBe("hello");
    expect(got.len).toBe(5n);
    const missing = om.omendb_storage_get(db, 7);
    expect(missing.result.code).toBe(3);
    expect(missing.result.success).toBe(false);
    expect(missing.value).toBeNull();
    om.omendb_close(db);
  });

  it("batch-writes with a pointer table, reads many into a batch and frees it", () => {
    const db = om.omendb_open(null, mod.OMENDB_OPEN_IN_MEMORY as number);
    const keys = new BigInt64Array([1n, 2n, 3n]);
    const values = [Buffer.from("a"), Buffer.from("bb"), Buffer.from("ccc")];
    expect(om.omendb_storage_batch_write(db, keys, values, new BigUint64Array([1n, 2n, 3n]), 3).code).toBe(0);
    const many = om.omendb_storage_get_many(db, new BigInt64Array([3n, 9n]), 2);
    expect(many.result.code).toBe(0);
    expect(many.out.count).toBe(2n);
    expect(many.out.data_len).toBe(3n);
    om.omendb_batch_free(many.out);
    om.omendb_close(db);
  });

  it("builds an index and range-queries it (owned key array copied and freed)", () => {
    const keys = new BigInt64Array([10n, 20n, 30n, 40n]);
    const values = ["a", "b", "c", "d"].map((s) => Buffer.from(s));
    const built = om.omendb_index_build(0, 16, keys, values, new BigUint64Array([1n, 1n, 1n, 1n]), 4);
    expect(built.result.code).toBe(0);
    const idx = built.out_index;
    const range = om.omendb_index_range(idx, 15, 35);
    expect(range.result.code).toBe(0);
    expect(Array.from(range.keys as BigInt64Array)).toEqual([20n, 30n]);
    expect(range.count).toBe(2n);
    const hit = om.omendb_index_get(idx, 30);
    expect(Buffer.from(hit.value as Uint8Array).toString()).toBe("c");
    om.omendb_index_free(idx);
    const counters = om.omendb_debug_counters();
    expect(counters.out.live_buffers).toBe(0n);
  });

  it("checks the ABI hash at load", () => {
    expect(om.omendb_abi_hash()).toBe(mod.OMENDB_ABI_HASH);
  });
});
