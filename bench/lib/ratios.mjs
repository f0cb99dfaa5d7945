// Names the baseline of each index suite (the Rust binary's rows) and adds `ratio` to every row:
// median / baseline median for timed suites (below 1 = faster than the baseline), bytes / key
// bytes for the memory suite. The script suites name their own baselines (rows.mjs addRatios).

import { addRatios as addBaselineRatios } from "./rows.mjs";

export { rowOf } from "./rows.mjs";

/** Baseline method of each index suite ("keys" = the sorted keys' own size). */
export const BASELINES = {
  lookup: "partition_point",
  lookup_absent10: "partition_point",
  build: "btreemap",
  memory: "keys",
  delta: "merged",
};

/** Returns new rows with `baseline` and `ratio` set (ratio null when the baseline is missing). */
export function addRatios(rows) {
  return addBaselineRatios(rows, BASELINES).map((row) => {
    if (row.suite !== "memory") return row;
    const ratio = row.key_bytes > 0 ? Number((row.bytes / row.key_bytes).toPrecision(4)) : null;
    return { ...row, baseline: "keys", ratio };
  });
}

/** Finds one row. */
export function findRow(rows, suite, dataset, name) {
  return rows.find((row) => row.suite === suite && row.dataset === dataset && row.name === name);
}
