// In-memory reference models for the model-based tests: a key-value map with the
// database's semantics (later duplicates win, inclusive ranges in key order) and helpers
// to draw keys from a domain that mixes a dense cluster with the int64 extremes.

import type { Prng } from "./prng.js";

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
const EXTREMES = [INT64_MIN, INT64_MIN + 1n, -1n, 0n, 1n, INT64_MAX - 1n, INT64_MAX];

/** A key: mostly from a dense cluster (so operations collide), sometimes an int64 extreme or a far key. */
export function drawKey(rng: Prng, clusterSize: number): bigint {
  const roll = rng.below(100);
  if (roll < 3) return rng.pick(EXTREMES);
  if (roll < 6) return BigInt.asIntN(64, (BigInt(rng.next()) << 32n) | BigInt(rng.next()));
  return BigInt(rng.below(clusterSize) - 20);
}

/** A value: usually short, sometimes empty, rarely 64 KiB and more. */
export function drawValue(rng: Prng): Uint8Array {
  const roll = rng.below(1000);
  if (roll < 50) return new Uint8Array(0);
  if (roll < 53) return rng.bytes(65_536 + rng.below(4096));
  return rng.bytes(rng.below(48));
}

/** Sorted-map reference: the expected contents of a database or index. */
export class KvModel {
  readonly entries = new Map<bigint, Uint8Array>();

  put(key: bigint, value: Uint8Array): void {
    this.entries.set(key, value);
  }

  delete(key: bigint): boolean {
    return this.entries.delete(key);
  }

  get(key: bigint): Uint8Array | undefined {
    return this.entries.get(key);
  }

  /** Keys in `[start, end]`, ascending. */
  rangeKeys(start: bigint, end: bigint): bigint[] {
    const keys: bigint[] = [];
    for (const k of this.entries.keys()) if (k >= start && k <= end) keys.push(k);
    return keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Byte-wise equality of two optional values (undefined only equals undefined). */
export function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return Buffer.compare(a, b) === 0;
}

/** Short printable form of a value for failure messages. */
export function showBytes(v: Uint8Array | undefined): string {
  if (v === undefined) return "undefined";
  return `${v.length}B:${Buffer.from(v.subarray(0, 12)).toString("hex")}`;
}
