// Real calls through the generated ffi-rs module: the sink library (emit-koffi-ir.ts plus the
// extras of emit-ffi-rs-ir.ts) is compiled with cc -shared, the module is generated next to it and
// imported, and every construct is called. Also measures the per-call cost (printed, not asserted).

import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { ffiRsBackend } from "../emit/ffi-rs/index.js";
import { SINK_FFI_RS_C, sinkFfiRsIr } from "./emit-ffi-rs-ir.js";
import { compileSink, emitInto, generatedRoot, withWrongAbi } from "./support/sink.js";
import { expectAbiCheck, expectHandleCalls, expectOutArrayAndEnums, expectOwnedOutBuffers, expectPathOverrides, expectStringCalls, type SinkFns } from "./support/sink-calls.js";

const dir = join(generatedRoot, "node-realheaders-ffi-rs-sink");

/** Writes the generated module for the sink IR as `<stem>.ffi-rs.ts`; returns its path. */
function generate(stem: string, mutate: (ir: ReturnType<typeof sinkFfiRsIr>) => void = () => {}): string {
  const ir = sinkFfiRsIr("./libsink.so");
  ir.name = stem;
  mutate(ir);
  emitInto(dir, ffiRsBackend, ir);
  return join(dir, `${stem}.ffi-rs.ts`);
}

let sink: SinkFns;
let mod: Record<string, unknown>;

beforeAll(async () => {
  compileSink(dir, SINK_FFI_RS_C);
  mod = await import(pathToFileURL(generate("sink")).href);
  sink = (mod.load as () => SinkFns)();
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

  it("passes strings (UTF-8, nullable), reads a string return and NULL, copies+frees owned strings", () => expectStringCalls(sink));

  it("accepts Uint8Array, Buffer and subarrays for byte buffers without copying", () => {
    expect(sink.sum_bytes(new Uint8Array([1, 2, 250]), 3)).toBe(253);
    expect(sink.sum_bytes(Buffer.from("ab"), 2)).toBe(195);
    expect(sink.sum_bytes(new Uint8Array([9, 1, 2, 9]).subarray(1, 3), 2)).toBe(3);
    expect(sink.sum_bytes(null, 0)).toBe(0);
  });

  it("returns handles, out handles and raw slots", () => expectHandleCalls(sink));

  it("copies owned out-buffers in one copy, then frees them", () => expectOwnedOutBuffers(sink));

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

  it("fills caller-allocated out arrays and passes enums and typed arrays", () => expectOutArrayAndEnums(sink, mod));

  it("skips what ffi-rs cannot call", () => {
    for (const name of ["sum_ints", "twice", "bits_get", "num_d", "packed_make", "packed_value"]) expect(sink[name]).toBeUndefined();
  });

  it("passes the ABI check, and a mismatched hash makes load throw", () => expectAbiCheck(sink, generate("sink_wrong_abi", withWrongAbi)));

  it("honours an explicit path and the environment variable", () => expectPathOverrides(mod, dir, /missing\.so/));

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
