// The calls every generated Node module over the sink library (koffi, ffi-rs) must get right,
// as shared assertions: strings, handles, owned out-buffers, out arrays and enums, the ABI check
// and the library path overrides. Each real-call test adds what is its target's own.

import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "vitest";

/** A generated module's functions, used dynamically (their types are checked by the emit-* tests). */
export type SinkFns = Record<string, (...args: unknown[]) => any>;

/** UTF-8 and nullable strings in, a borrowed string out, owned strings copied then freed. */
export function expectStringCalls(sink: SinkFns): void {
  expect(sink.text_len("héllo")).toBe(6n);
  expect(sink.text_len(null)).toBe(0n);
  expect(sink.greeting()).toBe("héllo");
  expect(sink.dup_upper("abc")).toBe("ABC");
  expect(sink.last_error()).toBeNull();
}

/** Handles returned, returned through out-parameters and through raw slots. */
export function expectHandleCalls(sink: SinkFns): void {
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
}

/** Owned out-buffers (bytes and int64 keys) copied out, then freed; a failed call gives null. */
export function expectOwnedOutBuffers(sink: SinkFns): void {
  const bytes = sink.make_bytes(4);
  expect(bytes.result).toBe(0);
  expect(Array.from(bytes.data as Uint8Array)).toEqual([0, 3, 6, 9]);
  expect(bytes.len).toBe(4n);
  expect(sink.make_bytes(-1)).toEqual({ result: 3, data: null, len: 0n });
  const keys = sink.make_keys(5);
  expect(keys.keys).toBeInstanceOf(BigInt64Array);
  expect(Array.from(keys.keys as BigInt64Array)).toEqual([5n, 1000000000005n, 2000000000005n]);
}

/** A caller-allocated out array filled by C, and enum values passed in. */
export function expectOutArrayAndEnums(sink: SinkFns, mod: Record<string, unknown>): void {
  const r = sink.count_ones(new BigInt64Array([1n, 2n, 1n]), 3);
  expect(r.result).toBe(2);
  expect(Array.from(r.flags as Uint8Array)).toEqual([1, 0, 1]);
  const color = mod.Color as Record<string, number>;
  expect(sink.color_next(color.RED)).toBe(0);
  expect(sink.color_next(color.GREEN)).toBe(7);
}

/** The ABI check passes, and a module generated with another hash (at `wrongModule`) throws at load. */
export async function expectAbiCheck(sink: SinkFns, wrongModule: string): Promise<void> {
  expect(sink.abi_hash()).toBe(0x1234n);
  const m = await import(pathToFileURL(wrongModule).href);
  expect(() => m.load()).toThrow("library ABI hash 0x1234 does not match header 0x1235; rebuild the library or regenerate the bindings");
}

/** `load(path)` and $SINK_LIBRARY_PATH both override the library location (a missing file throws `missingError`). */
export function expectPathOverrides(mod: Record<string, unknown>, dir: string, missingError: RegExp): void {
  const load = mod.load as (path?: string) => SinkFns;
  expect(() => load(join(dir, "missing.so"))).toThrow(missingError);
  process.env.SINK_LIBRARY_PATH = join(dir, "missing.so");
  try {
    expect(() => load()).toThrow(missingError);
  } finally {
    delete process.env.SINK_LIBRARY_PATH;
  }
  expect(load(join(dir, "libsink.so")).add_i32(1, 1)).toBe(2);
}
