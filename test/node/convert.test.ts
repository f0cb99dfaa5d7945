// Argument conversion of the Node package (pure JS, no native library): key range and
// type checks, value encodings, key arrays.

import { describe, expect, it } from "vitest";
import { toKey, toKeyArray, toValue, toValueArray } from "../../src/convert.js";
import { OmenDBError, errorCodeName } from "../../src/errors.js";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof OmenDBError ? e.code : `not OmenDBError: ${String(e)}`;
  }
  return undefined;
}

describe("toKey", () => {
  it("accepts bigints at both ends of the int64 range", () => {
    expect(toKey(-(2n ** 63n))).toBe(-(2n ** 63n));
    expect(toKey(2n ** 63n - 1n)).toBe(2n ** 63n - 1n);
  });
  it("accepts safe integer numbers and converts them to bigint", () => {
    expect(toKey(42)).toBe(42n);
    expect(toKey(-Number.MAX_SAFE_INTEGER)).toBe(-BigInt(Number.MAX_SAFE_INTEGER));
  });
  it("rejects out-of-range bigints, unsafe numbers, non-integers and other types", () => {
    expect(codeOf(() => toKey(2n ** 63n))).toBe("INVALID_ARGUMENT");
    expect(codeOf(() => toKey(-(2n ** 63n) - 1n))).toBe("INVALID_ARGUMENT");
    expect(codeOf(() => toKey(2 ** 53))).toBe("INVALID_ARGUMENT");
    expect(codeOf(() => toKey(1.5))).toBe("INVALID_ARGUMENT");
    expect(codeOf(() => toKey(Number.NaN))).toBe("INVALID_ARGUMENT");
    expect(codeOf(() => toKey("7"))).toBe("INVALID_ARGUMENT");
  });
  it("names the problem in the message", () => {
    expect(() => toKey(2 ** 60)).toThrow(/not a safe integer; pass a bigint/);
  });
});

describe("toValue", () => {
  it("passes Uint8Array and Buffer through and encodes strings as UTF-8", () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(toValue(bytes)).toBe(bytes);
    expect(Array.from(toValue(Buffer.from("hi")))).toEqual([104, 105]);
    expect(Array.from(toValue("é"))).toEqual([0xc3, 0xa9]);
  });
  it("rejects numbers, null and plain arrays", () => {
    expect(codeOf(() => toValue(5))).toBe("INVALID_ARGUMENT");
    expect(codeOf(() => toValue(null))).toBe("INVALID_ARGUMENT");
    expect(codeOf(() => toValue([1, 2]))).toBe("INVALID_ARGUMENT");
  });
});

describe("key and value arrays", () => {
  it("uses a BigInt64Array as is and converts plain arrays", () => {
    const arr = new BigInt64Array([3n, 1n]);
    expect(toKeyArray(arr)).toBe(arr);
    expect(Array.from(toKeyArray([1, 2n, 3]))).toEqual([1n, 2n, 3n]);
  });
  it("reports the index of a bad entry", () => {
    expect(() => toKeyArray([1, 2.5])).toThrow(/keys\[1\]/);
    expect(() => toValueArray(["a", 3])).toThrow(/values\[1\]/);
  });
});

describe("error codes", () => {
  it("maps header numbers to names and unknown numbers to INTERNAL", () => {
    expect(errorCodeName(3)).toBe("NOT_FOUND");
    expect(errorCodeName(9)).toBe("INVALID_PATH");
    expect(errorCodeName(99)).toBe("INTERNAL");
    expect(errorCodeName(12345)).toBe("INTERNAL");
  });
});
