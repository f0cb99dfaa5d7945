// Private runtime helpers of the generated ffi-rs module, as TS source text. ffi-rs passes every
// pointer here as a 64-bit integer (DataType.BigInt: same register class as a pointer on 64-bit
// ABIs) and reads memory with libc's memcpy/strlen from the process handle (dlopen(NULL)).

import type { CodeWriter } from "../common/writer.js";

/** Names of the helpers; a wrapper that uses one registers it with `ctx.use`. */
export type RuntimeHelper = "_addr" | "_readBytes" | "_readString" | "_cstr" | "_ptr" | "_num64" | "_bufType" | "_bufArg" | "_pointerTable" | "_getText" | "_setText" | "_keepString";

/** Every helper name (reserved: generated parameters never shadow them). */
export const RUNTIME_HELPERS: readonly RuntimeHelper[] = ["_addr", "_readBytes", "_readString", "_cstr", "_ptr", "_num64", "_bufType", "_bufArg", "_pointerTable", "_getText", "_setText", "_keepString"];

/** Helpers other helpers need. */
const DEPENDS: Partial<Record<RuntimeHelper, RuntimeHelper[]>> = {
  _readString: ["_readBytes"],
  _bufArg: ["_addr"],
  _pointerTable: ["_addr"],
  _keepString: ["_addr", "_cstr"],
};

const TEXT: Record<RuntimeHelper, string[]> = {
  _addr: [
    "/** Address of a byte view's first byte (ffi-rs passes Uint8Array without copying). */",
    "function _addr(bytes: Uint8Array): bigint {",
    "  return BigInt.asUintN(64, _process(\"memcpy\", DataType.BigInt, [DataType.U8Array, DataType.U8Array, DataType.BigInt], [bytes, bytes, 0n]) as bigint);",
    "}",
  ],
  _readBytes: [
    "/** Copies `length` bytes at `address` into a new Uint8Array (one memcpy). */",
    "function _readBytes(address: bigint, length: number): Uint8Array {",
    "  const out = new Uint8Array(length);",
    "  if (length > 0) _process(\"memcpy\", DataType.BigInt, [DataType.U8Array, DataType.BigInt, DataType.BigInt], [out, address, BigInt(length)]);",
    "  return out;",
    "}",
  ],
  _readString: [
    "/** The NUL-terminated UTF-8 string at `address`, copied; null for a NULL pointer. */",
    "function _readString(address: bigint): string | null {",
    "  if (address === 0n) return null;",
    "  const length = Number(_process(\"strlen\", DataType.BigInt, [DataType.BigInt], [address]) as bigint);",
    "  return _utf8.decode(_readBytes(address, length));",
    "}",
  ],
  _cstr: [
    "/** A NUL-terminated UTF-8 copy of `s`. */",
    "function _cstr(s: string): Uint8Array {",
    "  return Buffer.from(`${s}\\0`, \"utf8\");",
    "}",
  ],
  _ptr: [
    "/** A pointer read as a 64-bit integer: null for NULL. */",
    "function _ptr(address: bigint): Pointer | null {",
    "  const a = BigInt.asUintN(64, address);",
    "  return a === 0n ? null : a;",
    "}",
  ],
  _num64: [
    "/** A 64-bit struct member passed by value: ffi-rs 1.3.7 converts it through a JS number. */",
    "function _num64(v: number | bigint): number {",
    "  const n = Number(v);",
    "  if (!Number.isSafeInteger(n)) throw new RangeError(`${v} cannot be passed in a struct by value through ffi-rs (beyond 2^53)`);",
    "  return n;",
    "}",
  ],
  _bufType: [
    "/** ffi-rs type of a buffer argument: bytes without copying, or a raw pointer. */",
    "function _bufType(b: ArrayBufferView | Pointer | null): DataType {",
    "  return b === null || typeof b === \"bigint\" ? DataType.BigInt : DataType.U8Array;",
    "}",
  ],
  _bufArg: [
    "/** ffi-rs value of a buffer argument: a byte view over the same memory, or the pointer. */",
    "function _bufArg(b: ArrayBufferView | Pointer | null): Uint8Array | bigint {",
    "  if (b === null) return 0n;",
    "  if (typeof b === \"bigint\") return b;",
    "  return b instanceof Uint8Array ? b : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);",
    "}",
  ],
  _pointerTable: [
    "/** A C array of pointers to `list`'s buffers: one copy into a block, one address lookup. */",
    "function _pointerTable(list: readonly (Uint8Array | null)[], keep: Uint8Array[]): Uint8Array {",
    "  const table = new BigUint64Array(Math.max(list.length, 1));",
    "  const present = list.filter((b): b is Uint8Array => b !== null);",
    "  const block = Buffer.concat([...present, Buffer.alloc(1)]);",
    "  keep.push(block);",
    "  const base = _addr(block);",
    "  let offset = 0n;",
    "  list.forEach((b, i) => {",
    "    if (b === null) return;",
    "    table[i] = base + offset;",
    "    offset += BigInt(b.byteLength);",
    "  });",
    "  return new Uint8Array(table.buffer);",
    "}",
  ],
  _getText: [
    "/** A `char[N]` member: bytes up to the first NUL, as UTF-8. */",
    "function _getText(v: DataView, offset: number, length: number): string {",
    "  const bytes = new Uint8Array(v.buffer, v.byteOffset + offset, length);",
    "  const end = bytes.indexOf(0);",
    "  return _utf8.decode(bytes.subarray(0, end < 0 ? length : end));",
    "}",
  ],
  _setText: [
    "/** Writes a `char[N]` member: UTF-8, truncated to N - 1 bytes, NUL-padded. */",
    "function _setText(v: DataView, offset: number, length: number, s: string): void {",
    "  const target = new Uint8Array(v.buffer, v.byteOffset + offset, length);",
    "  target.fill(0);",
    "  target.set(Buffer.from(s, \"utf8\").subarray(0, Math.max(length - 1, 0)));",
    "}",
  ],
  _keepString: [
    "/** Address of a NUL-terminated copy of `s` kept alive in `keep` (0 for null). */",
    "function _keepString(s: string | null, keep: Uint8Array[]): bigint {",
    "  if (s === null) return 0n;",
    "  const bytes = _cstr(s);",
    "  keep.push(bytes);",
    "  return _addr(bytes);",
    "}",
  ],
};

