// Argument conversion shared by OmenDB and LearnedIndex: JS keys (bigint or safe-integer
// number) to int64 bigints, values (Uint8Array, Buffer, string) to bytes, key lists to
// BigInt64Array. Invalid input throws OmenDBError("INVALID_ARGUMENT") before any native call.

import { OmenDBError } from "./errors.js";

/** A key as the package accepts it: a bigint in int64 range or a safe integer number. */
export type KeyLike = bigint | number;

/** A value as the package accepts it; strings are stored as UTF-8. */
export type ValueLike = Uint8Array | string;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const encoder = new TextEncoder();

/** Converts a key to an int64 bigint or throws INVALID_ARGUMENT naming the problem. */
export function toKey(key: unknown, what = "key"): bigint {
  if (typeof key === "bigint") {
    if (key < INT64_MIN || key > INT64_MAX) {
      throw new OmenDBError("INVALID_ARGUMENT", `${what} ${key} is outside the int64 range`);
    }
    return key;
  }
  if (typeof key === "number") {
    if (!Number.isInteger(key)) {
      throw new OmenDBError("INVALID_ARGUMENT", `${what} ${key} is not an integer`);
    }
    if (!Number.isSafeInteger(key)) {
      throw new OmenDBError("INVALID_ARGUMENT", `${what} ${key} is not a safe integer; pass a bigint`);
    }
    return BigInt(key);
  }
  throw new OmenDBError("INVALID_ARGUMENT", `${what} must be a bigint or an integer number, got ${typeof key}`);
}

/** Converts a value to bytes (strings as UTF-8) or throws INVALID_ARGUMENT. */
export function toValue(value: unknown, what = "value"): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") return encoder.encode(value);
  throw new OmenDBError("INVALID_ARGUMENT", `${what} must be a Uint8Array, Buffer or string, got ${describe(value)}`);
}

/** Converts a key list to a BigInt64Array; a BigInt64Array is used as is (no copy). */
export function toKeyArray(keys: unknown, what = "keys"): BigInt64Array {
  if (keys instanceof BigInt64Array) return keys;
  if (!Array.isArray(keys)) {
    throw new OmenDBError("INVALID_ARGUMENT", `${what} must be a BigInt64Array or an array of keys`);
  }
  const out = new BigInt64Array(keys.length);
  for (let i = 0; i < keys.length; i++) out[i] = toKey(keys[i], `${what}[${i}]`);
  return out;
}

/** Converts a value list to byte arrays, checking each entry. */
export function toValueArray(values: unknown, what = "values"): Uint8Array[] {
  if (!Array.isArray(values)) {
    throw new OmenDBError("INVALID_ARGUMENT", `${what} must be an array of values`);
  }
  return values.map((v, i) => toValue(v, `${what}[${i}]`));
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return (value as object).constructor?.name ?? "object";
  return typeof value;
}
