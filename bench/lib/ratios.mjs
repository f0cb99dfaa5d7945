// Names each suite's baseline and adds `ratio` to every row: median / baseline median for
// timed suites (below 1 = faster than the baseline), bytes / key bytes for the memory suite.
// Input and output are the plain row objects the Rust binary prints.

/** Baseline method of each suite ("keys" = the sorted keys' own size). */
export const BASELINES = {
  lookup: "partition_point",
  lookup_absent10: "partition_point",
  build: "btreemap",
  memory: "keys",
  delta: "merged",
};

/** Returns new rows with `baseline` and `ratio` set (ratio null when the baseline is missing). */
export function addRatios(rows) {
  const byKey = new Map(rows.map((row) => [`${row.suite}\u0000${row.dataset}\u0000${row.name}`, row]));
  return rows.map((row) => {
    const baseline = BASELINES[row.suite] ?? null;
    let ratio = null;
    if (row.suite === "memory") {
      ratio = row.key_bytes > 0 ? row.bytes / row.key_bytes : null;
    } else if (baseline !== null) {
      const base = byKey.get(`${row.suite}\u0000${row.dataset}\u0000${baseline}`);
      if (base && base.median_ns > 0 && row.median_ns !== null) ratio = row.median_ns / base.median_ns;
    }
    return { ...row, baseline, ratio: ratio === null ? null : Number(ratio.toPrecision(4)) };
  });
}

/** Finds one row. */
export function findRow(rows, suite, dataset, name) {
  return rows.find((row) => row.suite === suite && row.dataset === dataset && row.name === name);
}
