// Self-checking values for the concurrency tests: the key, a version and an FNV-1a checksum
// are embedded in the value, so a torn, misplaced or stale read is detected from the bytes.

const LENGTH = 40;

function checksum(bytes: Uint8Array, end: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  return h;
}

/** The value stored for `key` at `version`. */
export function checkedValue(key: bigint, version: number): Uint8Array {
  const out = new Uint8Array(LENGTH);
  const view = new DataView(out.buffer);
  view.setBigInt64(0, key, true);
  view.setUint32(8, version, true);
  for (let i = 12; i < LENGTH - 4; i++) out[i] = (Number(key & 0xffn) + version + i) & 0xff;
  view.setUint32(LENGTH - 4, checksum(out, LENGTH - 4), true);
  return out;
}

/** True when `value` is intact and belongs to `key` (and to `version`, when given). */
export function valueMatches(value: Uint8Array | undefined, key: bigint, version?: number): boolean {
  if (value === undefined || value.length !== LENGTH) return false;
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  if (view.getUint32(LENGTH - 4, true) !== checksum(value, LENGTH - 4)) return false;
  if (view.getBigInt64(0, true) !== key) return false;
  return version === undefined || view.getUint32(8, true) === version;
}
