// The napi target's `<name>Async` forms and scratch-slot results on the sink library: async forms
// resolve with what the sync form returns (values, owned buffers, records, handles, strings), throw
// synchronously on bad arguments, exist for neither closers, in-out nor argument-less functions, and type-check;
// slot results stay correct past the scratch byte area, without a scratch, and never alias.

import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { napiBackend } from "../emit/napi/index.js";
import { SCRATCH_BYTES } from "../emit/napi/slots.js";
import { sinkIr } from "./emit-koffi-ir.js";
import { buildSinkLibrary, emitInto, generatedRoot, mustBuild, strictTsconfig } from "./emit-napi-support.js";

const dir = join(generatedRoot, "emit-napi-async");

// Called dynamically: the types are checked by the tsc test below.
type Fn = (...args: unknown[]) => any;
let sink: Record<string, Fn>;

/** `make_bytes(n)`'s content in the sink library: byte i is 3i mod 256. */
const pattern = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (3 * i) & 0xff);

beforeAll(async () => {
  buildSinkLibrary(dir);
  emitInto(dir, napiBackend, sinkIr("./libsink.so"));
  mustBuild("napi", dir, "sink", [dir]);
  const mod = (await import(pathToFileURL(join(dir, "sink.napi.js")).href)) as { load: () => Record<string, Fn> };
  sink = mod.load();
});

describe("napi async forms", () => {
  it("resolve with what the sync forms return", async () => {
    expect(await sink.add_i32Async(2, 3)).toBe(5);
    expect(await sink.sum_bytesAsync(new Uint8Array([1, 2, 250]), 3)).toBe(253);
    expect(await sink.make_bytesAsync(5)).toEqual(sink.make_bytes(5));
    expect(await sink.make_bytesAsync(-1)).toEqual({ result: 3, data: null, len: 0n });
    expect([...(await sink.make_keysAsync(5n)).keys]).toEqual([5n, 1000000000005n, 2000000000005n]);
    expect(await sink.fill_pairAsync(3)).toEqual({ result: 1, out: { a: 3, b: 30000000000n } });
    expect(await sink.dup_upperAsync("abc")).toBe("ABC");
    expect(await sink.text_lenAsync("x".repeat(5000))).toBe(5000n);
    expect(await sink.twiceAsync(21)).toBe(42);
  });

  it("pass handles both ways; a closed handle throws before anything is queued", async () => {
    const made = await sink.handle_makeAsync(-7);
    expect(made.result).toBe(0);
    expect(await sink.handle_getAsync(made.out)).toBe(-7n);
    sink.handle_free(made.out);
    expect(() => sink.handle_getAsync(made.out)).toThrow(/closed handle/);
  });

  it("throw TypeError / RangeError synchronously on bad arguments", () => {
    expect(() => sink.add_i32Async(1)).toThrow(TypeError);
    expect(() => sink.add_i32Async("a", 1)).toThrow(TypeError);
    expect(() => sink.add_i32Async(2 ** 31, 1)).toThrow(RangeError);
    expect(() => sink.sum_bytesAsync("x", 1)).toThrow(TypeError);
  });

  it("keep every pending call's buffers alive and answer each in order of its own arguments", async () => {
    const calls = Array.from({ length: 200 }, (_, i) => sink.sum_bytesAsync(new Uint8Array(1000).fill(i % 7), 1000));
    const sums = await Promise.all(calls);
    expect(sums).toEqual(Array.from({ length: 200 }, (_, i) => (i % 7) * 1000));
  });

  it("exist for neither handle closers, in-out nor argument-less functions, and are not enumerable", () => {
    expect(typeof sink.handle_getAsync).toBe("function");
    expect(sink.handle_freeAsync).toBeUndefined();
    expect(sink.open_slotAsync).toBeUndefined();
    expect(sink.count_onesAsync).toBeUndefined();
    expect(sink.last_errorAsync).toBeUndefined();
    expect(sink.greetingAsync).toBeUndefined();
    expect(Object.keys(sink).filter((k) => k.endsWith("Async"))).toEqual([]);
  });

  it("type-check under tsc --strict: Promise of the sync result type, no form for closers", () => {
    const tdir = join(generatedRoot, "emit-napi-async-tsc");
    emitInto(tdir, napiBackend, sinkIr("./libsink.so"));
    writeFileSync(
      join(tdir, "use.ts"),
      [
        'import { load } from "./sink.napi.js";',
        "const lib = load();",
        "const n: Promise<number> = lib.add_i32Async(1, 2);",
        "const bytes: Promise<Uint8Array | null> = lib.make_bytesAsync(3).then((r) => r.data);",
        "// @ts-expect-error closers have no async form",
        "void lib.handle_freeAsync;",
        "export { n, bytes };",
        "",
      ].join("\n"),
    );
    writeFileSync(join(tdir, "tsconfig.json"), JSON.stringify(strictTsconfig(), null, 2));
    const tsc = join(generatedRoot, "..", "..", "..", "node_modules", ".bin", "tsc");
    expect(() => execFileSync(tsc, ["--noEmit", "-p", tdir], { encoding: "utf8", stdio: "pipe" })).not.toThrow();
  });
});

describe("napi scratch-slot results", () => {
  it("copy owned buffers through the byte area up to its size and past it", () => {
    for (const n of [0, 1, SCRATCH_BYTES, SCRATCH_BYTES + 1, 3 * SCRATCH_BYTES]) {
      const r = sink.make_bytes(n);
      expect(r.result).toBe(0);
      expect(r.len).toBe(BigInt(n));
      expect(r.data).toEqual(pattern(n));
    }
  });

  it("return independent objects: a later call changes no earlier result", () => {
    const first = sink.make_bytes(5);
    const pair = sink.fill_pair(3);
    sink.make_bytes(9);
    sink.fill_pair(4);
    expect(first).toEqual({ result: 0, data: pattern(5), len: 5n });
    expect(pair).toEqual({ result: 1, out: { a: 3, b: 30000000000n } });
  });

  it("work without a scratch buffer: the addon then builds the object itself", () => {
    const addon = createRequire(import.meta.url)(join(dir, "sink.node")) as { open: (p: string) => Record<string, Fn> };
    const raw = addon.open(join(dir, "libsink.so"));
    expect(raw.make_bytes(5)).toEqual({ result: 0, data: pattern(5), len: 5n });
    expect(raw.fill_pair(3)).toEqual({ result: 1, out: { a: 3, b: 30000000000n } });
  });

  it("refuse a scratch that is not an ArrayBuffer of the loader's size", () => {
    const addon = createRequire(import.meta.url)(join(dir, "sink.node")) as { open: (p: string, s: unknown) => unknown };
    expect(() => addon.open(join(dir, "libsink.so"), new Uint8Array(8))).toThrow(TypeError);
    expect(() => addon.open(join(dir, "libsink.so"), new ArrayBuffer(8))).toThrow(RangeError);
  });
});
