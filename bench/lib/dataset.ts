// The shared dataset of the peer suites: `n` random int64 keys from splitmix64 (fixed seed),
// 100-byte values computed from the key's index, and probe sequences (indices into the keys).
// Written once to bench/.scratch/data/*.bin (little-endian) so C, Node and Python read the same data.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { scratchDir } from "./env.js";

/** Bytes of every value. */
export const VALUE_BYTES = 100;
/** Default seed of every suite. */
export const SEED = 42n;

const MASK = (1n << 64n) - 1n;

/** `count` outputs of splitmix64 from `seed`, as signed int64. */
export function splitmix64(seed: bigint, count: number): BigInt64Array {
  const out = new BigInt64Array(count);
  let state = seed & MASK;
  for (let i = 0; i < count; i++) {
    state = (state + 0x9e3779b97f4a7c15n) & MASK;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
    out[i] = BigInt.asIntN(64, z ^ (z >> 31n));
  }
  return out;
}

/** Byte j of the value of key index i (the same formula in the C and Python programs). */
export function valueByte(i: number, j: number): number {
  return (i * 31 + j * 7) & 0xff;
}

/** The value of key index i. */
export function valueOf(i: number): Uint8Array {
  const v = new Uint8Array(VALUE_BYTES);
  for (let j = 0; j < VALUE_BYTES; j++) v[j] = valueByte(i, j);
  return v;
}

/** `count` indices in [0, n) drawn from splitmix64(seed), as an Int32Array. */
export function probeIndices(seed: bigint, n: number, count: number): Int32Array {
  const raw = splitmix64(seed, count);
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = Number(BigInt.asUintN(64, raw[i]) % BigInt(n));
  return out;
}

/** The keys file for `n` keys (written on first use): n int64 little-endian. */
export function keysFile(n: number, seed: bigint = SEED): string {
  const file = join(scratchDir("data"), `keys-${n}-${seed}.bin`);
  if (!existsSync(file)) {
    const keys = splitmix64(seed, n);
    writeFileSync(file, new Uint8Array(keys.buffer, keys.byteOffset, keys.byteLength));
  }
  return file;
}

/** The keys of `n` (read from, or first written to, the keys file). */
export function loadKeys(n: number, seed: bigint = SEED): BigInt64Array {
  const bytes = readFileSync(keysFile(n, seed));
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new BigInt64Array(copy.buffer);
}

/** A probes file: `count` int32 indices in [0, n), little-endian. */
export function probesFile(n: number, count: number, seed: bigint): string {
  const file = join(scratchDir("data"), `probes-${n}-${count}-${seed}.bin`);
  if (!existsSync(file)) {
    const probes = probeIndices(seed, n, count);
    writeFileSync(file, new Uint8Array(probes.buffer));
  }
  return file;
}