/** Always written: the call spec type, the spec-based call, and the process handle for libc. */
export function emitCoreRuntime(w: CodeWriter): void {
  w.blank();
  w.line("/** One ffi-rs call description, built once per function at load and reused for every call. */");
  w.block("interface _Spec {", "}", () => {
    w.line("library: string;");
    w.line("funcName: string;");
    w.line("retType: FieldType;");
    w.line("paramsType: FieldType[];");
    w.line("paramsValue: unknown[];");
    w.line("freeResultMemory: boolean;");
    w.line("runInNewThread: boolean;");
  });
  w.blank();
  w.line("const _load = ffiLoad as unknown as (spec: _Spec) => unknown;");
  w.line("const _none: unknown[] = [];");
  w.line('const _utf8 = new TextDecoder("utf-8");');
  w.blank();
  w.line("/** A reusable call spec for `funcName` in the opened library `library`. */");
  w.block("function _spec(library: string, funcName: string, retType: FieldType): _Spec {", "}", () => {
    w.line("return { library, funcName, retType, paramsType: [], paramsValue: _none, freeResultMemory: false, runInNewThread: false };");
  });
  w.blank();
  w.line("/** Calls through a spec on this thread (ffi-rs's cheapest path), then drops the arguments. */");
  w.block("function _call(spec: _Spec, types: FieldType[], values: unknown[]): unknown {", "}", () => {
    w.line("spec.paramsType = types;");
    w.line("spec.paramsValue = values;");
    w.line("const result = _load(spec);");
    w.line("spec.paramsValue = _none;");
    w.line("return result;");
  });
  w.blank();
  w.line('const _PROCESS = "omendb-bindgen:process";');
  w.line("const _processSpecs = new Map<string, _Spec>();");
  w.blank();
  w.line("/** Calls a libc function through the process handle (opened on first use; one reused spec per function). */");
  w.block("function _process(funcName: string, retType: FieldType, types: FieldType[], values: unknown[]): unknown {", "}", () => {
    w.line("let spec = _processSpecs.get(funcName);");
    w.block("if (spec === undefined) {", "}", () => {
      w.line('if (_processSpecs.size === 0) open({ library: _PROCESS, path: "" });');
      w.line("spec = _spec(_PROCESS, funcName, retType);");
      w.line("_processSpecs.set(funcName, spec);");
    });
    w.line("return _call(spec, types, values);");
  });
}

/** Writes the helpers used (and what they depend on), in a fixed order. */
export function emitHelpers(w: CodeWriter, used: ReadonlySet<RuntimeHelper>): void {
  const all = new Set<RuntimeHelper>();
  const add = (h: RuntimeHelper): void => {
    if (all.has(h)) return;
    all.add(h);
    for (const d of DEPENDS[h] ?? []) add(d);
  };
  for (const h of used) add(h);
  for (const h of Object.keys(TEXT) as RuntimeHelper[]) {
    if (!all.has(h)) continue;
    w.blank();
    w.lines(TEXT[h]);
  }
}
