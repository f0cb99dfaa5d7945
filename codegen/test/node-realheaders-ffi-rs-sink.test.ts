// Real calls through the generated ffi-rs module: the sink library (emit-koffi-ir.ts plus the
// extras of emit-ffi-rs-ir.ts) is compiled with cc -shared, the module is generated next to it and
// imported, and every construct is called. Also measures the per-call cost (printed, not asserted).

import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { DiagnosticSink } from "../diag.js";
import { ffiRsBackend } from "../emit/ffi-rs/index.js";
import { SINK_FFI_RS_C, sinkFfiRsIr } from "./emit-ffi-rs-ir.js";

const dir = join(dirname(fileURLToPath(import.meta.url)), "generated", "node-realheaders-ffi-rs-sink");

function buildSink(): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "sink.c"), SINK_FFI_RS_C);
  execFileSync("cc", ["-shared", "-fPIC", "-Wall", "-Wextra", "-Werror", "-o", join(dir, "libsink.so"), join(dir, "sink.c")]);
}

function generate(stem: string, mutate: (ir: ReturnType<typeof sinkFfiRsIr>) => void = () => {}): string {
  const ir = sinkFfiRsIr("./libsink.so");
  ir.name = stem;
  mutate(ir);
  const files = ffiRsBackend.emit(ir, { name: stem, lib: "./libsink.so", inputs: ["sink.h"], toolVersion: "0.0.0" }, new DiagnosticSink());
  for (const f of files) writeFileSync(join(dir, f.path), f.contents);
  return join(dir, `${stem}.ffi-rs.ts`);
}

// The generated module's types are checked by emit-ffi-rs.test.ts; here it is used dynamically.
type Sink = Record<string, (...args: unknown[]) => any>;
let sink: Sink;
let mod: Record<string, unknown>;

beforeAll(async () => {
  buildSink();
  mod = await import(pathToFileURL(generate("sink")).href);
  sink = (mod.load as () => Sink)();
});

describe("generated ffi-rs module, real calls", () => {
  it("passes scalars, widens int8/uint16 and converts 64-bit results to bigint", () => {
    expect(sink.add_i32(2, 3)).toBe(5);
    expect(sink.add_i32(-7, 2)).toBe(-5);
    expect(sink.add_u64(2n ** 63n, 5)).toBe(2n ** 63n + 5n);
    expect(sink.add_u64(2n ** 64n - 1n, 1)).toBe(0n);
    expect(sink.add_u64(1, 2)).toBe(3n);
    expect(sink.neg_i8(-128)).toBe(-128);
    expect(sink.neg_i8(5)).toBe(-5);
    expect(sink.scale(2, 0.5)).toBe(1);
    expect(sink.is_even(4)).toBe(true);
    expect(sink.is_even(3)).toBe(false);
    expect(sink.last_char("ab!")).toBe(33);
  });

  it("passes strings (UTF-8, nullable), reads a string return and NULL, copies+frees owned strings", () => {
    expect(sink.text_len("héllo")).toBe(6n);
    expect(sink.text_len(null)).toBe(0n);
    expect(sink.greeting()).toBe("héllo");
    expect(sink.dup_upper("abc")).toBe("ABC");
    expect(sink.last_error()).toBeNull();
  });

  it("accepts Uint8Array, Buffer and subarrays for byte buffers without copying", () => {
    expect(sink.sum_bytes(new Uint8Array([1, 2, 250]), 3)).toBe(253);
    expect(sink.sum_bytes(Buffer.from("ab"), 2)).toBe(195);
    expect(sink.sum_bytes(new Uint8Array([9, 1, 2, 9]).subarray(1, 3), 2)).toBe(3);
    expect(sink.sum_bytes(null, 0)).toBe(0);
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

  it("copies owned out-buffers in one copy, then frees them", () => {
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
    expect(() => sink.pair_sum({ a: 1, b: 2n ** 60n })).toThrow(RangeError);
    expect(sink.pair_make(1, 2n ** 60n + 1n)).toEqual({ a: 1, b: 2n ** 60n + 1n });
  });

  it("returns a status struct by value (bool, nullable text, pointer, int) and passes it back", () => {
    expect(sink.status_make(0)).toEqual({ ok: true, message: null, data: 0x1000n, code: 0 });
    expect(sink.status_make(4)).toEqual({ ok: false, message: "failed", data: 0x1000n, code: 4 });
    expect(sink.status_code({ ok: true, message: "x", data: null, code: 3 })).toBe(131);
  });

  it("encodes records passed by pointer at the IR's offsets (arrays, nested, packed, unions) and copies back in-out", () => {
    const text = { name: "abc", nums: new Int32Array([1, 2, 3]), pairs: [{ a: 4, b: 0n }, { a: 0, b: 5n }] };
    expect(sink.text_sum(text)).toBe(3 + 6 + 4 + 5);
    sink.text_fill(text);
    expect(text.name).toBe("Zbc");
    expect(Array.from(text.nums)).toEqual([2, 2, 3]);
    expect(text.pairs[1]).toEqual({ a: 0, b: 10n });
    expect(sink.num_read({ d: 2.5 })).toBe(2.5);
    expect(sink.packed_read({ tag: 2, value: 5, extra: 0x1234 })).toBe(53);
    expect(sink.pack2_read({ a: 1, b: 2n ** 40n })).toBe(2n ** 40n + 1n);
  });

  it("passes arrays of buffers as one pointer table", () => {
    const values = [Buffer.from("x"), null, new Uint8Array([7, 8])];
    expect(sink.join_lengths(values, new BigUint64Array([1n, 0n, 2n]), 3)).toBe(100 + 120 + 200 + 7);
  });

  it("fills caller-allocated out arrays and passes enums and typed arrays", () => {
    const r = sink.count_ones(new BigInt64Array([1n, 2n, 1n]), 3);
    expect(r.result).toBe(2);
    expect(Array.from(r.flags as Uint8Array)).toEqual([1, 0, 1]);
    const color = mod.Color as Record<string, number>;
    expect(sink.color_next(color.RED)).toBe(0);
    expect(sink.color_next(color.GREEN)).toBe(7);
  });

  it("skips what ffi-rs cannot call", () => {
    for (const name of ["sum_ints", "twice", "bits_get", "num_d", "packed_make", "packed_value"]) expect(sink[name]).toBeUndefined();
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

  it("honours an explicit path and the environment variable", () => {
    expect(() => (mod.load as (p: string) => Sink)(join(dir, "missing.so"))).toThrow(/missing\.so/);
    process.env.SINK_LIBRARY_PATH = join(dir, "missing.so");
    try {
      expect(() => (mod.load as () => Sink)()).toThrow(/missing\.so/);
    } finally {
      delete process.env.SINK_LIBRARY_PATH;
    }
    expect((mod.load as (p: string) => Sink)(join(dir, "libsink.so")).add_i32(1, 1)).toBe(2);
  });

  it("measures the per-call cost of add_i32 (printed)", () => {
    const n = 20000;
    for (let i = 0; i < 2000; i++) sink.add_i32(i, 1);
    const t0 = process.hrtime.bigint();
    let acc = 0;
    for (let i = 0; i < n; i++) acc = sink.add_i32(acc, 1) as number;
    const ns = Number(process.hrtime.bigint() - t0) / n;
    expect(acc).toBe(n);
    console.log(`ffi-rs generated wrapper: add_i32 ${ns.toFixed(0)} ns/call`);
  });
});
