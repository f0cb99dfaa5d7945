// Real calls through the generated koffi module: the sink library (emit-koffi-ir.ts) is compiled
// with cc -shared, the module is generated next to it and imported, and every construct is called.
// Also shows why packed structs by value are skipped: a raw koffi call gets them wrong.

import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import koffi from "koffi";
import { beforeAll, describe, expect, it } from "vitest";
import { DiagnosticSink } from "../diag.js";
import { koffiBackend } from "../emit/koffi/index.js";
import { SINK_C, sinkIr } from "./emit-koffi-ir.js";

const dir = join(dirname(fileURLToPath(import.meta.url)), "generated", "node-realheaders-sink");

/** Compiles the sink library and writes a generated module for `ir` as `<stem>.koffi.ts`. */
export function buildSink(): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "sink.c"), SINK_C);
  const so = join(dir, "libsink.so");
  execFileSync("cc", ["-shared", "-fPIC", "-Wall", "-Wextra", "-Werror", "-o", so, join(dir, "sink.c")]);
  return so;
}

function generate(stem: string, mutate: (ir: ReturnType<typeof sinkIr>) => void = () => {}): string {
  const ir = sinkIr("./libsink.so");
  ir.name = stem;
  mutate(ir);
  const files = koffiBackend.emit(ir, { name: stem, lib: "./libsink.so", inputs: ["sink.h"], toolVersion: "0.0.0" }, new DiagnosticSink());
  for (const f of files) writeFileSync(join(dir, f.path), f.contents);
  return join(dir, `${stem}.koffi.ts`);
}

// The generated module's types are checked by emit-koffi.test.ts; here it is used dynamically.
type Sink = Record<string, (...args: unknown[]) => any>;
let sink: Sink;
let mod: Record<string, unknown>;

beforeAll(async () => {
  buildSink();
  mod = await import(pathToFileURL(generate("sink")).href);
  sink = (mod.load as () => Sink)();
});

describe("generated koffi module, real calls", () => {
  it("passes scalars and converts 64-bit results to bigint", () => {
    expect(sink.add_i32(2, 3)).toBe(5);
    expect(sink.add_u64(2n ** 63n, 5)).toBe(2n ** 63n + 5n);
    expect(sink.add_u64(1, 2)).toBe(3n);
    expect(sink.neg_i8(-128)).toBe(-128);
    expect(sink.scale(2, 0.5)).toBe(1);
    expect(sink.is_even(4)).toBe(true);
  });

  it("passes strings (UTF-8, nullable) and copies+frees owned strings", () => {
    expect(sink.text_len("héllo")).toBe(6n);
    expect(sink.text_len(null)).toBe(0n);
    expect(sink.greeting()).toBe("héllo");
    expect(sink.dup_upper("abc")).toBe("ABC");
    expect(sink.last_error()).toBeNull();
  });

  it("accepts Uint8Array and Buffer for byte buffers", () => {
    expect(sink.sum_bytes(new Uint8Array([1, 2, 250]), 3)).toBe(253);
    expect(sink.sum_bytes(Buffer.from("ab"), 2)).toBe(195);
  });

  it("returns handles, out handles and raw slots", () => {
    const h = sink.handle_new(42n);
    expect(typeof h).toBe("bigint");
    expect(sink.handle_get(h)).toBe(42n);
    sink.handle_free(h);
    const made = sink.handle_make(-7);
    expect(made.result).toBe(0);
    expect(sink.handle_get(made.out)).toBe(-7n);
    sink.handle_free(made.out);
    const slot: [unknown] = [null];
    expect(sink.open_slot(11, slot)).toBe(7);
    expect(sink.handle_get(slot[0])).toBe(11n);
    sink.handle_free(slot[0]);
  });

  it("copies owned out-buffers in one decode, then frees them", () => {
    const bytes = sink.make_bytes(4);
    expect(bytes.result).toBe(0);
    expect(Array.from(bytes.data as Uint8Array)).toEqual([0, 3, 6, 9]);
    expect(bytes.len).toBe(4n);
    expect(sink.make_bytes(-1)).toEqual({ result: 3, data: null, len: 0n });
    const keys = sink.make_keys(5);
    expect(keys.keys).toBeInstanceOf(BigInt64Array);
    expect(Array.from(keys.keys as BigInt64Array)).toEqual([5n, 1000000000005n, 2000000000005n]);
  });

  it("fills struct out-params and passes/returns structs by value", () => {
    expect(sink.fill_pair(3)).toEqual({ result: 1, out: { a: 3, b: 30000000000n } });
    expect(sink.pair_sum({ a: 1, b: 2n ** 40n })).toBe(2n ** 40n + 1n);
    expect(sink.pair_make(1, 2)).toEqual({ a: 1, b: 2n });
    expect(sink.num_d({ d: 2.5 })).toBe(2.5);
  });

  it("calls back into JS, registered or transient", () => {
    const cb = (mod.register_binop_fn as (f: (a: number, b: number) => number) => bigint)((a, b) => a * b);
    expect(sink.apply(cb, 6, 7)).toBe(42);
    (mod.unregisterCallback as (p: bigint) => void)(cb);
    expect(sink.apply((a: number, b: number) => a - b, 6, 7)).toBe(-1);
  });

  it("fills caller-allocated out arrays, calls variadics, passes enums", () => {
    const r = sink.count_ones(new BigInt64Array([1n, 2n, 1n]), 3);
    expect(r.result).toBe(2);
    expect(Array.from(r.flags as Uint8Array)).toEqual([1, 0, 1]);
    expect(sink.sum_ints(3, ["int32_t", 1], ["int32_t", 2], ["int32_t", 39])).toBe(42);
    const color = mod.Color as Record<string, number>;
    expect(sink.color_next(color.RED)).toBe(0);
    expect(sink.color_next(color.GREEN)).toBe(7);
  });

  it("passes the ABI check, and a mismatched hash makes load throw", async () => {
    expect(sink.abi_hash()).toBe(0x1234n);
    const wrong = generate("sink_wrong_abi", (ir) => {
      const c = ir.decls.find((d) => d.name === "SINK_ABI");
      if (c?.kind === "const") c.value = { kind: "int", value: "4661", size: 8, signed: false };
    });
    const m = await import(pathToFileURL(wrong).href);
    expect(() => m.load()).toThrow("library ABI hash 0x1234 does not match header 0x1235; rebuild the library or regenerate the bindings");
  });

  it("honours an explicit path and the environment variable", async () => {
    expect(() => (mod.load as (p: string) => Sink)(join(dir, "missing.so"))).toThrow();
    process.env.SINK_LIBRARY_PATH = join(dir, "missing.so");
    try {
      expect(() => (mod.load as () => Sink)()).toThrow();
    } finally {
      delete process.env.SINK_LIBRARY_PATH;
    }
  });

  it("right layout, wrong call: koffi gets packed structs by value wrong, so the emitter skips them", () => {
    // The layout koffi computes is right (size 7, align 1) ...
    const packed = koffi.pack({ tag: "uint8_t", value: "int32_t", extra: "uint16_t" });
    expect([koffi.sizeof(packed), koffi.alignof(packed)]).toEqual([7, 1]);
    // ... but the by-value call is not: C computes 5 * 10 + 2 + 1 = 53.
    const raw = koffi.load(join(dir, "libsink.so")).func("packed_value", "int32_t", [packed]);
    expect(raw({ tag: 2, value: 5, extra: 0x1234 })).not.toBe(53);
    expect(sink.packed_value).toBeUndefined();
    expect(sink.packed_make).toBeUndefined();
  });
});
