// Real calls through the generated koffi module: the sink library (emit-koffi-ir.ts) is compiled
// with cc -shared, the module is generated next to it and imported, and every construct is called.
// Also shows why packed structs by value are skipped: a raw koffi call gets them wrong.

import { join } from "node:path";
import { pathToFileURL } from "node:url";
import koffi from "koffi";
import { beforeAll, describe, expect, it } from "vitest";
import { koffiBackend } from "../emit/koffi/index.js";
import { SINK_C, sinkIr } from "./emit-koffi-ir.js";
import { compileSink, emitInto, generatedRoot, withWrongAbi } from "./support/sink.js";
import { expectAbiCheck, expectHandleCalls, expectOutArrayAndEnums, expectOwnedOutBuffers, expectPathOverrides, expectStringCalls, type SinkFns } from "./support/sink-calls.js";

const dir = join(generatedRoot, "node-realheaders-sink");

/** Writes the generated module for the sink IR as `<stem>.koffi.ts`; returns its path. */
function generate(stem: string, mutate: (ir: ReturnType<typeof sinkIr>) => void = () => {}): string {
  const ir = sinkIr("./libsink.so");
  ir.name = stem;
  mutate(ir);
  emitInto(dir, koffiBackend, ir);
  return join(dir, `${stem}.koffi.ts`);
}

let sink: SinkFns;
let mod: Record<string, unknown>;

beforeAll(async () => {
  compileSink(dir, SINK_C);
  mod = await import(pathToFileURL(generate("sink")).href);
  sink = (mod.load as () => SinkFns)();
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

  it("passes strings (UTF-8, nullable) and copies+frees owned strings", () => expectStringCalls(sink));

  it("accepts Uint8Array and Buffer for byte buffers", () => {
    expect(sink.sum_bytes(new Uint8Array([1, 2, 250]), 3)).toBe(253);
    expect(sink.sum_bytes(Buffer.from("ab"), 2)).toBe(195);
  });

  it("returns handles, out handles and raw slots", () => expectHandleCalls(sink));

  it("copies owned out-buffers in one decode, then frees them", () => expectOwnedOutBuffers(sink));

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
    expectOutArrayAndEnums(sink, mod);
    expect(sink.sum_ints(3, ["int32_t", 1], ["int32_t", 2], ["int32_t", 39])).toBe(42);
  });

  it("passes the ABI check, and a mismatched hash makes load throw", () => expectAbiCheck(sink, generate("sink_wrong_abi", withWrongAbi)));

  it("honours an explicit path and the environment variable", () => expectPathOverrides(mod, dir, /^Failed to load shared library/));

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
