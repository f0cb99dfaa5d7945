// Layout of the batches the crash writer commits, shared by the writer and the checker:
// batch b holds keys b*1000 .. b*1000+n-1 (n from 1 to 64, derived from b) with values
// naming batch and slot, plus MARKER_KEY set to b, all in one putMany.

/** Key whose value is the id of the last committed batch. */
export const MARKER_KEY = -1n;
/** Key stride between batches. */
export const BATCH_STRIDE = 1000n;

/** Number of entries of batch `b` (not counting the marker). */
export function batchSize(b: number): number {
  return 1 + (((b * 2654435761) >>> 0) % 64);
}

/** Value stored at slot `j` of batch `b`; its length varies with b and j. */
export function batchValue(b: number, j: number): string {
  return `b${b}:s${j}:` + "x".repeat((b * 7 + j * 13) % 200);
}

/** Keys and values of batch `b`, marker last. */
export function batchEntries(b: number): { keys: bigint[]; values: string[] } {
  const keys: bigint[] = [];
  const values: string[] = [];
  for (let j = 0; j < batchSize(b); j++) {
    keys.push(BigInt(b) * BATCH_STRIDE + BigInt(j));
    values.push(batchValue(b, j));
  }
  keys.push(MARKER_KEY);
  values.push(String(b));
  return { keys, values };
}
